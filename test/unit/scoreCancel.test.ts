// Cancelling a rescore (#9): sessionize, train and score look at a stop
// signal every few thousand sessions, throw its reason promptly, and leave
// the loaded log as it was, so the next score runs on it unchanged.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoadedLog, ScoredLog } from '../../src/engine/stages';
import { loadLog, scoreLog } from '../../src/engine/pipeline';
import { SharedStop, type StopSignal } from '../../src/engine/stop';
import { generateToString } from '../../scripts/gen-lib';

/** A stop signal that records when each look happened and stops at look `after`. */
class CountingStop implements StopSignal {
  readonly at: number[] = [];
  constructor(private readonly after: number) {}
  throwIfAborted(): void {
    this.at.push(performance.now());
    if (this.at.length >= this.after) throw new Error(`stopped at look ${this.at.length}`);
  }
}

function sameScores(a: ScoredLog, b: ScoredLog): void {
  assert.equal(a.sessions.count, b.sessions.count);
  assert.deepEqual(Array.from(a.sessions.eventOrder), Array.from(b.sessions.eventOrder));
  assert.deepEqual(Array.from(a.scores.rarestWindowLikelihood), Array.from(b.scores.rarestWindowLikelihood));
  assert.deepEqual(Array.from(a.scores.sessionLogLikelihood), Array.from(b.scores.sessionLogLikelihood));
  assert.deepEqual(Array.from(a.scores.ranking), Array.from(b.scores.ranking));
}

describe('cancelling a rescore', function () {
  let dir: string;
  let log: LoadedLog;
  let reference: ScoredLog;
  let looks: number;

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), 'sessionscope-rescore-'));
    const file = path.join(dir, 'exchange.csv');
    writeFileSync(file, generateToString({ events: 60_000, seed: 3, format: 'csv', profile: 'bench' }).text);
    log = await loadLog({ file });
    reference = scoreLog(log, {}, { sessionType: 'cmds_params_values' });
    const count = new CountingStop(Infinity);
    scoreLog(log, {}, { sessionType: 'cmds_params_values' }, {}, { signal: count });
    looks = count.at.length;
  });

  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it('looks at the signal all through sessionize, train and score, never long apart', function () {
    // 60,000 events in about 14,000 sessions: a look every 65,536 events (sessionize), 4,096 sessions (train), 2,048 (score).
    assert.ok(looks >= 12, `looked ${looks} times`);
    const count = new CountingStop(Infinity);
    scoreLog(log, {}, { sessionType: 'cmds_params_values' }, {}, { signal: count });
    let longest = 0;
    for (let i = 1; i < count.at.length; i++) longest = Math.max(longest, count.at[i] - count.at[i - 1]);
    // Generous for a loaded machine: the whole scoring takes a few hundred ms here.
    assert.ok(longest < 250, `longest stretch without a look: ${longest.toFixed(0)} ms`);
  });

  it('stops at any look with the reason given, and the log scores the same afterwards', function () {
    for (const after of [1, 2, Math.floor(looks / 2), looks - 1]) {
      const stop = new CountingStop(after);
      assert.throws(() => scoreLog(log, {}, { sessionType: 'cmds_params_values' }, {}, { signal: stop }), new RegExp(`stopped at look ${after}$`));
      assert.equal(stop.at.length, after, 'no look after the stop');
    }
    sameScores(scoreLog(log, {}, { sessionType: 'cmds_params_values' }), reference);
  });

  it('an aborted AbortSignal stops before any work, with its reason', function () {
    const ac = new AbortController();
    ac.abort(new Error('user cancelled'));
    assert.throws(() => scoreLog(log, {}, {}, {}, { signal: ac.signal }), /user cancelled/);
    sameScores(scoreLog(log, {}, { sessionType: 'cmds_params_values' }), reference);
  });

  it('a SharedStop set by another thread stops a busy scoring thread promptly', async function () {
    const buffer = new SharedArrayBuffer(16);
    const stop = new SharedStop(buffer);
    const setAt = new Float64Array(buffer, 8, 1);
    // The other thread sets the flag 300 ms after it starts, and notes when (Date.now is shared by threads).
    const worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       setTimeout(() => { new Float64Array(workerData, 8, 1)[0] = Date.now(); Atomics.store(new Int32Array(workerData, 0, 1), 0, 1); }, 300);`,
      { eval: true, workerData: buffer },
    );
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    try {
      await new Promise((resolve) => worker.once('online', resolve));
      let runs = 0;
      let caught: unknown;
      const deadline = Date.now() + 30_000;
      // This thread never yields while scoring: only the shared flag can reach it.
      while (caught === undefined && Date.now() < deadline) {
        try {
          scoreLog(log, {}, { sessionType: 'cmds_params_values' }, {}, { signal: stop });
          runs++;
        } catch (e) {
          caught = e;
        }
      }
      const late = Date.now() - setAt[0];
      assert.ok(caught instanceof DOMException && caught.name === 'AbortError', `an AbortError, got ${String(caught)}`);
      assert.ok(stop.stopped);
      assert.ok(late < 250, `stopped ${late} ms after the flag was set (${runs} whole runs before)`);
      stop.reset();
      sameScores(scoreLog(log, {}, { sessionType: 'cmds_params_values' }, {}, { signal: stop }), reference);
    } finally {
      await exited;
    }
  });
});
