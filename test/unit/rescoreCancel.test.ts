// Cancelling a rescore stops the worker's scoring passes through the run's
// SharedStop and keeps the thread and its parsed events: the next rescore
// reads nothing and gives the same result as a fresh run (#9). Runs the
// bundled dist/worker.js through the host side (src/run/workerClient.ts).

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_SCORE, DEFAULT_SESSIONIZE } from '../../src/engine/types';
import { CancelledError, PipelineWorker, type WorkerProgress } from '../../src/run/workerClient';
import type { RunSettings } from '../../src/run/workerProtocol';

const ROOT = path.resolve(__dirname, '../../..');
const WORKER = path.join(ROOT, 'dist', 'worker.js');

describe('cancelling a rescore', function () {
  let dir: string;
  let file: string;

  before(function () {
    assert.ok(existsSync(WORKER), 'dist/worker.js is missing: npm run test:unit builds it');
    dir = mkdtempSync(path.join(tmpdir(), 'sessionscope-rescore-cancel-'));
    file = path.join(dir, 'log.csv');
    // Enough sessions that scoring takes a while: the cancel lands inside it.
    const t0 = Date.UTC(2024, 0, 1);
    const rows = ['TimeGenerated,UserId,Operation,Parameters'];
    for (let i = 0; i < 120_000; i++) {
      const user = i % 1499;
      rows.push(`${new Date(t0 + i * 700).toISOString()},user${user},Op-${(i * 7 + user) % 53},"[{""Name"":""Identity"",""Value"":""v${i % 211}""}]"`);
    }
    writeFileSync(file, rows.join('\n') + '\n');
  });

  after(function () {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const settings = (window: number): RunSettings => ({
    mapping: { users: ['UserId'], time: 'TimeGenerated', event: 'Operation', params: 'Parameters' },
    read: { onBadRow: 'stop' },
    sessionize: DEFAULT_SESSIONIZE,
    score: { ...DEFAULT_SCORE, window },
  });

  it('keeps the thread and its events; the next rescore reads nothing and equals a fresh run', async function () {
    this.timeout(180_000);
    const worker = new PipelineWorker(WORKER);
    const fresh = new PipelineWorker(WORKER);
    try {
      const first = await worker.run({ runId: 1, file, reuseLog: false, ...settings(3) }, () => undefined);
      assert.equal(first.reusedLog, false);

      // A rescore, cancelled as soon as the worker says it is scoring.
      let cancelled: Promise<{ kept: boolean }> | undefined;
      const rescore = worker.run({ runId: 2, file, reuseLog: true, ...settings(4) }, (p) => {
        if (!cancelled && p.stage === 'score') cancelled = worker.cancel();
      });
      await assert.rejects(rescore, CancelledError);
      assert.ok(cancelled, 'the rescore reported its scoring stage');
      assert.deepEqual(await cancelled, { kept: true });
      assert.equal(worker.alive, true, 'the thread lives on');

      const stages: WorkerProgress['stage'][] = [];
      const again = await worker.run({ runId: 3, file, reuseLog: true, ...settings(4) }, (p) => stages.push(p.stage));
      assert.equal(again.reusedLog, true, 'the parsed events were scored again');
      assert.ok(!stages.includes('read'), `no read stage: ${stages.join(', ')}`);
      assert.ok(stages.includes('score'));

      // The same settings on a thread that reads the file: the same sessions, in the same order, with the same scores.
      const expected = await fresh.run({ runId: 3, file, reuseLog: false, ...settings(4) }, () => undefined);
      assert.equal(expected.reusedLog, false);
      const a = again.result.sessions;
      const b = expected.result.sessions;
      assert.equal(a.count, b.count);
      assert.ok(a.count > 1000, `${a.count} sessions`);
      assert.ok(a.id instanceof Int32Array && a.likelihood instanceof Float64Array, 'typed columns');
      for (const key of ['id', 'start', 'eventCount', 'likelihood', 'logLikelihood', 'windowCommands', 'referenceRank'] as const) assert.deepEqual(a[key], b[key], key);
    } finally {
      await worker.terminate();
      await fresh.terminate();
    }
  });

  it('still terminates the thread when a first read is cancelled', async function () {
    this.timeout(60_000);
    const worker = new PipelineWorker(WORKER);
    let cancelled: Promise<{ kept: boolean }> | undefined;
    const run = worker.run({ runId: 1, file, reuseLog: false, ...settings(3) }, (p) => {
      if (!cancelled && p.stage === 'read') cancelled = worker.cancel();
    });
    await assert.rejects(run, CancelledError);
    assert.deepEqual(await cancelled, { kept: false });
    assert.equal(worker.alive, false);
  });
});
