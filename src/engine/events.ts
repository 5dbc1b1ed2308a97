// Builds an EventTable row by row with growable typed arrays and interned
// strings, so a million events cost a few dozen bytes each, not objects.

import type { EventTable } from './types';
import type { Params } from './params';

/** Maps strings to dense ids, first seen first. */
export class Interner {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();

  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(s, id);
      this.values.push(s);
    }
    return id;
  }
}

type TypedArray = Int32Array | Uint32Array | Float64Array;

function grow<T extends TypedArray>(a: T, size: number): T {
  if (size <= a.length) return a;
  let n = a.length * 2;
  while (n < size) n *= 2;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

export class EventTableBuilder {
  count = 0;
  private readonly users: Interner[];
  private userIds: Int32Array[];
  private timeMs = new Float64Array(1024);
  private timeNs = new Uint32Array(1024);
  private readonly commands = new Interner();
  private commandIds = new Int32Array(1024);
  private readonly paramNames = new Interner();
  private readonly values = new Interner();
  private paramOffsets = new Int32Array(1025);
  private paramIds = new Int32Array(1024);
  private valueIds = new Int32Array(1024);
  private paramCount = 0;
  private startLine = new Int32Array(1024);
  private endLine = new Int32Array(1024);

  constructor(
    private readonly userColumns: string[],
    private readonly hasParams: boolean,
  ) {
    this.users = userColumns.map(() => new Interner());
    this.userIds = userColumns.map(() => new Int32Array(1024));
  }

  /** `users[i]` empty or undefined means missing. */
  add(users: (string | undefined)[], ms: number, ns: number, command: string, params: Params | undefined, startLine: number, endLine: number): void {
    const i = this.count;
    if (i === this.timeMs.length) this.growRows(i + 1);
    for (let u = 0; u < this.users.length; u++) {
      const v = users[u];
      this.userIds[u][i] = v === undefined || v === '' ? -1 : this.users[u].id(v);
    }
    this.timeMs[i] = ms;
    this.timeNs[i] = ns;
    this.commandIds[i] = this.commands.id(command);
    if (params && params.size > 0) {
      const need = this.paramCount + params.size;
      this.paramIds = grow(this.paramIds, need);
      this.valueIds = grow(this.valueIds, need);
      for (const [name, value] of params) {
        this.paramIds[this.paramCount] = this.paramNames.id(name);
        this.valueIds[this.paramCount] = value === '' ? -1 : this.values.id(value);
        this.paramCount++;
      }
    }
    this.paramOffsets[i + 1] = this.paramCount;
    this.startLine[i] = startLine;
    this.endLine[i] = endLine;
    this.count = i + 1;
  }

  private growRows(size: number): void {
    this.userIds = this.userIds.map((a) => grow(a, size));
    this.timeMs = grow(this.timeMs, size);
    this.timeNs = grow(this.timeNs, size);
    this.commandIds = grow(this.commandIds, size);
    this.paramOffsets = grow(this.paramOffsets, size + 1);
    this.startLine = grow(this.startLine, size);
    this.endLine = grow(this.endLine, size);
  }

  build(): EventTable {
    const n = this.count;
    return {
      count: n,
      userColumns: this.userColumns,
      userValues: this.users.map((u) => u.values),
      userIds: this.userIds.map((a) => a.slice(0, n)),
      timeMs: this.timeMs.slice(0, n),
      timeNs: this.timeNs.slice(0, n),
      commandNames: this.commands.values,
      commandIds: this.commandIds.slice(0, n),
      paramNames: this.paramNames.values,
      valueStrings: this.values.values,
      paramOffsets: this.paramOffsets.slice(0, n + 1),
      paramIds: this.paramIds.slice(0, this.paramCount),
      valueIds: this.valueIds.slice(0, this.paramCount),
      startLine: this.startLine.slice(0, n),
      endLine: this.endLine.slice(0, n),
      hasParams: this.hasParams,
    };
  }
}

/** The user values of event i (null for missing), aligned with userColumns. */
export function eventUsers(events: EventTable, i: number): (string | null)[] {
  return events.userIds.map((ids, u) => (ids[i] < 0 ? null : events.userValues[u][ids[i]]));
}

/** The params of event i as [name, value] pairs. */
export function eventParams(events: EventTable, i: number): [string, string][] {
  const out: [string, string][] = [];
  for (let j = events.paramOffsets[i]; j < events.paramOffsets[i + 1]; j++) {
    const v = events.valueIds[j];
    out.push([events.paramNames[events.paramIds[j]], v < 0 ? '' : events.valueStrings[v]]);
  }
  return out;
}
