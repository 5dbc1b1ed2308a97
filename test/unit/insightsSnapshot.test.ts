// The insights are exactly those of the code before it was made faster
// (issue #9): every insight of every session (kind, text, evidence, lines,
// probability), every insight score's bits, the insight ranking and the
// baseline, on the committed sample and on generated logs, against
// test/fixtures/insights/snapshot.json (written by insightsSnapshotLib.ts on
// that code). And the fast path that finds most sessions have nothing to
// report agrees with the full analysis of every session.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateToString } from '../../scripts/gen-lib';
import { buildBaseline } from '../../src/engine/insights/baseline';
import { analyzeInsights, sessionInsights } from '../../src/engine/insights/insights';
import { loadLog, scoreLog } from '../../src/engine/pipeline';
import { insightSnapshot, type CaseDump } from './insightsSnapshotLib';

const ROOT = path.join(__dirname, '..', '..', '..');

describe('insights: identical to the snapshot of the code before issue #9', function () {
  this.timeout(120_000);
  let cases: CaseDump[] = [];
  const expected = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'insights', 'snapshot.json'), 'utf8')) as CaseDump[];

  before(async function () {
    cases = await insightSnapshot(ROOT);
  });

  it('has the same cases', function () {
    assert.deepEqual(cases.map((c) => c.name), expected.map((c) => c.name));
  });

  for (const want of expected) {
    it(`${want.name}: same baseline, insights, scores and ranking`, function () {
      const got = cases.find((c) => c.name === want.name);
      assert.ok(got, want.name);
      assert.equal(got.sessions, want.sessions);
      assert.equal(got.baseline, want.baseline, 'baseline (model file section)');
      assert.equal(got.reference.withInsights.length, want.reference.withInsights.length, 'sessions with insights');
      for (let i = 0; i < want.reference.withInsights.length; i++) {
        assert.deepEqual(got.reference.withInsights[i], want.reference.withInsights[i], `session ${want.reference.withInsights[i].session}`);
      }
      assert.equal(got.reference.scores, want.reference.scores, 'insight scores (reference ranking)');
      assert.deepEqual(got.insight, want.insight, 'insight ranking: insights, scores, order');
    });
  }

  it('covers every kind of insight', function () {
    const kinds = new Set(expected.flatMap((c) => c.reference.withInsights.flatMap((s) => s.insights.map((i) => i.kind))));
    assert.deepEqual([...kinds].sort(), ['high-volume', 'new-actor', 'new-command-for-actor', 'new-param-for-command', 'new-param-value', 'uncommon-param-value', 'unseen-transition']);
  });
});

describe('insights: the sessions found quiet have no insight in the full analysis', function () {
  this.timeout(120_000);

  const logs: [string, () => string][] = [
    ['sample', () => path.join(ROOT, 'media', 'sample', 'exchange-admin-sample.csv')],
    ['generated 10k', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sessionscope-quiet-'));
      const file = path.join(dir, 'gen.csv');
      fs.writeFileSync(file, generateToString({ events: 10_000, seed: 4, insightAttacks: true }).text);
      return file;
    }],
  ];
  for (const [name, fileOf] of logs) {
    it(name, async function () {
      const file = fileOf();
      const log = await loadLog({ file, mapping: { users: ['UserId', 'ClientIP'] } });
      const scored = scoreLog(log);
      const si = analyzeInsights(scored, buildBaseline(log.events, scored.sessions), 'reference');
      const quiet = si.context.quiet;
      assert.ok(quiet, 'the fast path is on');
      // Its own scratch arrays: the two contexts' epochs would meet.
      const c = si.context;
      const full = { ...c, quiet: undefined, stamp: c.stamp.slice(), count: c.count.slice(), paramStamp: c.paramStamp.slice(), paramUses: c.paramUses.slice() };
      let quietCount = 0;
      for (let s = 0; s < scored.sessions.count; s++) {
        const all = sessionInsights(full, s);
        if (quiet[s] === 1) {
          quietCount++;
          assert.deepEqual(all, [], `session ${s} was found quiet`);
        }
        assert.deepEqual(sessionInsights(si.context, s), all, `session ${s}`);
      }
      assert.ok(quietCount > scored.sessions.count / 2, `${quietCount} of ${scored.sessions.count} sessions quiet`);
      if (!file.startsWith(ROOT)) fs.rmSync(path.dirname(file), { recursive: true, force: true });
    });
  }
});
