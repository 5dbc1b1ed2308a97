// A reference-ranked result reaches the panel before its insights; they
// follow in an `insights` message. The panel says they are being judged,
// never filters sessions out for want of them, and takes them in when they
// come: cells, kind filter, chart colours; or says why they could not be.

import assert from 'node:assert/strict';
import { insightColumnsOf, type PanelInsightColumns, type PanelResult } from '../../src/protocol';
import { panelFixture, type PanelPage, test } from './harness';
import { INSIGHT_KIND_NAMES, makeResult } from './synthetic';

/** The result as the host first sends it, and the insight columns it sends after. */
function split(result: PanelResult): { first: PanelResult; later: PanelInsightColumns } {
  const s = result.sessions;
  const later = insightColumnsOf(s);
  const first: PanelResult = {
    ...result,
    insightsPending: true,
    sessions: {
      ...s,
      insightScore: new Float64Array(s.count).fill(Number.NaN),
      insightKinds: new Uint8Array(s.count),
      insightCount: new Int32Array(s.count),
      topKind: new Int8Array(s.count).fill(-1),
      topInsight: s.topInsight.map(() => null),
    },
  };
  return { first, later };
}

async function setSelect(panel: PanelPage, testId: string, value: string): Promise<void> {
  await panel.page.evaluate(
    ([id, v]) => {
      const select = document.querySelector(`[data-testid="${id}"]`) as HTMLElement & { value: string };
      select.value = v;
      select.dispatchEvent(new Event('change'));
    },
    [testId, value],
  );
}

const tableCount = (panel: PanelPage): Promise<string> => panel.page.innerText('[data-testid="table-count"]');
const rank1Insight = (panel: PanelPage): Promise<string> => panel.page.innerText('[data-testid="session-row"][data-rank="1"] [data-testid="insight-cell"]');

test.describe('insights that follow the result', function () {
  const fixture = panelFixture();

  test('says they are being judged, keeps every session under a kind filter meanwhile, then shows and filters by them', async () => {
    const result = makeResult({ sessions: 3000 });
    const { first, later } = split(result);
    const panel = await fixture.open();
    await panel.send({ type: 'result', result: first });
    await panel.waitForRender(first.runId);
    assert.match(await panel.page.innerText('[data-testid="insights-state"]'), /Judging each session.s insights/);
    assert.equal(await rank1Insight(panel), '…');
    const everything = await tableCount(panel);
    // A kind chosen before the insights come filters nothing out yet.
    await setSelect(panel, 'insight-kind-filter', '*');
    assert.equal(await tableCount(panel), everything);
    // Coloured by insight kind meanwhile: every point is "No insights".
    await setSelect(panel, 'colour-mode', 'insight');

    // Insights of another run land on nothing.
    await panel.send({ type: 'insights', runId: first.runId + 1, columns: later });
    assert.equal(await rank1Insight(panel), '…');

    await panel.send({ type: 'insights', runId: first.runId, columns: later });
    assert.equal(await panel.page.locator('[data-testid="insights-state"]').count(), 0);
    const more = result.sessions.insightCount[0] - 1;
    assert.equal(await rank1Insight(panel), (result.sessions.topInsight[0] as string) + (more > 0 ? ` (+${more} more)` : ''));
    const s = result.sessions;
    const withInsights = Array.from(s.insightCount).filter((k, i) => k > 0 && !Number.isNaN(s.likelihood[i])).length;
    assert.ok(withInsights > 0 && withInsights < s.count);
    await panel.page.waitForFunction((n) => document.querySelector('[data-testid="table-count"]')?.textContent?.startsWith(`${n.toLocaleString('en-US')} match the filter, of`), withInsights);
    // The chart follows: the sessions without insights are dimmed, and the legend names the kinds.
    const snap = await panel.snapshot();
    assert.equal(snap.dimmedSessions, s.likelihood.filter((l) => !Number.isNaN(l)).length - withInsights);
    const legend = await panel.page.$$eval('[data-testid="legend"] li', (lis) => lis.map((l) => l.textContent ?? ''));
    assert.deepEqual(legend, [...INSIGHT_KIND_NAMES.map((k) => `Top insight: ${k.replace(/-/g, ' ')}`), 'No insights']);
    assert.deepEqual(panel.takeErrors(), []);
  });

  test('says so when they could not be judged, and lists every session', async () => {
    const { first } = split(makeResult({ sessions: 200 }));
    const panel = await fixture.open();
    await panel.send({ type: 'result', result: first });
    await panel.waitForRender(first.runId);
    await panel.send({ type: 'insights', runId: first.runId, error: 'The insights of the sessions could not be judged: out of memory' });
    assert.equal(await panel.page.innerText('[data-testid="insights-state"]'), 'The insights of the sessions could not be judged: out of memory');
    assert.equal(await panel.page.getAttribute('[data-testid="insights-state"]', 'role'), 'alert');
    assert.equal(await rank1Insight(panel), '');
  });
});
