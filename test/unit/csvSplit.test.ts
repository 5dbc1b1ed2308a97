// The two-halves CSV read (read/parallel.ts) must give exactly what the
// one-piece read gives, whatever stray quotes do to the guessed split
// (issue #8 item 1): same events, same skip report, or the same error.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import type { LoadedLog } from '../../src/engine/stages';
import { eventParams, eventUsers } from '../../src/engine/events';
import { loadLog } from '../../src/engine/pipeline';
import { findSplit } from '../../src/engine/read/parallel';
import { inspectSource } from '../../src/engine/read/source';
import { LogInputError, type BadRowPolicy, type EventTable } from '../../src/engine/types';

const ROOT = path.resolve(__dirname, '../../..');
const WORKER = path.join(ROOT, 'dist', 'csvWorker.js');

const dir = mkdtempSync(path.join(tmpdir(), 'sessionscope-csvsplit-'));
let n = 0;
function file(content: string): string {
  const p = path.join(dir, `${n++}.csv`);
  writeFileSync(p, content);
  return p;
}

function rows(t: EventTable): string[] {
  return Array.from({ length: t.count }, (_, i) =>
    JSON.stringify([eventUsers(t, i), t.timeMs[i], t.timeNs[i], t.commandNames[t.commandIds[i]], eventParams(t, i), t.startLine[i], t.endLine[i]]),
  );
}

type Outcome = { error: string } | { rows: string[]; skipped: LoadedLog['skipped'] };

async function read(p: string, policy: BadRowPolicy, halves: boolean): Promise<Outcome> {
  try {
    const log = await loadLog({ file: p, read: { onBadRow: policy }, parallel: halves ? { workerScript: WORKER, minBytes: 0 } : { minBytes: Infinity } });
    return { rows: rows(log.events), skipped: log.skipped };
  } catch (e) {
    if (e instanceof LogInputError) return { error: e.describe() };
    throw e;
  }
}

/** An Exchange-like log: quoted JSON params, a third of them over several lines (one with as many commas as a record has). */
function makeCsv(events: number): string {
  const lines = ['TimeGenerated,UserId,ClientIP,Operation,Parameters'];
  for (let i = 0; i < events; i++) {
    const params =
      i % 3 === 0
        ? `"[\n  {""Name"": ""Members"", ""Value"": ""a,b,c""},\n  {""Name"": ""Identity"", ""Value"": ""box${i % 17}""},\n  {""Name"": ""Force"", ""Value"": ""True""}\n]"`
        : `"[{""Name"":""Identity"",""Value"":""x${i % 5}""}]"`;
    const t = new Date(Date.UTC(2024, 5, 1) + i * 5000).toISOString().replace('.000', '');
    lines.push(`${t},user${i % 9}@contoso.com,10.0.0.${i % 4},Op-${i % 11},${params}`);
  }
  return lines.join('\n') + '\n';
}

describe('two-halves CSV read with stray quotes near the split', function () {
  before(function () {
    assert.ok(existsSync(WORKER), `${WORKER} missing: run npm run build first`);
  });

  it('one stray quote in an unquoted field moves the guessed split into a quoted field: no event is lost (skip and stop)', async function () {
    // The quote is harmless to csv-parse (relax_quotes keeps it as text) but flips the
    // quote parity the split is guessed by: the split falls after a '"[' line, and the
    // next line ("Members", four commas) has as many fields as a record.
    const text = makeCsv(1500);
    const at = text.indexOf('user', 200) + 2;
    const p = file(text.slice(0, at) + '"' + text.slice(at));
    const split = await findSplit(p, await inspectSource(p));
    assert.match(readFileSync(p, 'utf8').slice(split!.offset - 3, split!.offset + 30), /^"\[\n {2}\{""Name"": ""Members""/);
    for (const policy of ['skip', 'stop'] as const) {
      const one = await read(p, policy, false);
      const two = await read(p, policy, true);
      assert.ok('rows' in one && 'rows' in two, JSON.stringify([one, two]).slice(0, 300));
      assert.equal(one.rows.length, 1500);
      assert.equal(two.rows.length, 1500, `${policy}: the two-halves read lost events`);
      assert.deepEqual(two, one);
    }
  });

  it('property: one or two stray quotes anywhere near the split give the same result in two halves as in one piece (stop and skip)', async function () {
    this.timeout(240_000);
    const text = makeCsv(1500);
    const p0 = file(text);
    const split = await findSplit(p0, await inspectSource(p0));
    assert.ok(split, 'no split');
    const near = fc.integer({ min: Math.max(1, split.offset - 1500), max: Math.min(text.length - 1, split.offset + 400) });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(near, { minLength: 1, maxLength: 2 }), fc.constantFrom<BadRowPolicy>('stop', 'skip'), async (offsets, policy) => {
        let t = text;
        for (const o of [...offsets].sort((a, b) => b - a)) t = t.slice(0, o) + '"' + t.slice(o);
        const p = file(t);
        const one = await read(p, policy, false);
        const two = await read(p, policy, true);
        assert.deepEqual(two, one);
      }),
      { numRuns: 40, seed: 12 },
    );
  });
});
