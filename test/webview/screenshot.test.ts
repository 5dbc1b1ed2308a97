// A picture of the panel with a realistic result in the dark theme, for the
// docs and for a person to look at. Written to out/webview-screenshots/ on
// every run; copied to docs/images/ only with SESSIONSCOPE_UPDATE_DOCS=1, so
// test runs never dirty the work tree.

import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser } from '@playwright/test';
import { runInsights } from '../../src/engine/insights/run';
import { loadLog, scoreLog } from '../../src/engine/pipeline';
import { buildPanelResult, buildSessionDetails } from '../../src/present/panelData';
import { closePanel, DARK_THEME, launchBrowser, LIGHT_THEME, openPanel, startServer, type PanelServer, test } from './harness';
import { makeDetails, makeResult } from './synthetic';

const OUT = 'out/webview-screenshots';

test.describe('Sessionscope panel screenshots', function () {
  test.describe.configure({ timeout: 120_000 });
  let browser: Browser;
  let server: PanelServer;

  test.beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
  });
  test.afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [name, theme] of [
    ['dark', { vars: DARK_THEME, bodyClass: 'vscode-dark' }],
    ['light', { vars: LIGHT_THEME, bodyClass: 'vscode-light' }],
  ] as const) {
    test(`renders a realistic result in the ${name} theme`, async () => {
      const panel = await openPanel(browser, server, { theme, viewport: { width: 1440, height: 900 } });
      const result = makeResult({ sessions: 12_000, users: 60, seed: 11, nanFraction: 0.015 });
      await panel.send({ type: 'result', result });
      await panel.waitForRender(1);
      await panel.page.click('[data-testid="session-row"][data-rank="2"]');
      const request = await panel.waitForPosted('details');
      await panel.send({ type: 'details', requestId: request.requestId, details: makeDetails(result, request.sessionId) });
      await panel.page.locator('[data-testid="details-step"]').first().waitFor();
      await panel.send({ type: 'revealed', runId: 1, sessionId: request.sessionId, position: 1, total: 3 });
      const rarest = await panel.page.evaluate((id) => window.__sessionscope?.pointPosition(id) ?? null, result.sessions.id[0]);
      assert.ok(rarest);
      await panel.page.mouse.move(rarest.x, rarest.y);
      await panel.page.waitForTimeout(150);
      const file = `${OUT}/panel-${name}.png`;
      await panel.page.screenshot({ path: file });
      if (name === 'dark' && process.env.SESSIONSCOPE_UPDATE_DOCS === '1') {
        mkdirSync('docs/images', { recursive: true });
        copyFileSync(file, 'docs/images/panel-webview.png');
      }
      assert.deepEqual(await panel.cspViolations(), []);
      assert.deepEqual(panel.errors, []);
      await closePanel(panel);
    });
  }

  test('shows the insights of the first session of the bundled sample under the insight ranking', async () => {
    // The real engine on the committed sample, as the host would send it.
    const log = await loadLog({
      file: path.resolve('media/sample/exchange-admin-sample.csv'),
      mapping: { users: ['UserId', 'ClientIP'], time: 'TimeGenerated', event: 'Operation', params: 'Parameters' },
      read: { onBadRow: 'skip' },
      parallel: { workerScript: 'one-piece', minBytes: Infinity },
    });
    const scored = scoreLog(log);
    const { insights } = runInsights(scored, { ranking: 'insight' });
    const result = buildPanelResult(scored, 1, insights);
    // Wide enough for the table's Insights column beside the details.
    const panel = await openPanel(browser, server, { theme: { vars: DARK_THEME, bodyClass: 'vscode-dark' }, viewport: { width: 1920, height: 1000 } });
    await panel.send({ type: 'result', result });
    await panel.waitForRender(1);
    await panel.page.evaluate(() => {
      const select = document.querySelector('[data-testid="colour-mode"]') as HTMLElement & { value: string };
      select.value = 'insight';
      select.dispatchEvent(new Event('change'));
    });
    await panel.page.click('[data-testid="session-row"][data-rank="1"]');
    const request = await panel.waitForPosted('details');
    const details = buildSessionDetails(scored, 1, request.sessionId, insights);
    assert.ok(details && details.insights.length > 0, 'the first session under the insight ranking has insights');
    await panel.send({ type: 'details', requestId: request.requestId, details });
    await panel.page.locator('[data-testid="details-insight"]').first().waitFor();
    await panel.page.waitForTimeout(150);
    const file = `${OUT}/panel-insights.png`;
    await panel.page.screenshot({ path: file });
    if (process.env.SESSIONSCOPE_UPDATE_DOCS === '1') {
      mkdirSync('docs/images', { recursive: true });
      copyFileSync(file, 'docs/images/panel-insights.png');
    }
    assert.deepEqual(await panel.cspViolations(), []);
    assert.deepEqual(panel.errors, []);
    await closePanel(panel);
  });
});
