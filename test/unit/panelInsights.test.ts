// The panel's insight data and messages: what the worker builds for the
// panel under each ranking, and what the host accepts from the webview.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { INSIGHT_KINDS } from '../../src/engine/insights/insights';
import { runInsights } from '../../src/engine/insights/run';
import { loadLog, scoreLog } from '../../src/engine/pipeline';
import { buildPanelResult, buildSessionDetails, narrowCounts, sessionLines } from '../../src/present/panelData';
import { pageColumnsRestored, pageSessions, parseFromWebview, sessionBuffers, TOP_INSIGHT_TEXT_ROWS, withWindowOffsets, type PanelSessions } from '../../src/protocol';
import { generateToString } from '../../scripts/gen-lib';
import * as fs from 'node:fs';
import * as os from 'node:os';

const SAMPLE = path.join(path.resolve(__dirname, '../../..'), 'media', 'sample', 'exchange-admin-sample.csv');

describe('panel insights', function () {
  this.timeout(60_000);

  it('goes to the page lighter, and the page gets the same windows back', async () => {
    const s = buildPanelResult(scoreLog(await loadLog({ file: SAMPLE })), 1).sessions;
    const sent = pageSessions(s);
    const bytes = (x: PanelSessions): number => [...Object.values(x)].reduce((n: number, v) => n + (ArrayBuffer.isView(v) ? v.byteLength : 0), 0);
    assert.ok(bytes(sent) <= bytes(s) - 10 * s.count, `${bytes(s)} -> ${bytes(sent)} bytes`);
    assert.equal(sent.referenceRank.length, 0);
    assert.ok(sent.insightScore instanceof Float32Array);
    assert.deepEqual(Array.from(sent.insightScore), Array.from(s.insightScore, Math.fround));
    const back = withWindowOffsets(sent);
    assert.deepEqual(back.windowOffsets, s.windowOffsets);
    assert.equal(back.windowCommands, s.windowCommands);
    // A window longer than a byte keeps its offsets.
    const long: PanelSessions = { ...s, count: 1, windowOffsets: Int32Array.from([0, 300]), windowCommands: new Uint16Array(300) };
    const kept = pageSessions(long);
    assert.equal(kept.windowLengths, undefined);
    assert.deepEqual(withWindowOffsets(kept).windowOffsets, long.windowOffsets);
  });

  it('sends whole-millisecond durations instead of ends, and the page gets the same ends back', async () => {
    const s = buildPanelResult(scoreLog(await loadLog({ file: SAMPLE })), 1).sessions;
    const sent = pageSessions(s);
    assert.equal(sent.end.length, 0);
    assert.ok(sent.duration instanceof Uint32Array);
    assert.ok(sent.duration.some((d) => d > 0));
    const back = pageColumnsRestored(sent);
    assert.deepEqual(Array.from(back.end), Array.from(s.end));
    assert.deepEqual(back.windowOffsets, s.windowOffsets);
    // A full result (a webview test's, or an older host's) is taken as it is.
    assert.equal(pageColumnsRestored(s).end, s.end);
    // Sub-millisecond times, a negative span or one past four bytes keep the ends, exact.
    const one = (start: number, end: number): PanelSessions => ({ ...s, count: 1, start: Float64Array.of(start), end: Float64Array.of(end), windowOffsets: Int32Array.of(0, 0) });
    for (const [start, end] of [[1_700_000_000_000.5, 1_700_000_000_010.25], [1_700_000_000_010, 1_700_000_000_000], [0, 2 ** 32]]) {
      const kept = pageSessions(one(start, end));
      assert.equal(kept.duration, undefined, `${start}..${end}`);
      assert.deepEqual(Array.from(pageColumnsRestored(kept).end), [end]);
    }
  });

  it('keeps four bytes for counts that do not fit in two', () => {
    const big = Int32Array.from([0, 1, 70_000]);
    assert.equal(narrowCounts(big), big);
    assert.deepEqual(Array.from(narrowCounts(Int32Array.from([0, 5, 65_535]))), [0, 5, 65_535]);
    assert.ok(narrowCounts(Int32Array.from([0, 5, 65_535])) instanceof Uint16Array);
    assert.ok(narrowCounts(Int32Array.from([-1, 5])) instanceof Int32Array);
  });

  it('travels to the page in few bytes: narrow columns, and insight texts only for the rows that show them', async () => {
    // A log of more sessions than carry a text (TOP_INSIGHT_TEXT_ROWS).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-wire-'));
    const file = path.join(dir, 'log.csv');
    fs.writeFileSync(file, generateToString({ events: 40_000, seed: 3 }).text);
    try {
      const scored = scoreLog(await loadLog({ file }));
      const result = buildPanelResult(scored, 1);
      const s = result.sessions;
      assert.ok(s.count > 2 * TOP_INSIGHT_TEXT_ROWS, `sessions ${s.count}`);
      assert.equal(s.topInsight.length, TOP_INSIGHT_TEXT_ROWS);
      assert.ok(s.windowCommands instanceof Uint16Array, 'window command ids in two bytes while they fit');
      assert.ok(s.insightKinds instanceof Uint8Array && s.topKind instanceof Int8Array);
      assert.ok(s.user instanceof Uint16Array && s.eventCount instanceof Uint16Array && s.insightCount instanceof Uint16Array, 'small counts in two bytes');
      // The typed columns (binary on the wire) and the rest (JSON) as VS Code serialises a webview message.
      const binary = sessionBuffers(s).reduce((n, b) => n + b.byteLength, 0);
      const json = JSON.stringify(result, (_k, v: unknown) => (ArrayBuffer.isView(v) ? 0 : v)).length;
      assert.ok(binary / s.count <= 66, `${(binary / s.count).toFixed(1)} bytes per session`);
      // The JSON part does not grow with the sessions (was 5 bytes a session of "null," before).
      assert.ok(json < 400_000, `JSON part ${json} bytes`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('carries every session\'s insight kinds, count, score and reference rank, in the chosen ranking\'s order', async () => {
    const scored = scoreLog(await loadLog({ file: SAMPLE }));
    const reference = buildPanelResult(scored, 1, runInsights(scored, { ranking: 'reference' }).insights);
    const si = runInsights(scored, { ranking: 'insight' }).insights;
    const insight = buildPanelResult(scored, 2, si);
    assert.equal(reference.ranking, 'reference');
    assert.equal(insight.ranking, 'insight');
    assert.deepEqual(insight.insightKinds, [...INSIGHT_KINDS]);
    const s = insight.sessions;
    for (const key of ['insightScore', 'insightKinds', 'insightCount', 'topKind', 'referenceRank'] as const) assert.equal(s[key].length, s.count, key);
    assert.equal(s.topInsight.length, Math.min(s.count, TOP_INSIGHT_TEXT_ROWS));
    // Reference: rank = position. Insight: same sessions, another order, NaN sessions still last.
    assert.deepEqual(Array.from(reference.sessions.referenceRank.subarray(0, 5)), [1, 2, 3, 4, 5]);
    assert.deepEqual([...s.id].sort((a, b) => a - b), [...reference.sessions.id].sort((a, b) => a - b));
    const firstNan = s.likelihood.findIndex(Number.isNaN);
    assert.ok(firstNan > 0 && s.likelihood.subarray(firstNan).every(Number.isNaN));
    // Scored sessions by ascending insight score.
    const orNone = (x: number): number => (Number.isNaN(x) ? Infinity : x);
    for (let i = 1; i < firstNan; i++) assert.ok(orNone(s.insightScore[i - 1]) <= orNone(s.insightScore[i]), `order at ${i}`);
    // The first session has insights, and its kinds, count and text agree with its details.
    assert.ok(s.insightCount[0] > 0);
    const details = buildSessionDetails(scored, 2, s.id[0], si)!;
    assert.equal(details.insights.length, s.insightCount[0]);
    assert.equal(details.insights[0].text, s.topInsight[0]);
    assert.equal(INSIGHT_KINDS[s.topKind[0]], details.insights[0].kind);
    let bits = 0;
    for (const i of details.insights) bits |= 1 << (INSIGHT_KINDS as readonly string[]).indexOf(i.kind);
    assert.equal(s.insightKinds[0], bits);
    assert.equal(details.referenceRank, s.referenceRank[0]);
    // Each insight's lines are the lines of events of the session.
    const lines = sessionLines(scored, s.id[0], si)!;
    const sessionStarts = new Set(lines.session.map((r) => r[0]));
    assert.equal(lines.insights!.length, details.insights.length);
    lines.insights!.forEach((ranges, k) => {
      assert.deepEqual(ranges.map((r) => r[0]), details.insights[k].lines.filter((l) => sessionStarts.has(l)));
    });
    // The sample's external forwarding (151st by the rarest window) comes up under the insight ranking.
    assert.ok(s.referenceRank.slice(0, 20).some((r) => r > 100), `reference ranks of the first 20: ${s.referenceRank.slice(0, 20).join(', ')}`);
  });

  it('accepts a ranking in a rescore and an insight reveal by index, nothing else', () => {
    const options = { sessionType: 'cmds_only', window: 3, useTokens: true, geomean: false };
    assert.deepEqual(parseFromWebview({ type: 'rescore', runId: 1, options: { ...options, ranking: 'insight' } }), { type: 'rescore', runId: 1, options: { ...options, ranking: 'insight' } });
    assert.deepEqual(parseFromWebview({ type: 'rescore', runId: 1, options }), { type: 'rescore', runId: 1, options });
    assert.equal(parseFromWebview({ type: 'rescore', runId: 1, options: { ...options, ranking: 'rarest' } }), undefined);
    assert.deepEqual(parseFromWebview({ type: 'reveal', runId: 1, sessionId: 4, scope: 'insight', insight: 2 }), { type: 'reveal', runId: 1, sessionId: 4, scope: 'insight', insight: 2 });
    for (const insight of [undefined, -1, 1.5, '2', 1e9]) assert.equal(parseFromWebview({ type: 'reveal', runId: 1, sessionId: 4, scope: 'insight', insight }), undefined, String(insight));
    assert.equal(parseFromWebview({ type: 'reveal', runId: 1, sessionId: 4, scope: 'lines', lines: [1] }), undefined);
  });
});
