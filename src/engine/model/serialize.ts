// Model files: a trained model saved as JSON and loaded to score another file
// (train on last month, score today). The file holds raw counts, so the
// loaded model smooths, and routes unseen items to UNK, exactly as in training.
//
// A model file is input like any other: every field is checked (type, shape,
// indices in range and whole, no duplicates) and a bad one is named with its
// path in the file (`transitions[3][1]`), so a corrupt or hand-edited file is
// refused with a clear message instead of scoring nonsense.
//
// Adding a field: add it to ModelFile, write it in serializeModel, and read it
// in parseModel with the readers below (`readStrings`, `readCounts`,
// `readEntries`, ...), after the fields it refers to. A field older files lack
// must be optional with a default; an incompatible change bumps VERSION.
// Fields this version does not know are ignored, so a file with extra
// (additive) fields still loads.

import { SESSION_TYPES, type SessionType } from '../types';
import type { Model } from './model';
import { pairEntries, pairsFromEntries } from './pairs';

const FORMAT = 'sessionscope-model';
/** The version this build writes; it reads 1..VERSION. */
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
  /** [command id, param id, count], row by row in column order. */
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

export class ModelFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFileError';
  }
}

// ---- readers: each checks one value and names its path when it is wrong ----

function fail(path: string, problem: string): never {
  throw new ModelFileError(`not a valid Sessionscope model file: ${path} ${problem}`);
}

const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? s.slice(0, 39) + '…' : s;
};

/** An array; with `shape`, one entry per command or param. */
function readArray(v: unknown, path: string, shape?: { length: number; per: 'command' | 'param' }): unknown[] {
  if (!Array.isArray(v)) fail(path, `must be an array, got ${show(v)}`);
  if (shape && v.length !== shape.length) fail(path, `must have ${shape.length} entries (one per ${shape.per}), got ${v.length}`);
  return v;
}

/** A whole number in [min, max]; `what` says what it indexes for the message. */
function readInt(v: unknown, path: string, min: number, max: number, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(path, `must be ${what}, a whole number from ${min} to ${max}, got ${show(v)}`);
  }
  return v;
}

/** A raw count: a whole number >= min. */
function readCount(v: unknown, path: string, min = 0): number {
  return readInt(v, path, min, Number.MAX_SAFE_INTEGER, min > 0 ? 'a count' : 'a count (0 or more)');
}

function readCounts(v: unknown, path: string, shape: { length: number; per: 'command' | 'param' }): number[] {
  return readArray(v, path, shape).map((k, i) => readCount(k, `${path}[${i}]`));
}

function readString(v: unknown, path: string, nonEmpty = false): string {
  if (typeof v !== 'string' || (nonEmpty && v === '')) fail(path, `must be a${nonEmpty ? ' non-empty' : ''} string, got ${show(v)}`);
  return v;
}

/** Distinct strings (names that ids index into). */
function readStrings(v: unknown, path: string): string[] {
  const out = readArray(v, path).map((s, i) => readString(s, `${path}[${i}]`));
  const seen = new Set<string>();
  out.forEach((s, i) => {
    if (seen.has(s)) fail(`${path}[${i}]`, `repeats ${show(s)}`);
    seen.add(s);
  });
  return out;
}

/**
 * [row, col, count] entries of a pair table: ids whole and in range, counts
 * of at least 1, no (row, col) twice. Returned sorted by row, then column.
 */
function readEntries(
  v: unknown,
  path: string,
  rows: { max: number; what: string },
  cols: { max: number; what: string; excluded?: number },
): [number, number, number][] {
  const entries = readArray(v, path).map((e, i): [number, number, number] => {
    const at = `${path}[${i}]`;
    const t = readArray(e, at);
    if (t.length !== 3) fail(at, `must be [${rows.what}, ${cols.what}, count], got ${show(e)}`);
    const r = readInt(t[0], `${at}[0]`, 0, rows.max, rows.what);
    const c = readInt(t[1], `${at}[1]`, 0, cols.max, cols.what);
    if (c === cols.excluded) fail(`${at}[1]`, `must be ${cols.what}, got ${c}`);
    return [r, c, readCount(t[2], `${at}[2]`, 1)];
  });
  const sorted = entries.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i][0] === sorted[i - 1][0] && sorted[i][1] === sorted[i - 1][1]) fail(path, `has the pair [${sorted[i][0]}, ${sorted[i][1]}] twice`);
  }
  return sorted;
}

/** Per param: [non-empty value, count >= 1] pairs, each value once. */
function readParamValues(v: unknown, path: string, params: number): Map<string, number>[] {
  return readArray(v, path, { length: params, per: 'param' }).map((row, i) => {
    const values = new Map<string, number>();
    readArray(row, `${path}[${i}]`).forEach((e, j) => {
      const at = `${path}[${i}][${j}]`;
      const t = readArray(e, at);
      if (t.length !== 2) fail(at, `must be [value, count], got ${show(e)}`);
      const value = readString(t[0], `${at}[0]`, true);
      if (values.has(value)) fail(`${at}[0]`, `repeats the value ${show(value)}`);
      values.set(value, readCount(t[1], `${at}[1]`, 1));
    });
    return values;
  });
}

/** `sections.insights` receives the file's optional insights section, unchecked (the insights module checks it). */
export function parseModel(text: string, sections?: { insights?: unknown }): Model {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ModelFileError(`the model file is not JSON (${(e as Error).message})`);
  }
  if (sections && typeof raw === 'object' && raw !== null) sections.insights = (raw as { insights?: unknown }).insights;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || (raw as { format?: unknown }).format !== FORMAT) {
    throw new ModelFileError(`not a Sessionscope model file: missing "format": "${FORMAT}"`);
  }
  const f = raw as Record<string, unknown>;
  const version = f.version;
  if (typeof version === 'number' && Number.isInteger(version) && version > VERSION) {
    throw new ModelFileError(`the model file is version ${version}, written by a newer Sessionscope; this one reads versions 1 to ${VERSION}`);
  }
  readInt(version, 'version', 1, VERSION, 'the file format version');
  if (!SESSION_TYPES.includes(f.sessionType as SessionType)) fail('sessionType', `must be one of ${SESSION_TYPES.join(', ')}, got ${show(f.sessionType)}`);
  const sessionType = f.sessionType as SessionType;

  const commands = readStrings(f.commands, 'commands');
  const params = readStrings(f.params, 'params');
  const n = commands.length;
  const p = params.length;
  const commandCount = readCounts(f.commandCount, 'commandCount', { length: n, per: 'command' });
  const sessionCount = readCount(f.sessionCount, 'sessionCount');
  const paramCount = readCounts(f.paramCount, 'paramCount', { length: p, per: 'param' });
  // Rows: commands 0..N-1 and START = N; columns: commands and END = N + 1 (never START).
  const transitions = readEntries(
    f.transitions,
    'transitions',
    { max: n, what: `a command id or START (0..${n})` },
    { max: n + 1, what: `a command id or END (0..${n - 1} or ${n + 1})`, excluded: n },
  );
  const commandParams = readEntries(f.commandParams, 'commandParams', { max: n - 1, what: 'a command id' }, { max: p - 1, what: 'a param id' });
  const paramValues = readParamValues(f.paramValues, 'paramValues', p);
  const paramIndex = new Map(params.map((name, i) => [name, i]));
  const modellable = new Set(
    (f.modellable === undefined ? [] : readStrings(f.modellable, 'modellable')).map((name, i) => {
      const id = paramIndex.get(name);
      if (id === undefined) fail(`modellable[${i}]`, `names ${show(name)}, which is not in params`);
      return id;
    }),
  );

  const paramValueSum = new Float64Array(p);
  paramValues.forEach((row, i) => {
    for (const k of row.values()) paramValueSum[i] += k;
  });
  return {
    sessionType,
    commands,
    commandIndex: new Map(commands.map((c, i) => [c, i])),
    commandCount: Float64Array.from(commandCount),
    sessionCount,
    transitions: pairsFromEntries(n + 1, transitions),
    params,
    paramIndex,
    paramCount: Float64Array.from(paramCount),
    commandParams: pairsFromEntries(n, commandParams),
    paramValues,
    paramValueSum,
    modellable,
  };
}
