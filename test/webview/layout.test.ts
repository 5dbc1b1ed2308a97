// The panel at the widths a hunter really gives it: beside an editor
// (~626 px), a narrow split (360 px), a half screen (960 px) and a wide one.
// Every part must be reachable the way a person reaches it (scrolling the
// page with the wheel, then clicking what is on screen), and nothing may
// stick out sideways.

import assert from 'node:assert/strict';
import { panelFixture, type PanelPage, test } from './harness';
import { makeDetails, makeResult } from './synthetic';

const HEIGHT = 908;

interface Box {
  x: number;
  y: number;
}

/**
 * Scrolls the page with the mouse wheel (over the page's left margin, not a
 * scrollable part) until the element is wholly on screen and the topmost
 * element at its centre; returns that centre. Fails when the page cannot
 * scroll there, e.g. because it does not scroll at all.
 */
async function reach(panel: PanelPage, selector: string): Promise<Box> {
  const page = panel.page;
  const height = page.viewportSize()?.height ?? HEIGHT;
  for (let attempt = 0; attempt < 60; attempt++) {
    const where = await page.evaluate((sel) => {
      const el = document.querySelector(sel);
      if (!el) return { missing: true as const };
      const r = el.getBoundingClientRect();
      const x = r.left + Math.min(r.width / 2, 20);
      const y = r.top + r.height / 2;
      const inView = r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight && x >= 0 && x <= innerWidth;
      const top = inView ? document.elementFromPoint(x, y) : null;
      const hit = top !== null && (el === top || el.contains(top) || (el.shadowRoot?.contains(top) ?? false));
      return { missing: false as const, x, y, top: r.top, bottom: r.bottom, inView, hit, scrollY };
    }, selector);
    assert.ok(!where.missing, `${selector} is not in the page`);
    if (where.inView && where.hit) return { x: where.x, y: where.y };
    const delta = where.top < 0 ? -150 : 150;
    await page.mouse.move(3, height / 2);
    await page.mouse.wheel(0, delta);
    await page.waitForTimeout(60);
    const after = await page.evaluate(() => scrollY);
    if (after === where.scrollY) {
      // One more try after the smooth scroll settles; then it is unreachable.
      await page.waitForTimeout(200);
      if ((await page.evaluate(() => scrollY)) === where.scrollY) {
        assert.fail(`${selector} is not reachable by scrolling (top ${Math.round(where.top)}, bottom ${Math.round(where.bottom)} in a ${height} px high panel; page scrollY stuck at ${where.scrollY})`);
      }
    }
  }
  assert.fail(`${selector} never came into view (scrollY ${await page.evaluate(() => scrollY)})`);
}

test.describe('Sessionscope panel layout', function () {
  const panels = panelFixture();
  let panel: PanelPage | undefined;

  for (const [width, height] of [[360, HEIGHT], [626, HEIGHT], [960, HEIGHT], [1400, HEIGHT], [1400, 520]]) {
    test(`works at ${width}×${height} px: chart, table and every details button reachable, nothing cut sideways`, async () => {
      panel = await panels.open({ viewport: { width, height } });
      const p = panel;
      const result = makeResult({ sessions: 2000, users: 40 });
      // An ARN-like user makes the user column wide, as in CloudTrail.
      result.userTuples[result.sessions.user[0]][0] = 'arn:aws:iam::123456789012:user/service-account-deploy-pipeline';
      await p.send({ type: 'result', result });
      await p.waitForRender(1);

      const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow} px wider than the ${width} px panel`);
      const summary = await p.page.$eval('[data-testid="summary"]', (e) => {
        const r = e.getBoundingClientRect();
        return { left: r.left, right: r.right, clipped: e.scrollWidth > e.clientWidth + 1 };
      });
      assert.ok(summary.left >= 0 && summary.right <= width && !summary.clipped, `the summary is cut: ${JSON.stringify(summary)}`);

      const chart = await reach(p, '[data-testid="timeline"] canvas');
      assert.ok(chart.y >= 0);
      const header = await p.page.$eval('.table-header', (e) => {
        const grid = (e.closest('.table-grid') as HTMLElement).getBoundingClientRect();
        const r = e.getBoundingClientRect();
        return { right: r.right, gridRight: grid.right };
      });
      assert.ok(header.right <= header.gridRight + 1, `the table header spills past the table: ${JSON.stringify(header)}`);

      const row = await reach(p, '[data-testid="session-row"][data-rank="1"]');
      await p.page.mouse.click(row.x, row.y);
      const request = await p.waitForPosted('details');
      await p.send({ type: 'details', requestId: request.requestId, details: makeDetails(result, request.sessionId) });
      await p.page.locator('[data-testid="details-step"]').first().waitFor({ state: 'attached' });

      const clicks: [string, (posted: unknown[]) => boolean][] = [
        ['reveal-window', (m) => m.some((x) => JSON.stringify(x) === JSON.stringify({ type: 'reveal', runId: 1, sessionId: request.sessionId, scope: 'window' }))],
        ['reveal-session', (m) => m.some((x) => JSON.stringify(x) === JSON.stringify({ type: 'reveal', runId: 1, sessionId: request.sessionId, scope: 'session' }))],
        ['step-next', (m) => m.some((x) => JSON.stringify(x) === JSON.stringify({ type: 'step', direction: 1 }))],
        ['step-previous', (m) => m.some((x) => JSON.stringify(x) === JSON.stringify({ type: 'step', direction: -1 }))],
      ];
      for (const [testId, posted] of clicks) {
        await p.clearPosted();
        const at = await reach(p, `[data-testid="${testId}"]`);
        await p.page.mouse.click(at.x, at.y);
        await p.page.waitForFunction(() => window.__posted.length > 0, undefined, { timeout: 5_000 }).catch(() => undefined);
        assert.ok(posted(await p.posted()), `clicking ${testId} at ${width} px posted ${JSON.stringify(await p.posted())}`);
      }

      // The details header is whole: its first line is not scrolled or clipped away.
      const head = await p.page.$eval('[data-testid="details-user"]', (e) => {
        const r = e.getBoundingClientRect();
        const pane = (e.closest('[data-testid="details"]') as HTMLElement).getBoundingClientRect();
        return { top: r.top, paneTop: pane.top };
      });
      assert.ok(head.top >= head.paneTop, `the details header starts above its pane: ${JSON.stringify(head)}`);

      // Commands wrap only between words: no step command is narrower than its longest "-"-separated part.
      const squeezed = await p.page.$$eval('[data-testid="details-step"] .step-command', (els) =>
        els
          .filter((e) => {
            const text = e.textContent ?? '';
            const longest = Math.max(...text.split(/(?<=-)|\s+/).map((w) => w.length));
            const range = document.createRange();
            range.selectNodeContents(e);
            const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
            return lines > Math.ceil(text.length / Math.max(1, longest)) + 1;
          })
          .map((e) => e.textContent),
      );
      assert.deepEqual(squeezed, [], 'commands broken mid-word');
    });
  }
});
