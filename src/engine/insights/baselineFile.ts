// The baseline as the optional `insights` section of a model file
// (--model-out writes it, --model-in reads it back and checks every count).

import type { InsightBaseline } from './baseline';
import { PairTable, valueStats, type ValueStats } from './counts';

/** The optional `insights` section of a model file. */
interface BaselineJson {
  version: 1;
  actorColumns: string[];
  actors: string[];
  actorSessions: number[];
  actorEvents: number[];
  commands: string[];
  commandCount: number[];
  /** [actor, command, events] */
  actorCommand: [number, number, number][];
  /** [from command, to command, count] */
  transitions: [number, number, number][];
  params: string[];
  paramCount: number[];
  /** [command, param, uses] */
  commandParam: [number, number, number][];
  /** [command, param, [value, uses] pairs or null when not watched]. */
  values: [number, number, [string, number][] | null][];
  sessions: number;
  firstMs: number;
  lastMs: number;
}

export function baselineToJson(b: InsightBaseline): BaselineJson {
  return {
    version: 1,
    actorColumns: b.actorColumns,
    actors: b.actors,
    actorSessions: Array.from(b.actorSessions),
    actorEvents: Array.from(b.actorEvents),
    commands: b.commands,
    commandCount: Array.from(b.commandCount),
    actorCommand: b.actorCommand.entries(),
    transitions: b.transitions.entries(),
    params: b.params,
    paramCount: Array.from(b.paramCount),
    commandParam: b.commandParam.entries(),
    values: [...b.values].map(([key, v]) => [Math.floor(key / b.params.length), key % b.params.length, v.counts ? [...v.counts] : null]),
    sessions: b.sessions,
    firstMs: b.firstMs,
    lastMs: b.lastMs,
  };
}

export class BaselineError extends Error {}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isCounts = (v: unknown, n: number): v is number[] => Array.isArray(v) && v.length === n && v.every(isCount);

function table(raw: unknown, rows: number, cols: number, what: string): PairTable {
  if (!Array.isArray(raw)) throw new BaselineError(`bad ${what}`);
  const t = new PairTable(rows, cols);
  for (const e of raw as unknown[]) {
    if (!Array.isArray(e) || e.length !== 3 || !e.every(isCount) || !Number.isInteger(e[0]) || !Number.isInteger(e[1]) || e[0] >= rows || e[1] >= cols) {
      throw new BaselineError(`bad ${what} entry ${JSON.stringify(e)}`);
    }
    if (e[2] > 0) t.add(e[0], e[1], e[2]);
  }
  return t;
}

/** Reads and checks the `insights` section of a model file. */
export function baselineFromJson(raw: unknown): InsightBaseline {
  const f = raw as Partial<BaselineJson> | null;
  const check = (cond: boolean, what: string): void => {
    if (!cond) throw new BaselineError(`bad "insights" section in the model file: ${what}`);
  };
  check(typeof f === 'object' && f !== null && f.version === 1, 'unsupported version');
  const j = f as BaselineJson;
  check(isStrings(j.actorColumns) && isStrings(j.actors) && isStrings(j.commands) && isStrings(j.params), 'bad names');
  const na = j.actors.length;
  const nc = j.commands.length;
  const np = j.params.length;
  check(isCounts(j.actorSessions, na) && isCounts(j.actorEvents, na), 'bad actor counts');
  check(isCounts(j.commandCount, nc) && isCounts(j.paramCount, np), 'bad command or param counts');
  check(isCount(j.sessions) && typeof j.firstMs === 'number' && typeof j.lastMs === 'number', 'bad totals');
  check(Array.isArray(j.values), 'bad values');
  const values = new Map<number, ValueStats>();
  for (const entry of j.values as unknown[]) {
    const e = entry as [unknown, unknown, unknown];
    check(Array.isArray(e) && e.length === 3 && Number.isInteger(e[0]) && Number.isInteger(e[1]) && (e[0] as number) >= 0 &&
      (e[0] as number) < nc && (e[1] as number) >= 0 && (e[1] as number) < np, 'bad values entry');
    const row = e[2];
    check(row === null || (Array.isArray(row) && row.every((x) => Array.isArray(x) && x.length === 2 && typeof x[0] === 'string' && isCount(x[1]))), 'bad values row');
    values.set((e[0] as number) * np + (e[1] as number), valueStats(row === null ? null : new Map(row as [string, number][])));
  }
  try {
    return {
      actorColumns: j.actorColumns,
      actors: j.actors,
      actorIndex: new Map(j.actors.map((n, i) => [n, i])),
      actorSessions: Float64Array.from(j.actorSessions),
      actorEvents: Float64Array.from(j.actorEvents),
      commands: j.commands,
      commandIndex: new Map(j.commands.map((c, i) => [c, i])),
      commandCount: Float64Array.from(j.commandCount),
      actorCommand: table(j.actorCommand, na, nc, 'actorCommand'),
      transitions: table(j.transitions, nc, nc, 'transitions'),
      params: j.params,
      paramIndex: new Map(j.params.map((p, i) => [p, i])),
      paramCount: Float64Array.from(j.paramCount),
      commandParam: table(j.commandParam, nc, np, 'commandParam'),
      values,
      sessions: j.sessions,
      firstMs: j.firstMs,
      lastMs: j.lastMs,
      includesScored: false,
    };
  } catch (e) {
    if (e instanceof BaselineError) throw new BaselineError(`bad "insights" section in the model file: ${e.message}`);
    throw e;
  }
}
