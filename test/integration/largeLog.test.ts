// A large log's first run (src/extension/largeLog.ts): the panel opens when
// the read ends, the notification saying so while it reads; the run starts a
// thread of its own rather than the spare; looking at the file warms none;
// an error during the read still opens the panel with it. The line is
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

function writeLog(file: string, rows: number): void {
  const lines = ['TimeGenerated,UserId,Operation'];
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < rows; i++) lines.push(`${new Date(t0 + i * 7000).toISOString()},user${i % 13},Op-${(i * 7) % 11}`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

const snapshot = async (): Promise<{ progressLog: ProgressRecord[]; panels: string[]; spare: number | null; files: Record<string, number | null> }> => {
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
    writeLog(large, 4000);
    writeLog(small, 300);
    assert.ok(fs.statSync(large).size >= LINE && fs.statSync(small).size < LINE, 'the logs are not on either side of the line');
    await testApi({ action: 'largeLogBytes', bytes: LINE });
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await testApi({ action: 'largeLogBytes' });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('warms no thread when it becomes active', async () => {
    await testApi({ action: 'endSpare' });
    await vscode.window.showTextDocument(vscode.Uri.file(large), { preview: false });
    // The check stats the file; give it time to (wrongly) warm before asserting it did not.
    await new Promise((r) => setTimeout(r, 1500));
    assert.strictEqual((await snapshot()).spare, null, 'a large log warmed a thread');
  });

  it('opens its panel when the read ends, and its run takes a thread of its own while the spare waits', async () => {
    await testApi({ action: 'endSpare' });
    // A smaller file in view warms the spare...
    await vscode.window.showTextDocument(vscode.Uri.file(small), { preview: false });
    const spare = await waitFor('a spare thread for the small log', async () => (await snapshot()).spare ?? undefined);
    const outcome = await score(large, { mapping: columns });
    assert.ok(outcome.ok, `the run failed: ${JSON.stringify(outcome)}`);
    const after = await snapshot();
    // ... which the large log's run leaves to it.
    assert.strictEqual(after.spare, spare, 'the spare was taken or ended');
    assert.notStrictEqual(after.files[fsPath(large)], spare, 'the large log ran on the spare');
    assert.ok(typeof after.files[fsPath(large)] === 'number', 'the large log has no thread');

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
    // Over two of the reader's 1 MB chunks, the bad row in the last: the read reports progress before it stops.
    writeLog(bad, 60_000);
    const rows = fs.readFileSync(bad, 'utf8').split('\n');
    rows[59_000] = rows[59_000].replace(/^[^,]*/, 'not a time');
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
