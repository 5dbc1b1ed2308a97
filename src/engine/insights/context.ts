// What the per-session insights share: the context computed once per file
// (baseline ids of the file's actors, commands and params, scratch arrays),
// the Good-Turing estimate of a novelty's probability, the leave-one-out
// bookkeeping, and the wording of counts.

import type { EventTable, SessionTable } from '../types';
import { actorColumnIndices, sessionActors, type InsightBaseline } from './baseline';
import { DEFAULT_WEIGHTS, type Insight, type InsightWeights } from './kinds';
import { MAX_SLOT_CELLS, MAX_WATCHED_VALUES, valueSlots, type ValueSlots } from './slots';

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
  /** Per session, 1 when it has nothing to report (nothingToReport); undefined when there are no slots. */
  quiet: Uint8Array | undefined;
}

export function insightContext(events: EventTable, sessions: SessionTable, baseline: InsightBaseline, weights: InsightWeights = DEFAULT_WEIGHTS): InsightContext {
  const columns = actorColumnIndices(events, baseline.actorColumns);
  const { actor, names } = sessionActors(events, sessions, columns);
  const toBaseline = Int32Array.from(names, (n) => baseline.actorIndex.get(n) ?? -1);
  let singleSessionActors = 0;
  for (const k of baseline.actorSessions) if (k === 1) singleSessionActors++;
  const sessionActor = new Int32Array(actor.length);
  for (let s = 0; s < actor.length; s++) sessionActor[s] = toBaseline[actor[s]];
  const command = Int32Array.from(events.commandNames, (c) => baseline.commandIndex.get(c) ?? -1);
  const param = Int32Array.from(events.paramNames, (p) => baseline.paramIndex.get(p) ?? -1);
  const ctx: InsightContext = {
    events,
    sessions,
    baseline,
    weights,
    sessionActor,
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
    quiet: undefined,
  };
  ctx.quiet = quietSessions(ctx);
  return ctx;
}

/** nothingToReport for every session, visited in the table's order (slots.visit). */
function quietSessions(ctx: InsightContext): Uint8Array | undefined {
  const slots = valueSlots(ctx.events, ctx.sessions);
  if (!slots) return undefined;
  const stepTotal = stepTotals(ctx.events, ctx.baseline, ctx.command);
  if (!stepTotal) return undefined;
  const bounds = familiarBounds(ctx, slots);
  const quiet = new Uint8Array(ctx.sessions.count);
  for (let i = 0; i < slots.visit.length; i++) {
    const s = slots.visit[i];
    if (nothingToReport(ctx, s, bounds, stepTotal)) quiet[s] = 1;
  }
  return quiet;
}

/**
 * Fast path: true when sessionInsights would find nothing, shown from the
 * per-file tables alone (no insight, string or closure built): a known actor
 * whose every command is seen outside the session, no volume to report, and
 * every step and param use familiar (as transitionsFamiliar and
 * paramsFamiliar in novelties.ts judge them). Nearly every session ends here;
 * false sends the session through the full analysis.
 */
function nothingToReport(ctx: InsightContext, s: number, bounds: FamiliarBounds, stepTotal: Float64Array): boolean {
  const { baseline: b, loo, weights } = ctx;
  const a = ctx.sessionActor[s];
  if (a < 0) return false;
  const actorSessionsOut = b.actorSessions[a] - (loo ? 1 : 0);
  if (actorSessionsOut <= 0) return false;
  const { offsets, eventOrder } = ctx.sessions;
  const from = offsets[s];
  const to = offsets[s + 1];
  const n = to - from;
  const eventsOut = b.actorEvents[a] - (loo ? n : 0);
  const mean = eventsOut / actorSessionsOut;
  if (actorSessionsOut >= weights.volumeMinSessions && n >= weights.volumeFactor * mean && n > 2) return false;
  const { commandIds, paramOffsets, paramIds } = ctx.events;
  const nc = ctx.events.commandNames.length;
  const np = ctx.events.paramNames.length;
  const { cellBound, slotBound, slotOf } = bounds;
  const inActor = loo ? 1 : 0;
  const inSteps = loo ? n - 1 : 0;
  let prev = -1;
  for (let j = from; j < to; j++) {
    const c = commandIds[eventOrder[j]];
    const bc = ctx.command[c];
    if (bc < 0 || b.actorCommand.get(a, bc) - inActor <= 0) return false;
    if (prev >= 0 && stepTotal[prev * nc + c] - inSteps <= 0) return false;
    prev = c;
  }
  // Param uses: the session's uses of each param, then each use against its bound.
  if (!loo) {
    for (let j = from; j < to; j++) {
      const e = eventOrder[j];
      const row = commandIds[e] * np;
      for (let q = paramOffsets[e]; q < paramOffsets[e + 1]; q++) {
        const cb = cellBound[row + paramIds[q]];
        if ((cb >= 0 ? cb : cb === PER_SLOT ? slotBound[slotOf[q]] : bounds.perUse(e, q)) <= 0) return false;
      }
    }
    return true;
  }
  const epoch = ++ctx.epoch;
  const { paramStamp, paramUses } = ctx;
  for (let j = from; j < to; j++) {
    const e = eventOrder[j];
    for (let q = paramOffsets[e]; q < paramOffsets[e + 1]; q++) {
      const p = paramIds[q];
      if (paramStamp[p] !== epoch) {
        paramStamp[p] = epoch;
        paramUses[p] = 0;
      }
      paramUses[p]++;
    }
  }
  for (let j = from; j < to; j++) {
    const e = eventOrder[j];
    const row = commandIds[e] * np;
    for (let q = paramOffsets[e]; q < paramOffsets[e + 1]; q++) {
      const cb = cellBound[row + paramIds[q]];
      if (paramUses[paramIds[q]] >= (cb >= 0 ? cb : cb === PER_SLOT ? slotBound[slotOf[q]] : bounds.perUse(e, q))) return false;
    }
  }
  return true;
}


/** Never reached by a session's uses of a param. */
const UNBOUNDED = 0x7fffffff;
/** In FamiliarBounds.cellBound: each value of the cell has its bound (by slot); a watched value of a cell whose values have no slots (worked out per use). */
const PER_SLOT = -1;
const PER_USE = -2;

/**
 * For each param use, the session's uses of its param (0 without leave one
 * out) below which paramsFamiliar passes it: by (command, param) cell, or by
 * slot, or (rarely) worked out for the use.
 */
interface FamiliarBounds {
  cellBound: Int32Array;
  slotBound: Int32Array;
  slotOf: Int32Array;
  perUse: (e: number, q: number) => number;
}

/**
 * The FamiliarBounds of the file, per cell or per slot (slots.ts). For a
 * use q of command c, param p and value v, paramsFamiliar's test passes at a
 * session count i (the session's uses of p) when c is unknown to the
 * baseline, or when p is known, i < uses(c, p), and either no value of
 * (c, p) is watched, or new values are common and values too thin to be
 * uncommon at i, or v's count outside (count - i) is above the uncommon
 * ratio. Each of these only gets harder as i grows, so the test holds
 * exactly below the first i where it fails: found by bisection.
 */
function familiarBounds(ctx: InsightContext, slots: ValueSlots): FamiliarBounds {
  const { events, baseline: b, weights, command, param } = ctx;
  const np = events.paramNames.length;
  const bnp = b.params.length;
  const { slotValue, slotOf, cells, cellSlots, cellFirstSlot, cellDistinct } = slots;
  const cellBound = new Int32Array(events.commandNames.length * np);
  const slotBound = new Int32Array(slotValue.length);
  const boundOf = (bc: number, bp: number, count: number): number => {
    const uses = b.commandParam.get(bc, bp);
    const stats = b.values.get(bc * bnp + bp)!;
    const counts = stats.counts!;
    const usable = Math.max(0, Math.min(Math.ceil(uses), UNBOUNDED)); // i < usable exactly when uses - i > 0
    // Where new values are common and values thin, no value is looked up.
    const thin = firstFailure(usable, (i) => {
      const distinct = Math.max(1, counts.size - i);
      return unseenProbability(stats.singles - i, uses) > weights.maxProbability && distinct / (uses + 1) > weights.maxUncommonRatio;
    });
    if (thin >= usable) return usable;
    const common = firstFailure(usable, (i) => {
      const outside = count - i;
      return outside > 0 && (outside * Math.max(1, counts.size - i)) / (uses + 1) > weights.maxUncommonRatio;
    });
    return Math.max(thin, common);
  };
  for (let i = 0; i < cells.length; i++) {
    const k = cells[i];
    const p = k % np;
    const bc = command[(k - p) / np];
    const bp = param[p];
    if (bc < 0) {
      cellBound[k] = UNBOUNDED;
      continue;
    }
    if (bp < 0) continue; // 0: never familiar
    const uses = b.commandParam.get(bc, bp);
    const counts = b.values.get(bc * bnp + bp)?.counts;
    if (!counts) {
      cellBound[k] = Math.max(0, Math.min(Math.ceil(uses), UNBOUNDED));
      continue;
    }
    if (cellDistinct[i] > MAX_WATCHED_VALUES) {
      cellBound[k] = PER_USE;
      continue;
    }
    cellBound[k] = PER_SLOT;
    for (let x = cellFirstSlot[i]; x < cellFirstSlot[i] + cellDistinct[i]; x++) {
      const slot = cellSlots[x];
      const v = slotValue[slot];
      slotBound[slot] = boundOf(bc, bp, counts.get(v < 0 ? '' : events.valueStrings[v]) ?? 0);
    }
  }
  const { commandIds, paramIds, valueIds } = events;
  const perUse = (e: number, q: number): number => {
    const p = paramIds[q];
    const v = valueIds[q];
    const bc = command[commandIds[e]];
    return boundOf(bc, param[p], b.values.get(bc * bnp + param[p])!.counts!.get(v < 0 ? '' : events.valueStrings[v]) ?? 0);
  };
  return { cellBound, slotBound, slotOf, perUse };
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
