// What the per-session insights share: the context computed once per file
// (baseline ids of the file's actors, commands and params, scratch arrays),
// the Good-Turing estimate of a novelty's probability, the leave-one-out
// bookkeeping, and the wording of counts.

import type { EventTable, SessionTable } from '../types';
import { actorColumnIndices, sessionActors, type InsightBaseline } from './baseline';
import { DEFAULT_WEIGHTS, type Insight, type InsightWeights } from './kinds';

/** Everything computed once per file for the per-session insights. */
export interface InsightContext {
  events: EventTable;
  sessions: SessionTable;
  baseline: InsightBaseline;
  weights: InsightWeights;
  /** Baseline actor of each session, -1 when the baseline never saw it. */
  sessionActor: Int32Array;
  /** Event-table command / param ids -> baseline ids (-1 unseen). */
  command: Int32Array;
  param: Int32Array;
  actorColumns: number[];
  loo: boolean;
  days: number;
  /** Actors with exactly one session. */
  singleSessionActors: number;
  /** Scratch, indexed by event command id, and by event param id. */
  stamp: Int32Array;
  count: Int32Array;
  paramStamp: Int32Array;
  paramUses: Int32Array;
  epoch: number;
}

export function insightContext(events: EventTable, sessions: SessionTable, baseline: InsightBaseline, weights: InsightWeights = DEFAULT_WEIGHTS): InsightContext {
  const columns = actorColumnIndices(events, baseline.actorColumns);
  const { actor, names } = sessionActors(events, sessions, columns);
  const toBaseline = Int32Array.from(names, (n) => baseline.actorIndex.get(n) ?? -1);
  let singleSessionActors = 0;
  for (const k of baseline.actorSessions) if (k === 1) singleSessionActors++;
  return {
    events,
    sessions,
    baseline,
    weights,
    sessionActor: Int32Array.from(actor, (a) => toBaseline[a]),
    command: Int32Array.from(events.commandNames, (c) => baseline.commandIndex.get(c) ?? -1),
    param: Int32Array.from(events.paramNames, (p) => baseline.paramIndex.get(p) ?? -1),
    actorColumns: columns,
    loo: baseline.includesScored,
    days: Math.max(1, Math.round((baseline.lastMs - baseline.firstMs) / 86_400_000)),
    singleSessionActors,
    stamp: new Int32Array(events.commandNames.length),
    count: new Int32Array(events.commandNames.length),
    paramStamp: new Int32Array(events.paramNames.length),
    paramUses: new Int32Array(events.paramNames.length),
    epoch: 0,
  };
}

/** 12345 -> "12,345" (toLocaleString is slow in a loop). */
export const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
export const plural = (n: number, one: string, many = one + 's'): string => `${thousands(n)} ${n === 1 ? one : many}`;
export const pct = (p: number): string => (p >= 0.01 ? `${(100 * p).toFixed(0)}%` : `${(100 * p).toPrecision(1)}%`);
export const quote = (v: string): string => (v === '' ? '(empty)' : JSON.stringify(v.length > 60 ? v.slice(0, 57) + '...' : v));

/**
 * Good-Turing: the probability that the next of n draws is something never
 * seen is about the share of draws that saw something seen only once
 * (N1 / n); add-one keeps it above 0 and at most 1.
 */
export const unseenProbability = (singles: number, n: number): number => Math.min(1, (Math.max(0, singles) + 1) / (Math.max(0, n) + 1));

/**
 * Leave-one-out bookkeeping for one row of counts: what the row's total and
 * singles were without this session, from each of the session's cells'
 * total and in-session counts.
 */
export class RowOut {
  singles: number;
  novel = 0;

  constructor(singles: number) {
    this.singles = singles;
  }

  /** Adds one cell: `total` counted (this session included when loo), `inSession` of them here. Returns the count outside. */
  cell(total: number, inSession: number, loo: boolean): number {
    if (!loo) {
      if (total <= 0) this.novel++;
      return total;
    }
    const out = total - inSession;
    if (total === 1) this.singles--;
    if (out === 1 && total !== 1) this.singles++;
    if (out <= 0) this.novel++;
    return out;
  }
}

export type Keep = (i: Insight) => void;
export type LinesOf = (pred: (e: number, i: number) => boolean) => number[];
