// End-to-end, on @playwright/test: the real VS Code workbench (VS Code's
// server + web client in headless Chromium) with Sessionscope loaded as the
// extension under development. A person's path: open the sample log's folder,
// score the log from the command palette, read the panel, activate the rarest
// session and land on its lines in the editor, selected and highlighted; the
// panel at a narrow and a wide size; the Explorer's context menu; a window
// reload. The tests share one workbench and run in order (test.describe.serial).
/* global document, getComputedStyle, window -- inside page.evaluate */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { makeJobDir, openWorkbench } from '../../scripts/vscode-test/workbench.mjs';
import { prepareWorkspace, REPO_ROOT, SAMPLE_NAME } from '../../scripts/vscode-test/workspace.mjs';
import {
  activeTab, answerQuickInput, editorTab, explorerRow, fatal, openFromExplorer, parseSelectionStatus, reloadWindow, runFromExplorerMenu, runFromPalette,
  waitForExtensionHost, waitForWorkbench, waitUntil, webview,
} from './ui.mjs';

const RESULTS = join(REPO_ROOT, 'test-results', 'e2e');
const README_IMAGE = join(REPO_ROOT, 'docs', 'images', 'panel.png');
const SCORE_TITLE = 'Sessionscope: Sessionize and Score Log File';
const SCORE_MENU_LABEL = 'Sessionize and Score Log File';
/** Issue #9: from running the command to the ranked sessions in the panel, for the bundled sample. */
const PANEL_TARGET_MS = 1000;
/** Issue #13: the panel's two reference widths. */
const WEBVIEW_WIDTHS = [626, 1400];

/**
 * What the CLI, over the same engine, says about the rarest session of the file, and
 * the records of its rarest window: where each starts and ends, and the characters a
 * selection of the whole record holds (the record without its line break).
 */
function expectedTop(file) {
  const cli = join(REPO_ROOT, 'dist', 'cli.js');
  expect(existsSync(cli), `${cli} is missing: run 'npm run build' first`).toBe(true);
  const out = execFileSync(process.execPath, [cli, 'score', file, '--format', 'json', '--top', '1'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const top = JSON.parse(out).sessions[0];
  const [start, end] = top.rarestWindowLines;
  // Every record of the file with its first and last line (csv-parse counts the lines).
  const records = [];
  let previousLast = 0;
  for (const { info, raw } of parse(readFileSync(file), { info: true, raw: true, relax_column_count: true })) {
    records.push({ first: previousLast + 1, last: info.lines, chars: raw.replace(/\r?\n$/, '').length });
    previousLast = info.lines;
  }
  const byFirst = new Map(records.map((r) => [r.first, r]));
  const sessionRecords = top.lines.map((line) => byFirst.get(line));
  expect(sessionRecords.every(Boolean), `the CLI's session lines ${top.lines} are not all record starts`).toBe(true);
  const window = sessionRecords.filter((r) => r.first >= start && r.first <= end);
  expect(window.length, `records of the rarest window ${start}-${end}`).toBe(top.rarestWindow.length);
  return {
    sessionId: String(top.sessionId),
    start,
    end,
    window: { selections: window.length, chars: window.reduce((n, r) => n + r.chars, 0) },
    session: { selections: sessionRecords.length, chars: sessionRecords.reduce((n, r) => n + r.chars, 0) },
  };
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
      if (Date.now() - started > 60_000 && (await view.locator('[data-testid]').count()) === 0) {
        throw fatal(`the Sessionscope panel is still blank (no [data-testid] element) 60 s after ${what}; see the extension host log`);
      }
      return undefined;
    },
    { timeout: 90_000, message: () => `the Sessionscope panel showed no [data-testid="session-row"] after ${what}` },
  );
}

/** Date.now() time of the page's first "sessionscope:rendered" mark (webview/main.ts), read in the webview's frame. */
async function renderedMarkEpochMs(page) {
  for (const frame of page.frames()) {
    const at = await frame
      .evaluate(() => {
        const mark = performance.getEntriesByName('sessionscope:rendered')[0];
        return mark ? performance.timeOrigin + mark.startTime : null;
      })
      .catch(() => null);
    if (at !== null) return at;
  }
  throw new Error('no frame of the workbench has a "sessionscope:rendered" mark');
}

async function readPanel(page) {
  const view = webview(page);
  const first = view.locator('[data-testid="session-row"]').first();
  return {
    summary: (await view.locator('[data-testid="summary"]').innerText()).trim(),
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
  return { fileName: (await summary.locator('strong').first().innerText()).trim(), events: count('events'), sessions: count('sessions'), text };
}

async function closeAllEditors(page) {
  await runFromPalette(page, 'View: Close All Editors');
  await waitUntil(async () => (await page.locator('iframe.webview').count()) === 0, {
    timeout: 15_000,
    message: () => 'the Sessionscope panel did not close with "View: Close All Editors"',
  });
}

/** Brings the log's editor forward by its tab (which keeps its selections) and reads the status bar's selection. */
async function logSelection(page, expected, what) {
  const tab = editorTab(page, SAMPLE_NAME).first();
  await tab.waitFor({ state: 'visible', timeout: 20_000 });
  await tab.click();
  await waitUntil(async () => {
    const label = await activeTab(page).innerText().catch(() => '');
    return label.includes(SAMPLE_NAME) && !label.includes('Sessionscope');
  }, { timeout: 10_000, message: () => `the active editor tab is not ${SAMPLE_NAME}` });
  const status = page.locator('#status\\.editor\\.selection');
  let text = '';
  await waitUntil(async () => {
    text = await status.innerText({ timeout: 1_000 });
    const s = parseSelectionStatus(text);
    return s && s.selections === expected.selections && s.selected === expected.chars;
  }, {
    timeout: 20_000,
    message: () => `after ${what} the status bar should read "${expected.selections} selections (${expected.chars} characters selected)", it reads "${text}"`,
  });
  return text;
}

/**
 * The log's visible lines and which of them carry the rarest-window highlight: a
 * whole-line decoration in the theme colour sessionscope.rarestWindowBackground.
 */
async function highlightedLines(page) {
  return page.evaluate(() => {
    const editor = [...document.querySelectorAll('.editor-group-container .monaco-editor')].find((e) => e.querySelector('.view-lines'));
    if (!editor) return { visible: [], highlighted: [] };
    const probe = document.createElement('div');
    probe.style.backgroundColor = 'var(--vscode-sessionscope-rarestWindowBackground)';
    editor.appendChild(probe);
    const colour = getComputedStyle(probe).backgroundColor;
    probe.remove();
    const lineAt = new Map();
    for (const n of editor.querySelectorAll('.margin-view-overlays > div')) {
      const number = Number(n.querySelector('.line-numbers')?.textContent);
      if (number) lineAt.set(n.style.top, number);
    }
    const highlighted = new Set();
    for (const row of editor.querySelectorAll('.view-overlays > div')) {
      const line = lineAt.get(row.style.top);
      if (line && [...row.children].some((c) => getComputedStyle(c).backgroundColor === colour)) highlighted.add(line);
    }
    return { colour, visible: [...lineAt.values()].sort((a, b) => a - b), highlighted: [...highlighted].sort((a, b) => a - b) };
  });
}

/** Resizes the browser window until the panel's webview is `target` px wide (±8 px). */
async function sizeWebviewTo(page, target) {
  const frame = page.locator('iframe.webview.ready');
  const settledWidth = async () => {
    let last = -1;
    return waitUntil(async () => {
      const w = Math.round((await frame.boundingBox())?.width ?? 0);
      const stable = w > 0 && w === last;
      last = w;
      return stable ? w : undefined;
    }, { timeout: 10_000, interval: 250, message: () => 'the webview width did not settle' });
  };
  let viewport = page.viewportSize();
  let width = await settledWidth();
  let slope = 2; // two editor groups side by side: the webview gets about half of a change
  for (let i = 0; i < 6 && Math.abs(width - target) > 8; i++) {
    const next = Math.max(700, Math.round(viewport.width + (target - width) * slope));
    await page.setViewportSize({ width: next, height: viewport.height });
    const w = await settledWidth();
    if (w !== width && next !== viewport.width) slope = Math.min(4, Math.max(1, (next - viewport.width) / (w - width)));
    viewport = { width: next, height: viewport.height };
    width = w;
  }
  expect(Math.abs(width - target), `webview ${width} px wide in a ${viewport.width} px window, wanted ${target} px`).toBeLessThanOrEqual(8);
  return { webview: width, window: viewport.width };
}

test.describe.serial('Sessionscope in the real VS Code workbench', () => {
  let wb;
  let workspace;
  let sampleFile;
  let expected;
  let failed = false;
  const jobDir = makeJobDir('e2e');

  test.beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true });
    workspace = prepareWorkspace();
    sampleFile = join(workspace, SAMPLE_NAME);
    expected = expectedTop(sampleFile);
    try {
      // Test mode: the extension registers its test hooks (never in a user's window).
      wb = await openWorkbench({ workspace, extensionDevelopmentPath: REPO_ROOT, jobDir, env: { SESSIONSCOPE_TEST_MODE: '1' }, onExtensionHostLine: () => {} });
      await waitForWorkbench(wb.page, SAMPLE_NAME);
    } catch (err) {
      failed = true;
      if (wb) await wb.page.screenshot({ path: join(RESULTS, 'failure-workbench-start.png') }).catch(() => {});
      throw err;
    }
  });

  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook asks for from this pattern
  test.afterEach(async ({}, testInfo) => {
    if (testInfo.status === testInfo.expectedStatus || !wb) return;
    failed = true;
    const shot = join(RESULTS, `failure-${testInfo.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
    await wb.page.screenshot({ path: shot }).catch(() => {});
    console.log(`    screenshot of the failure: ${shot}`);
  });

  test.afterAll(async () => {
    await wb?.close();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
    if (failed || process.env.SESSIONSCOPE_KEEP_JOBS) console.log(`  e2e logs kept in ${jobDir} (server.log, workbench-console.log)`);
    else rmSync(jobDir, { recursive: true, force: true });
  });

  test('scores the sample log from the command palette and shows the ranked sessions', async () => {
    // As a person would: open the log, then score the active file from the palette.
    await openFromExplorer(wb.page, SAMPLE_NAME);
    // The workbench goes on starting for seconds after it shows (its extension host starts after it, its renderer is
    // busy on 2 cores); a user's window has settled before they score a file. SESSIONSCOPE_E2E_SETTLE_MS=0 measures
    // from a window whose extension host has just started.
    await waitForExtensionHost(jobDir);
    await wb.page.waitForTimeout(Number(process.env.SESSIONSCOPE_E2E_SETTLE_MS ?? 3000));
    const { ranAt, ranAtEpochMs } = await runFromPalette(wb.page, SCORE_TITLE);
    // The command scores the active editor's file: it asks nothing.
    await webview(wb.page).locator('[data-testid="session-row"]').first().waitFor({ state: 'visible', timeout: 90_000 });
    const seenMs = performance.now() - ranAt;
    // Ends when the page drew the result (its own mark, on the same clock as the click's Date.now()), not when this
    // test's polling of the webview's frame noticed the row: that comes 0.1-0.4 s later on this machine.
    const drawnAt = await renderedMarkEpochMs(wb.page);
    expect(drawnAt, 'the page marks when it has drawn a result').toBeGreaterThan(ranAtEpochMs);
    const panelMs = drawnAt - ranAtEpochMs;

    console.log(
      `    command-to-panel for the bundled sample: ${Math.round(panelMs)} ms (target < ${PANEL_TARGET_MS} ms): ${panelMs < PANEL_TARGET_MS ? 'PASS' : 'MISS'}` +
        ` (palette click to the page's draw; the test saw the first row after ${Math.round(seenMs)} ms)`,
    );
    test.info().annotations.push({ type: 'command-to-panel', description: `${Math.round(panelMs)} ms` });
    const panel = await readPanel(wb.page);
    console.log(`    summary: ${panel.summary}`);
    console.log(`    first row (${panel.rows} rows): ${panel.firstRow.text}`);
    expect(panel.summary).toContain(SAMPLE_NAME);
    expect(panel.firstRow.rank, 'the first row of the table is the rarest session').toBe('1');
    expect(panel.firstRow.sessionId, 'the rarest session in the panel is the CLI\'s').toBe(expected.sessionId);
    await expect(webview(wb.page).locator('[data-testid="timeline"]')).toBeVisible();
    await wb.page.screenshot({ path: join(RESULTS, 'panel.png') });
  });

  test('activating the rarest session selects and highlights its rarest window in the log', async () => {
    const row = webview(wb.page).locator('[data-testid="session-row"][data-rank="1"]');
    await row.dblclick();
    const { start, end } = expected;
    // The reveal centres the window: all of its lines are on screen, highlighted, and no other line is.
    const lines = await waitUntil(async () => {
      const seen = await highlightedLines(wb.page);
      return seen.visible.includes(start) && seen.visible.includes(end) && seen.highlighted.length > 0 ? seen : undefined;
    }, { timeout: 20_000, message: (seen) => `lines ${start}-${end} (the rarest window) are not on screen, highlighted, after the reveal: ${JSON.stringify(seen)}` });
    const windowLines = Array.from({ length: end - start + 1 }, (_, k) => start + k);
    expect(lines.highlighted, `highlighted lines (colour ${lines.colour})`).toEqual(windowLines);
    const status = await logSelection(wb.page, expected.window, 'activating the rarest session');
    console.log(`    status bar: ${status} (rarest window: lines ${start}-${end})`);
    await wb.page.screenshot({ path: join(RESULTS, 'revealed-selection.png') });
  });

  for (const target of WEBVIEW_WIDTHS) {
    test(`shows chart, table and details within reach with the panel ${target} px wide`, async () => {
      const size = await sizeWebviewTo(wb.page, target);
      const view = webview(wb.page);
      // The chart and the table: brought into view and really there (a click would land on them).
      for (const id of ['timeline', 'session-table']) {
        const part = view.locator(`[data-testid="${id}"]`);
        await part.scrollIntoViewIfNeeded();
        await expect(part, `${id} at ${target} px`).toBeInViewport({ ratio: 0.5 });
      }
      // The table's rarest row selects the session and shows its details.
      await view.locator('[data-testid="session-row"][data-rank="1"]').click();
      const details = view.locator('[data-testid="details"]');
      await details.scrollIntoViewIfNeeded();
      await expect(details, `details at ${target} px`).toBeInViewport();
      await expect(view.locator('[data-testid="details-step"]').first()).toBeVisible();
      // A details button at work: all events of the session, then the rarest window again.
      await view.locator('[data-testid="reveal-session"]').click();
      await logSelection(wb.page, expected.session, `"Show all events of this session" at ${target} px`);
      await view.locator('[data-testid="reveal-window"]').click();
      await logSelection(wb.page, expected.window, `"Reveal rarest window" at ${target} px`);
      await wb.page.screenshot({ path: join(RESULTS, `panel-${target}px-details.png`) });
      // The whole window with the panel scrolled to its top, as it first shows.
      await view.locator('body').evaluate(() => window.scrollTo(0, 0));
      const shot = join(RESULTS, `panel-${target}px.png`);
      await wb.page.screenshot({ path: shot });
      console.log(`    ${shot}: webview ${size.webview} px in a ${size.window} px window`);
      if (target === 1400) {
        // The README's picture: the panel and, beside it, the revealed lines of the log.
        const box = await wb.page.locator('iframe.webview.ready').boundingBox();
        const x = Math.max(0, Math.round(box.x) - 760);
        const readme = join(RESULTS, 'readme-panel.png');
        await wb.page.screenshot({ path: readme, clip: { x, y: 0, width: size.window - x, height: wb.page.viewportSize().height } });
        // Refreshed in docs/ only on request, so a test run leaves the work tree clean.
        if (process.env.SESSIONSCOPE_UPDATE_DOCS === '1') {
          mkdirSync(dirname(README_IMAGE), { recursive: true });
          copyFileSync(readme, README_IMAGE);
        }
      }
    });
  }

  test('scores the file from the Explorer context menu', async () => {
    await wb.page.setViewportSize({ width: 1400, height: 900 });
    await closeAllEditors(wb.page);
    await explorerRow(wb.page, SAMPLE_NAME).waitFor({ state: 'visible' });
    await runFromExplorerMenu(wb.page, SAMPLE_NAME, SCORE_MENU_LABEL);
    await waitForSessionRows(wb.page, `"${SCORE_MENU_LABEL}" from the Explorer context menu`);
    const panel = await readPanel(wb.page);
    expect(panel.firstRow.rank, 'the first row of the table is the rarest session').toBe('1');
    expect(panel.firstRow.sessionId).toBe(expected.sessionId);
    await wb.page.screenshot({ path: join(RESULTS, 'panel-from-explorer.png') });
  });

  test('revives the panel on its file after the window is reloaded', async () => {
    // As a person would: the log open, scored from the palette, then the window reloaded.
    await closeAllEditors(wb.page);
    await openFromExplorer(wb.page, SAMPLE_NAME);
    await runFromPalette(wb.page, SCORE_TITLE);
    await waitForSessionRows(wb.page, `running "${SCORE_TITLE}" from the command palette`);
    const before = { summary: await readSummary(wb.page), panel: await readPanel(wb.page) };
    expect(before.summary.fileName).toBe(SAMPLE_NAME);
    expect(before.summary.events, `event count in the summary: ${before.summary.text}`).toBeTruthy();
    expect(before.summary.sessions, `session count in the summary: ${before.summary.text}`).toBeTruthy();
    expect(before.panel.firstRow.sessionId).toBe(expected.sessionId);

    await reloadWindow(wb.page);
    await waitForWorkbench(wb.page);
    // The workbench restores the panel's tab; the extension's serializer revives it and scores the file again.
    const panelTab = wb.page.locator('.tabs-container .tab', { has: wb.page.locator('.label-name', { hasText: `Sessionscope: ${SAMPLE_NAME}` }) });
    await panelTab.first().waitFor({ state: 'attached', timeout: 60_000 }).catch(() => {
      throw new Error(`no "Sessionscope: ${SAMPLE_NAME}" editor tab after the reload: the workbench did not restore the panel`);
    });
    await waitForSessionRows(wb.page, 'the window reload (the panel revived by its WebviewPanelSerializer)');
    const after = { summary: await readSummary(wb.page), panel: await readPanel(wb.page) };
    console.log(`    revived: ${after.summary.text}; first row session ${after.panel.firstRow.sessionId}`);
    expect(after.summary.fileName, 'the revived panel shows the same file').toBe(before.summary.fileName);
    expect(after.summary.events, 'the revived panel counts the same events').toBe(before.summary.events);
    expect(after.summary.sessions, 'the revived panel counts the same sessions').toBe(before.summary.sessions);
    expect(after.panel.firstRow.sessionId, 'the revived panel ranks the same session first').toBe(before.panel.firstRow.sessionId);
    expect(after.panel.firstRow.rank).toBe('1');
    await wb.page.screenshot({ path: join(RESULTS, 'panel-after-reload.png') });
  });

  test('keeps the run settings, panel changes and the selected session across a window reload', async () => {
    await closeAllEditors(wb.page);
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
    expect(titles.map((t) => /\((\d+\/\d+)\)/.exec(t)?.[1]), titles.join(' | ')).toEqual(Array.from({ length: 11 }, (_, k) => `${k + 1}/11`));
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
    await expect(row).toHaveAttribute('aria-selected', 'true');
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
    expect(after.summary.text, 'the revived panel keeps the session limits').toContain('max session 240 min, max gap 90 min');
    expect(after.summary.text, 'the revived panel keeps the panel\'s window change').toContain('window 2,');
    expect(after.summary.sessions, 'the revived panel has the same sessions').toBe(before.summary.sessions);
    expect(identity(after.cells), 'the revived selection is the same session').toBe(identity(before.cells));
    await wb.page.screenshot({ path: join(RESULTS, 'panel-after-options-reload.png') });
  });

  test('says so in the revived panel when its file is gone after the reload', async () => {
    // Move the panel's file away, then reload.
    const moved = `${sampleFile}.moved`;
    renameSync(sampleFile, moved);
    try {
      await reloadWindow(wb.page);
      await waitForWorkbench(wb.page);
      const error = webview(wb.page).locator('[data-testid="error"]');
      await expect(error, `the revived panel shows an error for its missing file ${SAMPLE_NAME}`).toBeVisible({ timeout: 30_000 });
      const text = (await error.innerText()).trim();
      console.log(`    revived panel: ${text.split('\n')[0]}`);
      expect(text, 'the revived panel\'s error says that the file is gone').toMatch(/no longer there/);
    } finally {
      renameSync(moved, sampleFile);
    }
  });
});
