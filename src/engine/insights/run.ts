// Insights for a scored log, as front ends ask for them: which baseline (the
// file itself, or the one saved with a model), which ranking, and how long
// it took.

import type { ScoredLog } from '../stages';
import { baselineFromJson, buildBaseline, projectActors, type InsightBaseline } from './baseline';
import { analyzeInsights, DEFAULT_WEIGHTS, type InsightWeights, type SessionInsights } from './insights';

import type { Ranking } from '../options';
export { RANKINGS, type Ranking } from '../options';

export interface InsightRequest {
  ranking: Ranking;
  /** User columns that name the actor; all of them when absent. */
  actorColumns?: string[];
  /** Scoring with a loaded model: its file's `insights` section (undefined when it has none). */
  fromModel?: { section: unknown };
  weights?: InsightWeights;
}

export interface InsightRun {
  baseline: InsightBaseline;
  insights: SessionInsights;
  /** Said once to the user (stderr, output channel), e.g. when a model file has no baseline. */
  notice?: string;
  baselineMs: number;
  /** Time spent preparing (and, for the insight ranking, judging every session); later on-demand judging adds to insights.lazyMs. */
  analyzeMs: number;
}

export function runInsights(scored: ScoredLog, req: InsightRequest): InsightRun {
  const t0 = performance.now();
  let baseline: InsightBaseline;
  let notice: string | undefined;
  const wanted = req.actorColumns && req.actorColumns.length > 0 ? req.actorColumns : undefined;
  if (req.fromModel && req.fromModel.section !== undefined) {
    baseline = baselineFromJson(req.fromModel.section);
    // Actors as the baseline names them, or by fewer columns: those asked for, or those this file has.
    const available = scored.log.events.userColumns;
    const columns = wanted ?? baseline.actorColumns.filter((c) => available.includes(c));
    const saved = baseline.actorColumns;
    if (columns.join('\u0000') !== saved.join('\u0000')) {
      baseline = projectActors(baseline, columns);
      if (!wanted) {
        notice = `the model's baseline names actors by ${saved.join(', ')}, this file has user columns ${available.join(', ')}: ` +
          (columns.length > 0 ? `actors are compared by ${columns.join(', ')}` : 'all sessions are compared as one actor');
      }
    }
  } else {
    baseline = buildBaseline(scored.log.events, scored.sessions, wanted);
    if (req.fromModel) notice = 'the model file has no insights section (saved by an older version): insights compare each session with the other sessions of this file';
  }
  const t1 = performance.now();
  const insights = analyzeInsights(scored, baseline, req.ranking, req.weights ?? DEFAULT_WEIGHTS);
  const analyzeMs = performance.now() - t1 - insights.lazyMs;
  return { baseline, insights, notice, baselineMs: t1 - t0, analyzeMs };
}

