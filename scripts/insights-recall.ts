// Recall of the injected attacks in the top 1% of sessions, for the reference
// and the insight rankings, on generated Exchange logs (with --insight-attacks).
//
//   npm run compile-tests && node out/scripts/insights-recall.js [--seeds 1,2,3,4] [--events 10000]
//
// The unit test test/unit/insightsRecall.test.ts runs the same measure on the
// held-out seeds; docs/insights.md lists the figures.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildBaseline } from '../src/engine/insights/baseline';
import { analyzeInsights, DEFAULT_WEIGHTS, type InsightWeights } from '../src/engine/insights/insights';
import { loadLog, scoreLog } from '../src/engine/pipeline';
import { generateToString, type GenReport } from './gen-lib';

export const RECALL_EVENTS = 10_000;
/** Seeds the weights were chosen on; the others measure how well they carry over. */
export const TUNING_SEEDS = [1, 2, 3, 4];
export const HELD_OUT_SEEDS = [5, 6, 7, 8, 9, 10];

export interface SeedRecall {
  seed: number;
  sessions: number;
  top: number;
  injected: number;
  reference: number;
  insight: number;
  /** Rank (1-based) of each injected session in each ranking. */
  ranks: { id: string; reference: number; insight: number }[];
}

/** Generates, scores and ranks one seed's log; the log file is written to a temporary folder and removed. */
export async function recallOnSeed(seed: number, events = RECALL_EVENTS, weights: InsightWeights = DEFAULT_WEIGHTS, actorColumns?: string[]): Promise<SeedRecall> {
  const { text, report } = generateToString({ events, seed, insightAttacks: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sessionscope-recall-'));
  const file = path.join(dir, `seed${seed}.csv`);
  fs.writeFileSync(file, text);
  try {
    const log = await loadLog({ file });
    const scored = scoreLog(log);
    const si = analyzeInsights(scored, buildBaseline(log.events, scored.sessions, actorColumns), 'insight', weights);
    return recallOf(seed, report, scored.sessions.count, (line) => sessionOfLine(log.events.startLine, scored.sessions, line), scored.scores.ranking, si.order);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function sessionOfLine(startLine: Int32Array, sessions: { count: number; offsets: Int32Array; eventOrder: Int32Array }, line: number): number {
  for (let s = 0; s < sessions.count; s++) {
    for (let j = sessions.offsets[s]; j < sessions.offsets[s + 1]; j++) if (startLine[sessions.eventOrder[j]] === line) return s;
  }
  return -1;
}

function recallOf(seed: number, report: GenReport, count: number, sessionOf: (line: number) => number, reference: Int32Array, insight: Int32Array): SeedRecall {
  const top = Math.max(1, Math.ceil(count / 100));
  const rankIn = (order: Int32Array): Int32Array => {
    const r = new Int32Array(order.length);
    order.forEach((s, i) => (r[s] = i + 1));
    return r;
  };
  const refRank = rankIn(reference);
  const insRank = rankIn(insight);
  const ranks = report.anomalies.map((a) => {
    const s = sessionOf(a.lines[0]);
    return { id: a.id, reference: refRank[s], insight: insRank[s] };
  });
  const within = (key: 'reference' | 'insight'): number => ranks.filter((r) => r[key] <= top).length / ranks.length;
  return { seed, sessions: count, top, injected: ranks.length, reference: within('reference'), insight: within('insight'), ranks };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const seeds = (arg('--seeds') ?? [...TUNING_SEEDS, ...HELD_OUT_SEEDS].join(',')).split(',').map(Number);
  const events = Number(arg('--events') ?? RECALL_EVENTS);
  const actor = arg('--actor');
  for (const seed of seeds) {
    const r = await recallOnSeed(seed, events, DEFAULT_WEIGHTS, actor ? [actor] : undefined);
    const kind = TUNING_SEEDS.includes(seed) ? 'tuning' : 'held-out';
    process.stdout.write(`seed ${seed} (${kind}): ${r.sessions} sessions, top ${r.top}: recall reference ${r.reference.toFixed(2)}, insight ${r.insight.toFixed(2)}\n`);
    for (const x of r.ranks) process.stdout.write(`    ${x.id.padEnd(36)} reference ${String(x.reference).padStart(5)}  insight ${String(x.insight).padStart(5)}\n`);
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(String((e as Error).stack ?? e) + '\n');
    process.exitCode = 1;
  });
}
