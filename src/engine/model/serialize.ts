// Model files: a trained model saved as JSON and loaded to score another file
// (train on last month, score today). The file holds raw counts, so the
// loaded model smooths, and routes unseen items to UNK, exactly as in training.

import { SESSION_TYPES, type SessionType } from '../types';
import type { Model } from './model';
import { pairEntries, pairsFromEntries } from './pairs';

const FORMAT = 'sessionscope-model';
const VERSION = 1;

interface ModelFile {
  format: typeof FORMAT;
  version: number;
  sessionType: SessionType;
  commands: string[];
  commandCount: number[];
  sessionCount: number;
  /** [from, to, count]: command ids, with START = N and END = N + 1. */
  transitions: [number, number, number][];
  params: string[];
  paramCount: number[];
  /** [command id, param id, count], in first-seen order per command. */
  commandParams: [number, number, number][];
  /** Per param: [value, count]. */
  paramValues: [string, number][][];
  modellable: string[];
}

/** `insights`: the optional section of what the insights need (src/engine/insights/baseline.ts), kept apart from the model. */
export function serializeModel(m: Model, insights?: unknown): string {
  const file: ModelFile = {
    format: FORMAT,
    version: VERSION,
    sessionType: m.sessionType,
    commands: m.commands,
    commandCount: Array.from(m.commandCount),
    sessionCount: m.sessionCount,
    transitions: pairEntries(m.transitions),
    params: m.params,
    paramCount: Array.from(m.paramCount),
    commandParams: pairEntries(m.commandParams),
    paramValues: m.paramValues.map((row) => [...row]),
    modellable: [...m.modellable].map((p) => m.params[p]),
  };
  return JSON.stringify(insights === undefined ? file : { ...file, insights });
}

export class ModelFileError extends Error {}

function check(cond: boolean, what: string): void {
  if (!cond) throw new ModelFileError(`not a valid Sessionscope model file: ${what}`);
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** `sections.insights` receives the file's optional insights section, unchecked (the insights module checks it). */
export function parseModel(text: string, sections?: { insights?: unknown }): Model {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ModelFileError(`the model file is not JSON (${(e as Error).message})`);
  }
  if (sections && typeof raw === 'object' && raw !== null) sections.insights = (raw as { insights?: unknown }).insights;
  const f = raw as Partial<ModelFile>;
  check(typeof f === 'object' && f !== null && f.format === FORMAT, 'missing "format": "sessionscope-model"');
  check(f.version === VERSION, `unsupported version ${String(f.version)}`);
  check(SESSION_TYPES.includes(f.sessionType as SessionType), 'bad sessionType');
  const commands = f.commands;
  const params = f.params;
  check(Array.isArray(commands) && commands.every((c) => typeof c === 'string'), 'bad commands');
  check(Array.isArray(params) && params.every((p) => typeof p === 'string'), 'bad params');
  const n = commands!.length;
  const p = params!.length;
  check(Array.isArray(f.commandCount) && f.commandCount.length === n && f.commandCount.every(isCount), 'bad commandCount');
  check(isCount(f.sessionCount), 'bad sessionCount');
  check(Array.isArray(f.paramCount) && f.paramCount.length === p && f.paramCount.every(isCount), 'bad paramCount');
  check(Array.isArray(f.transitions), 'bad transitions');
  check(Array.isArray(f.commandParams), 'bad commandParams');
  check(Array.isArray(f.paramValues) && f.paramValues.length === p, 'bad paramValues');
  const stride = n + 2;
  for (const t of f.transitions!) {
    check(Array.isArray(t) && t.length === 3 && t.every(isCount) && t[0] <= n && t[1] < stride && t[1] !== n, 'bad transition entry');
  }
  // Lookups bisect each row by column: keep rows in column order whatever the file says.
  const transitions = pairsFromEntries(n + 1, [...f.transitions!].sort((x, y) => x[0] - y[0] || x[1] - y[1]));
  for (const e of f.commandParams!) {
    check(Array.isArray(e) && e.length === 3 && e.every(isCount) && e[0] < n && e[1] < p, 'bad commandParams entry');
  }
  const commandParams = pairsFromEntries(n, f.commandParams!);
  const paramValueSum = new Float64Array(p);
  const paramValues = f.paramValues!.map((row, i) => {
    check(Array.isArray(row) && row.every((e) => Array.isArray(e) && typeof e[0] === 'string' && isCount(e[1])), 'bad paramValues row');
    for (const [, k] of row) paramValueSum[i] += k;
    return new Map(row);
  });
  const paramIndex = new Map(params!.map((name, i) => [name, i]));
  return {
    sessionType: f.sessionType!,
    commands: commands!,
    commandIndex: new Map(commands!.map((c, i) => [c, i])),
    commandCount: Float64Array.from(f.commandCount!),
    sessionCount: f.sessionCount!,
    transitions,
    params: params!,
    paramIndex,
    paramCount: Float64Array.from(f.paramCount!),
    commandParams,
    paramValues,
    paramValueSum,
    modellable: new Set((f.modellable ?? []).map((name) => paramIndex.get(name)).filter((i): i is number => i !== undefined)),
  };
}
