// What the per-session insights share: the context computed once per file
// (baseline ids of the file's actors, commands and params, scratch arrays),
// the Good-Turing estimate of a novelty's probability, the leave-one-out
// bookkeeping, and the wording of counts.

import type { EventTable, SessionTable } from '../types';
import { actorColumnIndices, sessionActors, type InsightBaseline } from './baseline';
import { DEFAULT_WEIGHTS, type Insight, type InsightWeights } from './kinds';
import { MAX_SLOT_CELLS, valueSlots } from './slots';

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
  /**
   * Per param use q: the session's uses of q's param (the bound paramsFamiliar
   * compares with; 0 without leave one out) below which q can be neither a new
   * param nor a new or uncommon value. Undefined when there are no slots.
   */
  familiarBelow: Int32Array | undefined;
  /** Baseline count of each (event command, event command) step, Infinity after a command the baseline never saw; undefined when too many commands. */
  stepTotal: Float64Array | undefined;
}

export function insightContext(events: EventTable, sessions: SessionTable, baseline: InsightBaseline, weights: InsightWeights = DEFAULT_WEIGHTS): InsightContext {
  const columns = actorColumnIndices(events, baseline.actorColumns);
  const { actor, names } = sessionActors(events, sessions, columns);
  const toBaseline = Int32Array.from(names, (n) => baseline.actorIndex.get(n) ?? -1);
  let singleSessionActors = 0;
  for (const k of baseline.actorSessions) if (k === 1) singleSessionActors++;
  const command = Int32Array.from(events.commandNames, (c) => baseline.commandIndex.get(c) ?? -1);
  const param = Int32Array.from(events.paramNames, (p) => baseline.paramIndex.get(p) ?? -1);
  return {
    events,
    sessions,
    baseline,
    weights,
    sessionActor: Int32Array.from(actor, (a) => toBaseline[a]),
    command,
    param,
    actorColumns: columns,
    loo: baseline.includesScored,
    days: Math.max(1, Math.round((baseline.lastMs - baseline.firstMs) / 86_400_000)),
    singleSessionActors,
    stamp: new Int32Array(events.commandNames.length),
    count: new Int32Array(events.commandNames.length),
    paramStamp: new Int32Array(events.paramNames.length),
    paramUses: new Int32Array(events.paramNames.length),
    epoch: 0,
    familiarBelow: familiarBounds(events, sessions, baseline, weights, command, param),
    stepTotal: stepTotals(events, baseline, command),
  };
}

/** Never reached by a session's uses of a param. */
const UNBOUNDED = 0x7fffffff;

/**
 * The bounds of InsightContext.familiarBelow, one per slot (slots.ts). For a
 * use q of command c, param p and value v, paramsFamiliar's test passes at a
 * session count i (the session's uses of p) when c is unknown to the
 * baseline, or when p is known, i < uses(c, p), and either no value of
 * (c, p) is watched, or new values are common and values too thin to be
 * uncommon at i, or v's count outside (count - i) is above the uncommon
 * ratio. Each of these only gets harder as i grows, so the test holds
 * exactly below the first i where it fails: found by bisection.
 */
function familiarBounds(events: EventTable, sessions: SessionTable, b: InsightBaseline, weights: InsightWeights, command: Int32Array, param: Int32Array): Int32Array | undefined {
  const slots = valueSlots(events, sessions);
  if (!slots) return undefined;
  const np = events.paramNames.length;
  const bnp = b.params.length;
  const { slotCell, slotValue, slotOf, cells, cellFirstSlot, cellDistinct } = slots;
  const slotBound = new Int32Array(slotCell.length);
  for (let i = 0; i < cells.length; i++) {
    const k = cells[i];
    const p = k % np;
    const bc = command[(k - p) / np];
    const bp = param[p];
    const firstSlot = cellFirstSlot[i];
    const endSlot = firstSlot + cellDistinct[i];
    if (bc < 0) {
      slotBound.fill(UNBOUNDED, firstSlot, endSlot);
      continue;
    }
    if (bp < 0) continue; // 0: never familiar
    const uses = b.commandParam.get(bc, bp);
    const stats = b.values.get(bc * bnp + bp);
    const counts = stats?.counts;
    const usable = Math.max(0, Math.min(Math.ceil(uses), UNBOUNDED)); // i < usable exactly when uses - i > 0
    if (!stats || !counts) {
      slotBound.fill(usable, firstSlot, endSlot);
      continue;
    }
    // Where new values are common and values thin: below `thin` no value is looked up.
    const thin = firstFailure(usable, (i) => {
      const distinct = Math.max(1, counts.size - i);
      return unseenProbability(stats.singles - i, uses) > weights.maxProbability && distinct / (uses + 1) > weights.maxUncommonRatio;
    });
    for (let slot = firstSlot; slot < endSlot; slot++) {
      if (thin >= usable) {
        slotBound[slot] = usable;
        continue;
      }
      const v = slotValue[slot];
      const count = counts.get(v < 0 ? '' : events.valueStrings[v]) ?? 0;
      const common = firstFailure(usable, (i) => {
        const outside = count - i;
        return outside > 0 && (outside * Math.max(1, counts.size - i)) / (uses + 1) > weights.maxUncommonRatio;
      });
      slotBound[slot] = Math.max(thin, common);
    }
  }
  const bound = new Int32Array(slotOf.length);
  for (let q = 0; q < slotOf.length; q++) {
    const slot = slotOf[q];
    bound[q] = slot < 0 ? UNBOUNDED : slotBound[slot];
  }
  return bound;
}

/** The first i in [0, limit) where the test (true up to some i, false from there on) fails; limit when it never does. */
function firstFailure(limit: number, holds: (i: number) => boolean): number {
  let lo = 0;
  let hi = limit;
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (holds(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function stepTotals(events: EventTable, b: InsightBaseline, command: Int32Array): Float64Array | undefined {
  const nc = events.commandNames.length;
  if (nc * nc > MAX_SLOT_CELLS) return undefined;
  const total = new Float64Array(nc * nc);
  for (let x = 0; x < nc; x++) {
    const bx = command[x];
    for (let y = 0; y < nc; y++) total[x * nc + y] = bx < 0 ? Infinity : b.transitions.get(bx, command[y]);
  }
  return total;
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
