// Behaviour of the panel in headless Chromium, against the page the host serves.

import assert from 'node:assert/strict';
import { pageSessions, type PanelResult } from '../../src/protocol';
import { DARK_THEME, LIGHT_THEME, panelFixture, type OpenOptions, type PanelPage, test } from './harness';
import { INSIGHT_KIND_NAMES, makeDetails, makeResult } from './synthetic';

function identity(result: PanelResult, index: number): { users: (string | null)[]; start: number } {
  return { users: result.userTuples[result.sessions.user[index]], start: result.sessions.start[index] };
}

test.describe('Sessionscope panel', function () {
  // Every test doubles as a CSP and script-error check (the harness's panel fixture).
  const panels = panelFixture();
  let panel: PanelPage;

  function open(options: OpenOptions = {}): Promise<PanelPage> {
    return panels.open(options);
  }

  async function showResult(result: PanelResult, options: OpenOptions = {}): Promise<void> {
    panel = await open(options);
    await panel.send({ type: 'result', result });
    await panel.waitForRender(result.runId);
  }

  async function rowRanks(): Promise<number[]> {
    return panel.page.$$eval('[data-testid="session-row"]', (rows) => rows.map((r) => Number(r.getAttribute('data-rank'))));
  }

  test.describe('states', () => {
    test('posts ready on load and shows the empty state', async () => {
      panel = await open();
      assert.deepEqual(await panel.posted(), [{ type: 'ready' }]);
      assert.equal(await panel.page.isVisible('[data-testid="empty"]'), true);
      assert.equal(await panel.page.isVisible('[data-testid="result-view"]'), false);
    });

    test('shows loading with file name, stage and percent', async () => {
      panel = await open();
      await panel.send({ type: 'loading', fileName: 'audit.csv', stage: 'Reading', percent: 42 });
      const loading = panel.page.locator('[data-testid="loading"]');
      await loading.waitFor();
      assert.match(await loading.innerText(), /audit\.csv.*Reading.*42%/s);
      assert.equal(await panel.page.getAttribute('[role="progressbar"]', 'aria-valuenow'), '42');
      const width = await panel.page.$eval('.progress-fill', (e) => (e as HTMLElement).style.width);
      assert.equal(width, '42%');
      assert.equal(await panel.page.isVisible('[data-testid="empty"]'), false);
    });

    test('a result or status sent again on "ready" with its first seq is not handled twice; one with a new seq is', async () => {
      // The host posts before the page is ready (VS Code hands the messages over once it has loaded) and sends the
      // last result and status again on "ready" (src/extension/panel.ts): a page that had them must not redraw.
      const result = makeResult({ sessions: 40, seed: 7 });
      panel = await open();
      await panel.send({ type: 'result', result, seq: 3 });
      await panel.waitForRender(result.runId);
      await panel.send({ type: 'loading', fileName: 'audit.csv', stage: 'Scoring', percent: null, seq: 4 });
      const loading = panel.page.locator('[data-testid="loading"]');
      await loading.waitFor();
      // Handled again, the result would clear the loading state that came after it.
      await panel.send({ type: 'result', result, seq: 3 });
      // Messages are handled in order: once the panel id is filed, the repeats before it were handled (or skipped).
      const panelId = '0f8fad5b-d9cb-469f-a165-70867728950e';
      await panel.send({ type: 'panel', panelId, seq: 5 });
      await panel.page.waitForFunction(() => window.__state?.panelId !== undefined);
      assert.equal((await panel.state())?.panelId, panelId);
      assert.equal(await loading.isVisible(), true, 'the repeated result did not clear the loading state');
      // The same result posted anew (the host puts the panel back after an abandoned choice) is drawn again.
      await panel.send({ type: 'result', result, seq: 6 });
      await loading.waitFor({ state: 'hidden' });
      assert.equal(await panel.page.isVisible('[data-testid="result-view"]'), true);
    });

    test('shows an error with its location and a Show Output button', async () => {
      panel = await open();
      await panel.send({ type: 'error', message: 'No time column found', location: 'audit.csv line 1' });
      await panel.page.locator('[data-testid="error"]').waitFor();
      assert.equal(await panel.page.innerText('[data-testid="error-message"]'), 'No time column found');
      assert.equal(await panel.page.innerText('[data-testid="error-location"]'), 'audit.csv line 1');
      await panel.page.click('[data-testid="show-output"]');
      assert.deepEqual(await panel.waitForPosted('showOutput'), { type: 'showOutput' });
    });

    test('shows a cancelled run as a neutral notice, and offers to score again', async () => {
      panel = await open();
      await panel.send({ type: 'error', message: 'Cancelled: audit.csv was not scored.', cancelled: true, canRetry: true });
      await panel.page.locator('[data-testid="error"]').waitFor();
      assert.equal(await panel.page.getAttribute('[data-testid="error"]', 'class'), 'banner cancelled');
      assert.equal(await panel.page.getAttribute('[data-testid="error"]', 'role'), 'status');
      await panel.page.click('[data-testid="score-again"]');
      assert.deepEqual(await panel.waitForPosted('scoreAgain'), { type: 'scoreAgain' });
      // A real failure is red, and without a way to retry there is no button.
      await panel.send({ type: 'error', message: 'No time column found' });
      await panel.page.waitForFunction(() => document.querySelector('[data-testid="error"]')?.className === 'banner error');
      assert.equal(await panel.page.isVisible('[data-testid="score-again"]'), false);
    });

    test('says a rescore reused the events instead of showing the earlier read time', async () => {
      const result = makeResult({ sessions: 50 });
      result.summary.eventsReused = true;
      result.summary.timingsMs = { read: 0, sessionize: 95, train: 61, score: 140, total: 296 };
      await showResult(result);
      assert.equal(await panel.page.innerText('[data-testid="summary-time"]'), '296 ms total (rescored, events reused)');
      assert.match((await panel.page.getAttribute('[data-testid="summary-time"]', 'title')) ?? '', /^read: the events of the last run, not read again/);
    });

    test('keeps the result on screen while a rescore loads', async () => {
      await showResult(makeResult({ sessions: 50 }));
      await panel.send({ type: 'loading', fileName: 'exchange-admin-audit.csv', stage: 'Scoring', percent: 80 });
      await panel.page.locator('[data-testid="loading"]').waitFor();
      assert.equal(await panel.page.isVisible('[data-testid="timeline"]'), true);
    });
  });

  test.describe('result', () => {
    test('summarises the run and the column mapping', async () => {
      const result = makeResult({ sessions: 300, nanFraction: 0.02 });
      await showResult(result);
      const summary = await panel.page.innerText('[data-testid="summary"]');
      for (const part of ['exchange-admin-audit.csv', `${result.summary.events.toLocaleString('en-US')} events`, '300 sessions',
        `${result.summary.users} users`, `${result.commands.length} distinct commands`, 'Commands + parameters + values',
        'window 3, tokens on, geomean off', 'max session 60 min, max gap 20 min, strict boundary', '708 ms total',
        '3 skipped rows', '6 sessions without a likelihood']) {
        assert.ok(summary.includes(part), `summary lacks "${part}": ${summary}`);
      }
      const mapping = await panel.page.innerText('[data-testid="mapping"]');
      assert.match(mapping, /user: UserId, ClientIP.*time: CreationTime.*event: Operation.*params: Parameters/s);
      await panel.page.click('[data-testid="change-mapping"]');
      await panel.waitForPosted('changeMapping');
      await panel.page.click('[data-testid="skipped-rows"] summary');
      assert.match(await panel.page.innerText('[data-testid="skipped-rows"]'), /line 97: 3 fields, expected 6/);
    });

    test('plots every scored session of a small result as its own point', async () => {
      const result = makeResult({ sessions: 120, nanFraction: 0.05 });
      await showResult(result);
      const snap = await panel.snapshot();
      assert.equal(snap.individualPoints, 114);
      assert.equal(snap.cellPoints, 0);
      assert.equal(snap.selectedPoints, 0);
      // NaN sessions are listed instead of plotted.
      await panel.page.click('[data-testid="nan-sessions"] summary');
      assert.equal(await panel.page.locator('[data-testid="nan-sessions"] li').count(), 6);
      assert.match(await panel.page.innerText('[data-testid="nan-sessions"] summary'), /^6 sessions without a likelihood/);
    });

    test('draws the rarest 2000 and the selected session one by one and aggregates the rest without losing any', async () => {
      const result = makeResult({ sessions: 20_000, nanFraction: 0.01 });
      await showResult(result, { initialState: { filePath: result.summary.filePath, selected: identity(result, 15_000) } });
      const snap = await panel.snapshot();
      assert.equal(snap.individualPoints, 2000);
      assert.equal(snap.selectedPoints, 1);
      assert.equal(snap.sessionsInCells, 19_800 - 2000);
      assert.ok(snap.cellPoints > 100 && snap.cellPoints < 18_000, `cells: ${snap.cellPoints}`);
    });

    test('labels the axes plainly: UTC time at round boundaries, log likelihood with rarer lower', async () => {
      const result = makeResult({ sessions: 300, startMs: Date.UTC(2024, 2, 1), days: 14 });
      await showResult(result);
      const snap = await panel.snapshot();
      assert.equal(snap.axisTitles.x, 'Session start (UTC)');
      assert.equal(snap.axisTitles.y, 'Rarest-window likelihood (log scale, rarer = lower)');
      assert.ok(snap.x.ticks.length >= 4);
      for (const t of snap.x.ticks) {
        assert.equal(t.value % 86_400_000, 0, `tick at UTC midnight: ${new Date(t.value).toISOString()}`);
        const d = new Date(t.value);
        assert.equal(t.label, `${d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' })} ${d.getUTCDate()}`);
      }
      assert.ok(snap.y.ticks.length >= 3);
      assert.ok(snap.y.ticks.every((t) => /^1e[+-]\d+$|^\d\.\de[+-]\d+$/.test(t.label)), JSON.stringify(snap.y.ticks));
      // Rarer sessions are lower: the rarest point sits below the most common one.
      const rarest = await panel.page.evaluate((id) => window.__sessionscope?.pointPosition(id) ?? null, result.sessions.id[0]);
      const common = await panel.page.evaluate((id) => window.__sessionscope?.pointPosition(id) ?? null, result.sessions.id[290]);
      assert.ok(rarest && common && rarest.y > common.y);
    });

    test('places underflowed likelihoods by their log and prints them', async () => {
      const result = makeResult({ sessions: 60, underflow: 2 });
      assert.equal(result.sessions.likelihood[0], 0);
      await showResult(result);
      const snap = await panel.snapshot();
      assert.equal(snap.individualPoints, 59);
      assert.ok(snap.y.min < (result.sessions.logLikelihood[0] as number) / Math.LN10);
      const first = await panel.page.innerText('[data-testid="session-row"][data-rank="1"] .td[data-col="likelihood"]');
      assert.match(first, /^\d\.\d\de-\d{3}$/);
    });

    test('clicking the rarest point selects it, reveals its window and asks for details', async () => {
      const result = makeResult({ sessions: 3000 });
      await showResult(result);
      const rarestId = result.sessions.id[0];
      const pos = await panel.page.evaluate((id) => window.__sessionscope?.pointPosition(id) ?? null, rarestId);
      assert.ok(pos, 'rarest point is drawn');
      await panel.clearPosted();
      await panel.page.mouse.click(pos.x, pos.y);
      const reveal = await panel.waitForPosted('reveal');
      assert.deepEqual(reveal, { type: 'reveal', runId: 1, sessionId: rarestId, scope: 'window' });
      const details = await panel.waitForPosted('details');
      assert.equal(details.sessionId, rarestId);
      assert.equal(details.runId, 1);
      assert.deepEqual((await panel.state())?.selected, identity(result, 0));
      assert.equal((await panel.snapshot()).selectedPoints, 1);
      assert.equal(await panel.page.getAttribute('[data-testid="session-row"][data-rank="1"]', 'aria-selected'), 'true');
    });
  });

  test.describe('as a hunter uses it', () => {
    test('lists every session under the pointer in a tooltip that stays inside the chart, and a click picks the rarest', async () => {
      const result = makeResult({ sessions: 300 });
      const s = result.sessions;
      // Eight sessions on one spot (same start, likelihood and size): rank 4 is the rarest of them.
      const tied = [3, 4, 5, 6, 7, 8, 9, 10];
      for (const k of tied) {
        s.start[k] = s.start[3];
        s.logLikelihood[k] = s.logLikelihood[3];
        s.likelihood[k] = s.likelihood[3];
        s.eventCount[k] = s.eventCount[3];
      }
      // At the right edge of the chart, where a wide tooltip would be cut.
      const latest = Math.max(...s.start);
      for (const k of tied) s.start[k] = latest;
      await showResult(result, { viewport: { width: 700, height: 900 } });
      const pos = await panel.page.evaluate((id) => window.__sessionscope?.pointPosition(id) ?? null, s.id[3]);
      assert.ok(pos);
      await panel.page.mouse.move(pos.x, pos.y);
      await panel.page.waitForFunction(() => window.__sessionscope?.timeline().tooltip.visible === true);
      const tip = (await panel.snapshot()).tooltip;
      assert.equal(tip.title[0], '8 sessions here (a click selects the rarest)');
      assert.equal(tip.lines.filter((l) => l.startsWith('#')).length, 6);
      assert.ok(tip.lines[0].startsWith('#4 '), tip.lines.join('\n'));
      assert.equal(tip.lines[tip.lines.length - 1], '+2 more');
      const size = (await panel.snapshot()).canvasSize;
      assert.ok(tip.x >= 0 && tip.x + tip.width <= size.width && tip.y >= 0 && tip.y + tip.height <= size.height, `tooltip box ${JSON.stringify(tip)} outside the ${size.width}×${size.height} canvas`);
      await panel.clearPosted();
      await panel.page.mouse.click(pos.x, pos.y);
      assert.equal((await panel.waitForPosted('details')).sessionId, s.id[3]);
    });

    test('keeps every point hit-testable when data changes under a zoomed view (no "hitRadius" errors on hover)', async () => {
      const result = makeResult({ sessions: 6000 });
      await showResult(result);
      const canvas = await panel.page.locator('[data-testid="timeline-canvas"]').boundingBox();
      assert.ok(canvas);
      const cx = canvas.x + canvas.width / 2;
      const cy = canvas.y + canvas.height * 0.3;
      await panel.page.mouse.move(cx, cy);
      for (let k = 0; k < 8; k++) {
        await panel.page.mouse.wheel(0, -120);
        await panel.page.waitForTimeout(30);
      }
      await panel.page.waitForTimeout(300);
      // New data under the same axes: a filter, then none, then a bound.
      for (const filter of ['alice@', '', 'o']) {
        await panel.page.locator('[data-testid="table-filter"] input').fill(filter);
        await panel.page.waitForTimeout(250);
        for (let k = 0; k < 10; k++) await panel.page.mouse.move(canvas.x + (canvas.width * k) / 10 + 5, cy + ((k % 3) - 1) * 40);
        assert.equal((await panel.snapshot()).pointsWithoutOptions, 0, `points without options after filter "${filter}"`);
      }
      assert.deepEqual(panel.errors, []);
    });

    test('reaches the chart by keyboard: arrows step by rank and time, Enter reveals, a skip link jumps to the table', async () => {
      const result = makeResult({ sessions: 500 });
      await showResult(result);
      const s = result.sessions;
      await panel.page.focus('[data-testid="timeline-canvas"]');
      await panel.page.keyboard.press('Home');
      assert.equal((await panel.waitForPosted('details')).sessionId, s.id[0]);
      await panel.clearPosted();
      await panel.page.keyboard.press('ArrowUp');
      assert.equal((await panel.waitForPosted('details')).sessionId, s.id[1], 'Up: the next less rare session');
      await panel.clearPosted();
      await panel.page.keyboard.press('ArrowRight');
      const scored = Array.from(s.id, (_, i) => i).filter((i) => !Number.isNaN(s.likelihood[i])).sort((a, b) => s.start[a] - s.start[b] || a - b);
      const after = scored[scored.indexOf(1) + 1];
      assert.equal((await panel.waitForPosted('details')).sessionId, s.id[after], 'Right: the next session in time');
      await panel.clearPosted();
      await panel.page.keyboard.press('Enter');
      assert.deepEqual(await panel.waitForPosted('reveal'), { type: 'reveal', runId: 1, sessionId: s.id[after], scope: 'window' });
      assert.equal(await panel.page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'timeline-canvas');

      await panel.page.focus('[data-testid="skip-to-table"]');
      assert.ok(await panel.page.isVisible('[data-testid="skip-to-table"]'), 'the skip link shows when focused');
      await panel.page.keyboard.press('Enter');
      assert.equal(await panel.page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'session-table-body');
    });

    test('lets the hunter widen a user column, and shows the full value on hover', async () => {
      const result = makeResult({ sessions: 200 });
      const arn = 'arn:aws:iam::123456789012:user/service-account-deploy-pipeline-eu-west-1-production';
      result.userTuples[result.sessions.user[0]][0] = arn;
      await showResult(result, { viewport: { width: 1250, height: 860 } });
      const userHeader = panel.page.locator('.th[data-sort-key="user:0"]');
      const before = (await userHeader.boundingBox())?.width ?? 0;
      assert.ok(before >= 150, `the user column starts ${before} px wide, too narrow for its values`);
      const handle = userHeader.locator('[data-testid="column-resizer"]');
      const box = await handle.boundingBox();
      assert.ok(box);
      await panel.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await panel.page.mouse.down();
      await panel.page.mouse.move(box.x + 120, box.y + box.height / 2, { steps: 5 });
      await panel.page.mouse.up();
      const widened = (await userHeader.boundingBox())?.width ?? 0;
      assert.ok(Math.abs(widened - before - 120) < 4, `dragged 120 px: ${before} → ${widened}`);
      const cell = panel.page.locator('[data-testid="session-row"][data-rank="1"] .td[data-col="user:0"]');
      assert.ok(Math.abs(((await cell.boundingBox())?.width ?? 0) - widened) < 2, 'the rows follow the header');
      assert.equal(await cell.getAttribute('title'), arn);
      // Not narrower than its minimum, however far it is dragged.
      const box2 = await handle.boundingBox();
      assert.ok(box2);
      await panel.page.mouse.move(box2.x + 2, box2.y + 5);
      await panel.page.mouse.down();
      await panel.page.mouse.move(box2.x - 1000, box2.y + 5, { steps: 5 });
      await panel.page.mouse.up();
      assert.ok(((await userHeader.boundingBox())?.width ?? 0) >= 50);
      // Sorting still works by clicking the header's text.
      await userHeader.locator('.th-sort').click();
      await panel.page.waitForFunction(() => document.querySelector('.th[data-sort-key="user:0"]')?.getAttribute('aria-sort') === 'ascending');
    });

    test('tells the host when a result is drawn, and shows later stages without a stale percent', async () => {
      panel = await open();
      await panel.send({ type: 'loading', fileName: 'audit.csv', stage: 'Sessionizing', percent: null });
      await panel.page.locator('[data-testid="loading"]').waitFor();
      assert.equal((await panel.page.innerText('[data-testid="loading-text"]')).trim(), 'audit.csv — Sessionizing…');
      const result = makeResult({ sessions: 100, runId: 7 });
      const sentAt = Date.now();
      await panel.send({ type: 'result', result });
      await panel.waitForRender(7);
      const seenAt = Date.now();
      const rendered = (await panel.posted()).filter((m) => m.type === 'rendered');
      assert.equal(rendered.length, 1);
      assert.equal(rendered[0].runId, 7);
      // With the page's own time from receiving the result to drawing it.
      const drawMs = (rendered[0] as { drawMs?: unknown }).drawMs;
      assert.ok(typeof drawMs === 'number' && drawMs >= 0 && drawMs < 60_000, `drawMs ${String(drawMs)}`);
      // And by the clock (one machine: the test's), when the message reached it and when it was drawn, for the panel bench.
      const { receivedAt, drawnAt } = rendered[0] as { receivedAt?: number; drawnAt?: number };
      assert.ok(receivedAt !== undefined && drawnAt !== undefined, JSON.stringify(rendered[0]));
      assert.ok(sentAt <= receivedAt && receivedAt <= drawnAt && drawnAt <= seenAt, JSON.stringify({ sentAt, receivedAt, drawnAt, seenAt }));
    });
  });

  test.describe('table', () => {
    test('shows the same rows from a result as the host sends it (window lengths, four-byte insight scores, no reference ranks)', async () => {
      const result = makeResult({ sessions: 300 });
      const rowsOf = async (r: PanelResult): Promise<string[]> => {
        await showResult(r);
        return panel.page.$$eval('[data-testid="session-row"]', (rows) => rows.slice(0, 12).map((row) => row.textContent ?? ''));
      };
      const plain = await rowsOf(result);
      const sent = pageSessions(result.sessions);
      assert.equal(sent.windowOffsets.length, 0, 'the offsets travel as lengths');
      assert.equal(sent.windowLengths?.length, result.sessions.count);
      const light = await rowsOf({ ...result, sessions: sent });
      assert.ok(plain.length >= 10 && plain.some((t) => t.includes('→')), 'rows with their windows');
      assert.deepEqual(light, plain);
    });

    test('lists sessions rarest first with ids and ranks', async () => {
      const result = makeResult({ sessions: 500 });
      await showResult(result);
      const ranks = await rowRanks();
      assert.ok(ranks.length > 10 && ranks.length < 120, `virtualised: ${ranks.length} rows in the DOM`);
      assert.deepEqual(ranks.slice(0, 5), [1, 2, 3, 4, 5]);
      assert.equal(await panel.page.getAttribute('[data-testid="session-row"][data-rank="1"]', 'data-session-id'), String(result.sessions.id[0]));
      const cells = Object.fromEntries(
        await panel.page.$$eval('[data-testid="session-row"][data-rank="1"] .td', (tds) => tds.map((t) => [t.getAttribute('data-col'), t.textContent])),
      );
      const s = result.sessions;
      const win = Array.from(s.windowCommands.subarray(s.windowOffsets[0], s.windowOffsets[1]), (c) => result.commands[c]).join(' → ');
      // Rank, mark, likelihood, the users, insights, start, events, rarest window: in that order.
      assert.deepEqual(Object.keys(cells), ['rank', 'mark', 'likelihood', ...result.userColumns.map((_, k) => `user:${k}`), 'insights', 'start', 'events', 'window']);
      assert.equal(cells.rank, '1');
      assert.equal(cells.likelihood, (s.likelihood[0] as number).toExponential(2));
      assert.equal(cells['user:0'], result.userTuples[s.user[0]][0]);
      assert.equal(cells.start, new Date(s.start[0]).toISOString().replace('.000Z', 'Z'));
      assert.equal(cells.window, win);
    });

    test('filters by user and by command, case-insensitively, over all sessions', async () => {
      const result = makeResult({ sessions: 5000 });
      await showResult(result);
      await panel.page.locator('[data-testid="table-filter"] input').fill('CAROL@');
      const carol = result.userTuples.findIndex((t) => t[0] === 'carol@contoso.com');
      const expected = result.sessions.user.filter((u, i) => u === carol && !Number.isNaN(result.sessions.likelihood[i])).length;
      await panel.page.waitForFunction((n) => document.querySelector('[data-testid="table-count"]')?.textContent?.startsWith(`${n.toLocaleString('en-US')} match the filter, of`), expected);
      const users = await panel.page.$$eval('[data-testid="session-row"] .td[data-col="user:0"]', (tds) => tds.map((t) => t.textContent));
      assert.ok(users.length > 0 && users.every((u) => u === 'carol@contoso.com'));
      assert.equal((await panel.state())?.filter, 'CAROL@');
      // The chart dims what the filter excludes: carol's sessions stay points, everyone else's turn into grey cells.
      const scored = result.sessions.likelihood.filter((l) => !Number.isNaN(l)).length;
      const snap = await panel.snapshot();
      assert.equal(snap.dimmedSessions, scored - expected);
      assert.equal(snap.individualPoints + snap.sessionsInCells, expected);

      await panel.page.locator('[data-testid="table-filter"] input').fill('');
      await panel.page.waitForFunction(() => document.querySelector('[data-testid="table-count"]')?.textContent?.includes(' of ') && !document.querySelector('[data-testid="table-count"]')?.textContent?.includes('match'));
      assert.equal((await panel.snapshot()).dimmedSessions, 0);
      await panel.page.locator('[data-testid="table-filter"] input').fill('new-mailboxexport');
      await panel.page.waitForFunction(() => document.querySelector('[data-testid="table-count"]')?.textContent?.includes('match the filter'));
      const windows = await panel.page.$$eval('[data-testid="session-row"] .td[data-col="window"]', (tds) => tds.map((t) => t.textContent ?? ''));
      assert.ok(windows.length > 0 && windows.every((w) => w.includes('New-MailboxExportRequest')));
    });

    test('shows each session\'s top insight with the count of the others, and filters by insight kind over all sessions', async () => {
      const result = makeResult({ sessions: 3000 });
      await showResult(result);
      const s = result.sessions;
      const header = await panel.page.$$eval('.th .th-sort', (bs) => bs.map((b) => b.textContent ?? ''));
      assert.ok(header.some((t) => t.startsWith('Insights')), `an Insights column: ${header.join(', ')}`);
      // Rank 1 has insights by construction (every third row).
      const cell = await panel.page.innerText('[data-testid="session-row"][data-rank="1"] [data-testid="insight-cell"]');
      const more = s.insightCount[0] - 1;
      assert.equal(cell, (s.topInsight[0] as string) + (more > 0 ? ` (+${more} more)` : ''));

      const kinds = await panel.page.$$eval('[data-testid="insight-kind-filter"] vscode-option', (os) => os.map((o) => o.getAttribute('value')));
      assert.deepEqual(kinds, ['', '*', ...INSIGHT_KIND_NAMES]);
      const kind = 'new-command-for-actor';
      const bit = 1 << INSIGHT_KIND_NAMES.indexOf(kind);
      const expected = s.insightKinds.filter((k, i) => (k & bit) !== 0 && !Number.isNaN(s.likelihood[i])).length;
      await panel.page.evaluate((v) => {
        const select = document.querySelector('[data-testid="insight-kind-filter"]') as HTMLElement & { value: string };
        select.value = v;
        select.dispatchEvent(new Event('change'));
      }, kind);
      await panel.page.waitForFunction((n) => document.querySelector('[data-testid="table-count"]')?.textContent?.startsWith(`${n.toLocaleString('en-US')} match the filter, of`), expected);
      const ranks = await rowRanks();
      assert.ok(ranks.length > 0 && ranks.every((r) => (s.insightKinds[r - 1] & bit) !== 0), 'every listed row has the kind');
      // The chart dims the rest, as with the text filter.
      const scored = s.likelihood.filter((l) => !Number.isNaN(l)).length;
      assert.equal((await panel.snapshot()).dimmedSessions, scored - expected);
      // The text filter still applies on top.
      await panel.page.locator('[data-testid="table-filter"] input').fill('CAROL@');
      const carol = result.userTuples.findIndex((t) => t[0] === 'carol@contoso.com');
      const both = s.insightKinds.filter((k, i) => (k & bit) !== 0 && s.user[i] === carol && !Number.isNaN(s.likelihood[i])).length;
      await panel.page.waitForFunction((n) => document.querySelector('[data-testid="table-count"]')?.textContent?.startsWith(`${n.toLocaleString('en-US')} match`), both);
    });

    test('lists only the tableRows most anomalous matching sessions and says how many more there are', async () => {
      const result = { ...makeResult({ sessions: 3000 }), tableRows: 100 };
      await showResult(result);
      const scored = result.sessions.likelihood.filter((l) => !Number.isNaN(l)).length;
      await panel.page.waitForFunction(
        (text) => document.querySelector('[data-testid="table-count"]')?.textContent === text,
        `100 of ${scored.toLocaleString('en-US')} scored sessions · ${(scored - 100).toLocaleString('en-US')} more not listed (setting sessionscope.tableRows)`,
      );
      // Sorted the other way, the table still holds those 100: the rank column ends at 100.
      const rankHeader = panel.page.locator('.th[data-sort-key="rank"]');
      await rankHeader.click();
      if ((await rankHeader.getAttribute('aria-sort')) !== 'descending') await rankHeader.click();
      await panel.page.waitForFunction(() => document.querySelector('.th[data-sort-key="rank"]')?.getAttribute('aria-sort') === 'descending');
      assert.equal((await rowRanks())[0], 100);
      // Filtered, the count says how many match, not only how many are listed.
      await panel.page.locator('[data-testid="table-filter"] input').fill('@contoso');
      await panel.page.waitForFunction(
        (text) => document.querySelector('[data-testid="table-count"]')?.textContent === text,
        `${scored.toLocaleString('en-US')} match the filter, of ${scored.toLocaleString('en-US')} scored sessions · the first 100 listed (setting sessionscope.tableRows)`,
      );
    });

    test('sorts by a column header, both ways', async () => {
      const result = makeResult({ sessions: 2000 });
      await showResult(result);
      const eventsHeader = panel.page.locator('.th[data-sort-key="events"]');
      await eventsHeader.click();
      const maxEvents = Math.max(...result.sessions.eventCount.filter((_, i) => !Number.isNaN(result.sessions.likelihood[i])));
      const minEvents = Math.min(...result.sessions.eventCount.filter((_, i) => !Number.isNaN(result.sessions.likelihood[i])));
      const eventsColumn = (): Promise<number[]> =>
        panel.page.$$eval('[data-testid="session-row"] .td[data-col="events"]', (tds) => tds.map((t) => Number((t.textContent ?? '').replace(/,/g, ''))));
      await panel.page.waitForFunction(() => document.querySelector('.th[data-sort-key="events"]')?.getAttribute('aria-sort') === 'ascending');
      let values = await eventsColumn();
      assert.equal(values[0], minEvents);
      assert.deepEqual(values, [...values].sort((a, b) => a - b));
      await eventsHeader.click();
      await panel.page.waitForFunction(() => document.querySelector('.th[data-sort-key="events"]')?.getAttribute('aria-sort') === 'descending');
      values = await eventsColumn();
      assert.equal(values[0], maxEvents);
      assert.deepEqual(values, [...values].sort((a, b) => b - a));
      await panel.page.locator('.th[data-sort-key="rank"]').click();
      await panel.page.locator('.th[data-sort-key="rank"]').click();
      await panel.page.waitForFunction(() => document.querySelector('.th[data-sort-key="rank"]')?.getAttribute('aria-sort') === 'descending');
      assert.equal((await rowRanks())[0], 1980);
    });

    test('moves the selection with the arrow keys and reveals with Enter and double-click', async () => {
      const result = makeResult({ sessions: 400 });
      await showResult(result);
      await panel.page.click('[data-testid="session-row"][data-rank="1"]');
      await panel.page.keyboard.press('ArrowDown');
      await panel.page.keyboard.press('ArrowDown');
      await panel.page.keyboard.press('ArrowUp');
      await panel.page.waitForFunction(() => document.querySelector('[data-testid="session-row"][aria-selected="true"]')?.getAttribute('data-rank') === '2');
      await panel.clearPosted();
      await panel.page.keyboard.press('Enter');
      assert.deepEqual(await panel.waitForPosted('reveal'), { type: 'reveal', runId: 1, sessionId: result.sessions.id[1], scope: 'window' });
      await panel.clearPosted();
      await panel.page.dblclick('[data-testid="session-row"][data-rank="5"]');
      assert.deepEqual(await panel.waitForPosted('reveal'), { type: 'reveal', runId: 1, sessionId: result.sessions.id[4], scope: 'window' });
      await panel.page.keyboard.press('End');
      await panel.page.waitForFunction(() => document.querySelector('[data-testid="session-row"][aria-selected="true"]')?.getAttribute('data-rank') === '396');
    });
  });

  test.describe('details', () => {
    test('shows the command sequence with the rarest window and steps through events', async () => {
      const result = makeResult({ sessions: 200 });
      await showResult(result);
      const id = result.sessions.id[2];
      await panel.page.click('[data-testid="session-row"][data-rank="3"]');
      const request = await panel.waitForPosted('details');
      assert.equal(request.sessionId, id);
      // A stale reply must not replace the current one.
      await panel.send({ type: 'details', requestId: request.requestId - 1, details: makeDetails(result, result.sessions.id[0]) });
      const details = makeDetails(result, id);
      await panel.send({ type: 'details', requestId: request.requestId, details });
      await panel.page.locator('[data-testid="details-step"]').first().waitFor();
      assert.equal(await panel.page.locator('[data-testid="details-step"]').count(), details.steps.length);
      assert.equal(await panel.page.locator('[data-testid="details-step"][data-in-window="true"]').count(), 3);
      const firstWindowStep = details.steps.find((s) => s.inRarestWindow);
      const windowText = await panel.page.innerText('[data-testid="details-step"][data-in-window="true"] >> nth=0');
      assert.ok(firstWindowStep && windowText.includes(firstWindowStep.command) && windowText.includes(String(firstWindowStep.line)));
      assert.match(windowText, /p\((step|start)\) \d/);
      assert.match(windowText, /p\(params\)/);
      assert.match(await panel.page.innerText('[data-testid="details-steps"]'), /p\(end\) 0\.420/);
      assert.match(await panel.page.innerText('[data-testid="details-user"]'), new RegExp(String(details.users[0])));

      await panel.clearPosted();
      await panel.page.click('[data-testid="reveal-session"]');
      assert.deepEqual(await panel.waitForPosted('reveal'), { type: 'reveal', runId: 1, sessionId: id, scope: 'session' });
      await panel.page.click('[data-testid="reveal-window"]');
      await panel.page.waitForFunction(() => window.__posted.filter((m) => m.type === 'reveal').length === 2);
      assert.equal((await panel.waitForPosted('reveal')).scope, 'window');
      await panel.page.click('[data-testid="step-next"]');
      assert.deepEqual(await panel.waitForPosted('step'), { type: 'step', direction: 1 });
      await panel.page.click('[data-testid="step-previous"]');
      await panel.page.waitForFunction(() => window.__posted.filter((m) => m.type === 'step').length === 2);
      assert.deepEqual(await panel.waitForPosted('step'), { type: 'step', direction: -1 });
      await panel.send({ type: 'revealed', runId: 1, sessionId: id, position: 0, total: 3 });
      await panel.page.waitForFunction(() => document.querySelector('[data-testid="reveal-position"]')?.textContent === '3 events selected');
      await panel.send({ type: 'revealed', runId: 1, sessionId: id, position: 3, total: 3 });
      await panel.page.waitForFunction(() => document.querySelector('[data-testid="reveal-position"]')?.textContent === 'Event 3 of 3');
    });

    test('lists the session\'s insights in plain words with their counts, and a click reveals the insight\'s lines', async () => {
      const result = makeResult({ sessions: 200 });
      await showResult(result);
      // Rank 1 has insights by construction.
      const id = result.sessions.id[0];
      await panel.page.click('[data-testid="session-row"][data-rank="1"]');
      const request = await panel.waitForPosted('details');
      const details = makeDetails(result, id);
      assert.ok(details.insights.length > 0);
      await panel.send({ type: 'details', requestId: request.requestId, details });
      await panel.page.locator('[data-testid="details-insight"]').first().waitFor();
      const texts = await panel.page.$$eval('[data-testid="details-insight"]', (bs) => bs.map((b) => b.textContent));
      assert.deepEqual(texts, details.insights.map((i) => i.text));
      const evidence = await panel.page.innerText('[data-testid="insight-evidence"] >> nth=0');
      assert.match(evidence, /actorSessions 53/);
      assert.match(evidence, new RegExp(`line ${details.insights[0].lines[0]}`));
      assert.match(await panel.page.innerText('[data-testid="details"]'), /reference rank 1/);

      await panel.clearPosted();
      const last = details.insights.length - 1;
      await panel.page.click(`[data-testid="details-insight"] >> nth=${last}`);
      assert.deepEqual(await panel.waitForPosted('reveal'), { type: 'reveal', runId: 1, sessionId: id, scope: 'insight', insight: last });
    });

    test('says so when the host has no details', async () => {
      await showResult(makeResult({ sessions: 30 }));
      await panel.page.click('[data-testid="session-row"][data-rank="1"]');
      const request = await panel.waitForPosted('details');
      await panel.send({ type: 'details', requestId: request.requestId, details: null, error: 'Run 1 is gone' });
      await panel.page.waitForFunction(() => document.querySelector('[data-testid="details-error"]')?.textContent === 'Run 1 is gone');
    });
  });

  test.describe('controls', () => {
    test('hides sessions above the likelihood upper bound from chart and table', async () => {
      const result = makeResult({ sessions: 800 });
      await showResult(result);
      const before = await panel.snapshot();
      const bound = 1e-4;
      const expected = result.sessions.likelihood.filter((l) => !Number.isNaN(l) && l <= bound).length;
      assert.ok(expected > 0 && expected < 792);
      await panel.page.locator('[data-testid="upper-bound"] input').fill('1e-4');
      await panel.page.locator('[data-testid="upper-bound"] input').press('Enter');
      await panel.page.waitForFunction((n) => document.querySelector('[data-testid="table-count"]')?.textContent?.startsWith(`${n} of`), expected);
      const after = await panel.snapshot();
      assert.equal(before.individualPoints, 792);
      assert.equal(after.individualPoints, expected);
      assert.equal((await panel.state())?.upperBound, bound);
    });

    test('moves the bound with the log-scale slider; its right end means no bound', async () => {
      const result = makeResult({ sessions: 500 });
      await showResult(result);
      const slider = panel.page.locator('[data-testid="upper-bound-slider"]');
      const setSlider = (value: string): Promise<void> =>
        slider.evaluate((el, v) => {
          const input = el as HTMLInputElement;
          input.value = v;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }, value);
      await setSlider('-10');
      await panel.page.waitForFunction(() => window.__state?.upperBound !== undefined && window.__state.upperBound !== null);
      const bound = (await panel.state())?.upperBound ?? 0;
      assert.ok(Math.abs(Math.log10(bound) + 10) < 1e-9);
      const expected = result.sessions.likelihood.filter((l) => !Number.isNaN(l) && l <= bound).length;
      await panel.page.waitForFunction((n) => document.querySelector('[data-testid="table-count"]')?.textContent?.startsWith(`${n} of`), expected);
      assert.equal((await panel.snapshot()).individualPoints, expected);
      const max = await slider.getAttribute('max');
      await setSlider(String(max));
      await panel.page.waitForFunction(() => window.__state?.upperBound === null);
      assert.equal((await panel.snapshot()).individualPoints, 495);
    });

    test('posts rescore with the chosen options and updates the chart in place', async () => {
      const result = makeResult({ sessions: 300 });
      await showResult(result);
      const options = await panel.page.$$eval('[data-testid="session-type"] vscode-option', (os) => os.map((o) => o.getAttribute('value')));
      assert.deepEqual(options, result.availableSessionTypes);
      await panel.page.evaluate(() => {
        const canvas = document.querySelector('canvas');
        if (canvas) canvas.dataset.marker = 'first';
      });
      await panel.page.locator('[data-testid="geomean"]').click();
      const rescore = await panel.waitForPosted('rescore');
      assert.deepEqual(rescore, { type: 'rescore', runId: 1, options: { sessionType: 'cmds_params_values', window: 3, useTokens: true, geomean: true, ranking: 'reference' } });
      const next = makeResult({ sessions: 300, seed: 99, runId: 2 });
      next.options = { ...next.options, geomean: true };
      await panel.send({ type: 'result', result: next });
      await panel.waitForRender(2);
      assert.equal(await panel.page.$eval('canvas', (c) => (c as HTMLCanvasElement).dataset.marker), 'first');
      assert.equal((await panel.snapshot()).runId, 2);
      assert.match(await panel.page.innerText('[data-testid="summary"]'), /geomean on/);
    });

    test('switches the ranking with a rescore that reuses the events, and shows the ranking of the result', async () => {
      const result = makeResult({ sessions: 300 });
      await showResult(result);
      assert.equal(await panel.page.$eval('[data-testid="ranking"]', (e) => (e as HTMLElement & { value: string }).value), 'reference');
      await panel.page.evaluate(() => {
        const select = document.querySelector('[data-testid="ranking"]') as HTMLElement & { value: string };
        select.value = 'insight';
        select.dispatchEvent(new Event('change'));
      });
      const rescore = await panel.waitForPosted('rescore');
      assert.deepEqual(rescore, { type: 'rescore', runId: 1, options: { sessionType: 'cmds_params_values', window: 3, useTokens: true, geomean: false, ranking: 'insight' } });
      const next = makeResult({ sessions: 300, runId: 2, ranking: 'insight' });
      await panel.send({ type: 'result', result: next });
      await panel.waitForRender(2);
      assert.equal(await panel.page.$eval('[data-testid="ranking"]', (e) => (e as HTMLElement & { value: string }).value), 'insight');
    });

    test('colours the timeline by the kind of each session\'s top insight', async () => {
      const result = makeResult({ sessions: 400 });
      await showResult(result);
      await panel.page.evaluate(() => {
        const select = document.querySelector('[data-testid="colour-mode"]') as HTMLElement & { value: string };
        select.value = 'insight';
        select.dispatchEvent(new Event('change'));
      });
      await panel.page.waitForFunction(() => document.querySelector('[data-testid="legend"] li')?.textContent?.startsWith('Top insight'));
      const legend = await panel.page.$$eval('[data-testid="legend"] li', (lis) => lis.map((l) => l.textContent ?? ''));
      assert.deepEqual(legend, [...INSIGHT_KIND_NAMES.map((k) => `Top insight: ${k.replace(/-/g, ' ')}`), 'No insights']);
      assert.equal((await panel.state())?.colorBy, 'insight');
    });

    test('offers only the session types the data supports', async () => {
      const result = makeResult({ sessions: 40 });
      result.availableSessionTypes = ['cmds_only'];
      result.options.sessionType = 'cmds_only';
      await showResult(result);
      const options = await panel.page.$$eval('[data-testid="session-type"] vscode-option', (os) => os.map((o) => o.getAttribute('value')));
      assert.deepEqual(options, ['cmds_only']);
    });

    test('shortens legend entries in the middle, so users that differ at the end stay apart, with the full name in the tooltip', async () => {
      const result = makeResult({ sessions: 400, users: 12 });
      const arns = ['alice', 'bob', 'carol', 'dave'].map((u) => `arn:aws:iam::123456789012:user/automation/${u}-deploy`);
      // The busiest users get legend entries: give them ARNs that share a long prefix.
      const counts = new Map<number, number>();
      for (const u of result.sessions.user) counts.set(u, (counts.get(u) ?? 0) + 1);
      const busiest = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([u]) => u);
      busiest.forEach((u, k) => (result.userTuples[u] = [arns[k], null]));
      await showResult(result);
      const items = await panel.page.$$eval('[data-testid="legend"] li', (lis) => lis.map((l) => ({ text: l.textContent ?? '', title: l.getAttribute('title') ?? '' })));
      const arnItems = items.filter((i) => i.title.startsWith('arn:'));
      assert.equal(arnItems.length, 4);
      assert.equal(new Set(arnItems.map((i) => i.text)).size, 4, `legend entries look alike: ${JSON.stringify(arnItems)}`);
      for (const i of arnItems) {
        assert.ok(i.text.length <= 40 && i.text.includes('…'), i.text);
        assert.ok(i.text.endsWith(i.title.slice(-12)), `keeps the distinguishing tail: ${i.text}`);
        assert.match(i.title, /^arn:aws:iam::123456789012:user\/automation\/\w+-deploy · \(none\)$/);
      }
    });

    test('colours by user or by score band', async () => {
      const result = makeResult({ sessions: 400 });
      await showResult(result);
      const legend = (): Promise<string[]> => panel.page.$$eval('[data-testid="legend"] li', (lis) => lis.map((l) => l.textContent ?? ''));
      const byUser = await legend();
      assert.equal(byUser.length, 9);
      assert.equal(byUser[8], 'Other users');
      await panel.page.evaluate(() => {
        const select = document.querySelector('[data-testid="colour-mode"]') as HTMLElement & { value: string };
        select.value = 'band';
        select.dispatchEvent(new Event('change'));
      });
      await panel.page.waitForFunction(() => document.querySelector('[data-testid="legend"] li')?.textContent === 'Rarest 1%');
      assert.deepEqual(await legend(), ['Rarest 1%', '1–5%', '5–20%', 'Rest']);
      // Four colours a person tells apart (RGB distance), not two near-identical oranges.
      const swatches = await panel.page.$$eval('[data-testid="legend"] .swatch', (ss) => ss.map((e) => getComputedStyle(e).backgroundColor));
      const rgb = swatches.map((c) => (c.match(/\d+/g) ?? []).slice(0, 3).map(Number));
      for (let a = 0; a < rgb.length; a++) {
        for (let b = a + 1; b < rgb.length; b++) {
          const d = Math.hypot(rgb[a][0] - rgb[b][0], rgb[a][1] - rgb[b][1], rgb[a][2] - rgb[b][2]);
          assert.ok(d > 90, `bands ${a} and ${b} look alike: ${swatches[a]} vs ${swatches[b]}`);
        }
      }
      assert.equal((await panel.state())?.colorBy, 'band');
    });
  });

  test.describe('theme, state and safety', () => {
    test('takes its colours from the --vscode-* variables and follows theme changes', async () => {
      await showResult(makeResult({ sessions: 100 }));
      await panel.applyTheme({ vars: { ...DARK_THEME, '--vscode-editor-background': 'rgb(1, 2, 3)' }, bodyClass: 'vscode-dark' });
      assert.equal(await panel.page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(1, 2, 3)');
      const swatch = (): Promise<string> => panel.page.$eval('[data-testid="legend"] .swatch', (s) => getComputedStyle(s).backgroundColor);
      assert.equal(await swatch(), 'rgb(55, 148, 255)');
      await panel.applyTheme({ vars: LIGHT_THEME, bodyClass: 'vscode-light' });
      await panel.page.waitForFunction(() => getComputedStyle(document.querySelector('[data-testid="legend"] .swatch') as Element).backgroundColor === 'rgb(26, 133, 255)');
      assert.equal(await panel.page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 255, 255)');
    });

    test('restores filter, bound, colour mode and selection from saved state', async () => {
      const result = makeResult({ sessions: 600 });
      const selected = result.sessions.id[7];
      panel = await open({
        initialState: { filePath: result.summary.filePath, filter: 'alice@', upperBound: 0.01, colorBy: 'band', selected: identity(result, 7) },
      });
      await panel.send({ type: 'result', result });
      await panel.waitForRender(1);
      assert.equal(await panel.page.locator('[data-testid="table-filter"]').evaluate((e) => (e as HTMLElement & { value: string }).value), 'alice@');
      const users = await panel.page.$$eval('[data-testid="session-row"] .td[data-col="user:0"]', (tds) => tds.map((t) => t.textContent));
      assert.ok(users.length > 0 && users.every((u) => u === 'alice@contoso.com'));
      assert.equal((await panel.waitForPosted('details')).sessionId, selected);
      assert.equal(await panel.page.locator('[data-testid="upper-bound"]').evaluate((e) => (e as HTMLElement & { value: string }).value), '1.0e-2');
      assert.equal((await panel.page.$$eval('[data-testid="legend"] li', (l) => l.map((x) => x.textContent)))[0], 'Rarest 1%');
    });

    test('forgets selection and bound when a different file is shown', async () => {
      const result = makeResult({ sessions: 100 });
      panel = await open({ initialState: { filePath: '/logs/other.csv', upperBound: 0.5, selected: identity(result, 0) } });
      await panel.send({ type: 'result', result });
      await panel.waitForRender(1);
      const state = await panel.state();
      assert.equal(state?.filePath, result.summary.filePath);
      assert.equal(state?.upperBound, null);
      assert.equal(state?.selected, null);
    });

    test('restores the selection by user and start, never by a session id that now means another user', async () => {
      const result = makeResult({ sessions: 400 });
      const chosen = 5;
      panel = await open({ initialState: { filePath: result.summary.filePath, selected: identity(result, chosen) } });
      // Rescored with other settings: ids and ranks moved; the chosen session's old id now belongs to a session of another user.
      const next = makeResult({ sessions: 400, runId: 2 });
      const s = next.sessions;
      const other = s.user.findIndex((u) => u !== s.user[chosen]);
      [s.id[chosen], s.id[other]] = [s.id[other], s.id[chosen]];
      await panel.send({ type: 'result', result: next });
      await panel.waitForRender(2);
      const request = await panel.waitForPosted('details');
      assert.equal(request.sessionId, s.id[chosen], 'the same user and start, under its new id');
      assert.equal(await panel.page.getAttribute('[data-testid="session-row"][aria-selected="true"]', 'data-rank'), String(chosen + 1));

      // A result without that session selects nothing rather than a look-alike.
      await panel.clearPosted();
      const third = makeResult({ sessions: 400, runId: 3 });
      third.sessions.start[chosen] += 1;
      await panel.send({ type: 'result', result: third });
      await panel.waitForRender(3);
      assert.equal(await panel.page.locator('[data-testid="session-row"][aria-selected="true"]').count(), 0);
      assert.equal((await panel.state())?.selected, null);
      assert.deepEqual((await panel.posted()).filter((m) => m.type === 'details'), []);
    });

    test('keeps the panel id the host gives it in its saved state', async () => {
      panel = await open();
      const panelId = '0f8fad5b-d9cb-469f-a165-70867728950e';
      await panel.send({ type: 'panel', panelId });
      await panel.page.waitForFunction((id) => window.__state?.panelId === id, panelId);
    });

    test('shows hostile log text as text and runs none of it', async () => {
      const hostileUsers = ['<img src=x onerror="window.__pwned=1;alert(1)">', '<script>window.__pwned=2</script>', '"><svg onload=alert(3)>'];
      const hostileCommands = ['<img src=x onerror=alert(4)>', '</div><script>window.__pwned=5</script>'];
      const hostileInsights = ['<img src=i onerror="window.__pwned=10">: first time by this account'];
      const result = makeResult({ sessions: 200, users: 3, hostileUsers, hostileCommands, hostileInsights });
      result.summary.fileName = '<b onmouseover=alert(6)>x.csv</b>';
      result.summary.skippedSamples = ['<img src=y onerror=alert(7)>'];
      result.mapping.event = '<iframe src="javascript:alert(8)">';
      await showResult(result);
      await panel.page.click('[data-testid="session-row"][data-rank="1"]');
      const request = await panel.waitForPosted('details');
      const details = makeDetails(result, request.sessionId);
      details.steps[0].params.push(['<x>', '<img src=z onerror=alert(9)>']);
      await panel.send({ type: 'details', requestId: request.requestId, details });
      await panel.page.locator('[data-testid="details-step"]').first().waitFor();
      await panel.page.click('[data-testid="nan-sessions"] summary').catch(() => undefined);
      await panel.page.waitForTimeout(200);

      const text = await panel.page.innerText('body');
      for (const s of [...hostileUsers.slice(0, 2), hostileCommands[0], '<b onmouseover=alert(6)>x.csv</b>', '<iframe src="javascript:alert(8)">', '<img src=z onerror=alert(9)>', hostileInsights[0]]) {
        assert.ok(text.includes(s), `"${s}" shown literally`);
      }
      const injected = await panel.page.evaluate(() => ({
        pwned: window.__pwned,
        imgs: document.querySelectorAll('#app img, #app svg, #app iframe, #app b, #app script').length,
      }));
      assert.deepEqual(injected, { pwned: undefined, imgs: 0 });
      assert.equal(panel.dialogs, 0);
    });
  });
});
