// The extension is active once the window has started, and looking at a log
// file warms a pipeline thread that the file's first run then takes
// (src/extension/warmup.ts, src/run/workerSpare.ts): the run does not wait
// for a thread to start. Small .json files (settings) warm nothing.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { score, testApi, waitFor } from './api';

const EXTENSION_ID = 'sessionscope.sessionscope';

const threads = async (): Promise<{ spare: number | null; files: Record<string, number | null> }> => {
  const t = (await testApi()).threads;
  assert.ok(t, 'the test API reports no threads');
  return t;
};

/** Opens `file` in an editor, active. */
async function show(file: string): Promise<void> {
  await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
}

describe('warming a pipeline thread', function () {
  this.timeout(120_000);
  let dir: string;
  let csv: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sessionscope-warm-'));
    csv = path.join(dir, 'warm.csv');
    const rows = ['TimeGenerated,UserId,Operation'];
    for (let i = 0; i < 200; i++) rows.push(`2024-01-01T00:${String(i % 60).padStart(2, '0')}:00Z,user${i % 7},Op-${i % 5}`);
    fs.writeFileSync(csv, rows.join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ editor: { tabSize: 2 } }, null, 2));
    fs.writeFileSync(path.join(dir, 'events.json'), JSON.stringify(Array.from({ length: 1500 }, (_, i) => ({ time: `2024-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`, user: `u${i % 9}`, action: `act-${i % 4}`, detail: 'x'.repeat(20) }))));
    assert.ok(fs.statSync(path.join(dir, 'events.json')).size >= 64 * 1024);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is active after the window started, before any of its commands ran', async () => {
    // onStartupFinished: the first command does not wait for the extension to load.
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await waitFor('the extension to activate on its own', () => (ext.isActive ? true : undefined), 30_000);
  });

  it('warms nothing for a small .json file, and warms for a large one', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await testApi({ action: 'endSpare' });
    assert.strictEqual((await threads()).spare, null, 'a spare still waits after endSpare');
    await show(path.join(dir, 'settings.json'));
    // The check stats the file; give it time to (wrongly) warm before asserting it did not.
    await new Promise((r) => setTimeout(r, 1500));
    assert.strictEqual((await threads()).spare, null, 'a 40-byte settings.json warmed a thread');
    await show(path.join(dir, 'events.json'));
    await waitFor('a spare thread for a 100 KB .json file', async () => ((await threads()).spare ?? undefined));
  });

  it("warms a thread when a CSV becomes active, and the file's first run takes that thread", async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await testApi({ action: 'endSpare' });
    await show(csv);
    const warmed = await waitFor('a spare thread for the active CSV', async () => (await threads()).spare ?? undefined);
    const outcome = await score(csv, {});
    assert.ok(outcome.ok, `the run failed: ${JSON.stringify(outcome)}`);
    const after = await threads();
    assert.strictEqual(after.files[vscode.Uri.file(csv).fsPath], warmed, 'the run did not take the warmed thread');
    // The file has its thread now: its panel opening beside it, or the editor becoming active again, warms no other.
    await show(csv);
    await new Promise((r) => setTimeout(r, 1000));
    assert.strictEqual((await threads()).spare, null, 'a second thread was warmed for a file that has one');
  });
});
