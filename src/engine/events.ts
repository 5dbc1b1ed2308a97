// Builds an EventTable row by row with growable typed arrays and interned
// strings, so a million events cost a few dozen bytes each, not objects.

import type { EventTable } from './types';
import type { Params } from './params';

/** Maps strings to dense ids, first seen first. */
export class Interner {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();

  /** `own`: keep a copy of a new string, not `s` (a slice of a longer text it would keep alive). */
  id(s: string, own = false): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.values.length;
      const kept = own && s.length >= 13 ? ownCopy(s) : s;
      this.ids.set(kept, id);
      this.values.push(kept);
    }
    return id;
  }
}

/**
 * A string with storage of its own. V8 makes a substring of 13 or more
 * characters a view of its parent, which then lives as long as it does; a
 * round trip through UTF-8 copies it exactly (callers pass text without lone
 * surrogates, which UTF-8 cannot carry).
 */
function ownCopy(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
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
  /** Made at the first event with a known column (records sharing a line: a one-line JSON document). */
  private startColumn: Int32Array | undefined;
  private endColumn: Int32Array | undefined;

  constructor(
    private readonly userColumns: string[],
    private readonly hasParams: boolean,
  ) {
    this.users = userColumns.map(() => new Interner());
    this.userIds = userColumns.map(() => new Int32Array(1024));
  }

  /**
   * `users[i]` empty or undefined means missing; columns 0 mean whole lines.
   * `ownParams`: the params' strings are slices of a longer text (see Interner.id); `ownStrings`: so are the users and the command.
   */
  add(
    users: (string | undefined)[],
    ms: number,
    ns: number,
    command: string,
    params: Params | undefined,
    startLine: number,
    endLine: number,
    startColumn = 0,
    endColumn = 0,
    ownParams = false,
    ownStrings = false,
  ): void {
    const i = this.count;
    if (i === this.timeMs.length) this.growRows(i + 1);
    for (let u = 0; u < this.users.length; u++) {
      const v = users[u];
      this.userIds[u][i] = v === undefined || v === '' ? -1 : this.users[u].id(v, ownStrings);
    }
    this.timeMs[i] = ms;
    this.timeNs[i] = ns;
    this.commandIds[i] = this.commands.id(command, ownStrings);
    if (params && params.size > 0) {
      const need = this.paramCount + params.size;
      if (need > this.paramIds.length) {
        this.paramIds = grow(this.paramIds, need);
        this.valueIds = grow(this.valueIds, need);
      }
      for (const [name, value] of params) {
        this.paramIds[this.paramCount] = this.paramNames.id(name, ownParams);
        this.valueIds[this.paramCount] = value === '' ? -1 : this.values.id(value, ownParams);
        this.paramCount++;
      }
    }
    this.paramOffsets[i + 1] = this.paramCount;
    this.startLine[i] = startLine;
    this.endLine[i] = endLine;
    if (startColumn > 0 && !this.startColumn) {
      this.startColumn = new Int32Array(this.startLine.length);
      this.endColumn = new Int32Array(this.startLine.length);
    }
    if (this.startColumn) {
      this.startColumn[i] = startColumn;
      this.endColumn![i] = endColumn;
    }
    this.count = i + 1;
  }

  private growRows(size: number): void {
    this.timeMs = grow(this.timeMs, size);
    // Every per-row array takes the same capacity (paramOffsets one more), so none lags behind.
    const capacity = this.timeMs.length;
    this.userIds = this.userIds.map((a) => grow(a, capacity));
    this.timeNs = grow(this.timeNs, capacity);
    this.commandIds = grow(this.commandIds, capacity);
    this.paramOffsets = grow(this.paramOffsets, capacity + 1);
    this.startLine = grow(this.startLine, capacity);
    this.endLine = grow(this.endLine, capacity);
    if (this.startColumn) {
      this.startColumn = grow(this.startColumn, capacity);
      this.endColumn = grow(this.endColumn!, capacity);
    }
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
      ...(this.startColumn ? { startColumn: this.startColumn.slice(0, n), endColumn: this.endColumn!.slice(0, n) } : {}),
      hasParams: this.hasParams,
    };
  }
}

/** Where event i stands: [first line, first column, last line, last column], columns 0 when the whole lines are meant. */
export function eventRange(events: EventTable, i: number): [number, number, number, number] {
  return [events.startLine[i], events.startColumn?.[i] ?? 0, events.endLine[i], events.endColumn?.[i] ?? 0];
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

/**
 * Appends b's strings to a's, returning a lookup from b's ids to the merged
 * ids. Each side's strings are distinct (an interner's), so only the smaller
 * side is indexed, and nothing is added to the index (1M events, a CPU
 * profile each: 125 ms with its callbacks before, 59 ms after).
 */
function mergeStrings(a: string[], b: string[]): { values: string[]; remap: Int32Array } {
  const values = a.slice();
  const remap = new Int32Array(b.length);
  const index = new Map<string, number>();
  if (a.length <= b.length) {
    for (let i = 0; i < a.length; i++) index.set(a[i], i);
    for (let i = 0; i < b.length; i++) {
      const id = index.get(b[i]);
      if (id !== undefined) remap[i] = id;
      else {
        remap[i] = values.length;
        values.push(b[i]);
      }
    }
  } else {
    remap.fill(-1);
    for (let i = 0; i < b.length; i++) index.set(b[i], i);
    for (let i = 0; i < a.length; i++) {
      const j = index.get(a[i]);
      if (j !== undefined) remap[j] = i;
    }
    for (let i = 0; i < b.length; i++) {
      if (remap[i] >= 0) continue;
      remap[i] = values.length;
      values.push(b[i]);
    }
  }
  return { values, remap };
}

function concatRemapped(a: Int32Array, b: Int32Array, remap: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a);
  for (let i = 0; i < b.length; i++) out[a.length + i] = b[i] < 0 ? b[i] : remap[b[i]];
  return out;
}

function concat<T extends Float64Array | Uint32Array | Int32Array>(a: T, b: T): T {
  const out = new (a.constructor as new (n: number) => T)(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function columnsOf(t: EventTable, which: 'startColumn' | 'endColumn'): Int32Array {
  return t[which] ?? new Int32Array(t.count);
}

/** The events of a followed by those of b (two parts of one file read side by side). */
export function concatTables(a: EventTable, b: EventTable): EventTable {
  const users = a.userValues.map((values, u) => mergeStrings(values, b.userValues[u]));
  const commands = mergeStrings(a.commandNames, b.commandNames);
  const params = mergeStrings(a.paramNames, b.paramNames);
  const values = mergeStrings(a.valueStrings, b.valueStrings);
  const paramBase = a.paramIds.length;
  const paramOffsets = new Int32Array(a.count + b.count + 1);
  paramOffsets.set(a.paramOffsets);
  for (let i = 1; i <= b.count; i++) paramOffsets[a.count + i] = paramBase + b.paramOffsets[i];
  return {
    count: a.count + b.count,
    userColumns: a.userColumns,
    userValues: users.map((m) => m.values),
    userIds: a.userIds.map((ids, u) => concatRemapped(ids, b.userIds[u], users[u].remap)),
    timeMs: concat(a.timeMs, b.timeMs),
    timeNs: concat(a.timeNs, b.timeNs),
    commandNames: commands.values,
    commandIds: concatRemapped(a.commandIds, b.commandIds, commands.remap),
    paramNames: params.values,
    valueStrings: values.values,
    paramOffsets,
    paramIds: concatRemapped(a.paramIds, b.paramIds, params.remap),
    valueIds: concatRemapped(a.valueIds, b.valueIds, values.remap),
    startLine: concat(a.startLine, b.startLine),
    endLine: concat(a.endLine, b.endLine),
    ...(a.startColumn || b.startColumn
      ? { startColumn: concat(columnsOf(a, 'startColumn'), columnsOf(b, 'startColumn')), endColumn: concat(columnsOf(a, 'endColumn'), columnsOf(b, 'endColumn')) }
      : {}),
    hasParams: a.hasParams,
  };
}
