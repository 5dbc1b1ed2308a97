// The panel's export, marks and large-file reveal (issue #13) in a real
// extension host: the messages go through the same handler the panel's do,
// and the clipboard, the written file, the stored marks and the editor's
// selections are read back from VS Code itself.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { score, testApi, waitFor } from './api';
import type { PanelFeaturesTestState } from '../../src/extension/panelFeaturesTest';
import type { TestSnapshot } from '../../src/extension/testApi';

type Snapshot = TestSnapshot & { panelFeatures?: PanelFeaturesTestState };

const exchangeColumns = { users: ['UserId'], time: 'TimeGenerated', event: 'Operation', params: 'Parameters' };


function features(action: Record<string, unknown> = {}): Promise<PanelFeaturesTestState> {
  return testApi<Snapshot>({ action: 'panelFeatures', ...action }).then((s) => s.panelFeatures!);
}


function post(file: string, message: unknown): Promise<Snapshot> {
  return testApi<Snapshot>({ action: 'post', filePath: file, message });
}


describe('Sessionscope panel export, marks and large files', function () {
  this.timeout(120_000);
  let dir: string;
  let file: string;
  let runId: number;
  let topSessionId: number;

  before(async () => {
    const ext = vscode.extensions.getExtension('sessionscope.sessionscope');
    assert.ok(ext);
    await ext.activate();
    // A copy of the fixture in a fresh folder: no editor or document of another test holds it.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sessionscope-features-'));
    file = path.join(dir, 'small.csv');
    fs.copyFileSync(path.join(ext.extensionPath, 'test', 'fixtures', 'small.csv'), file);
    const outcome = await score(file, { mapping: exchangeColumns });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    runId = outcome.runId;
    topSessionId = outcome.topSessionId!;
  });

  after(async () => {
    await features({ saveAnswer: null, syncLimitBytes: null, confirmLarge: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies the sessions as a Markdown table to the clipboard, top session first, with its file lines', async () => {
    await vscode.env.clipboard.writeText('');
    await post(file, { type: 'export', runId, sessionIds: [topSessionId], format: 'markdown', destination: 'clipboard', scope: 'listed' });
    const text = await waitFor('the clipboard', async () => (await vscode.env.clipboard.readText()) || undefined);
    const lines = text.trimEnd().split('\n');
    assert.strictEqual(lines[0], '| Rank | Likelihood | UserId | Start (UTC) | End (UTC) | Events | Rarest window | File lines | Mark | Insights |');
    assert.strictEqual(lines.length, 3, text);
    // mallory's two events are the rarest session of small.csv, at lines 26-28 (scoring.test.ts).
    assert.match(lines[2], /^\| 1 \| .* \| mallory@contoso\.com \| .* \| 2 \| .* \| 26-28 \| {2}\|/);
  });

  it('saves CSV through the save dialog, and refuses to write over the log itself', async () => {
    const target = path.join(dir, 'out.csv');
    await features({ saveAnswer: target });
    await post(file, { type: 'export', runId, sessionIds: [topSessionId], format: 'csv', destination: 'file', scope: 'listed' });
    const csv = fs.readFileSync(target, 'utf8');
    assert.match(csv.split('\n')[0], /^Rank,Likelihood,UserId,Start \(UTC\),End \(UTC\),Events,Rarest window,File lines,Mark,Insights$/);
    assert.match(csv.split('\n')[1], /^1,[\d.]+e-\d+,mallory@contoso\.com,/);

    const before = fs.readFileSync(file, 'utf8');
    await features({ saveAnswer: file });
    await post(file, { type: 'export', runId, sessionIds: [topSessionId], format: 'csv', destination: 'file', scope: 'listed' });
    assert.strictEqual(fs.readFileSync(file, 'utf8'), before, 'the log was overwritten');
    assert.strictEqual((await features()).lastExport?.refused, file);
  });

  it('keeps a mark across closing and reopening the panel, and shows it in the export', async () => {
    let snap = await post(file, { type: 'setMark', runId, sessionId: topSessionId, mark: 'suspicious' });
    assert.strictEqual(snap.posted.filter((m) => m.type === 'marks').pop()?.total, 1);
    const stored = (await features({ filePath: file })).marks ?? [];
    assert.deepStrictEqual(stored.map((m) => [m.users, m.mark]), [[['mallory@contoso.com'], 'suspicious']]);

    // Close the panel (and every editor), then score again: a new panel, a new run.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const again = await score(file, { mapping: exchangeColumns });
    assert.ok(again.ok && again.runId !== runId);
    runId = again.runId;
    topSessionId = again.topSessionId!;
    snap = await testApi();
    assert.strictEqual(snap.posted.filter((m) => m.type === 'marks').pop()?.total, 1, 'the reopened panel was not sent the mark');

    await vscode.env.clipboard.writeText('');
    await post(file, { type: 'export', runId, sessionIds: [topSessionId], format: 'json', destination: 'clipboard', scope: 'listed' });
    const json = JSON.parse(await waitFor('the clipboard', async () => (await vscode.env.clipboard.readText()) || undefined));
    assert.strictEqual(json.sessions[0].mark, 'suspicious');
    assert.deepStrictEqual(json.sessions[0].fileLines, { first: 26, last: 28 });

    await post(file, { type: 'setMark', runId, sessionId: topSessionId, mark: null });
    assert.deepStrictEqual((await features({ filePath: file })).marks, []);
  });

  describe('a file over the large-file limit (lowered to 1 KB for this test)', () => {
    let large: string;
    before(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      // Another copy, never opened as a document, so it takes the large-file path.
      large = path.join(dir, 'large-copy.csv');
      fs.copyFileSync(file, large);
      await features({ syncLimitBytes: 1024 });
    });

    it('says what will happen before opening, and opens nothing when the user declines', async () => {
      const asked = (await features({ confirmLarge: false })).largeFileQuestions.length;
      const outcome = await score(large, { mapping: exchangeColumns });
      assert.ok(outcome.ok);
      await post(large, { type: 'reveal', runId: outcome.runId, sessionId: outcome.topSessionId, scope: 'window' });
      const state = await features();
      assert.strictEqual(state.largeFileQuestions.length, asked + 1);
      assert.match(state.largeFileQuestions[asked], /large-copy\.csv is [\d.]+ MB, over the 50 MB .* select all 2 events at once.*Previous event and Next event/);
      assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === large), 'the file was opened after a No');
    });

    it('selects one record at a time, never a block across other users’ lines', async () => {
      await features({ confirmLarge: true });
      const outcome = await score(large, { mapping: exchangeColumns });
      assert.ok(outcome.ok);
      let snap = await post(large, { type: 'reveal', runId: outcome.runId, sessionId: outcome.topSessionId, scope: 'window' });
      const revealed = snap.posted.filter((m) => m.type === 'revealed').pop();
      assert.deepStrictEqual([revealed?.position, revealed?.total], [1, 2]);
      const editor = await waitFor('the editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === large));
      const lines = (): [number, number][] => editor.selections.map((s) => [s.start.line + 1, s.end.line + 1]);
      await waitFor('the first record selected', () => (JSON.stringify(lines()) === '[[26,26]]' ? true : undefined));
      assert.strictEqual(editor.selection.end.character, editor.document.lineAt(25).text.length, 'the selection does not end at the end of its record');
      snap = await post(large, { type: 'step', direction: 1 });
      assert.deepStrictEqual(snap.posted.filter((m) => m.type === 'revealed').pop()?.position, 2);
      await waitFor('the second record selected', () => (JSON.stringify(lines()) === '[[27,28]]' ? true : undefined));
      // Asked once per file: the second reveal asked nothing new.
      const questions = (await features()).largeFileQuestions;
      assert.strictEqual(questions.filter((q) => q.includes('large-copy.csv')).length, 2, 'asked again after a Yes (one No, one Yes expected)');
    });
  });
});
