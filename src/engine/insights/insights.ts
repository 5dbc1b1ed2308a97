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
//
// This file: the per-session analysis (actor novelties and volume here, the
// command-pair and param novelties in novelties.ts) and the insight score and
// ranking. Kinds and weights are in kinds.ts, the per-file context in
// context.ts.

import type { ScoredLog } from '../stages';
import { sessionEvents } from '../sessionize';
import type { InsightBaseline } from './baseline';
import type { Ranking } from '../options';
import { insightContext, plural, RowOut, unseenProbability, type InsightContext } from './context';
import { DEFAULT_WEIGHTS, INSIGHT_KINDS, type Insight, type InsightKind, type InsightWeights } from './kinds';
import { paramInsights, transitionInsights } from './novelties';

export { DEFAULT_WEIGHTS, INSIGHT_KINDS, type Insight, type InsightKind, type InsightWeights } from './kinds';
export { insightContext, unseenProbability, type InsightContext } from './context';

/**
 * The session's insights, most surprising first. Linear in the session's
 * events and params (a few Map lookups each).
 */
export function sessionInsights(ctx: InsightContext, s: number): Insight[] {
  if (ctx.quiet?.[s] === 1) return [];
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
  /** Time spent judging sessions on demand (insightsOf), in ms; the quiet ones (InsightContext.quiet) were judged with the context. */
  lazyMs: number;
}

/** Computes (once) and returns session s's insights, with its score. */
export function insightsOf(si: SessionInsights, scored: ScoredLog, s: number): Insight[] {
  let found = si.insights[s];
  if (!found && si.context.quiet?.[s] === 1) {
    // Settled when the context was built (and timed there): nothing to report.
    found = [];
    si.insights[s] = found;
    si.insightScore[s] = insightScore(baseLogLikelihood(scored, s), found, si.context.weights);
  } else if (!found) {
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
