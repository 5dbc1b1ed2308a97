// A large result travels to the page deflated (src/run/pagePack.ts) and the
// page inflates it with the browser's DecompressionStream (webview/unpack.ts).
// It must draw exactly what the same result draws unpacked, refuse a damaged
// one with a message, and keep the order of the messages that follow it.

import assert from 'node:assert/strict';
import { pageSessions, type PanelResult, type ToWebview } from '../../src/protocol';
import { packPageSessions } from '../../src/run/pagePack';
import { panelFixture, test, toPageJson, type PanelPage } from './harness';
import { makeResult } from './synthetic';

function packed(result: PanelResult): PanelResult {
  const sessions = packPageSessions(pageSessions(result.sessions), 0);
  assert.ok(sessions.packed, 'the result was packed');
  assert.equal(sessions.likelihood.length, 0, 'packed columns travel only in the deflated buffer');
  return { ...result, sessions };
}

/** What a hunter sees: the chart's snapshot, the table's first rows, the count line and the summary. */
async function view(panel: PanelPage): Promise<unknown> {
  const rows = await panel.page.locator('[data-testid="session-row"]').evaluateAll((els) => els.slice(0, 25).map((e) => (e as HTMLElement).innerText));
  // Draw and frame times differ from page to page; everything else must not.
  const { drawTimesMs: _d, frameTimesMs: _f, ...timeline } = await panel.snapshot();
  return {
    timeline,
    rows,
    count: await panel.page.innerText('[data-testid="table-count"]'),
    summary: await panel.page.innerText('[data-testid="summary"]'),
  };
}

/** Posts several messages in one task, as VS Code may deliver them back to back. */
async function sendAll(panel: PanelPage, messages: ToWebview[]): Promise<void> {
  await panel.page.evaluate((jsons) => {
    const revive = (window as unknown as { __reviveTyped: (k: string, v: unknown) => unknown }).__reviveTyped;
    for (const json of jsons) window.postMessage(JSON.parse(json, revive), '*');
  }, messages.map(toPageJson));
}

test.describe('packed results', function () {
  const panels = panelFixture();

  test('a packed result draws exactly what the same result draws unpacked', async () => {
    const result = makeResult({ sessions: 30_000, seed: 77, nanFraction: 0.05, underflow: 20, runId: 5 });
    const plain = await panels.open();
    await plain.send({ type: 'result', result });
    await plain.waitForRender(5);
    const deflated = await panels.open();
    await deflated.send({ type: 'result', result: packed(result) });
    await deflated.waitForRender(5);
    const expected = await view(plain);
    // The table draws the rows in view (virtual scrolling): at least a screenful.
    assert.ok((expected as { rows: string[] }).rows.length >= 10);
    assert.deepEqual(await view(deflated), expected);
    // The page tells the host which form it drew, and how much of its draw time the inflating took.
    const [packedSaid, plainSaid] = [await deflated.waitForPosted('rendered'), await plain.waitForPosted('rendered')];
    assert.equal(packedSaid.packed, true);
    assert.equal(packedSaid.sessions, result.sessions.count);
    assert.ok(packedSaid.inflateMs !== undefined && packedSaid.drawMs !== undefined && packedSaid.inflateMs <= packedSaid.drawMs);
    assert.equal(plainSaid.packed, false);
    assert.equal(plainSaid.inflateMs, undefined);
    // Inflating needs nothing the panel's content security policy forbids.
    assert.deepEqual(await deflated.cspViolations(), []);
    // Details and reveal name the same session through the unpacked ids.
    await deflated.page.locator('[data-testid="session-row"]').nth(3).click();
    await plain.page.locator('[data-testid="session-row"]').nth(3).click();
    const [a, b] = [await deflated.waitForPosted('details'), await plain.waitForPosted('details')];
    assert.equal(a.sessionId, b.sessionId);
  });

  test('a damaged packed result is refused with a message, not drawn', async () => {
    const good = packed(makeResult({ sessions: 5000, seed: 3, runId: 8 }));
    const cut = good.sessions.packed!.deflated.slice(0, 2000);
    const panel = await panels.open();
    await panel.send({ type: 'result', result: { ...good, sessions: { ...good.sessions, packed: { ...good.sessions.packed!, deflated: cut } } } });
    const banner = panel.page.locator('[data-testid="error"]');
    await banner.waitFor();
    assert.match(await banner.innerText(), /The result could not be read/);
    assert.equal(await panel.page.evaluate(() => document.body.dataset.renderedRun), undefined);
  });

  for (const [what, by] of [['fewer', -8], ['more', 8]] as const) {
    test(`a packed result whose layout names ${what} bytes than it inflates to is refused with a message, not drawn`, async () => {
      const good = packed(makeResult({ sessions: 5000, seed: 4, runId: 9 }));
      const panel = await panels.open();
      await panel.send({ type: 'result', result: { ...good, sessions: { ...good.sessions, packed: { ...good.sessions.packed!, bytes: good.sessions.packed!.bytes + by } } } });
      const banner = panel.page.locator('[data-testid="error"]');
      await banner.waitFor();
      assert.match(await banner.innerText(), /The result could not be read/);
      assert.equal(await panel.page.evaluate(() => document.body.dataset.renderedRun), undefined);
    });
  }

  test('messages that arrive while a result is inflated apply after it, in order', async () => {
    const first = packed(makeResult({ sessions: 40_000, seed: 11, runId: 1 }));
    const second = makeResult({ sessions: 300, seed: 12, runId: 2 });
    const panel = await panels.open();
    await sendAll(panel, [
      { type: 'result', result: first },
      { type: 'result', result: second },
    ]);
    await panel.waitForRender(2);
    // The later, small result is the one on screen: the packed one did not land on top of it once inflated.
    await panel.page.waitForTimeout(300);
    assert.equal(await panel.page.evaluate(() => document.body.dataset.renderedRun), '2');
    assert.equal((await panel.snapshot()).sessionsInCells + (await panel.snapshot()).individualPoints, 300 - second.summary.nanSessions);
  });
});
