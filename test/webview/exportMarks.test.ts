// Export and session marks in the panel (issue #13), against the page the
// host serves: what the panel asks the host for, and how it shows the marks
// the host sends back.

import assert from 'node:assert/strict';
import type { FromWebview, PanelMark, PanelResult } from '../../src/protocol';
import { panelFixture, type PanelPage, test } from './harness';
import { makeResult } from './synthetic';

const FILE = '/logs/audit.csv';

function identity(result: PanelResult, index: number): { users: (string | null)[]; start: number } {
  return { users: result.userTuples[result.sessions.user[index]], start: result.sessions.start[index] };
}

function resultFor(opts: Parameters<typeof makeResult>[0]): PanelResult {
  const result = makeResult(opts);
  result.summary.filePath = FILE;
  return result;
}

test.describe('panel export and marks', function () {
  const fixture = panelFixture();

  async function show(result: PanelResult, viewport?: { width: number; height: number }): Promise<PanelPage> {
    const panel = await fixture.open(viewport ? { viewport } : {});
    await panel.send({ type: 'result', result });
    await panel.waitForRender(result.runId);
    return panel;
  }

  async function sendMarks(panel: PanelPage, marks: PanelMark[], filePath = FILE): Promise<void> {
    await panel.send({ type: 'marks', filePath, marks });
  }

  function rowAttr(panel: PanelPage, rank: number, attr: string): Promise<string | null> {
    return panel.page.getAttribute(`[data-testid="session-row"][data-rank="${rank}"]`, attr);
  }

  async function lastPosted<T extends FromWebview['type']>(panel: PanelPage, type: T): Promise<Extract<FromWebview, { type: T }> | undefined> {
    return (await panel.posted()).filter((m): m is Extract<FromWebview, { type: T }> => m.type === type).pop();
  }

  test('marks the selected row with R, B, S (again clears, Delete clears) and shows the host’s marks in the row and the details', async () => {
    const result = resultFor({ sessions: 60, users: 5 });
    const panel = await show(result);
    await panel.page.click('[data-testid="session-row"][data-rank="2"]');
    await panel.page.keyboard.press('s');
    assert.deepEqual(await lastPosted(panel, 'setMark'), { type: 'setMark', runId: result.runId, sessionId: result.sessions.id[1], mark: 'suspicious' });
    // Nothing changes until the host answers: it owns the marks.
    assert.equal(await rowAttr(panel, 2, 'data-mark'), null);
    await sendMarks(panel, [{ ...identity(result, 1), mark: 'suspicious' }]);
    assert.equal(await rowAttr(panel, 2, 'data-mark'), 'suspicious');
    assert.equal((await panel.page.textContent('[data-testid="session-row"][data-rank="2"] [data-testid="mark-cell"]'))?.trim(), 'Suspicious');
    assert.equal(await panel.page.getAttribute('[data-testid="mark-suspicious"]', 'aria-pressed'), 'true');
    assert.equal(await panel.page.isVisible('[data-testid="mark-bar"]'), true);
    // The same key again clears; another key replaces; Delete clears.
    await panel.page.keyboard.press('s');
    assert.equal((await lastPosted(panel, 'setMark'))?.mark, null);
    await panel.page.keyboard.press('b');
    assert.equal((await lastPosted(panel, 'setMark'))?.mark, 'benign');
    await panel.page.keyboard.press('Delete');
    assert.equal((await lastPosted(panel, 'setMark'))?.mark, null);
    // The details' buttons post the same message.
    await panel.page.click('[data-testid="mark-reviewed"]');
    assert.equal((await lastPosted(panel, 'setMark'))?.mark, 'reviewed');
  });

  test('applies marks by identity (user values and start), never by id, and ignores marks of another file', async () => {
    const first = resultFor({ sessions: 40, users: 4, runId: 1 });
    const panel = await show(first);
    await sendMarks(panel, [{ ...identity(first, 4), mark: 'benign' }]);
    assert.equal(await rowAttr(panel, 5, 'data-mark'), 'benign');
    // A rescore: same sessions in another order and with other ids. The mark follows the session.
    const second = resultFor({ sessions: 40, users: 4, runId: 2 });
    // Sessions 1 and 4 change places (both stay in view: the table renders only the rows in view).
    const order = [...Array(40).keys()].map((i) => (i === 1 ? 4 : i === 4 ? 1 : i));
    for (const key of ['id', 'start', 'end', 'eventCount', 'user'] as const) {
      const col = second.sessions[key];
      const copy = order.map((i) => col[i]);
      copy.forEach((v, i) => (col[i] = v + (key === 'id' ? 1000 : 0)));
    }
    await panel.send({ type: 'result', result: second });
    await panel.waitForRender(2);
    await sendMarks(panel, [{ ...identity(first, 4), mark: 'benign' }]);
    const rank = second.sessions.start.findIndex((s, i) => s === first.sessions.start[4] && second.sessions.user[i] === first.sessions.user[4]) + 1;
    assert.equal(rank, 2);
    assert.equal(await rowAttr(panel, rank, 'data-mark'), 'benign');
    assert.equal(await panel.page.locator('[data-testid="session-row"][data-mark]').count(), 1);
    // Marks for another file land on nothing.
    await sendMarks(panel, [{ ...identity(first, 0), mark: 'suspicious' }], '/logs/other.csv');
    assert.equal(await panel.page.locator('[data-testid="session-row"][data-mark]').count(), 0);
  });

  test('"Hide benign" leaves benign sessions out of the table and says how many', async () => {
    const result = resultFor({ sessions: 30, users: 3 });
    const panel = await show(result);
    await sendMarks(panel, [
      { ...identity(result, 0), mark: 'benign' },
      { ...identity(result, 1), mark: 'benign' },
      { ...identity(result, 2), mark: 'suspicious' },
    ]);
    assert.equal(await panel.page.locator('[data-testid="session-row"][data-rank="1"]').count(), 1);
    await panel.page.click('[data-testid="hide-benign"]');
    await panel.page.waitForSelector('[data-testid="session-row"][data-rank="1"]', { state: 'detached' });
    assert.equal(await panel.page.locator('[data-testid="session-row"][data-rank="2"]').count(), 0);
    assert.equal(await rowAttr(panel, 3, 'data-mark'), 'suspicious');
    assert.match((await panel.page.textContent('[data-testid="table-count"]')) ?? '', /2 benign hidden/);
  });

  test('exports the rows as listed (filter and sort) or every matching session, and says which', async () => {
    const result = resultFor({ sessions: 300, users: 6 });
    result.tableRows = 10;
    const panel = await show(result);
    const user = result.userTuples[result.sessions.user[0]][0] as string;
    await panel.page.locator('[data-testid="table-filter"] input').fill(user);
    await panel.page.waitForFunction(() => /match the filter/.test(document.querySelector('[data-testid="table-count"]')?.textContent ?? ''));
    // Sort by start: the listed rows leave rank order.
    await panel.page.click('.th[data-sort-key="start"] .th-sort');
    const shownIds = await panel.page.$$eval('[data-testid="session-row"]', (rows) => rows.map((r) => Number(r.getAttribute('data-session-id'))));
    const matching = [...Array(result.sessions.count).keys()].filter((i) => !Number.isNaN(result.sessions.likelihood[i]) && result.userTuples[result.sessions.user[i]].some((v) => v?.toLowerCase().includes(user.toLowerCase())));
    assert.ok(matching.length > 10, `only ${matching.length} sessions of ${user}`);
    const scopeText = await panel.page.$$eval('[data-testid="export-scope"] vscode-option', (o) => o.map((x) => x.textContent));
    assert.deepEqual(scopeText, ['the 10 listed, in table order', `all ${matching.length} matching`]);

    await panel.page.click('[data-testid="export-copy"]');
    const listed = await lastPosted(panel, 'export');
    assert.deepEqual({ ...listed, sessionIds: undefined }, { type: 'export', runId: result.runId, format: 'csv', destination: 'clipboard', scope: 'listed', sessionIds: undefined });
    assert.deepEqual(listed?.sessionIds, shownIds);
    const starts = listed!.sessionIds.map((id) => result.sessions.start[result.sessions.id.indexOf(id)]);
    assert.deepEqual(starts, [...starts].sort((a, b) => a - b), 'not in the table’s sort order');

    await panel.page.$eval('[data-testid="export-scope"]', (el) => ((el as HTMLSelectElement).value = 'matched'));
    await panel.page.$eval('[data-testid="export-format"]', (el) => ((el as HTMLSelectElement).value = 'markdown'));
    await panel.page.click('[data-testid="export-save"]');
    const all = await lastPosted(panel, 'export');
    assert.equal(all?.scope, 'matched');
    assert.equal(all?.format, 'markdown');
    assert.equal(all?.destination, 'file');
    assert.deepEqual([...all!.sessionIds].sort((a, b) => a - b), matching.map((i) => result.sessions.id[i]).sort((a, b) => a - b));
  });

  test('shows the Insights column beside the users at 1440 px, inside the table’s visible width', async () => {
    const result = resultFor({ sessions: 200, users: 8 });
    const panel = await show(result, { width: 1440, height: 900 });
    const box = await panel.page.$eval('.th[data-sort-key="insights"]', (th) => {
      const view = document.querySelector('[data-testid="session-table-body"]') as HTMLElement;
      const r = th.getBoundingClientRect();
      const v = view.getBoundingClientRect();
      return { left: r.left - v.left, right: r.right - v.left, width: view.clientWidth };
    });
    assert.ok(box.right <= box.width, `the Insights column ends at ${box.right} px of a ${box.width} px table`);
    const keys = await panel.page.$$eval('.th[data-sort-key]', (ths) => ths.map((t) => t.getAttribute('data-sort-key')));
    assert.equal(keys[keys.indexOf('insights') - 1], `user:${result.userColumns.length - 1}`);
  });
});
