// The Markov-chain model of sessions, kept as RAW counts. Laplace (add-one)
// smoothing is applied in closed form at lookup time (ALGORITHM.md section 4),
// so the model is linear in distinct commands, params and values: the V x V
// smoothed tables are never built, yet every probability equals the literal
// construction's.

import type { SessionType } from '../types';
import { pairCount, type PairCounts } from './pairs';

/**
 * Command ids: seen commands 0..N-1, then START = N, END = N + 1; UNK = -1.
 * Param ids: 0..P-1; UNK = -1.
 */
export interface Model {
  sessionType: SessionType;
  commands: string[];
  commandIndex: Map<string, number>;
  /** Raw count of each command (seq1 without tokens). */
  commandCount: Float64Array;
  /** Number of sessions trained on (= raw count of START and of END). */
  sessionCount: number;
  /** Raw transition counts: rows a = commands 0..N-1 and START = N; columns b = commands and END = N + 1. */
  transitions: PairCounts;
  params: string[];
  paramIndex: Map<string, number>;
  /** Raw count of each param over all commands. */
  paramCount: Float64Array;
  /** Raw count of each param per command: rows = command ids, columns = param ids, in first-seen order. */
  commandParams: PairCounts;
  /** Per modellable param: non-empty value -> raw count (empty for the others, whose values are never looked up). */
  paramValues: Map<string, number>[];
  /** Per modellable param: sum of its raw value counts. */
  paramValueSum: Float64Array;
  /** Params whose values are modelled. */
  modellable: Set<number>;
}

export function startId(m: Model): number {
  return m.commands.length;
}

export function endId(m: Model): number {
  return m.commands.length + 1;
}

/** V: distinct entries of seq1 (commands, START, END) plus UNK. */
function vocabulary(m: Model): number {
  return m.commands.length + 3;
}

/** Smoothed seq1 count of a command id (UNK = -1, START, END). */
export function smoothedCommandCount(m: Model, c: number): number {
  const v1 = vocabulary(m) - 1;
  if (c === startId(m) || c === endId(m)) return m.sessionCount + v1;
  return (c >= 0 ? m.commandCount[c] : 0) + 2 * v1;
}

/** Sum of the smoothed seq1 table. */
function smoothedTotal(m: Model): number {
  let raw = 2 * m.sessionCount;
  for (let i = 0; i < m.commandCount.length; i++) raw += m.commandCount[i];
  const v1 = vocabulary(m) - 1;
  return raw + 2 * v1 * v1;
}

export interface Probabilities {
  prior(c: number): number;
  transition(a: number, b: number): number;
  /** Probability of a command's params (geometric-mean adjusted); see paramsProbability. */
  readonly model: Model;
}

/** Precomputes the model's constants once for fast lookups while scoring. */
export function probabilities(m: Model): Probabilities {
  const total = smoothedTotal(m);
  const v1 = vocabulary(m) - 1;
  const n = m.commands.length;
  const end = n + 1;
  return {
    model: m,
    prior: (c) => smoothedCommandCount(m, c) / total,
    transition: (a, b) => {
      // END and unseen rows fall back to the UNK row: every entry 1/(V-1).
      if (a < 0 || a === end) return 1 / v1;
      const row = m.transitions.rowSum[a] + v1;
      // START and unseen columns fall back to the row's UNK entry: 0 + 1.
      if (b < 0 || b === n) return 1 / row;
      return (pairCount(m.transitions, a, b) + 1) / row;
    },
  };
}

/** paramGivenCmd row of a command: [param id (-1 = UNK), probability], UNK last. */
export function paramRow(m: Model, c: number): [number, number][] {
  const denom = smoothedCommandCount(m, c);
  const row: [number, number][] = [];
  if (c >= 0 && c < m.commands.length) {
    const { rowStart, cols, counts } = m.commandParams;
    for (let i = rowStart[c]; i < rowStart[c + 1]; i++) row.push([cols[i], (counts[i] + 1) / denom]);
  }
  row.push([-1, 1 / denom]);
  return row;
}

/** valueGivenParam: the value's smoothed probability given the param; unseen or empty values take UNK. */
export function valueProbability(m: Model, p: number, value: string | undefined): number {
  if (p < 0) return 1;
  const counts = m.paramValues[p];
  const denom = m.paramValueSum[p] + counts.size + 1;
  const k = value ? counts.get(value) : undefined;
  return ((k ?? 0) + 1) / denom;
}

/**
 * Modellable params from raw counts (ALGORITHM.md section 5): at least one
 * non-empty value, at most 20 distinct values, seen at least 20 times, and
 * distinct values at most 10% of its occurrences.
 */
export const MAX_MODELLABLE_VALUES = 20;

export function modellableParams(paramCount: Float64Array, distinctValues: (p: number) => number): Set<number> {
  const out = new Set<number>();
  for (let p = 0; p < paramCount.length; p++) {
    const distinct = distinctValues(p);
    const count = paramCount[p];
    if (distinct > 0 && distinct <= MAX_MODELLABLE_VALUES && count >= 20 && (100 * distinct) / count <= 10) out.add(p);
  }
  return out;
}
