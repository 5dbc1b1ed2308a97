// Recall of the injected attacks in the top 1% of sessions (issue #10), on
// generated Exchange logs with --insight-attacks: the insight ranking must
// find them, on seeds NOT used to choose its weights (tuning seeds 1-4, see
// docs/insights.md); the reference ranking is computed as always.

import assert from 'node:assert/strict';
import { HELD_OUT_SEEDS, RECALL_EVENTS, recallOnSeed, type SeedRecall } from '../../scripts/insights-recall';

describe(`insight ranking: recall@1% of injected attacks on held-out seeds ${HELD_OUT_SEEDS.join(', ')} (${RECALL_EVENTS} events each)`, function () {
  this.timeout(120_000);
  const results: SeedRecall[] = [];

  for (const seed of HELD_OUT_SEEDS) {
    it(`seed ${seed}: the insight ranking finds at least 80% of the attacks in the top 1%, more than the reference`, async function () {
      const r = await recallOnSeed(seed);
      results.push(r);
      const missed = r.ranks.filter((x) => x.insight > r.top).map((x) => `${x.id} (rank ${x.insight})`);
      console.log(`      seed ${seed}: ${r.sessions} sessions, top ${r.top}; recall reference ${r.reference.toFixed(2)}, insight ${r.insight.toFixed(2)}` +
        (missed.length ? `; insight missed ${missed.join(', ')}` : ''));
      assert.equal(r.injected, 10);
      assert.ok(r.insight >= 0.8, `insight recall ${r.insight}`);
      assert.ok(r.insight > r.reference, `insight ${r.insight} vs reference ${r.reference}`);
    });
  }

  it('averages at least 0.9 over the held-out seeds', function () {
    assert.equal(results.length, HELD_OUT_SEEDS.length, 'a held-out seed failed above, so there is no mean to check');
    const mean = results.reduce((a, r) => a + r.insight, 0) / results.length;
    console.log(`      mean recall@1%: insight ${mean.toFixed(3)}, reference ${(results.reduce((a, r) => a + r.reference, 0) / results.length).toFixed(3)}`);
    assert.ok(mean >= 0.9, `mean insight recall ${mean}`);
  });
});
