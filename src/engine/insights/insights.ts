// Insights: why a session is unusual for WHO ran it, beside how rare its
// sequence is. Each insight is a novelty (a first time) or a volume, with the
// counts that show it and the file lines of the events it names, and carries
// the probability of such a novelty estimated from the baseline. The insight
// score adds those log-probabilities to the rarest window's log-likelihood
// (docs/insights.md has the formulas).
//
// "First seen" means: count 0 in the baseline once this session's own events
// are taken out (leave one out) when the baseline was built from the scored
// file itself; count 0 in the baseline when it was loaded from a model file.

import type { ScoredLog } from '../stages';
import { sessionEvents } from '../sessionize';
import type { EventTable, SessionTable } from '../types';
import { actorColumnIndices, sessionActors, type InsightBaseline } from './baseline';
import type { Ranking } from '../options';

export type InsightKind =
  | 'new-actor'
  | 'new-command-for-actor'
  | 'unseen-transition'
  | 'new-param-for-command'
  | 'new-param-value'
  | 'uncommon-param-value'
  | 'high-volume';

export const INSIGHT_KINDS: readonly InsightKind[] = [
  'new-actor',
  'new-command-for-actor',
  'unseen-transition',
  'new-param-for-command',
  'new-param-value',
  'uncommon-param-value',
  'high-volume',
];

export interface Insight {
  kind: InsightKind;
  /** One sentence with the counts, for a table cell or a list. */
  text: string;
  /** The counts behind the text. */
  evidence: Record<string, string | number | string[] | null>;
  /** First file line of each event the insight names, in session order. */
  lines: number[];
  /** Estimated probability of such a novelty, value or volume (lower is more surprising); the score adds weight x ln(probability). */
  probability: number;
}

/** Weights of each kind's log-probability in the insight score, and when an insight is reported at all. */
export interface InsightWeights {
  kinds: Record<InsightKind, number>;
  /** A novelty (first time) is reported when its probability is at most this. */
  maxProbability: number;
  /**
   * A value seen before is uncommon when its uses are at most this fraction of an average value's
   * (uses of the command's param / its distinct values); that fraction is its "probability".
   */
  maxUncommonRatio: number;
  /** Volume: at least this many other sessions of the actor, and at least this factor over its mean. */
  volumeMinSessions: number;
  volumeFactor: number;
}

/** Chosen on generator seeds 1-4 (docs/insights.md), checked on the held-out seeds 5-10. */
export const DEFAULT_WEIGHTS: InsightWeights = {
  kinds: {
    'new-actor': 1,
    'new-command-for-actor': 1.5,
    'unseen-transition': 0.5,
    'new-param-for-command': 1,
    'new-param-value': 2,
    'uncommon-param-value': 3,
    'high-volume': 0.5,
  },
  maxProbability: 0.1,
  maxUncommonRatio: 0.05,
  volumeMinSessions: 5,
  volumeFactor: 3,
};

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
const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const plural = (n: number, one: string, many = one + 's'): string => `${thousands(n)} ${n === 1 ? one : many}`;
const pct = (p: number): string => (p >= 0.01 ? `${(100 * p).toFixed(0)}%` : `${(100 * p).toPrecision(1)}%`);
const quote = (v: string): string => (v === '' ? '(empty)' : JSON.stringify(v.length > 60 ? v.slice(0, 57) + '...' : v));

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
class RowOut {
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

/**
 * The session's insights, most surprising first. Linear in the session's
 * events and params (a few Map lookups each).
 */
export function sessionInsights(ctx: InsightContext, s: number): Insight[] {
  const { events, baseline: b, loo, weights } = ctx;
  const evs = sessionEvents(ctx.sessions, s);
  const n = evs.length;
  const a = ctx.sessionActor[s];
  const out: Insight[] = [];
  const keep = (i: Insight): void => {
    if (i.probability <= weights.maxProbability) out.push(i);
  };
  const linesOf = (pred: (e: number, i: number) => boolean): number[] => {
    const lines: number[] = [];
    evs.forEach((e, i) => {
      if (pred(e, i)) lines.push(events.startLine[e]);
    });
    return lines;
  };
  const within = ` in ${plural(ctx.days, 'day')}`;

  // Commands of this session and how often each occurs in it.
  const epoch = ++ctx.epoch;
  const distinctCmds: number[] = [];
  for (const e of evs) {
    const c = events.commandIds[e];
    if (ctx.stamp[c] !== epoch) {
      ctx.stamp[c] = epoch;
      ctx.count[c] = 0;
      distinctCmds.push(c);
    }
    ctx.count[c]++;
  }

  // Actor: new, or known with a history to compare with.
  const actorSessionsOut = a < 0 ? 0 : b.actorSessions[a] - (loo ? 1 : 0);
  if (actorSessionsOut <= 0) {
    const sessionsOut = b.sessions - (loo ? 1 : 0);
    const actorsOut = b.actors.length - (loo && a >= 0 ? 1 : 0);
    const singlesOut = ctx.singleSessionActors - (loo && a >= 0 ? 1 : 0);
    keep({
      kind: 'new-actor',
      text: `First session of this account (${b.actorColumns.join(', ')}${loo ? '' : ', not in the baseline'}): every action is a first; ` +
        `${plural(actorsOut, 'other account')} ran ${plural(sessionsOut, 'session')}${within}, ${plural(singlesOut, 'account')} only once`,
      evidence: { actor: actorLabel(ctx, evs[0]), actorSessions: 0, otherActors: actorsOut, otherSessions: sessionsOut, singleSessionActors: singlesOut, days: ctx.days },
      lines: linesOf(() => true),
      probability: unseenProbability(singlesOut, sessionsOut),
    });
  } else {
    // First time this actor ran a command (counted in sessions).
    const row = new RowOut(b.actorCommand.singles[a]);
    const novel: number[] = [];
    for (const c of distinctCmds) {
      const bc = ctx.command[c];
      const before = row.novel;
      row.cell(bc < 0 ? 0 : b.actorCommand.get(a, bc), 1, loo);
      if (row.novel > before) novel.push(c);
    }
    const p = unseenProbability(row.singles, actorSessionsOut);
    for (const c of novel) {
      const bc = ctx.command[c];
      const mine = bc < 0 ? 0 : b.actorCommand.get(a, bc);
      const byOthers = bc < 0 ? 0 : b.actorCommand.colSum[bc] - mine;
      const others = bc < 0 ? 0 : b.actorCommand.colDistinct[bc] - (mine > 0 ? 1 : 0);
      const name = events.commandNames[c];
      keep({
        kind: 'new-command-for-actor',
        text: `${name}: first time by this account (in none of its ${plural(actorSessionsOut, 'session')}${within}; ` +
          `in ${plural(byOthers, 'session')} of ${plural(others, 'other account')})`,
        evidence: { command: name, actorSessions: actorSessionsOut, actorSessionsWith: 0, actorCommandsSeenOnce: row.singles, otherSessionsWith: byOthers, otherActorsWith: others, days: ctx.days },
        lines: linesOf((e) => events.commandIds[e] === c),
        probability: p,
      });
    }
    // Volume: far more events than this actor's sessions usually have.
    const eventsOut = b.actorEvents[a] - (loo ? n : 0);
    const mean = eventsOut / actorSessionsOut;
    if (actorSessionsOut >= weights.volumeMinSessions && n >= weights.volumeFactor * mean && n > 2) {
      // Session lengths as geometric with the actor's mean (this session counted once, so it is never certain).
      const m = (eventsOut + n) / (actorSessionsOut + 1);
      keep({
        kind: 'high-volume',
        text: `${plural(n, 'event')} in this session; this account's ${plural(actorSessionsOut, 'session')}${within} had ${mean.toFixed(1)} on average`,
        evidence: { events: n, actorSessions: actorSessionsOut, actorMeanEvents: Number(mean.toFixed(2)), days: ctx.days },
        lines: linesOf(() => true),
        probability: Math.pow(1 - 1 / m, n - 1),
      });
    }
  }

  transitionInsights(ctx, evs, keep, linesOf);
  paramInsights(ctx, evs, keep, linesOf);
  const w = weights.kinds;
  return out.sort((x, y) => w[x.kind] * Math.log(x.probability) - w[y.kind] * Math.log(y.probability));
}

function actorLabel(ctx: InsightContext, e: number): string {
  return ctx.actorColumns.map((u) => {
    const id = ctx.events.userIds[u][e];
    return id < 0 ? '(missing)' : ctx.events.userValues[u][id];
  }).join(', ');
}

type Keep = (i: Insight) => void;
type LinesOf = (pred: (e: number, i: number) => boolean) => number[];

/** Counts keys in a Map. */
function bump(m: Map<number, number>, key: number): void {
  m.set(key, (m.get(key) ?? 0) + 1);
}

/** Groups [key, count] cells by row (key = row * stride + col). */
function byRow(cells: Map<number, number>, stride: number): Map<number, [number, number][]> {
  const rows = new Map<number, [number, number][]>();
  for (const [key, k] of cells) {
    const r = Math.floor(key / stride);
    let list = rows.get(r);
    if (!list) rows.set(r, (list = []));
    list.push([key - r * stride, k]);
  }
  return rows;
}

/** Command pairs never seen one after the other outside this session. */
function transitionInsights(ctx: InsightContext, evs: Int32Array, keep: Keep, linesOf: LinesOf): void {
  const { events, baseline: b, loo } = ctx;
  if (evs.length < 2) return;
  if (transitionsFamiliar(ctx, evs)) return;
  const nc = events.commandNames.length;
  const pairs = new Map<number, number>();
  for (let i = 1; i < evs.length; i++) bump(pairs, events.commandIds[evs[i - 1]] * nc + events.commandIds[evs[i]]);
  for (const [x, cells] of byRow(pairs, nc)) {
    const bx = ctx.command[x];
    if (bx < 0) continue; // a command never seen at all: what follows it is not news on its own
    const row = new RowOut(b.transitions.singles[bx]);
    let steps = 0;
    const novel: number[] = [];
    for (const [y, k] of cells) {
      steps += k;
      const before = row.novel;
      row.cell(b.transitions.get(bx, ctx.command[y]), k, loo);
      if (row.novel > before) novel.push(y);
    }
    const nOut = b.transitions.rowSum[bx] - (loo ? steps : 0);
    const from = events.commandNames[x];
    for (const y of novel) {
      const to = events.commandNames[y];
      keep({
        kind: 'unseen-transition',
        text: `${from} -> ${to}: never seen before (${from} was followed ${plural(nOut, 'time')} by ${plural(b.transitions.distinct[bx] - row.novel, 'command')}, ` +
          `${row.singles} of them only once)`,
        evidence: { from, to, count: 0, fromFollowed: nOut, fromDistinctNext: b.transitions.distinct[bx] - (loo ? row.novel : 0), fromNextSeenOnce: row.singles },
        lines: linesOf((e, i) => (events.commandIds[e] === x && i + 1 < evs.length && events.commandIds[evs[i + 1]] === y) ||
          (events.commandIds[e] === y && i > 0 && events.commandIds[evs[i - 1]] === x)),
        probability: unseenProbability(row.singles, nOut),
      });
    }
  }
}

/** Params never seen with their command, and values never (or rarely) seen for their command's param. */
function paramInsights(ctx: InsightContext, evs: Int32Array, keep: Keep, linesOf: LinesOf): void {
  const { events, baseline: b, loo, weights } = ctx;
  const { paramOffsets, paramIds, valueIds, commandIds } = events;
  const np = events.paramNames.length;
  const bnp = b.params.length;
  if (paramsFamiliar(ctx, evs)) return;
  // In-session uses of (command, param) and of each value of them; value -1 (empty) shifts to 0.
  const cp = new Map<number, number>();
  const cpValues = new Map<number, Map<number, number>>();
  for (const e of evs) {
    const c = commandIds[e];
    for (let q = paramOffsets[e]; q < paramOffsets[e + 1]; q++) {
      const key = c * np + paramIds[q];
      bump(cp, key);
      let vs = cpValues.get(key);
      if (!vs) cpValues.set(key, (vs = new Map()));
      bump(vs, valueIds[q] + 1);
    }
  }
  if (cp.size === 0) return;
  for (const [c, cells] of byRow(cp, np)) {
    const bc = ctx.command[c];
    if (bc < 0) continue; // a command never seen at all: its params are not news on their own
    const cmd = events.commandNames[c];
    const row = new RowOut(b.commandParam.singles[bc]);
    const novel: number[] = [];
    for (const [p, k] of cells) {
      const before = row.novel;
      row.cell(b.commandParam.get(bc, ctx.param[p]), k, loo);
      if (row.novel > before) novel.push(p);
    }
    const uses = b.commandCount[bc] - (loo ? ctx.count[c] : 0);
    for (const p of novel) {
      const param = events.paramNames[p];
      keep({
        kind: 'new-param-for-command',
        text: `${cmd} -${param}: param never seen with this command (${cmd} ran ${plural(uses, 'time')} with ` +
          `${plural(b.commandParam.distinct[bc] - (loo ? row.novel : 0), 'other param')}, ${row.singles} of them only once)`,
        evidence: { command: cmd, param, count: 0, commandUses: uses, commandDistinctParams: b.commandParam.distinct[bc] - (loo ? row.novel : 0), paramsSeenOnce: row.singles },
        lines: linesOf((e) => commandIds[e] === c && paramValueAt(events, e, p) !== -2),
        probability: unseenProbability(row.singles, uses),
      });
    }
    // Values of this command's params.
    for (const [p, k] of cells) {
      const bp = ctx.param[p];
      const stats = bp < 0 ? undefined : b.values.get(bc * bnp + bp);
      if (!stats || !stats.counts) continue;
      const counts = stats.counts;
      const usesOut = b.commandParam.get(bc, bp) - (loo ? k : 0);
      if (usesOut <= 0) continue;
      const vrow = new RowOut(stats.singles);
      const found: [number, number][] = [];
      for (const [v1, kv] of cpValues.get(c * np + p)!) {
        const value = v1 === 0 ? '' : events.valueStrings[v1 - 1];
        found.push([v1 - 1, vrow.cell(counts.get(value) ?? 0, kv, loo)]);
      }
      const param = events.paramNames[p];
      const distinct = counts.size - (loo ? vrow.novel : 0);
      const unseen = unseenProbability(vrow.singles, usesOut);
      // The usual values, for the text: only worked out when something is reported.
      let usual: [string, number][] | undefined;
      const usualValues = (): [string, number][] => (usual ??= [...counts].sort((x, y) => y[1] - x[1]).slice(0, 3));
      const usualText = (): string => usualValues().map(([u, x]) => `${quote(u)} ${pct(x / Math.max(1, usesOut))}`).join(', ');
      for (const [v, outside] of found) {
        // New: Good-Turing as above. Uncommon: its uses as a fraction of an average value's (uses / distinct values).
        const probability = outside <= 0 ? unseen : (outside * distinct) / (usesOut + 1);
        if (probability > (outside <= 0 ? weights.maxProbability : weights.maxUncommonRatio)) continue;
        const value = v < 0 ? '' : events.valueStrings[v];
        const lines = linesOf((e) => commandIds[e] === c && paramValueAt(events, e, p) === v);
        if (outside <= 0) {
          keep({
            kind: 'new-param-value',
            text: `${cmd} -${param} ${quote(value)}: value never seen before (${plural(usesOut, 'use')}, ` +
              `${plural(distinct, 'distinct value')}, ${vrow.singles} of them only once; usually ${usualText()})`,
            evidence: { command: cmd, param, value, count: 0, uses: usesOut, distinctValues: distinct, valuesSeenOnce: vrow.singles, usualValues: usualValues().map(([u]) => u) },
            lines,
            probability,
          });
        } else {
          keep({
            kind: 'uncommon-param-value',
            text: `${cmd} -${param} ${quote(value)}: uncommon value (${plural(outside, 'time')} in ${plural(usesOut, 'use')}; ` +
              `an average one of its ${plural(distinct, 'value')} is used ${(usesOut / distinct).toFixed(0)} times; usually ${usualText()})`,
            evidence: { command: cmd, param, value, count: outside, uses: usesOut, distinctValues: distinct, usualValues: usualValues().map(([u]) => u) },
            lines,
            probability,
          });
        }
      }
    }
  }
}

/**
 * Fast path: true when no step can be a transition unseen outside the
 * session (each pair's total exceeds every step the session has). Most
 * sessions end here, with no allocation.
 */
function transitionsFamiliar(ctx: InsightContext, evs: Int32Array): boolean {
  const { commandIds } = ctx.events;
  const inSession = ctx.loo ? evs.length - 1 : 0;
  for (let i = 1; i < evs.length; i++) {
    const x = ctx.command[commandIds[evs[i - 1]]];
    if (x < 0) continue;
    if (ctx.baseline.transitions.get(x, ctx.command[commandIds[evs[i]]]) - inSession <= 0) return false;
  }
  return true;
}

/**
 * Fast path: true when no param can be new for its command and no value new
 * or uncommon, judged from lower bounds (every param use of the session
 * counted against each cell).
 */
function paramsFamiliar(ctx: InsightContext, evs: Int32Array): boolean {
  const { events, baseline: b, weights } = ctx;
  const { paramOffsets, paramIds, valueIds, commandIds } = events;
  // Uses of each param in this session: a bound on any (command, param) or value count in it.
  const epoch = ++ctx.epoch;
  let m = 0;
  for (const e of evs) {
    for (let q = paramOffsets[e]; q < paramOffsets[e + 1]; q++) {
      const p = paramIds[q];
      if (ctx.paramStamp[p] !== epoch) {
        ctx.paramStamp[p] = epoch;
        ctx.paramUses[p] = 0;
      }
      ctx.paramUses[p]++;
      m++;
    }
  }
  if (m === 0) return true;
  const bnp = b.params.length;
  for (const e of evs) {
    const bc = ctx.command[commandIds[e]];
    if (bc < 0) continue;
    for (let q = paramOffsets[e]; q < paramOffsets[e + 1]; q++) {
      const bp = ctx.param[paramIds[q]];
      if (bp < 0) return false;
      const inSession = ctx.loo ? ctx.paramUses[paramIds[q]] : 0;
      const uses = b.commandParam.get(bc, bp);
      if (uses - inSession <= 0) return false;
      const stats = b.values.get(bc * bnp + bp);
      const counts = stats?.counts;
      if (!counts) continue;
      // Lower bound: the distinct values left without this session (at least one, when this one is seen outside).
      const distinct = Math.max(1, counts.size - inSession);
      // A new value matters only where new values are themselves rare (names and ids are new all the time),
      // and no value is uncommon where even one use is an average value's share: then the value need not be looked up.
      const neverNew = unseenProbability(stats.singles - inSession, uses) > weights.maxProbability;
      const neverUncommon = distinct / (uses + 1) > weights.maxUncommonRatio;
      if (neverNew && neverUncommon) continue;
      const v = valueIds[q];
      const outside = (counts.get(v < 0 ? '' : events.valueStrings[v]) ?? 0) - inSession;
      if (outside > 0 && (outside * distinct) / (uses + 1) > weights.maxUncommonRatio) continue;
      return false;
    }
  }
  return true;
}

/** Value id of param p in event e (-1 empty), or -2 when the event lacks p. */
function paramValueAt(events: EventTable, e: number, p: number): number {
  for (let q = events.paramOffsets[e]; q < events.paramOffsets[e + 1]; q++) if (events.paramIds[q] === p) return events.valueIds[q];
  return -2;
}

// ---------------------------------------------------------------- scores and ranking

/** The insight score's starting point: the rarest window's log-likelihood, or the whole session's when it has no window. */
export function baseLogLikelihood(scored: ScoredLog, s: number): number {
  const w = scored.scores.rarestWindowLogLikelihood[s];
  return Number.isNaN(w) ? scored.scores.sessionLogLikelihood[s] : w;
}

/**
 * log-likelihood + sum over the kinds of weight x ln(probability) of the
 * kind's most surprising insight (each kind counts once: a workflow that
 * brings three new commands is one novelty, not three). Lower is more anomalous.
 */
export function insightScore(base: number, insights: Insight[], weights: InsightWeights = DEFAULT_WEIGHTS): number {
  let score = base;
  for (const kind of INSIGHT_KINDS) score += weights.kinds[kind] * strongest(insights, kind);
  return score;
}

/** ln(probability) of the kind's most surprising insight; 0 when none. */
export function strongest(insights: Insight[], kind: InsightKind): number {
  let min = 0;
  for (const i of insights) if (i.kind === kind) min = Math.min(min, Math.log(i.probability));
  return min;
}

export interface SessionInsights {
  ranking: Ranking;
  context: InsightContext;
  /** Per session, computed when asked (all of them for the insight ranking). */
  insights: (Insight[] | undefined)[];
  /** NaN where not computed. */
  insightScore: Float64Array;
  /** Sessions in the chosen ranking's order. */
  order: Int32Array;
  /** Time spent judging sessions on demand (insightsOf), in ms. */
  lazyMs: number;
}

/** Computes (once) and returns session s's insights, with its score. */
export function insightsOf(si: SessionInsights, scored: ScoredLog, s: number): Insight[] {
  let found = si.insights[s];
  if (!found) {
    const t0 = performance.now();
    found = sessionInsights(si.context, s);
    si.insights[s] = found;
    si.insightScore[s] = insightScore(baseLogLikelihood(scored, s), found, si.context.weights);
    si.lazyMs += performance.now() - t0;
  }
  return found;
}

/**
 * Insights for a scored log. With the insight ranking every session is
 * judged (linear in events) and ranked by insight score, ties by the
 * reference order; with the reference ranking nothing is judged until asked
 * (insightsOf), so printing the top N costs N sessions.
 */
export function analyzeInsights(scored: ScoredLog, baseline: InsightBaseline, ranking: Ranking, weights: InsightWeights = DEFAULT_WEIGHTS): SessionInsights {
  const count = scored.sessions.count;
  const si: SessionInsights = {
    ranking,
    context: insightContext(scored.log.events, scored.sessions, baseline, weights),
    insights: new Array<Insight[] | undefined>(count),
    insightScore: new Float64Array(count).fill(NaN),
    order: scored.scores.ranking,
    lazyMs: 0,
  };
  if (ranking === 'insight') {
    for (let s = 0; s < count; s++) insightsOf(si, scored, s);
    si.order = rankByScore(si.insightScore, scored.scores.ranking);
  }
  return si;
}

/** Ascending score; equal scores keep the reference order. */
export function rankByScore(score: Float64Array, reference: Int32Array): Int32Array {
  const refRank = new Int32Array(reference.length);
  reference.forEach((s, r) => (refRank[s] = r));
  const idx = Array.from(reference);
  idx.sort((x, y) => score[x] - score[y] || refRank[x] - refRank[y]);
  return Int32Array.from(idx);
}
