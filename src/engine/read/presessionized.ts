// Rows that are sessions already, as the Sentinel hunting notebook's Kusto
// query makes them: a JSON array of commands per row (`cmds`), optionally a
// parallel array of each command's params (`params`), a begin time and the
// user columns. Each row becomes one session of events, all standing on the
// row's lines.

import { paramsFromValue, ParamsParseError, valueText, type Params } from '../params';
import type { SessionTable } from '../types';
import { EventSink, quote } from './sink';

function asArray(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  if (!t.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(t);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export class SessionRowSink extends EventSink {
  private readonly offsets: number[] = [0];

  override add(users: (string | undefined)[], time: unknown, commands: unknown, params: unknown, startLine: number, endLine: number, startColumn = 0, endColumn = 0): boolean {
    const m = this.mapping;
    if (!this.time(time, startLine)) return false;
    const cmds = asArray(commands);
    if (!cmds || cmds.length === 0 || cmds.some((c) => c === null || c === '')) {
      this.bad(startLine, `column ${m.event} must hold a non-empty JSON array of commands, got ${quote(valueText(commands))}`, { field: m.event, column: this.positions.event });
      return false;
    }
    let perCommand: Params[] | undefined;
    if (m.params !== undefined && params !== undefined && params !== null && params !== '') {
      const arr = asArray(params);
      if (!arr || arr.length !== cmds.length) {
        this.bad(startLine, `column ${m.params} must hold a JSON array with one entry per command (${cmds.length})`, { field: m.params, column: this.positions.params });
        return false;
      }
      try {
        // Each entry as the notebook's KQL packs it, {"<command>": <params>}, or {"Cmd": <params>}.
        perCommand = arr.map((p, i) => paramsFromValue(p, valueText(cmds[i])));
      } catch (e) {
        if (!(e instanceof ParamsParseError)) throw e;
        this.bad(startLine, `${e.message} in column ${m.params}`, { field: m.params, column: this.positions.params });
        return false;
      }
    }
    const who = this.userValues(users);
    cmds.forEach((c, i) => this.builder.add(who, this.instant.ms, this.instant.ns, valueText(c), perCommand?.[i], startLine, endLine, startColumn, endColumn));
    this.offsets.push(this.builder.count);
    return true;
  }

  override sessions(): SessionTable {
    const n = this.builder.count;
    return { count: this.offsets.length - 1, offsets: Int32Array.from(this.offsets), eventOrder: Int32Array.from({ length: n }, (_, i) => i) };
  }
}
