// A pipeline thread warmed ahead of need (src/run/workerSpare.ts): the next
// analysis takes that very thread and runs on it, a spare nobody takes ends
// after its idle time, and a spare that cannot start is dropped so the
// analysis starts its own. Real threads on the bundled dist/worker.js.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PipelineWorker } from '../../src/run/workerClient';
import { WorkerSpare } from '../../src/run/workerSpare';

const ROOT = path.resolve(__dirname, '../../..');
const WORKER = path.join(ROOT, 'dist', 'worker.js');
/** Steps of a whole warm-up (src/run/warmUp.ts): six for each of its two logs. */
const WARM_STEPS = 12;

async function until(what: string, test: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('a warmed pipeline thread', function () {
  this.timeout(30_000);
  let dir: string;
  let file: string;

  before(function () {
    assert.ok(existsSync(WORKER), 'dist/worker.js is missing: npm run test:unit builds it');
    dir = mkdtempSync(path.join(tmpdir(), 'sessionscope-spare-'));
    file = path.join(dir, 'log.csv');
    writeFileSync(file, 'TimeGenerated,UserId,Operation\n2024-01-01T00:00:00Z,alice,Get-Mailbox\n2024-01-01T00:01:00Z,alice,Set-Mailbox\n');
  });

  after(function () {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is the thread the next analysis runs on, and is handed over once', async function () {
    const spare = new WorkerSpare(WORKER);
    try {
      spare.warm();
      const warmed = spare.threadId;
      assert.ok(warmed !== undefined && warmed > 0, 'warm() started no thread');
      spare.warm();
      assert.equal(spare.threadId, warmed, 'a second warm() started another thread while one waits');
      const worker = new PipelineWorker(WORKER, () => spare.take());
      const detection = await worker.inspect(file);
      assert.equal(worker.threadId, warmed, 'the analysis did not run on the warmed thread');
      assert.deepEqual(detection.mapping.users, ['UserId']);
      assert.equal(spare.threadId, undefined, 'the spare still holds the thread it handed over');
      // A second analysis gets no thread from the empty spare: it starts its own.
      const other = new PipelineWorker(WORKER, () => spare.take());
      await other.inspect(file);
      assert.ok(other.threadId !== undefined && other.threadId !== warmed);
      await Promise.all([worker.terminate(), other.terminate()]);
    } finally {
      spare.dispose();
    }
  });

  it('ends a thread nobody took after its idle time, and warms again after that', async function () {
    const spare = new WorkerSpare(WORKER, 100);
    try {
      spare.warm();
      const first = spare.threadId;
      assert.ok(first !== undefined);
      await until('the idle spare to end', () => spare.threadId === undefined, 5_000);
      spare.warm();
      assert.ok(spare.threadId !== undefined && spare.threadId !== first, 'warm() after the idle end started no new thread');
    } finally {
      spare.dispose();
    }
    assert.equal(spare.threadId, undefined, 'dispose() left a thread waiting');
    spare.warm();
    assert.equal(spare.threadId, undefined, 'warm() after dispose() started a thread');
  });

  it('warms its code on made-up logs while it waits, then runs the analysis that takes it', async function () {
    const spare = new WorkerSpare(WORKER);
    try {
      spare.warm();
      await until('the spare to finish warming', () => spare.warmedSteps !== undefined);
      assert.equal(spare.warmedSteps, WARM_STEPS, 'the warm-up stopped before its last step with no request');
      const worker = new PipelineWorker(WORKER, () => spare.take());
      const detection = await worker.inspect(file);
      assert.deepEqual(detection.mapping.users, ['UserId']);
      assert.equal(spare.warmedSteps, undefined, 'the spare still reports the thread it handed over');
      await worker.terminate();
    } finally {
      spare.dispose();
    }
  });

  it('stops warming at the first request and answers it', async function () {
    const warmFolders = (): string[] => readdirSync(tmpdir()).filter((f) => f.startsWith('sessionscope-warm-'));
    const before = warmFolders();
    const thread = new Worker(WORKER, { workerData: { warmUp: true } });
    try {
      const messages: { id?: number; type: string; steps?: number; value?: { mapping?: { event?: string } } }[] = [];
      thread.on('message', (m) => messages.push(m));
      thread.postMessage({ id: 1, type: 'inspect', file });
      await until('the reply and the end of the warm-up', () => messages.some((m) => m.type === 'reply') && messages.some((m) => m.type === 'warmed'));
      const warmed = messages.find((m) => m.type === 'warmed')!;
      assert.ok(warmed.steps! < WARM_STEPS, `the warm-up went on for ${warmed.steps} steps after a request came`);
      assert.equal(messages.find((m) => m.type === 'reply')!.value?.mapping?.event, 'Operation');
      assert.deepEqual(warmFolders(), before, 'the warm-up left its made-up logs behind');
    } finally {
      await thread.terminate();
    }
  });

  it('drops a thread that fails to start; the analysis then starts its own and works', async function () {
    const spare = new WorkerSpare(path.join(dir, 'no-such-worker.js'));
    try {
      spare.warm();
      assert.ok(spare.threadId !== undefined);
      await until('the failed spare to be dropped', () => spare.threadId === undefined);
      const worker = new PipelineWorker(WORKER, () => spare.take());
      const detection = await worker.inspect(file);
      assert.deepEqual(detection.mapping.event, 'Operation');
      await worker.terminate();
    } finally {
      spare.dispose();
    }
  });
});
