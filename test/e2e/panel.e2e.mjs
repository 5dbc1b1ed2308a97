// End-to-end: the real VS Code workbench (VS Code's server + web client in
// headless Chromium) with Sessionscope loaded as the extension under
// development. A person's path: open the sample log's folder, score the log
// from the command palette and from the Explorer's context menu, read the
// panel, activate the rarest session and land on its lines in the editor.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openWorkbench, makeJobDir } from '../../scripts/vscode-test/workbench.mjs';
import { prepareWorkspace, REPO_ROOT, SAMPLE_NAME } from '../../scripts/vscode-test/workspace.mjs';
import {
  activeTab, answerFileDialog, answerQuickInput, editorTab, explorerRow, fatal, openFromExplorer, parseSelectionStatus, runFromExplorerMenu, runFromPalette,
  reloadWindow, waitForWorkbench, waitUntil, webview,
} from './ui.mjs';

const RESULTS = join(REPO_ROOT, 'test-results', 'e2e');
const README_IMAGE = join(REPO_ROOT, 'docs', 'images', 'panel.png');
const SCORE_TITLE = 'Sessionscope: Sessionize and Score Log File';
const SCORE_MENU_LABEL = 'Sessionize and Score Log File';

/** What the CLI, over the same engine, says about the rarest session of the file. */
function expectedTop(file) {
  const cli = join(REPO_ROOT, 'dist', 'cli.js');
  assert.ok(existsSync(cli), `${cli} is missing: run 'npm run build' first`);
  const out = execFileSync(process.execPath, [cli, 'score', file, '--format', 'json', '--top', '1'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const json = JSON.parse(out);
  const top = findWith(json, 'rarestWindowLines');
  assert.ok(top, `'sessionscope score --format json --top 1' printed no rarestWindowLines: ${out.slice(0, 500)}`);
  const lines = top.rarestWindowLines;
  const [start, end] = Array.isArray(lines) ? lines : [lines.start ?? lines.startLine, lines.end ?? lines.endLine];
  assert.ok(Number.isInteger(start) && Number.isInteger(end), `rarestWindowLines is not a line range: ${JSON.stringify(lines)}`);
  return { start, end, sessionId: top.sessionId ?? top.id, windowEvents: top.rarestWindow?.length };
}

function findWith(value, key) {
  if (!value || typeof value !== 'object') return undefined;
  if (key in value) return value;
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    const hit = findWith(child, key);
    if (hit) return hit;
  }
  return undefined;
}

/** Waits until the panel shows session rows; fails at once with the panel's own error text. */
async function waitForSessionRows(page, what) {
  const view = webview(page);
  const started = Date.now();
  return waitUntil(
    async () => {
      const error = view.locator('[data-testid="error"]');
      if (await error.isVisible().catch(() => false)) throw fatal(`the panel shows an error after ${what}: ${await error.innerText()}`);
      const count = await view.locator('[data-testid="session-row"]').count();
      if (count > 0) return count;
      if (Date.now() - started > 30_000 && (await view.locator('[data-testid]').count()) === 0) {
        throw fatal(`the Sessionscope panel is still blank (no [data-testid] element) 30 s after ${what}; see the extension host log`);
      }
      return undefined;
    },
    {
      timeout: 90_000,
      message: () => `the Sessionscope panel showed no [data-testid="session-row"] after ${what}`,
    },
  ).catch(async (err) => {
    // A thrown panel error is already precise; otherwise say what the panel shows.
    if (/shows an error|still blank/.test(err.message)) throw err;
    const states = [];
    for (const id of ['loading', 'empty', 'summary']) {
      if (await view.locator(`[data-testid="${id}"]`).isVisible().catch(() => false)) states.push(id);
    }
    const hasPanel = await page.locator('iframe.webview.ready').count();
    throw new Error(`${err.message}; webview frames ready: ${hasPanel}; visible states: ${states.join(', ') || 'none'}`);
  });
}

async function readPanel(page) {
  const view = webview(page);
  const summary = (await view.locator('[data-testid="summary"]').innerText()).trim();
  const first = view.locator('[data-testid="session-row"]').first();
  return {
    summary,
    firstRow: {
      text: (await first.innerText()).replace(/\s+/g, ' ').trim(),
      sessionId: await first.getAttribute('data-session-id'),
      rank: await first.getAttribute('data-rank'),
    },
    rows: await view.locator('[data-testid="session-row"]').count(),
  };
}

/** The summary's file name and counts: what must survive a reload (the timings need not). */
async function readSummary(page) {
  const summary = webview(page).locator('[data-testid="summary"]');
  const text = (await summary.innerText()).replace(/\s+/g, ' ').trim();
  // "<file> · 1,234 events · 56 sessions · ...": the first part that is "<count> <label>".
  const parts = text.split(' · ');
  const count = (label) => parts.map((p) => new RegExp(`^(\\d[\\d,]*) ${label}$`).exec(p)?.[1]).find(Boolean);
  return {
    fileName: (await summary.locator('strong').first().innerText()).trim(),
    events: count('events'),
    sessions: count('sessions'),
    text,
  };
}

describe('Sessionscope in the real VS Code workbench', function () {
  this.timeout(240_000);
  let wb;
  let workspace;
  let sampleFile;
  let expected;
  let panelShown = false;
  let revived = false;
  let failed = false;
  const jobDir = makeJobDir('e2e');

  before(async function () {
    mkdirSync(RESULTS, { recursive: true });
    workspace = prepareWorkspace();
    sampleFile = join(workspace, SAMPLE_NAME);
    try {
      // Test mode: the extension registers its test hooks (never in a user's window).
      wb = await openWorkbench({ workspace, extensionDevelopmentPath: REPO_ROOT, jobDir, env: { SESSIONSCOPE_TEST_MODE: '1' }, onExtensionHostLine: () => {} });
      await waitForWorkbench(wb.page, SAMPLE_NAME);
    } catch (err) {
      failed = true;
      const shot = join(RESULTS, 'failure-workbench-start.png');
      if (wb) await wb.page.screenshot({ path: shot }).then(() => console.log(`    screenshot of the failure: ${shot}`), () => {});
      throw err;
    }
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !wb) return;
    failed = true;
    const slug = this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    const shot = join(RESULTS, `failure-${slug}.png`);
    await wb.page.screenshot({ path: shot }).catch(() => {});
    console.log(`    screenshot of the failure: ${shot}`);
  });

  after(async function () {
    await wb?.close();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
    if (failed || process.env.SESSIONSCOPE_KEEP_JOBS) {
      console.log(`  e2e logs kept in ${jobDir} (server.log, workbench-console.log)`);
    } else {
      rmSync(jobDir, { recursive: true, force: true });
    }
  });

  it('scores the sample log from the command palette and shows the ranked sessions', async function () {
    expected = expectedTop(sampleFile);
    // As a person would: open the log, then score the active file from the palette.
    await openFromExplorer(wb.page, SAMPLE_NAME);
    await runFromPalette(wb.page, SCORE_TITLE);
    // Should the command still ask which file, answer with the sample.
    if (await answerFileDialog(wb.page, sampleFile)) console.log('    (the command asked for the file: answered with the sample)');
    const rows = await waitForSessionRows(wb.page, `running "${SCORE_TITLE}" from the command palette`);
    const panel = await readPanel(wb.page);
    console.log(`    summary: ${panel.summary}`);
    console.log(`    first row (${rows} rows): ${panel.firstRow.text}`);
    assert.ok(panel.summary.length > 0, 'the summary line is empty');
    assert.equal(panel.firstRow.rank, '1', 'the first row of the table is not the rarest session (data-rank="1")');
    if (expected.sessionId !== undefined) {
      assert.equal(panel.firstRow.sessionId, String(expected.sessionId), 'the rarest session in the panel differs from the CLI\'s');
    }
    await webview(wb.page).locator('[data-testid="timeline"]').waitFor({ state: 'visible', timeout: 10_000 });
    await wb.page.screenshot({ path: join(RESULTS, 'panel.png') });
    panelShown = true;
  });

  it('reveals the rarest window in the log when the rarest session is activated', async function () {
    assert.ok(panelShown, 'needs the panel with its sessions from the previous test');
    const row = webview(wb.page).locator('[data-testid="session-row"][data-rank="1"]');
    await row.dblclick();
    const { start, end } = expected;
    // The panel keeps the focus (the reveal preserves it), and the status bar shows
    // the selection of the focused editor only: bring the log's editor forward by its
    // tab, which keeps its selection.
    const tab = editorTab(wb.page, SAMPLE_NAME);
    await tab.first().waitFor({ state: 'visible', timeout: 20_000 }).catch(() => {
      throw new Error(`no editor tab for ${SAMPLE_NAME} appeared after double-clicking the rarest session`);
    });
    const lineNumbers = wb.page.locator('.editor-group-container .monaco-editor .line-numbers');
    await waitUntil(async () => (await lineNumbers.allInnerTexts()).map((t) => t.trim()).includes(String(start)), {
      timeout: 20_000,
      message: () => `line ${start} (start of the rarest window) is not on screen in an editor after the reveal`,
    });
    // The README's picture: the panel beside the revealed rarest window. Refreshed
    // in docs/ only on request, so a test run leaves the work tree clean.
    const shot = join(RESULTS, 'revealed.png');
    await wb.page.screenshot({ path: shot });
    if (process.env.SESSIONSCOPE_UPDATE_DOCS === '1') {
      mkdirSync(dirname(README_IMAGE), { recursive: true });
      copyFileSync(shot, README_IMAGE);
    }
    await tab.first().click();
    await waitUntil(async () => {
      const label = await activeTab(wb.page).innerText().catch(() => '');
      return label.includes(SAMPLE_NAME) && !label.includes('Sessionscope');
    }, {
      timeout: 10_000,
      message: () => `the active editor tab is not ${SAMPLE_NAME}`,
    });
    const status = wb.page.locator('#status\\.editor\\.selection');
    const selection = await waitUntil(async () => {
      const parsed = parseSelectionStatus(await status.innerText({ timeout: 1_000 }));
      return parsed && parsed.selected > 0 ? parsed : undefined;
    }, { timeout: 20_000, message: () => 'the status bar shows no selection in the log after the reveal' });
    console.log(`    status bar: ${await status.innerText()} (rarest window: lines ${start}-${end})`);
    if (expected.windowEvents && selection.selections > 1) {
      assert.equal(selection.selections, expected.windowEvents, 'one selection per event of the rarest window');
    }
    if (selection.selections === 1) {
      assert.ok(selection.line >= start && selection.line <= end + 1, `the cursor is on line ${selection.line}, outside the rarest window ${start}-${end}`);
    }
    // The selections lie within the window's lines, so they cannot hold more characters than those lines.
    const windowLines = readFileSync(sampleFile, 'utf8').split('\n').slice(start - 1, end).map((l) => l.replace(/\r$/, ''));
    const windowChars = windowLines.reduce((n, l) => n + l.length + 1, 0);
    assert.ok(selection.selected <= windowChars, `${selection.selected} characters selected, more than the ${windowChars} in lines ${start}-${end}`);
    if (expected.windowEvents === end - start + 1 && selection.selections === expected.windowEvents) {
      // One line per event: each selection is exactly its event's whole line.
      const exact = windowLines.reduce((n, l) => n + l.length, 0);
      assert.equal(selection.selected, exact, `the selections should cover lines ${start}-${end} exactly (${exact} characters)`);
    }
    await wb.page.screenshot({ path: join(RESULTS, 'revealed-selection.png') });
  });

  it('scores the file from the Explorer context menu', async function () {
    await runFromPalette(wb.page, 'View: Close All Editors');
    await waitUntil(async () => (await wb.page.locator('iframe.webview.ready').count()) === 0, {
      timeout: 15_000,
      message: () => 'the Sessionscope panel did not close with "View: Close All Editors"',
    });
    await explorerRow(wb.page, SAMPLE_NAME).waitFor({ state: 'visible' });
    await runFromExplorerMenu(wb.page, SAMPLE_NAME, SCORE_MENU_LABEL);
    await waitForSessionRows(wb.page, `"${SCORE_MENU_LABEL}" from the Explorer context menu`);
    const panel = await readPanel(wb.page);
    assert.equal(panel.firstRow.rank, '1', 'the first row of the table is not the rarest session (data-rank="1")');
    if (expected?.sessionId !== undefined) assert.equal(panel.firstRow.sessionId, String(expected.sessionId));
    await wb.page.screenshot({ path: join(RESULTS, 'panel-from-explorer.png') });
  });

  it('revives the panel on its file after the window is reloaded', async function () {
    // As a person would: the log open, scored from the palette, then the window reloaded.
    await runFromPalette(wb.page, 'View: Close All Editors');
    await waitUntil(async () => (await wb.page.locator('iframe.webview').count()) === 0, {
      timeout: 15_000,
      message: () => 'the Sessionscope panel did not close with "View: Close All Editors"',
    });
    await openFromExplorer(wb.page, SAMPLE_NAME);
    await runFromPalette(wb.page, SCORE_TITLE);
    if (await answerFileDialog(wb.page, sampleFile)) console.log('    (the command asked for the file: answered with the sample)');
    await waitForSessionRows(wb.page, `running "${SCORE_TITLE}" from the command palette`);
    const before = { summary: await readSummary(wb.page), panel: await readPanel(wb.page) };
    assert.equal(before.summary.fileName, SAMPLE_NAME, `the summary names ${before.summary.fileName}, not the scored file`);
    assert.ok(before.summary.events && before.summary.sessions, `no event or session count in the summary: ${before.summary.text}`);
    assert.ok(before.panel.firstRow.sessionId, 'the first row of the table has no data-session-id');

    await reloadWindow(wb.page);
    await waitForWorkbench(wb.page);
    // The workbench restores the panel's tab; the extension's serializer revives it and scores the file again.
    const panelTab = wb.page.locator('.tabs-container .tab', { has: wb.page.locator('.label-name', { hasText: `Sessionscope: ${SAMPLE_NAME}` }) });
    await panelTab.first().waitFor({ state: 'attached', timeout: 60_000 }).catch(() => {
      throw new Error(`no "Sessionscope: ${SAMPLE_NAME}" editor tab after the reload: the workbench did not restore the panel`);
    });
    await waitForSessionRows(wb.page, 'the window reload (the panel revived by its WebviewPanelSerializer)');
    const after = { summary: await readSummary(wb.page), panel: await readPanel(wb.page) };
    console.log(`    after the reload: ${after.summary.fileName}, ${after.summary.events} events, ${after.summary.sessions} sessions; first row: session ${after.panel.firstRow.sessionId}`);
    assert.equal(after.summary.fileName, before.summary.fileName, 'the revived panel shows another file');
    assert.equal(after.summary.events, before.summary.events, 'the revived panel counts other events');
    assert.equal(after.summary.sessions, before.summary.sessions, 'the revived panel counts other sessions');
    assert.equal(after.panel.firstRow.sessionId, before.panel.firstRow.sessionId, 'the revived panel ranks another session first');
    assert.equal(after.panel.firstRow.rank, '1', 'the first row of the revived table is not the rarest session (data-rank="1")');
    await wb.page.screenshot({ path: join(RESULTS, 'panel-after-reload.png') });
    revived = true;
  });

  it('keeps the run settings, panel changes and the selected session across a window reload', async function () {
    await runFromPalette(wb.page, 'View: Close All Editors');
    await waitUntil(async () => (await wb.page.locator('iframe.webview').count()) === 0, {
      timeout: 15_000,
      message: () => 'the Sessionscope panel did not close with "View: Close All Editors"',
    });
    await openFromExplorer(wb.page, SAMPLE_NAME);
    await runFromPalette(wb.page, 'Sessionscope: Score with Options...');
    // The columns as suggested, then longer sessions and gaps than the defaults (20 and 2 minutes).
    const titles = [];
    for (const step of ['time column', 'user columns', 'event column', 'params column']) titles.push(await answerQuickInput(wb.page, step));
    titles.push(await answerQuickInput(wb.page, 'session type'));
    titles.push(await answerQuickInput(wb.page, 'window'));
    titles.push(await answerQuickInput(wb.page, 'session length', '240'));
    titles.push(await answerQuickInput(wb.page, 'gap', '90'));
    for (const step of ['boundary', 'start and end tokens', 'geometric mean']) titles.push(await answerQuickInput(wb.page, step));
    // One walk: the step counter runs 1/11 to 11/11, it does not restart after the columns.
    assert.deepEqual(titles.map((t) => /\((\d+\/\d+)\)/.exec(t)?.[1]), Array.from({ length: 11 }, (_, k) => `${k + 1}/11`), titles.join(' | '));
    await waitForSessionRows(wb.page, 'Score with Options (max session 240, gap 90)');
    const view = webview(wb.page);
    await waitUntil(async () => (await readSummary(wb.page)).text.includes('max session 240 min, max gap 90 min'), {
      timeout: 60_000,
      message: () => 'the summary never showed max session 240 min, max gap 90 min',
    });
    // A change made in the panel itself: window 2 instead of 3.
    await view.locator('[data-testid="window-length"]').evaluate((el) => {
      el.value = '2';
      el.dispatchEvent(new Event('change'));
    });
    await waitUntil(async () => (await readSummary(wb.page)).text.includes('window 2,'), {
      timeout: 60_000,
      message: () => 'the summary never showed window 2 after the panel rescored',
    });
    // Select the second rarest session (not the first: a wrong restore would often land on rank 1 by chance).
    const row = view.locator('[data-testid="session-row"][data-rank="2"]');
    await row.click();
    await waitUntil(async () => (await row.getAttribute('aria-selected')) === 'true', { timeout: 10_000, message: () => 'rank 2 did not become selected' });
    const cells = async (locator) => (await locator.locator('.td').allInnerTexts()).map((t) => t.trim());
    const before = { summary: await readSummary(wb.page), cells: await cells(row) };
    // user columns and start: every cell but rank, likelihood, events and the window (identity, not position).
    const identity = (c) => c.slice(2, c.length - 2).join(' | ');
    console.log(`    before the reload: ${before.summary.sessions} sessions; selected ${identity(before.cells)}`);

    await reloadWindow(wb.page);
    await waitForWorkbench(wb.page);
    await waitForSessionRows(wb.page, 'the window reload after Score with Options');
    const after = await waitUntil(async () => {
      const summary = await readSummary(wb.page);
      const selected = webview(wb.page).locator('[data-testid="session-row"][aria-selected="true"]');
      if ((await selected.count()) !== 1) return undefined;
      return { summary, cells: await cells(selected) };
    }, { timeout: 60_000, message: () => 'no selected session row in the revived panel' });
    console.log(`    after the reload: ${after.summary.sessions} sessions; selected ${identity(after.cells)}`);
    assert.ok(after.summary.text.includes('max session 240 min, max gap 90 min'), `the revived panel lost the session limits: ${after.summary.text}`);
    assert.ok(after.summary.text.includes('window 2,'), `the revived panel lost the panel's window change: ${after.summary.text}`);
    assert.equal(after.summary.sessions, before.summary.sessions, 'the revived panel has other sessions');
    assert.equal(identity(after.cells), identity(before.cells), 'the revived selection is another session');
    await wb.page.screenshot({ path: join(RESULTS, 'panel-after-options-reload.png') });
    revived = true;
  });

  it('says so in the revived panel when its file is gone after the reload', async function () {
    assert.ok(revived, 'needs the revived panel on the sample from the previous test');
    // Move the panel's file away, then reload.
    const moved = `${sampleFile}.moved`;
    renameSync(sampleFile, moved);
    try {
      await reloadWindow(wb.page);
      await waitForWorkbench(wb.page);
      const view = webview(wb.page);
      const error = view.locator('[data-testid="error"]');
      const text = await waitUntil(async () => ((await error.isVisible()) ? (await error.innerText()).trim() : undefined), {
        timeout: 30_000,
        message: () => `the revived panel showed no error for its missing file ${SAMPLE_NAME}`,
      }).catch(async (err) => {
        const empty = await view.locator('[data-testid="empty"]').isVisible().catch(() => false);
        throw new Error(`${err.message}${empty ? '; it shows the "No log scored yet" placeholder instead' : ''}`);
      });
      console.log(`    revived panel: ${text.split('\n')[0]}`);
      assert.match(text, /no longer there/, 'the revived panel\'s error does not say that the file is gone');
    } finally {
      renameSync(moved, sampleFile);
    }
  });
});
