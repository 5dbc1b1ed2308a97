// The skip warning (issue #12): a broken quote that drops a long stretch of
// the log is shown as a banner in plain sight, with a button that asks the
// host to reveal the skipped lines. The result comes from the real engine
// reading the bundled sample with one unclosed quote.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadLog, scoreLog } from '../../src/engine/pipeline';
import { buildPanelResult } from '../../src/present/panelData';
import type { PanelResult } from '../../src/protocol';
import { panelFixture, test } from './harness';

const SAMPLE = path.resolve('media/sample/exchange-admin-sample.csv');

/** The sample with a quote opened at the start of UserId on line `line` (and never closed). */
function sampleWithUnclosedQuote(line: number, extraParamLines = 0): string {
  const lines = readFileSync(SAMPLE, 'utf8').split('\n');
  const at = '2024-06-14T17:57:43Z,'.length;
  lines[line - 1] = lines[line - 1].slice(0, at) + '"' + lines[line - 1].slice(at);
  // A longer Parameters list in the same record (like a large policy), so the broken record covers more lines.
  const extra = Array.from({ length: extraParamLines }, (_, k) => `  {""Name"": ""Extra${k}"", ""Value"": """"},`);
  lines.splice(line, 0, ...extra);
  const p = path.join(mkdtempSync(path.join(tmpdir(), 'sessionscope-skipwarn-')), 'exchange-admin-sample.csv');
  writeFileSync(p, lines.join('\n'));
  return p;
}

async function resultFor(file: string, runId: number): Promise<PanelResult> {
  // Columns named (detection reads the file head, where the broken record is); one-piece read (no worker here).
  const log = await loadLog({
    file,
    mapping: { users: ['UserId', 'ClientIP'], time: 'TimeGenerated', event: 'Operation', params: 'Parameters' },
    read: { onBadRow: 'skip' },
    parallel: { workerScript: 'one-piece', minBytes: Infinity },
  });
  return buildPanelResult(scoreLog(log), runId);
}

test.describe('skip warning', function () {
  const panels = panelFixture();

  test('shows a visible warning with "Show the first skipped lines" when one unclosed quote drops over 100 lines', async () => {
    // Line 37 starts a record whose Parameters run over many lines; the quote opens in UserId.
    const result = await resultFor(sampleWithUnclosedQuote(37, 130), 7);
    assert.equal(result.summary.events, 3999);
    assert.equal(result.summary.skippedRows, 1);
    assert.equal(result.summary.skippedLines, 156);
    const panel = await panels.open();
    await panel.send({ type: 'result', result });
    await panel.waitForRender(7);
    const banner = panel.page.locator('[data-testid="skip-warning"]');
    assert.equal(await banner.isVisible(), true, 'the warning is not visible');
    // Not inside a collapsed <details>.
    assert.equal(await banner.evaluate((e) => e.closest('details') === null), true);
    assert.match(await banner.innerText(), /1 bad row skipped, covering 156 lines.*one skip alone covers 156 lines/s);
    assert.match(await panel.page.innerText('[data-testid="summary"]'), /1 skipped row \(156 lines\)/);
    await panel.page.click('[data-testid="reveal-skipped"]');
    assert.deepEqual(await panel.waitForPosted('revealSkipped'), { type: 'revealSkipped', runId: 7 });
  });

  test('a broken record of a few lines is counted in lines, without the warning', async () => {
    const result = await resultFor(sampleWithUnclosedQuote(37), 8);
    assert.equal(result.summary.events, 3999);
    const panel = await panels.open();
    await panel.send({ type: 'result', result });
    await panel.waitForRender(8);
    assert.match(await panel.page.innerText('[data-testid="summary"]'), /1 skipped row \(26 lines\)/);
    assert.equal(await panel.page.isVisible('[data-testid="skip-warning"]'), false);
  });
});
