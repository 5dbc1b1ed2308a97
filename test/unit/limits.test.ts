// One definition of the numeric options (#8 item 11): the CLI, the panel's
// requests and the engine agree with engine/limits.ts (package.json's
// settings are held to it in manifest.test.ts).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { describeLimit, LIMITS, limitProblem, parseNumberText, type LimitName, type NumericLimit } from '../../src/engine/limits';
import { loadLog, scoreLog } from '../../src/engine/pipeline';
import { parseFromWebview } from '../../src/protocol';

const ROOT = path.resolve(__dirname, '../../..');
const SAMPLE = path.join(ROOT, 'media', 'sample', 'exchange-admin-sample.csv');

const limits = Object.entries(LIMITS) as [LimitName, NumericLimit][];

describe('numeric option limits', function () {
  it('checks bounds, exclusivity and whole numbers', function () {
    assert.equal(limitProblem('window', 1), undefined);
    assert.equal(limitProblem('window', 50), undefined);
    assert.match(limitProblem('window', 51)!, /^window length must be a whole number from 1 to 50, got 51$/);
    assert.match(limitProblem('window', 2.5)!, /whole number/);
    assert.match(limitProblem('window', '3')!, /got "3"/);
    assert.match(limitProblem('maxGapMinutes', 0)!, /must be a number above 0 and at most 10000000, got 0/);
    assert.equal(limitProblem('maxGapMinutes', 0.5), undefined);
    assert.match(limitProblem('maxSessionMinutes', Infinity)!, /got Infinity/);
    assert.match(limitProblem('maxSessionMinutes', NaN)!, /got NaN/);
    assert.equal(describeLimit(LIMITS.top), 'a whole number of at least 1');
    assert.ok(Number.isNaN(parseNumberText('')) && Number.isNaN(parseNumberText('0x10')) && Number.isNaN(parseNumberText('1,5')));
    assert.equal(parseNumberText(' 2.5 '), 2.5);
  });

  it('the CLI takes and refuses the same values', function () {
    const cli = path.join(ROOT, 'dist', 'cli.js');
    assert.ok(existsSync(cli), 'dist/cli.js is missing: npm run test:unit builds it (npm run build)');
    const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'score', SAMPLE, ...args], { encoding: 'utf8' });
    for (const [name, limit] of limits) {
      if (!limit.cli) continue;
      const bad = limit.integer ? limit.min + 0.5 : limit.min;
      const above = limit.max === Number.MAX_SAFE_INTEGER ? undefined : limit.max * 2;
      for (const v of [bad, above, 'x', '']) {
        if (v === undefined) continue;
        const r = run(`--${limit.cli}`, String(v));
        assert.equal(r.status, 2, `--${limit.cli} ${v} (${name}) refused: ${r.stderr}`);
        assert.ok(r.stderr.includes(`--${limit.cli} must be ${describeLimit(limit)}`), r.stderr);
      }
    }
    assert.equal(run('--window', '50', '--max-gap', '10000000', '--max-session', '0.5').status, 0);
  });

  it("the panel's rescore requests are held to the same window limits", function () {
    const rescore = (window: unknown) =>
      parseFromWebview({ type: 'rescore', runId: 1, options: { sessionType: 'cmds_only', window, useTokens: true, geomean: false } });
    assert.ok(rescore(LIMITS.window.min));
    assert.ok(rescore(LIMITS.window.max));
    for (const w of [LIMITS.window.min - 1, LIMITS.window.max + 1, 2.5, '3', null]) assert.equal(rescore(w), undefined, String(w));
  });

  it('the engine refuses options out of their limits', async function () {
    const log = await loadLog({ file: SAMPLE });
    assert.throws(() => scoreLog(log, {}, { window: 0 }), /window length must be a whole number from 1 to 50, got 0/);
    assert.throws(() => scoreLog(log, { maxGapMinutes: -1 }), /maximum gap in minutes must be a number above 0/);
    assert.doesNotThrow(() => scoreLog(log, { maxGapMinutes: 0.1 }, { window: 50 }));
  });
});
