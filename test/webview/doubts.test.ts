// What column detection doubts is shown on the panel's columns line (issue
// #7), from the real engine reading a real public log whose event column is
// one constant value.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadLog, scoreLog } from '../../src/engine/pipeline';
import { buildPanelResult } from '../../src/present/panelData';
import { panelFixture, test } from './harness';

const REAL = path.resolve('test/fixtures/real');

test.describe('detection doubts on the columns line', function () {
  const panels = panelFixture();

  test('says the event column is one constant value and how the time column is read', async () => {
    const log = await loadLog({ file: path.join(REAL, 'syslog-linux.csv'), parallel: { workerScript: 'one-piece', minBytes: Infinity } });
    const result = buildPanelResult(scoreLog(log), 3);
    const panel = await panels.open();
    await panel.send({ type: 'result', result });
    await panel.waitForRender(3);
    const line = await panel.page.innerText('[data-testid="mapping"]');
    assert.match(line, /time: TimeGenerated \(mdy\)/);
    const doubts = panel.page.locator('[data-testid="mapping-doubt"]');
    assert.ok((await doubts.count()) >= 2);
    assert.equal(await doubts.first().isVisible(), true);
    assert.match(await doubts.allInnerTexts().then((t) => t.join('\n')), /Unsure: event column ProcessName has one value on every sampled row \("sudo"\)/);
  });

  test('says a note about the data as a note, not as a doubt', async () => {
    // Sysmon through NXLog: EventTime is the machine's local time; UtcTime is taken, and the other zone is noted.
    const log = await loadLog({ file: path.join(REAL, 'otrf-sysmon-network-eid3.json') });
    const panel = await panels.open();
    await panel.send({ type: 'result', result: buildPanelResult(scoreLog(log), 5) });
    await panel.waitForRender(5);
    assert.match(await panel.page.innerText('[data-testid="mapping"]'), /time: UtcTime/);
    const notes = panel.page.locator('[data-testid="mapping-note"]');
    assert.equal(await notes.count(), 1);
    assert.match(await notes.first().innerText(), /^ℹ Note: time column UtcTime: EventTime holds the same instants 4 hours earlier/);
    assert.doesNotMatch((await panel.page.locator('[data-testid="mapping-doubt"]').allInnerTexts()).join('\n'), /UtcTime/);
  });

  test('shows no doubt when detection is sure', async () => {
    const log = await loadLog({ file: path.join(REAL, 'k8s-audit-falco-traces.jsonl') });
    const panel = await panels.open();
    await panel.send({ type: 'result', result: buildPanelResult(scoreLog(log), 4) });
    await panel.waitForRender(4);
    assert.equal(await panel.page.locator('[data-testid="mapping-doubt"]').count(), 0);
    assert.equal(await panel.page.locator('[data-testid="mapping-note"]').count(), 0);
  });
});
