// Feature tests in a real extension host: score fixtures through the
// contributed command, reveal the rarest window, and check the editor's real
// selections against lines known from the fixtures themselves.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { score, testApi, waitFor } from './api';
import type { RunOutcome } from '../../src/extension/analysis';
import type { TestSnapshot } from '../../src/extension/testApi';

const EXTENSION_ID = 'sessionscope.sessionscope';

type Lines = [number, number][];

const exchangeColumns = { users: ['UserId'], time: 'TimeGenerated', event: 'Operation', params: 'Parameters' };



function post(file: string, message: unknown): Promise<TestSnapshot> {
  return testApi({ action: 'post', filePath: file, message });
}

/** Records of a CSV text as [first line, last line], 1-based, header excluded: a quoted field may span lines. */
function csvRecords(text: string): { lines: [number, number]; text: string }[] {
  const rows = text.split('\n');
  if (rows[rows.length - 1] === '') rows.pop();
  const records: { lines: [number, number]; text: string }[] = [];
  let start = -1;
  let quotes = 0;
  let buf: string[] = [];
  rows.forEach((row, i) => {
    if (start < 0) start = i + 1;
    buf.push(row);
    quotes += (row.match(/"/g) ?? []).length;
    if (quotes % 2 === 0) {
      records.push({ lines: [start, i + 1], text: buf.join('\n') });
      start = -1;
      quotes = 0;
      buf = [];
    }
  });
  return records.slice(1);
}

function editorFor(file: string): vscode.TextEditor {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === vscode.Uri.file(file).fsPath);
  assert.ok(editor, `no visible editor shows ${file}`);
  return editor;
}

function selectionLines(editor: vscode.TextEditor): Lines {
  return editor.selections.map((s) => [s.start.line + 1, s.end.line + 1]);
}

/** Each selection runs from the first character of its record to the end of its last line. */
function assertWholeRecords(editor: vscode.TextEditor): void {
  for (const s of editor.selections) {
    assert.strictEqual(s.start.character, 0, 'a selection does not start at the beginning of its line');
    assert.strictEqual(s.end.character, editor.document.lineAt(s.end.line).text.length, 'a selection does not reach the end of its last line');
  }
}



/** Runs "Score with Options..." on `file`, accepting what each quick pick suggests, and returns its outcome. */
async function scoreWithOptionsAcceptingAll(file: string): Promise<RunOutcome | undefined> {
  let settled = false;
  const running = Promise.resolve(
    vscode.commands.executeCommand<RunOutcome | undefined>('sessionscope.scoreWithOptions', vscode.Uri.file(file)),
  ).finally(() => (settled = true));
  for (let i = 0; i < 200 && !settled; i++) {
    await new Promise((r) => setTimeout(r, 150));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }
  return running;
}
describe('Sessionscope scoring and click-through', function () {
  this.timeout(120_000);
  let fixtures: string;
  let extensionPath: string;

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    await ext.activate();
    extensionPath = ext.extensionPath;
    fixtures = path.join(extensionPath, 'test', 'fixtures');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  describe('a CSV fixture', () => {
    let file: string;
    let expected: Lines;

    before(() => {
      file = path.join(fixtures, 'small.csv');
      // By construction, mallory's two events are the rarest session; the second record spans two lines.
      expected = csvRecords(fs.readFileSync(file, 'utf8'))
        .filter((r) => r.text.includes(',mallory@contoso.com,'))
        .map((r) => r.lines);
      assert.deepStrictEqual(expected, [
        [26, 26],
        [27, 28],
      ]);
    });

    it('scores the file and reveals the rarest window on exactly its records', async () => {
      const outcome = await score(file, { revealTop: true });
      assert.ok(outcome.ok, `run failed: ${JSON.stringify(outcome)}`);
      assert.strictEqual(outcome.events, 38);
      assert.strictEqual(outcome.sessions, 13);

      const snap = await testApi();
      assert.ok(snap.lastResult, 'no result recorded');
      assert.strictEqual(snap.lastResult.filePath, vscode.Uri.file(file).fsPath);
      assert.deepStrictEqual(snap.lastResult.topWindowEventLines, expected);
      assert.deepStrictEqual(snap.lastResult.topRarestWindowLines, [26, 28]);

      const active = vscode.window.activeTextEditor;
      assert.ok(active, 'no active editor after the reveal');
      assert.strictEqual(active.document.uri.fsPath, vscode.Uri.file(file).fsPath);
      assert.deepStrictEqual(selectionLines(active), expected);
      assertWholeRecords(active);
      assert.deepStrictEqual(
        snap.lastReveal?.selections.map((s) => [s.startLine, s.endLine]),
        expected,
      );
      assert.ok(snap.posted.some((m) => m.type === 'result' && m.runId === snap.lastResult?.runId));
    });

    it('steps through the window from its first event and reports 1-based positions to the panel', async () => {
      const revealed = (await testApi()).posted.filter((m) => m.type === 'revealed').pop();
      assert.deepStrictEqual([revealed?.position, revealed?.total], [0, 2], 'right after the reveal every event is selected (position 0)');
      // The first Next shows the first event, not the second.
      let snap = await post(file, { type: 'step', direction: 1 });
      assert.deepStrictEqual(selectionLines(editorFor(file)), [expected[0]]);
      let last = snap.posted[snap.posted.length - 1];
      assert.deepStrictEqual([last.type, last.position, last.total], ['revealed', 1, 2]);
      snap = await post(file, { type: 'step', direction: 1 });
      assert.deepStrictEqual(selectionLines(editorFor(file)), [expected[1]]);
      last = snap.posted[snap.posted.length - 1];
      assert.deepStrictEqual([last.position, last.total], [2, 2], 'the last event reads "2 of 2"');
      await post(file, { type: 'step', direction: -1 });
      assert.deepStrictEqual(selectionLines(editorFor(file)), [expected[0]]);
    });

    it('answers a details request for a session of the current result', async () => {
      const before = await testApi();
      const runId = before.lastResult!.runId;
      const sessionId = before.lastResult!.topSessionId!;
      const snap = await post(file, { type: 'details', requestId: 41, runId, sessionId });
      const reply = snap.posted.find((m) => m.type === 'details' && m.requestId === 41);
      assert.ok(reply?.found, 'no details came back for the top session');
      const refused = await post(file, { type: 'details', requestId: 42, runId, sessionId: 1_000_000 });
      const none = refused.posted.find((m) => m.type === 'details' && m.requestId === 42);
      assert.strictEqual(none?.found, false);
    });

    it('ignores a reveal naming a session, run or path outside the current result', async () => {
      const before = await testApi();
      const runId = before.lastResult!.runId;
      const revealedBefore = before.posted.filter((m) => m.type === 'revealed').length;
      await post(file, { type: 'reveal', runId, sessionId: 9_999, scope: 'window' });
      await post(file, { type: 'reveal', runId: runId + 1000, sessionId: 0, scope: 'window' });
      await post(file, { type: 'reveal', runId, sessionId: -1, scope: 'window' });
      await post(file, { type: 'reveal', path: '/etc/passwd', line: 1 });
      const after = await testApi();
      assert.deepStrictEqual(after.lastReveal, before.lastReveal);
      assert.strictEqual(after.posted.filter((m) => m.type === 'revealed').length, revealedBefore);
      assert.ok(after.output.some((l) => l.includes('9999')), 'the ignored reveal was not logged');
    });

    it('reveals every event of a session for scope "session"', async () => {
      const snap = await testApi();
      const { runId, topSessionId, topSessionEventLines } = snap.lastResult!;
      const after = await post(file, { type: 'reveal', runId, sessionId: topSessionId, scope: 'session' });
      assert.deepStrictEqual(after.lastReveal?.selections.map((s) => [s.startLine, s.endLine]), topSessionEventLines);
      assert.deepStrictEqual(selectionLines(editorFor(file)), topSessionEventLines);
    });

    it('running again on the same file reuses its panel', async () => {
      const panels = (): number =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('sessionscope.panel')).length;
      const before = panels();
      assert.ok(before >= 1, 'no Sessionscope panel is open');
      const outcome = await score(file, {});
      assert.ok(outcome.ok, `run failed: ${JSON.stringify(outcome)}`);
      assert.strictEqual(panels(), before);
    });

    it('rescoring from the panel reuses the parsed events', async () => {
      const before = await testApi();
      const runId = before.lastResult!.runId;
      const after = await post(file, {
        type: 'rescore',
        runId,
        options: { sessionType: 'cmds_only', window: 2, useTokens: true, geomean: false },
      });
      assert.ok(after.lastResult && after.lastResult.runId > runId, 'no new result after the rescore');
      assert.strictEqual(after.lastResult.sessionType, 'cmds_only');
      assert.strictEqual(after.lastResult.events, 38);
      assert.ok(after.output.some((l) => l.includes('reused')), 'the rescore read the file again');
      // The old run's ids are no longer accepted.
      const stale = await post(file, { type: 'reveal', runId, sessionId: before.lastResult!.topSessionId, scope: 'window' });
      assert.deepStrictEqual(stale.lastReveal, after.lastReveal);
    });
  });

  describe('Score with Options...', () => {
    it('walks the quick picks (columns, then settings) and runs with the choices', async () => {
      const file = path.join(fixtures, 'small.csv');
      // Accept the suggestion of every step: four column picks, then seven settings (small.csv's UserId is on every row, so the address column is not suggested with it).
      const outcome = await scoreWithOptionsAcceptingAll(file);
      assert.ok(outcome?.ok, `run failed: ${JSON.stringify(outcome)}`);
      assert.strictEqual(outcome.events, 38);
      const snap = await testApi();
      assert.ok(
        snap.output.some((l) => l.includes('users: UserId; time: TimeGenerated; event: Operation; params: Parameters')),
        'the suggested columns were not used',
      );
      assert.deepStrictEqual(snap.lastResult?.topWindowEventLines, [
        [26, 26],
        [27, 28],
      ]);
    });
  });

  describe('a coalesced user column', () => {
    it('offers the detected a|b as one suggested choice in the quick picks and scores with it', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-coalesce-'));
      const file = path.join(dir, 'signins-and-audits.jsonl');
      // Sign-ins name the user in properties.userPrincipalName, audits in properties.initiatedBy.user.userPrincipalName.
      const t0 = Date.UTC(2024, 0, 1);
      const rows = Array.from({ length: 40 }, (_, i) => ({
        time: new Date(t0 + i * 60_000).toISOString(),
        operationName: i % 2 ? `Audit${i % 5}` : 'Sign-in activity',
        callerIpAddress: `203.0.113.${i % 3}`,
        properties: i % 2
          ? { initiatedBy: { user: { userPrincipalName: `admin${i % 3}@contoso.com` } } }
          : { userPrincipalName: `user${i % 7}@contoso.com`, appDisplayName: `App${i % 4}` },
      }));
      fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
      const outcome = await scoreWithOptionsAcceptingAll(file);
      assert.ok(outcome?.ok, `run failed: ${JSON.stringify(outcome)}`);
      assert.strictEqual(outcome.events, 40);
      const snap = await testApi();
      const line = snap.output.find((l) => l.includes('users: ') && l.includes('time: time'));
      assert.ok(line?.includes('users: properties.initiatedBy.user.userPrincipalName|properties.userPrincipalName;') || line?.includes('users: properties.userPrincipalName|properties.initiatedBy.user.userPrincipalName;'), `the coalesced column was not used: ${line}`);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });

  describe('a Windows Security log', () => {
    it('offers and scores with the per-event actor (TargetUserName on logons, SubjectUserName on the other events)', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-windows-'));
      const file = path.join(dir, 'security.csv');
      // 4624: the domain controller asked, the user logged on; 4688: the user started a process.
      const t0 = Date.UTC(2024, 0, 1);
      const rows = Array.from({ length: 40 }, (_, i) => {
        const t = new Date(t0 + i * 60_000).toISOString();
        return i % 2 ? `${t},user${i % 4},-,${[4688, 4672, 4663][i % 3]}` : `${t},DC01$,user${(i + 1) % 4},4624`;
      });
      fs.writeFileSync(file, ['TimeCreated,SubjectUserName,TargetUserName,EventID', ...rows].join('\n') + '\n');
      try {
        const outcome = await scoreWithOptionsAcceptingAll(file);
        assert.ok(outcome?.ok, `run failed: ${JSON.stringify(outcome)}`);
        assert.strictEqual(outcome.events, 40);
        const snap = await testApi();
        const line = snap.output.find((l) => l.includes('users: ') && l.includes('time: TimeCreated'));
        assert.ok(line?.includes('users: TargetUserName?4624;4625;'), `the per-event actor was not used: ${line}`);
        assert.ok(line?.includes('|SubjectUserName;'), `the per-event actor was not used: ${line}`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('the panel while the columns are chosen', () => {
    it('opens before the column picks (the page loads meanwhile) and closes again when the choice is left', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-abandon-'));
      const file = path.join(dir, 'left-choice.csv');
      fs.copyFileSync(path.join(fixtures, 'small.csv'), file);
      const panels = () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('sessionscope.panel') && t.label.includes('left-choice.csv'));
      let settled = false;
      const running = Promise.resolve(
        vscode.commands.executeCommand<RunOutcome | undefined>('sessionscope.scoreWithOptions', vscode.Uri.file(file)),
      ).finally(() => (settled = true));
      try {
        // The panel is there while the first pick waits for an answer.
        await waitFor('the panel opened before the picks', () => (panels().length === 1 ? true : undefined));
        assert.ok(!settled, 'the run ended before any pick was answered');
        for (let i = 0; i < 100 && !settled; i++) {
          await new Promise((r) => setTimeout(r, 150));
          await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        }
        const outcome = await running;
        assert.ok(outcome && !outcome.ok && outcome.cancelled, `not cancelled: ${JSON.stringify(outcome)}`);
        await waitFor('the panel closed', () => (panels().length === 0 ? true : undefined));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('a JSON Lines fixture (CloudTrail-like)', () => {
    it('scores nested columns and reveals the rarest window', async () => {
      const file = path.join(fixtures, 'cloudtrail.jsonl');
      const expected: Lines = fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => [line, i + 1] as const)
        .filter(([line]) => line.includes(':user/eve"'))
        .map(([, n]) => [n, n]);
      assert.deepStrictEqual(expected, [
        [19, 19],
        [20, 20],
      ]);
      const outcome = await score(file, {
        mapping: { users: ['userIdentity.arn'], time: 'eventTime', event: 'eventName', params: 'requestParameters' },
        revealTop: true,
      });
      assert.ok(outcome.ok, `run failed: ${JSON.stringify(outcome)}`);
      assert.strictEqual(outcome.events, 29);
      assert.strictEqual(outcome.sessions, 10);
      const snap = await testApi();
      assert.deepStrictEqual(snap.lastResult?.topWindowEventLines, expected);
      const active = vscode.window.activeTextEditor;
      assert.strictEqual(active?.document.uri.fsPath, vscode.Uri.file(file).fsPath);
      assert.deepStrictEqual(selectionLines(active!), expected);
      assertWholeRecords(active!);
    });
  });

  describe('a mapping without a params column', () => {
    it('scores commands only, even where the detector sees a params column', async () => {
      const file = path.join(fixtures, 'cloudtrail.jsonl');
      const outcome = await score(file, { mapping: { users: ['userIdentity.arn'], time: 'eventTime', event: 'eventName' } });
      assert.ok(outcome.ok, `run failed: ${JSON.stringify(outcome)}`);
      assert.strictEqual(outcome.sessionType, 'cmds_only');
    });
  });

  describe('the bundled sample', () => {
    it('scores it and selects whole records of the top session', async () => {
      const file = path.join(extensionPath, 'media', 'sample', 'exchange-admin-sample.csv');
      const outcome = await score(file, { revealTop: true });
      assert.ok(outcome.ok, `run failed: ${JSON.stringify(outcome)}`);
      assert.ok(outcome.sessions > 10, `only ${outcome.sessions} sessions`);
      const snap = await testApi();
      const lines = snap.lastResult?.topWindowEventLines;
      assert.ok(lines && lines.length > 0, 'the top session has no window');
      const records = new Set(csvRecords(fs.readFileSync(file, 'utf8')).map((r) => r.lines.join(':')));
      for (const r of lines) assert.ok(records.has(r.join(':')), `${r.join('-')} is not one whole record of the sample`);
      const active = vscode.window.activeTextEditor;
      assert.strictEqual(active?.document.uri.fsPath, vscode.Uri.file(file).fsPath);
      assert.deepStrictEqual(selectionLines(active!), lines);
      // The sample is newest first: the window's first event in time is its last in the file.
      const span: [number, number] = [Math.min(...lines.map((r) => r[0])), Math.max(...lines.map((r) => r[1]))];
      assert.deepStrictEqual(snap.lastResult?.topRarestWindowLines, span);
      const shown = await waitFor('the window to be scrolled into view', async () => {
        const visible = active!.visibleRanges[0];
        return visible && visible.start.line + 1 <= span[0] && (visible.end.line + 1 >= span[1] || visible.end.line - visible.start.line < span[1] - span[0])
          ? visible
          : undefined;
      }, 5_000);
      assert.ok(shown.start.line + 1 <= span[0], `line ${span[0]} is above the viewport`);
    });
  });

  describe('the insight ranking (setting sessionscope.ranking)', () => {
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('sessionscope');
    after(async () => {
      await config().update('ranking', undefined, vscode.ConfigurationTarget.Workspace);
    });

    it('ranks the sample by insights: the first session has insights, its details list them and each reveals its lines', async () => {
      await config().update('ranking', 'insight', vscode.ConfigurationTarget.Workspace);
      const file = path.join(extensionPath, 'media', 'sample', 'exchange-admin-sample.csv');
      const outcome = await score(file, {});
      assert.ok(outcome.ok, `run failed: ${JSON.stringify(outcome)}`);
      const snap = await testApi();
      const last = snap.lastResult!;
      assert.strictEqual(last.ranking, 'insight');
      assert.ok(last.topInsightCounts[0] > 0, 'the first session under the insight ranking has no insight');
      // The insight ranking lifts sessions the reference ranks far down (the sample's external forwarding is 151st of 941).
      assert.ok(Math.max(...last.topReferenceRanks) > 100, `reference ranks of the top 10: ${last.topReferenceRanks.join(', ')}`);
      assert.ok(snap.output.some((l) => l.includes('ranking: insight')), 'the output does not name the ranking');

      const sessionId = last.topSessionId!;
      const reply = (await post(file, { type: 'details', requestId: 71, runId: last.runId, sessionId })).posted.find((m) => m.type === 'details' && m.requestId === 71);
      assert.ok(reply?.found && reply.insights && reply.insights.length === last.topInsightCounts[0], `details: ${JSON.stringify(reply)}`);
      assert.ok(reply.insights.every((t) => t.length > 10), 'an insight without words');

      // An insight about the account as a whole (new-actor) names no event; the others name theirs.
      const index = last.topInsightLines?.findIndex((l) => l.length > 0) ?? -1;
      assert.ok(index >= 0, `no insight of the first session names lines: ${JSON.stringify(reply.insights)}`);
      const lines = last.topInsightLines![index];
      const after = await post(file, { type: 'reveal', runId: last.runId, sessionId, scope: 'insight', insight: index });
      assert.deepStrictEqual(after.lastReveal?.selections.map((s) => [s.startLine, s.endLine]), lines.map((r) => [r[0], r[1]]));
      assert.deepStrictEqual(selectionLines(editorFor(file)), lines.map((r) => [r[0], r[1]]));

      // Back to the reference ranking from the panel, without reading the file again.
      const back = await post(file, { type: 'rescore', runId: last.runId, options: { sessionType: last.sessionType, window: 3, useTokens: true, geomean: false, ranking: 'reference' } });
      assert.strictEqual(back.lastResult?.ranking, 'reference');
      assert.deepStrictEqual(back.lastResult?.topReferenceRanks, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      assert.ok(back.output.some((l) => l.includes('reused')), 'the rescore read the file again');
    });
  });

  describe('insights after the result (reference ranking)', () => {
    it('posts the result first and its insights after it; the host keeps them for exports and a re-sent result', async () => {
      const file = path.join(extensionPath, 'media', 'sample', 'exchange-admin-sample.csv');
      const outcome = await score(file, {});
      assert.ok(outcome.ok, `run failed: ${JSON.stringify(outcome)}`);
      const snap = await testApi();
      const last = snap.lastResult!;
      assert.strictEqual(last.ranking, 'reference');
      const mine = snap.posted.filter((m) => m.runId === last.runId && (m.type === 'result' || m.type === 'insights'));
      assert.deepStrictEqual(mine.map((m) => m.type), ['result', 'insights'], JSON.stringify(snap.posted.slice(-8)));
      assert.strictEqual(mine[1].total, outcome.sessions, 'the insights cover every session');
      // The host's copy has them (the scoreFile command resolves after they came).
      assert.ok(last.topInsightCounts.some((k) => k > 0), `top insight counts: ${last.topInsightCounts.join(', ')}`);
    });
  });

  describe('errors', () => {

    it('stops at a malformed row and names the file, line and column', async () => {
      const file = path.join(fixtures, 'malformed.csv');
      const outcome = await score(file, { mapping: exchangeColumns, onBadRow: 'stop' });
      assert.strictEqual(outcome.ok, false);
      assert.ok(!outcome.ok && !outcome.cancelled);
      const snap = await testApi();
      assert.ok(snap.lastError, 'no error recorded');
      assert.match(snap.lastError.location ?? '', /malformed\.csv:4(:\d+)?$/);
      assert.ok(snap.output.some((l) => l.includes('[error]') && l.includes('malformed.csv:4')), 'the output channel does not name the line');
      assert.ok(snap.posted.some((m) => m.type === 'error'), 'the panel was not told');
    });

    it('skips the malformed row when asked to, and says so', async () => {
      const file = path.join(fixtures, 'malformed.csv');
      const outcome = await score(file, { mapping: exchangeColumns, onBadRow: 'skip' });
      assert.ok(outcome.ok, `run failed: ${JSON.stringify(outcome)}`);
      assert.strictEqual(outcome.events, 4);
      const snap = await testApi();
      assert.ok(snap.output.some((l) => l.includes('[warn]') && /\b1\b/.test(l) && l.includes('4')), 'the skipped row is not in the output');
    });
  });

  describe('a log over 50 MB', () => {
    let dir: string;
    let file: string;

    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sessionscope-large-'));
      file = path.join(dir, 'large.csv');
      // About 55 MB (over VS Code's 50 MB sync limit) in few, wide rows, so scoring it stays quick;
      // written in chunks so the extension host stays responsive meanwhile.
      const t0 = Date.UTC(2024, 0, 1);
      const note = 'n'.repeat(250);
      await fs.promises.writeFile(file, 'TimeGenerated,UserId,ClientIP,Operation,Parameters\n');
      for (let chunk = 0; chunk < 14; chunk++) {
        const rows: string[] = [];
        for (let i = chunk * 10_000; i < (chunk + 1) * 10_000; i++) {
          const user = Math.floor(i / 20) % 500;
          rows.push(
            `${new Date(t0 + i * 1000).toISOString()},user${user}@contoso.com,10.0.${user % 250}.1,Op-${(i * 7) % 37},` +
              `"[{""Name"":""Identity"",""Value"":""u${i % 91}""},{""Name"":""Note"",""Value"":""${note}""}]"\n`,
          );
        }
        await fs.promises.appendFile(file, rows.join(''));
      }
      assert.ok(fs.statSync(file).size > 50 * 1024 * 1024, 'the generated log is not over 50 MB');
    });

    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('cancelling a run stops the worker promptly', async () => {
      const running = score(file, { mapping: exchangeColumns });
      // This run's progress: the last run's stays in the snapshot until this one has begun (and is running).
      await waitFor('the run to report progress', async () => {
        const s = await testApi();
        return s.running && s.lastProgress ? true : undefined;
      });
      const cancelledAt = Date.now();
      await testApi({ action: 'cancel', filePath: file });
      const outcome = await running;
      const took = Date.now() - cancelledAt;
      assert.deepStrictEqual(outcome, { ok: false, cancelled: true });
      assert.ok(took < 3000, `the run took ${took} ms to stop`);
      const snap = await testApi();
      assert.strictEqual(snap.running, false);
      assert.ok(snap.output.some((l) => l.includes('cancelled')), 'the cancel is not in the output');
      const notice = snap.posted.filter((m) => m.type === 'error').pop();
      assert.match(notice?.message ?? '', /^Cancelled: /);
      // "Score again" in the panel runs the cancelled run again, with its settings.
      const again = await post(file, { type: 'scoreAgain' });
      assert.strictEqual(again.lastResult?.filePath, vscode.Uri.file(file).fsPath, 'Score again did not score the file');
    });

    it('opens it at the rarest window with vscode.open and says why there are no highlights', async () => {
      const outcome = await score(file, { mapping: exchangeColumns, revealTop: true });
      assert.ok(outcome.ok, `run failed: ${JSON.stringify(outcome)}`);
      const snap = await testApi();
      assert.strictEqual(snap.lastReveal?.file, vscode.Uri.file(file).fsPath);
      assert.strictEqual(snap.lastReveal?.decorated, false);
      assert.ok(snap.output.some((l) => l.includes('50 MB')), 'the output does not say why nothing is highlighted');
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      assert.ok(input instanceof vscode.TabInputText && input.uri.fsPath === vscode.Uri.file(file).fsPath, 'the large log is not the active tab');
    });
  });
});
