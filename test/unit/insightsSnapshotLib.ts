// Everything the insights give, for a few logs, as one JSON value: used by
// insightsSnapshot.test.ts to compare with test/fixtures/insights/snapshot.json,
// which was written by this file run on the code before the insights were
// made faster (issue #9). Each case's baseline is pinned (a hash of its model
// file section), the insight score of every session (a hash of its bits), the
// insight ranking (a hash), and every insight of every session in full.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateToString } from '../../scripts/gen-lib';
import { baselineToJson, buildBaseline } from '../../src/engine/insights/baseline';
import { insightsOf, type Insight } from '../../src/engine/insights/insights';
import { runInsights, type InsightRequest } from '../../src/engine/insights/run';
import { loadLog, scoreLog } from '../../src/engine/pipeline';
import type { ScoredLog } from '../../src/engine/stages';

export interface SessionDump {
  session: number;
  insightScore: number | string;
  insights: Insight[];
}

export interface CaseDump {
  name: string;
  sessions: number;
  baseline: string;
  reference: { scores: string; withInsights: SessionDump[] };
  /** The same insights as the reference ranking's (a hash of them), scores and order. */
  insight: { scores: string; order: string; insights: string };
}

const sha = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');
const scoreText = (x: number): number | string => (Number.isFinite(x) ? x : String(x));
const bits = (a: Float64Array): string => sha(Buffer.from(a.buffer, a.byteOffset, a.byteLength));

function dumpRanking(scored: ScoredLog, req: InsightRequest, inOrder: boolean): { baseline: string; scores: string; order: string; withInsights: SessionDump[] } {
  const run = runInsights(scored, req);
  const si = run.insights;
  // As the CLI asks: in the ranking's order (the reference ranking judges sessions as they are written).
  const visit = inOrder ? Array.from(si.order) : Array.from({ length: scored.sessions.count }, (_, s) => s);
  for (const s of visit) insightsOf(si, scored, s);
  const withInsights: SessionDump[] = [];
  for (let s = 0; s < scored.sessions.count; s++) {
    const found = si.insights[s] ?? [];
    if (found.length > 0) withInsights.push({ session: s, insightScore: scoreText(si.insightScore[s]), insights: JSON.parse(JSON.stringify(found)) as Insight[] });
  }
  return { baseline: sha(JSON.stringify(baselineToJson(run.baseline))), scores: bits(si.insightScore), order: sha(Buffer.from(si.order.buffer, si.order.byteOffset, si.order.byteLength)), withInsights };
}

async function dumpCase(name: string, file: string, req: Omit<InsightRequest, 'ranking'>, users?: string[]): Promise<CaseDump> {
  const log = await loadLog({ file, mapping: users ? { users } : undefined });
  const scored = scoreLog(log);
  const ref = dumpRanking(scored, { ...req, ranking: 'reference' }, true);
  const ins = dumpRanking(scored, { ...req, ranking: 'insight' }, false);
  if (ref.baseline !== ins.baseline) throw new Error(`${name}: the two rankings built different baselines`);
  return {
    name,
    sessions: scored.sessions.count,
    baseline: ref.baseline,
    reference: { scores: ref.scores, withInsights: ref.withInsights },
    insight: { scores: ins.scores, order: ins.order, insights: sha(JSON.stringify(ins.withInsights)) },
  };
}

/** The cases: the committed sample, a generated log with the insight attacks (users as detected, two user columns, actors by one of them), and that log judged by another log's saved baseline. */
export async function insightSnapshot(root: string): Promise<CaseDump[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sessionscope-insights-snapshot-'));
  try {
    const generated = path.join(dir, 'gen20k.csv');
    fs.writeFileSync(generated, generateToString({ events: 20_000, seed: 7, insightAttacks: true }).text);
    const other = path.join(dir, 'gen8k.csv');
    fs.writeFileSync(other, generateToString({ events: 8_000, seed: 2, insightAttacks: true }).text);
    const otherLog = await loadLog({ file: other });
    const otherScored = scoreLog(otherLog);
    // Through JSON, as a model file carries it.
    const section: unknown = JSON.parse(JSON.stringify(baselineToJson(buildBaseline(otherLog.events, otherScored.sessions))));
    return [
      await dumpCase('sample', path.join(root, 'media', 'sample', 'exchange-admin-sample.csv'), {}),
      await dumpCase('generated 20k', generated, {}),
      await dumpCase('generated 20k, users UserId and ClientIP', generated, {}, ['UserId', 'ClientIP']),
      await dumpCase('generated 20k, users UserId and ClientIP, actor ClientIP', generated, { actorColumns: ['ClientIP'] }, ['UserId', 'ClientIP']),
      await dumpCase('generated 20k, baseline of another log', generated, { fromModel: { section } }),
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes the snapshot: node out/test/unit/insightsSnapshotLib.js <repo root> <out.json> */
if (require.main === module) {
  const [root, out] = process.argv.slice(2);
  insightSnapshot(root).then(
    (cases) => fs.writeFileSync(out, JSON.stringify(cases, null, 1) + '\n'),
    (e: unknown) => {
      process.stderr.write(String((e as Error).stack ?? e) + '\n');
      process.exitCode = 1;
    },
  );
}
