// A reference-ranked result goes to the panel before its insights are
// judged; they follow in their own message. What follows must be exactly
// what one build with insights gives, in the result's rows, and the worker
// must send it once, after the reply, and answer requests that come first.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runInsights } from '../../src/engine/insights/run';
import { loadLog, scoreLog } from '../../src/engine/pipeline';
import { DEFAULT_SCORE, DEFAULT_SESSIONIZE } from '../../src/engine/types';
import { buildPanelResult, panelInsightColumns, panelRows } from '../../src/present/panelData';
import { insightColumnsOf, pageInsightColumns, type PanelInsightColumns } from '../../src/protocol';
import { PipelineWorker, WorkerExitError } from '../../src/run/workerClient';
import type { RunSettings } from '../../src/run/workerProtocol';

const ROOT = path.resolve(__dirname, '../../..');
const SAMPLE = path.join(ROOT, 'media', 'sample', 'exchange-admin-sample.csv');
const WORKER = path.join(ROOT, 'dist', 'worker.js');

function plain(c: PanelInsightColumns): Record<string, unknown[]> {
  return {
    insightScore: Array.from(c.insightScore),
    insightKinds: Array.from(c.insightKinds),
    insightCount: Array.from(c.insightCount),
    topKind: Array.from(c.topKind),
    topInsight: [...c.topInsight],
  };
}

describe('insights after the result', function () {
  this.timeout(120_000);

  it('a result built without insights, plus its insight columns, equals the result built with them', async () => {
    const scored = scoreLog(await loadLog({ file: SAMPLE }));
    const whole = buildPanelResult(scored, 1, runInsights(scored, { ranking: 'reference' }).insights);
    const first = buildPanelResult(scored, 1, null);
    assert.equal(first.insightsPending, true);
    assert.equal(whole.insightsPending, undefined);
    assert.equal(first.ranking, 'reference');
    // Placeholders: no insights, no scores.
    assert.ok(Array.from(first.sessions.insightCount).every((k) => k === 0));
    assert.ok(Array.from(first.sessions.insightScore).every(Number.isNaN));
    assert.ok(Array.from(first.sessions.topKind).every((k) => k === -1));
    // Everything but the insights is the same.
    for (const key of ['id', 'start', 'end', 'eventCount', 'likelihood', 'logLikelihood', 'user', 'windowOffsets', 'windowCommands', 'referenceRank'] as const) {
      assert.deepEqual(Array.from(first.sessions[key]), Array.from(whole.sessions[key]), key);
    }
    assert.deepEqual(first.userTuples, whole.userTuples);
    // The columns that follow, in the first result's rows, are the whole build's.
    const later = panelInsightColumns(scored, runInsights(scored, { ranking: 'reference' }).insights, panelRows(first.sessions.id));
    assert.deepEqual(plain(later), plain(insightColumnsOf(whole.sessions)));
    assert.ok(Array.from(later.insightCount).some((k) => k > 0), 'the sample has sessions with insights');
  });

  it('tells the host when the thread ends on its own (the insights it owed will not come), not when the host ends it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sessionscope-gone-'));
    const script = path.join(dir, 'dies.js');
    writeFileSync(script, 'process.exit(3);\n');
    try {
      const dying = new PipelineWorker(script);
      const gone: Error[] = [];
      dying.onGone = (err) => gone.push(err);
      await assert.rejects(dying.details(1, 0), WorkerExitError);
      assert.equal(gone.length, 1);
      assert.ok(gone[0] instanceof WorkerExitError && gone[0].exitCode === 3);

      const ended = new PipelineWorker(WORKER);
      let told = 0;
      ended.onGone = () => told++;
      await ended.details(1, 0);
      await ended.terminate();
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(told, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('through the worker', () => {
    before(function () {
      assert.ok(existsSync(WORKER), 'dist/worker.js is missing: npm run test:unit builds it');
    });
    const settings = (ranking: 'reference' | 'insight'): RunSettings => ({ read: {}, sessionize: DEFAULT_SESSIONIZE, score: DEFAULT_SCORE, ranking });

    it('sends the insight columns once, when the host asks after the reply, equal to a build with insights', async () => {
      const worker = new PipelineWorker(WORKER);
      const got: { runId: number; columns?: PanelInsightColumns; error?: Error; afterReply: boolean }[] = [];
      let replied = false;
      worker.onInsights = (runId, outcome) => got.push({ runId, ...outcome, afterReply: replied });
      try {
        const report = await worker.run({ runId: 7, file: SAMPLE, reuseLog: false, ...settings('reference') }, () => undefined);
        replied = true;
        assert.equal(report.result.insightsPending, true);
        // A details request right after the reply is answered with the session's insights.
        const top = report.result.sessions.id[0];
        const details = await worker.details(7, top);
        assert.ok(details, 'no details for the top session');
        // Unasked, none come: the host asks once the page has drawn the result.
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(got.length, 0, 'insights came before the host asked for them');
        // Asked: they come before the reply to the asking, and only once however often it is asked.
        assert.equal(await worker.judgeInsights(7), true);
        assert.equal(got.length, 1, `insights messages: ${got.length}`);
        assert.equal(await worker.judgeInsights(7), true);
        await new Promise((r) => setTimeout(r, 200));
        assert.equal(got.length, 1, `insights messages after asking twice: ${got.length}`);
        assert.equal(got[0].runId, 7);
        assert.equal(got[0].afterReply, true);
        assert.equal(got[0].error, undefined);
        const scored = scoreLog(await loadLog({ file: SAMPLE }));
        const whole = buildPanelResult(scored, 7, runInsights(scored, { ranking: 'reference' }).insights);
        assert.deepEqual(plain(got[0].columns!), plain(insightColumnsOf(whole.sessions)));
        assert.equal(details.insights.length, whole.sessions.insightCount[0]);
        // The page form the host forwards: scores in single precision, the rest as they are.
        assert.ok(pageInsightColumns(got[0].columns!).insightScore instanceof Float32Array);
      } finally {
        await worker.terminate();
      }
    });

    it('under the insight ranking the result carries its insights and nothing follows', async () => {
      const worker = new PipelineWorker(WORKER);
      let messages = 0;
      worker.onInsights = () => messages++;
      try {
        const report = await worker.run({ runId: 1, file: SAMPLE, reuseLog: false, ...settings('insight') }, () => undefined);
        assert.equal(report.result.insightsPending, undefined);
        assert.ok(report.result.sessions.insightCount[0] > 0);
        await worker.details(1, report.result.sessions.id[0]);
        assert.equal(await worker.judgeInsights(1), false, 'nothing is owed: they went with the result');
        await new Promise((r) => setTimeout(r, 200));
        assert.equal(messages, 0);
      } finally {
        await worker.terminate();
      }
    });

    it('a rescore gets insights of its own, once, when asked after its reply; the earlier run\u2019s are no longer owed', async () => {
      const worker = new PipelineWorker(WORKER);
      const seen: { runId: number; replies: number }[] = [];
      let replies = 0;
      worker.onInsights = (runId) => seen.push({ runId, replies });
      try {
        await worker.run({ runId: 1, file: SAMPLE, reuseLog: false, ...settings('reference') }, () => undefined);
        replies++;
        // A rescore before run 1's insights were asked for.
        const b = await worker.run({ runId: 2, file: SAMPLE, reuseLog: true, ...settings('reference') }, () => undefined);
        replies++;
        assert.equal(b.reusedLog, true);
        assert.equal(b.result.insightsPending, true);
        assert.equal(await worker.judgeInsights(1), false, "run 1's are no longer owed");
        assert.equal(await worker.judgeInsights(2), true);
        await new Promise((r) => setTimeout(r, 200));
        assert.deepEqual(seen, [{ runId: 2, replies: 2 }]);
      } finally {
        await worker.terminate();
      }
    });
  });
});
