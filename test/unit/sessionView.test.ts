// The one presenter of a scored session (src/present/sessionView.ts): the
// CLI report and the panel data describe every session the same way.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { runInsights } from '../../src/engine/insights/run';
import { loadLog, scoreLog } from '../../src/engine/pipeline';
import type { ScoredLog } from '../../src/engine/stages';
import { lineSpan } from '../../src/present/lines';
import { buildPanelResult, buildSessionDetails, sessionLines } from '../../src/present/panelData';
import { rankedReports } from '../../src/present/report';
import { eventLines, fileName, referenceRanks, viewSession } from '../../src/present/sessionView';

const ROOT = path.resolve(__dirname, '../../..');
const SAMPLE = path.join(ROOT, 'media', 'sample', 'exchange-admin-sample.csv');
const CLOUDTRAIL = path.join(ROOT, 'test', 'fixtures', 'real', 'cloudtrail-ec2-proxy-s3-exfiltration.json');
const GWORKSPACE = path.join(ROOT, 'test', 'fixtures', 'real', 'gworkspace-reports-login.json');

/** Every session as the CLI reports it and as the panel shows it must agree. */
async function assertFrontEndsAgree(file: string): Promise<ScoredLog> {
  const scored = scoreLog(await loadLog({ file }));
  const si = runInsights(scored, { ranking: 'insight' }).insights;
  const reports = rankedReports(scored, Infinity, si);
  const panel = buildPanelResult(scored, 7, si);
  assert.equal(reports.length, scored.sessions.count);
  const row = new Map(Array.from(panel.sessions.id, (s, r) => [s, r]));
  for (const report of reports) {
    const s = report.sessionId;
    const r = row.get(s)!;
    const details = buildSessionDetails(scored, 7, s, si)!;
    const lines = sessionLines(scored, s, si)!;
    assert.deepEqual(Object.values(report.users), details.users, `users of ${s}`);
    assert.deepEqual(panel.userTuples[panel.sessions.user[r]], details.users, `user tuple of ${s}`);
    assert.equal(report.eventCount, details.steps.length);
    assert.equal(report.eventCount, panel.sessions.eventCount[r]);
    assert.deepEqual(report.commands, details.steps.map((st) => st.command));
    assert.deepEqual(report.lines, lines.session.map((l) => l[0]));
    assert.deepEqual(report.rarestWindow, details.steps.filter((st) => st.inRarestWindow).map((st) => st.command));
    const panelWindow = Array.from(panel.sessions.windowCommands.subarray(panel.sessions.windowOffsets[r], panel.sessions.windowOffsets[r + 1]), (c) => panel.commands[c]);
    assert.deepEqual(report.rarestWindow, panelWindow, `window of ${s}`);
    // With no window the panel reveals the whole session, the report names no lines.
    assert.deepEqual(report.rarestWindowLines, report.rarestWindow.length > 0 ? lineSpan(lines.window) : null);
    assert.equal(report.referenceRank, panel.sessions.referenceRank[r]);
    assert.equal(report.referenceRank, details.referenceRank);
    assert.deepEqual(report.insights?.map((i) => i.text), details.insights.map((i) => i.text));
    assert.equal(Date.parse(report.start), details.start);
  }
  return scored;
}

describe('session view (one presenter for the CLI report and the panel)', function () {
  this.timeout(60_000);

  it('the CLI report and the panel data agree on every session of the Exchange sample', async () => {
    await assertFrontEndsAgree(SAMPLE);
  });

  it('they agree on CloudTrail records, and on a JSON document whose records carry their columns', async () => {
    await assertFrontEndsAgree(CLOUDTRAIL);
    const scored = await assertFrontEndsAgree(GWORKSPACE);
    for (let s = 0; s < scored.sessions.count; s++) {
      const ranges = eventLines(scored.log.events, viewSession(scored, s).events);
      assert.ok(ranges.every((r) => r.length === 4 && r[2]! > 0), `columns of session ${s}`);
    }
  });

  it('a session has a window exactly when it has a likelihood, and the window is a run of its events', async () => {
    const scored = scoreLog(await loadLog({ file: SAMPLE }), undefined, { window: 4 });
    let without = 0;
    for (let s = 0; s < scored.sessions.count; s++) {
      const view = viewSession(scored, s);
      assert.equal(view.first, view.events[0]);
      assert.equal(view.last, view.events[view.events.length - 1]);
      if (Number.isNaN(scored.scores.rarestWindowLikelihood[s])) {
        without++;
        assert.equal(view.windowStart, -1);
        assert.equal(view.window.length, 0);
      } else {
        // The start and end tokens count in the window's length, so it holds 1 to 4 events.
        assert.ok(view.window.length >= 1 && view.window.length <= 4, `window of ${s}: ${view.window.length}`);
        assert.deepEqual([...view.window], [...view.events.subarray(view.windowStart, view.windowStart + view.window.length)]);
      }
    }
    assert.ok(without > 0 && without < scored.sessions.count, `${without} sessions without a window`);
  });

  it('ranks sessions 1..n in the reference ranking', async () => {
    const scored = scoreLog(await loadLog({ file: SAMPLE }));
    const ranks = referenceRanks(scored);
    assert.deepEqual([...ranks].sort((a, b) => a - b), Array.from({ length: scored.sessions.count }, (_, i) => i + 1));
    assert.equal(ranks[scored.scores.ranking[0]], 1);
  });

  it('names the file of a Windows or a POSIX path', () => {
    assert.equal(fileName('C:\\logs\\audit.csv'), 'audit.csv');
    assert.equal(fileName('/var/log/audit.jsonl'), 'audit.jsonl');
    assert.equal(fileName('audit.csv'), 'audit.csv');
  });
});
