// A large log's first run (src/extension/largeLog.ts): read in two halves
// (CSV), the panel opens when the read ends, the notification saying so while
// it reads; read on one thread, at the first progress; looking at the file
// starts a thread whose code is not warmed, which its run takes, never the
// warmed spare; an error during the read still opens the panel with it. The line is
// lowered through the test API so the files stay small; a smaller file keeps
// the usual way (panel at once, the spare taken).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ScoreFileOptions } from '../../src/extension/commands';
import type { ProgressRecord } from '../../src/extension/host';
import { score, testApi, waitFor } from './api';

const LINE = 64 * 1024;
const PANEL_LATER = 'the panel opens when the read ends';
const columns = { users: ['UserId'], time: 'TimeGenerated', event: 'Operation' };

/** A CSV log of `rows` events; `note` characters more per row make it wider. */
function writeLog(file: string, rows: number, note = 0): void {
  const lines = [`TimeGenerated,UserId,Operation${note ? ',Note' : ''}`];
  const t0 = Date.UTC(2024, 0, 1);
  const text = 'n'.repeat(note);
  for (let i = 0; i < rows; i++) lines.push(`${new Date(t0 + i * 7000).toISOString()},user${i % 13},Op-${(i * 7) % 11}${note ? `,${text}` : ''}`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

/** Over the size from which a CSV is read in two halves (PARALLEL_MIN_BYTES, 16 MB): the read that keeps both cores busy. */
const TWO_HALVES_BYTES = 17 * 1024 * 1024;

const snapshot = async (): Promise<{ progressLog: ProgressRecord[]; panels: string[]; spare: number | null; largeSpare: number | null; files: Record<string, number | null> }> => {
  const s = await testApi();
  assert.ok(s.progressLog && s.panels && s.threads, 'the test API gives no progress log, panels or threads');
  return { progressLog: s.progressLog, panels: s.panels, ...s.threads };
};

const fsPath = (file: string): string => vscode.Uri.file(file).fsPath;

describe('a large log', function () {
  this.timeout(120_000);
  let dir: string;
  let large: string;
  let small: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sessionscope-large-'));
    large = path.join(dir, 'large.csv');
    small = path.join(dir, 'small.csv');
    writeLog(large, 70_000, 220);
    writeLog(small, 300);
    assert.ok(fs.statSync(large).size >= TWO_HALVES_BYTES, 'the large log is not read in two halves');
    assert.ok(fs.statSync(small).size < LINE, 'the small log is over the line');
    await testApi({ action: 'largeLogBytes', bytes: LINE });
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await testApi({ action: 'largeLogBytes' });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts a thread, its code not warmed, when it becomes active', async () => {
    await testApi({ action: 'endSpare' });
    await vscode.window.showTextDocument(vscode.Uri.file(large), { preview: false });
    await waitFor('a thread for the large log', async () => (await snapshot()).largeSpare ?? undefined);
    // The check stats the file; give it time to (wrongly) warm the other spare too before asserting it did not.
    await new Promise((r) => setTimeout(r, 1000));
    assert.strictEqual((await snapshot()).spare, null, 'a large log warmed the spare');
  });

  it('opens its panel when the read ends, and its run takes the thread started for it while the warmed spare waits', async () => {
    await testApi({ action: 'endSpare' });
    // The large log in view starts its thread, and a smaller file in view warms the spare...
    await vscode.window.showTextDocument(vscode.Uri.file(large), { preview: false });
    const largeSpare = await waitFor('a thread for the large log', async () => (await snapshot()).largeSpare ?? undefined);
    await vscode.window.showTextDocument(vscode.Uri.file(small), { preview: false });
    const spare = await waitFor('a spare thread for the small log', async () => (await snapshot()).spare ?? undefined);
    const outcome = await score(large, { mapping: columns });
    assert.ok(outcome.ok, `the run failed: ${JSON.stringify(outcome)}`);
    const after = await snapshot();
    // ... which the large log's run leaves to it, taking its own.
    assert.strictEqual(after.spare, spare, 'the spare was taken or ended');
    assert.strictEqual(after.files[fsPath(large)], largeSpare, 'the large log did not run on the thread started for it');
    assert.strictEqual(after.largeSpare, null, 'the large log\'s thread still waits');

    const reads = after.progressLog.filter((p) => p.stage === 'read');
    const later = after.progressLog.filter((p) => p.stage !== 'read');
    assert.ok(reads.length > 0 && later.length > 0, `progress: ${JSON.stringify(after.progressLog)}`);
    for (const p of reads) {
      assert.strictEqual(p.panel, false, `the panel was open during the read: ${JSON.stringify(p)}`);
      assert.ok(p.message?.includes(PANEL_LATER), `the notification did not say when the panel opens: ${p.message}`);
    }
    for (const p of later) assert.strictEqual(p.panel, true, `the panel was not open after the read: ${JSON.stringify(p)}`);
    assert.ok(after.progressLog.indexOf(later[0]) > after.progressLog.indexOf(reads[reads.length - 1]), 'a later stage came before the read ended');
    // The panel drew the result.
    assert.ok(after.panels.includes(fsPath(large)), 'no panel for the large log');
    const result = (await testApi()).lastResult;
    assert.strictEqual(result?.filePath, fsPath(large));
    assert.ok(result.renderedAt !== undefined, 'the panel did not draw the result');
  });

  it('read on one thread (JSON Lines), it opens its panel at the first progress: the read leaves a core for the page', async () => {
    const jsonl = path.join(dir, 'large.jsonl');
    const t0 = Date.UTC(2024, 0, 1);
    fs.writeFileSync(jsonl, Array.from({ length: 3000 }, (_, i) => JSON.stringify({ TimeGenerated: new Date(t0 + i * 7000).toISOString(), UserId: `user${i % 13}`, Operation: `Op-${(i * 7) % 11}` })).join('\n') + '\n');
    assert.ok(fs.statSync(jsonl).size >= LINE);
    const outcome = await score(jsonl, { mapping: columns });
    assert.ok(outcome.ok, `the run failed: ${JSON.stringify(outcome)}`);
    const { progressLog, panels } = await snapshot();
    assert.ok(progressLog.some((p) => p.stage === 'read'), `no read progress: ${JSON.stringify(progressLog)}`);
    for (const p of progressLog) {
      assert.strictEqual(p.panel, true, `the panel was not open: ${JSON.stringify(p)}`);
      assert.ok(!p.message?.includes(PANEL_LATER), `a one-thread read's notification said ${p.message}`);
    }
    assert.ok(panels.includes(fsPath(jsonl)));
  });

  it('keeps the usual way for a smaller file: the panel open from the start', async () => {
    const outcome = await score(small, { mapping: columns });
    assert.ok(outcome.ok, `the run failed: ${JSON.stringify(outcome)}`);
    const { progressLog } = await snapshot();
    assert.ok(progressLog.length > 0);
    for (const p of progressLog) {
      assert.strictEqual(p.panel, true, `the panel was not open: ${JSON.stringify(p)}`);
      assert.ok(!p.message?.includes(PANEL_LATER), `a small log's notification said ${p.message}`);
    }
  });

  /** Scores `file`, which must fail with an error naming `what`, and checks that its panel opened and was sent that error. */
  async function failsInPanel(file: string, options: ScoreFileOptions, what: string): Promise<void> {
    const outcome = await score(file, options);
    assert.ok(!outcome.ok && !outcome.cancelled, `the run did not fail: ${JSON.stringify(outcome)}`);
    assert.ok(outcome.error?.includes(what), `the error does not name ${what}: ${outcome.error}`);
    const s = await testApi();
    assert.ok(s.panels?.includes(fsPath(file)), 'no panel shows the error');
    const shown = s.posted.filter((m) => m.type === 'error').pop();
    assert.strictEqual(shown?.message, outcome.error, 'the panel was not sent the error');
  }

  it('opens its panel with the error when its columns are wrong', async () => {
    const bad = path.join(dir, 'bad-column.csv');
    fs.copyFileSync(large, bad);
    await failsInPanel(bad, { mapping: { ...columns, event: 'NoSuchColumn' } }, 'NoSuchColumn');
  });

  it('opens its panel with the error when the read stops at a bad row', async () => {
    const bad = path.join(dir, 'bad-time.csv');
    // Read in two halves, the bad row near the end: the read reports progress before it stops.
    writeLog(bad, 70_000, 220);
    const rows = fs.readFileSync(bad, 'utf8').split('\n');
    rows[69_000] = rows[69_000].replace(/^[^,]*/, 'not a time');
    fs.writeFileSync(bad, rows.join('\n'));
    await failsInPanel(bad, { mapping: columns, onBadRow: 'stop' }, 'not a time');
    const { progressLog } = await snapshot();
    assert.ok(progressLog.some((p) => p.stage === 'read' && p.panel === false), `the read did not run without its panel: ${JSON.stringify(progressLog)}`);
  });

  it('keeps an open panel: a second run of the file reads with its panel showing', async () => {
    const first = await score(large, { mapping: columns });
    assert.ok(first.ok);
    const second = await score(large, { mapping: columns, window: 2 });
    assert.ok(second.ok, `the second run failed: ${JSON.stringify(second)}`);
    const { progressLog, panels } = await snapshot();
    assert.ok(panels.includes(fsPath(large)));
    for (const p of progressLog) assert.strictEqual(p.panel, true, `the panel was closed during the second run: ${JSON.stringify(p)}`);
  });
});
