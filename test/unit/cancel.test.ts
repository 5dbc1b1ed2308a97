// Cancelling a run from the extension stops the pipeline thread within a
// second, mid-read, and with it the two-halves reader's own worker (#8).
// Runs the bundled dist/worker.js through the host side (src/run/workerClient.ts), which
// has no `vscode` import.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_SCORE, DEFAULT_SESSIONIZE } from '../../src/engine/types';
import { CancelledError, PipelineWorker } from '../../src/run/workerClient';

const ROOT = path.resolve(__dirname, '../../..');
const WORKER = path.join(ROOT, 'dist', 'worker.js');

describe('cancelling a run', function () {
  let dir: string;
  let file: string;

  before(function () {
    assert.ok(existsSync(WORKER) && existsSync(path.join(ROOT, 'dist', 'csvWorker.js')), 'dist/worker.js or dist/csvWorker.js is missing: npm run test:unit builds them');
    dir = mkdtempSync(path.join(tmpdir(), 'sessionscope-cancel-'));
    file = path.join(dir, 'big.csv');
    // About 64 MB: over the two-halves threshold (16 MB), and several seconds to read on this machine.
    const t0 = Date.UTC(2024, 0, 1);
    const rows = ['TimeGenerated,UserId,Operation,Parameters'];
    const pad = 'x'.repeat(200);
    for (let i = 0; i < 250_000; i++) rows.push(`${new Date(t0 + i * 1000).toISOString()},user${i % 997},Op-${i % 41},"[{""Name"":""N"",""Value"":""${pad}""}]"`);
    writeFileSync(file, rows.join('\n') + '\n');
  });

  after(function () {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stops the thread within 1 s of the cancel, mid-read, and nothing keeps working', async function () {
    this.timeout(60_000);
    const worker = new PipelineWorker(WORKER);
    let cancelled: Promise<number> | undefined;
    const run = worker.run(
      {
        runId: 1,
        file,
        reuseLog: false,
        mapping: { users: ['UserId'], time: 'TimeGenerated', event: 'Operation', params: 'Parameters' },
        read: { onBadRow: 'stop' },
        sessionize: DEFAULT_SESSIONIZE,
        score: DEFAULT_SCORE,
      },
      (p) => {
        if (cancelled || p.stage !== 'read' || p.bytesRead === 0) return;
        assert.ok(p.bytesRead < p.totalBytes, 'cancelled mid-read');
        const at = performance.now();
        cancelled = worker.cancel().then(() => performance.now() - at);
      },
    );
    await assert.rejects(run, CancelledError);
    assert.ok(cancelled, 'the run reported read progress');
    const tookMs = await cancelled;
    assert.ok(tookMs < 1000, `the thread took ${tookMs.toFixed(0)} ms to stop`);
    assert.equal(worker.alive, false);
    // The second half's reader (a worker of the worker) must have stopped too: the process goes idle.
    const cpu0 = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 500));
    const cpu = process.cpuUsage(cpu0);
    const busyMs = (cpu.user + cpu.system) / 1000;
    assert.ok(busyMs < 250, `${busyMs.toFixed(0)} ms of CPU in the 500 ms after the cancel: a thread kept reading`);
  });
});
