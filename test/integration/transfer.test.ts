// Panel transfer (#9) in a real extension host: a 240k-session result goes
// from the worker to the host and to the webview as typed arrays. The host
// thread's time in the panel's postMessage of the result (where VS Code
// serializes it) is printed with PASS/MISS against 50 ms.
//
// With SESSIONSCOPE_BENCH_PANEL_FILE set (scripts/bench/panel.ts sets it and
// greps for "panel bench"), one more test scores that file and prints the
// extension's time through the panel's first render. Without it that test
// is not defined at all: the normal tiers neither run nor skip it.
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { score, testApi } from './api';

const SESSIONS = 240_000;
const USERS = 4000;
const TARGET_MS = 50;

const columns = { users: ['UserId'], time: 'TimeGenerated', event: 'Operation' };



/** Two events per session, one user's sessions 10 minutes apart (over the 2-minute gap). */
function writeLog(file: string, sessions: number): void {
  const t0 = Date.UTC(2024, 0, 1);
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, 'TimeGenerated,UserId,Operation\n');
    let chunk: string[] = [];
    for (let j = 0; j < sessions; j++) {
      const user = j % USERS;
      const t = t0 + Math.floor(j / USERS) * 600_000 + user * 10;
      chunk.push(`${new Date(t).toISOString()},user${user},Op-${(j * 7 + user) % 40}`);
      chunk.push(`${new Date(t + 1000).toISOString()},user${user},Op-${(j * 3 + 1) % 40}`);
      if (chunk.length >= 20_000) {
        fs.writeSync(fd, chunk.join('\n') + '\n');
        chunk = [];
      }
    }
    if (chunk.length > 0) fs.writeSync(fd, chunk.join('\n') + '\n');
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Runs the CLI to its exit, its output dropped: its wall time in ms, and the
 * stage times its summary on stderr gives ("read 4565 ms, sessionize 184 ms,
 * ..."), to set beside the worker's. Fails on a non-zero exit.
 */
function timeCli(node: string, args: string[]): Promise<{ ms: number; stages: Record<string, number> }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(node, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the CLI exited with ${code}: ${err}`));
      const stages: Record<string, number> = {};
      for (const m of err.matchAll(/\b(read|sessionize|train|score|baseline|sessions) (\d+) ms\b/g)) stages[m[1]] = Number(m[2]);
      resolve({ ms: performance.now() - t0, stages });
    });
  });
}

describe('panel transfer', function () {
  let dir: string;

  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sessionscope-transfer-'));
  });

  after(async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`posts a ${SESSIONS / 1000}k-session result to the panel and prints its host-thread time against the ${TARGET_MS} ms target`, async function () {
    this.timeout(600_000);
    const file = path.join(dir, 'sessions-240k.csv');
    writeLog(file, SESSIONS);
    const outcome = await score(file, { mapping: columns, window: 2, sessionType: 'cmds_only' });
    assert.ok(outcome.ok, `scored: ${JSON.stringify(outcome)}`);
    assert.equal(outcome.sessions, SESSIONS);
    const snap = await testApi();
    const postMs = snap.lastResult?.postMs;
    assert.ok(postMs !== undefined, 'the result was posted to the panel');
    console.log(`      ${SESSIONS / 1000}k sessions: host-thread postMessage of the result ${postMs.toFixed(1)} ms (target < ${TARGET_MS} ms): ${postMs < TARGET_MS ? 'PASS' : 'MISS'}`);
    // No bound is asserted: in the offline harness (a remote extension host) the figure swings 90-600 ms with the machine's load.
    // The panel drew it: every session reached the page, through the packed (deflated) form a result this large takes.
    assert.ok(snap.posted.some((m) => m.type === 'result' && m.runId === outcome.runId));
    assert.equal(snap.lastResult?.pageSessions, SESSIONS);
    assert.equal(snap.lastResult?.pagePacked, true);
  });

  const benchFile = process.env.SESSIONSCOPE_BENCH_PANEL_FILE;
  if (benchFile) {
    it('panel bench: scores the bench file through the first render', async function () {
      this.timeout(1_800_000);
      // The workbench is still starting when the first test runs (its renderer busy for several seconds on 2 cores,
      // taking CPU from the reader threads); a user's window has settled before they score a file.
      // As a user who scores the log from its editor (the title button, the palette) has it open: the extension
      // readies a thread when a log becomes the active editor (extension/warmup.ts); for a large log
      // (extension/largeLog.ts: the 1M-event file is) a thread whose code is not warmed. Off with
      // SESSIONSCOPE_BENCH_PANEL_OPEN=0, for a run from the Explorer's context menu on a file not open.
      // (Over 50 MB the editor shows VS Code's "very large" notice instead of the text, as it does for a user; the tab is open all the same.)
      // SESSIONSCOPE_BENCH_PANEL_LARGE_BYTES moves the large-log line (bench:panel --large-log-bytes), to measure either side of it.
      const largeBytes = process.env.SESSIONSCOPE_BENCH_PANEL_LARGE_BYTES;
      if (largeBytes) await testApi({ action: 'largeLogBytes', bytes: Number(largeBytes) });
      if (process.env.SESSIONSCOPE_BENCH_PANEL_OPEN !== '0') await Promise.resolve(vscode.commands.executeCommand('vscode.open', vscode.Uri.file(benchFile))).catch(() => undefined);
      const settleMs = Number(process.env.SESSIONSCOPE_BENCH_PANEL_SETTLE_MS ?? 10_000);
      await new Promise((r) => setTimeout(r, settleMs));
      // The CLI on the same file in this same state of the machine, the window open and idle, seconds before the
      // extension's run: the machine's speed drifts by a quarter from minute to minute, the pair shares the moment.
      const cli = process.env.SESSIONSCOPE_BENCH_PANEL_CLI;
      let cliInWindowMs: number | undefined;
      let cliStages: Record<string, number> | undefined;
      if (cli) {
        const { node, args } = JSON.parse(cli) as { node: string; args: string[] };
        ({ ms: cliInWindowMs, stages: cliStages } = await timeCli(node, args));
        await new Promise((r) => setTimeout(r, 2000));
      }
      const waiting = (await testApi()).threads;
      const spareThread = (waiting?.spare ?? null) !== null || (waiting?.largeSpare ?? null) !== null;
      const largeSpareThread = (waiting?.largeSpare ?? null) !== null;
      const t0 = performance.now();
      const t0Epoch = Date.now();
      const outcome = await score(benchFile, { mapping: JSON.parse(process.env.SESSIONSCOPE_BENCH_PANEL_MAPPING ?? 'null') ?? undefined });
      const commandMs = performance.now() - t0;
      assert.ok(outcome.ok, `scored: ${JSON.stringify(outcome)}`);
      const snap = await testApi();
      const t = snap.lastResult?.timings;
      // To the first render. The command itself resolves later: after the render it waits for the sessions'
      // insights, which follow the result. The host hears of the render one message later (0.1-0.2 s in this
      // harness, where the page's message goes through the browser, a WebSocket and the server): the user
      // sees the chart when the page has drawn it, so that moment is the one judged, by the page's clock, which
      // is the host's on this one machine (both Date.now()). The host's figure is printed beside it.
      const r = snap.lastResult;
      const renderedAt = r?.renderedAt;
      assert.ok(renderedAt !== undefined && renderedAt > t0, `no render recorded after the command began (${renderedAt})`);
      const heardMs = renderedAt - t0;
      // The four moments must come in order on one clock; if not (a page on another machine), the host's figure is judged.
      const moments = [t0Epoch, r?.postedAt, r?.receivedAt, r?.drawnAt, r?.heardAt];
      const inOrder = moments.every((m, k) => m !== undefined && (k === 0 || m >= (moments[k - 1] as number)));
      const ms = inOrder ? (r?.drawnAt as number) - t0Epoch : heardMs;
      const way = inOrder ? { wayMs: (r?.receivedAt as number) - (r?.postedAt as number), backMs: (r?.heardAt as number) - (r?.drawnAt as number) } : {};
      // Whether the panel was open while the file was read, or opened when the read ended (a large log, extension/largeLog.ts).
      const panelDuringRead = snap.progressLog?.some((p) => p.stage === 'read' && p.panel === true) ?? null;
      console.log(`PANEL_BENCH ${JSON.stringify({ ms, clock: inOrder ? 'page' : 'host', heardMs, ...way, cliInWindowMs, cliStages, spareThread, largeSpareThread, panelDuringRead, spareAfter: snap.threads?.spare ?? null, commandMs, events: outcome.events, sessions: outcome.sessions, postMs: snap.lastResult?.postMs, drawMs: snap.lastResult?.drawMs, inflateMs: snap.lastResult?.inflateMs, packed: snap.lastResult?.pagePacked, timings: t })}`);
    });
  }
});
