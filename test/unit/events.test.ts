// The columnar event table and the two-halves CSV reader.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { concatTables, eventParams, eventUsers, EventTableBuilder } from '../../src/engine/events';
import { loadLog } from '../../src/engine/pipeline';
import type { EventTable } from '../../src/engine/types';

const ROOT = path.resolve(__dirname, '../../..');
const WORKER = path.join(ROOT, 'dist', 'csvWorker.js');

function rows(t: EventTable): string[] {
  return Array.from({ length: t.count }, (_, i) =>
    JSON.stringify([eventUsers(t, i), t.timeMs[i], t.timeNs[i], t.commandNames[t.commandIds[i]], eventParams(t, i), t.startLine[i], t.endLine[i]]),
  );
}

describe('event table', function () {
  it('keeps every event and its params while its arrays grow', function () {
    const b = new EventTableBuilder(['u'], true);
    for (let i = 0; i < 10_000; i++) b.add([`user${i % 7}`], i * 1000, i % 1000, `Cmd${i % 13}`, new Map([[`p${i % 3}`, `v${i}`], ['q', '']]), i + 1, i + 2);
    const t = b.build();
    assert.equal(t.count, 10_000);
    for (const i of [0, 1023, 1024, 2048, 2049, 4097, 9999]) {
      assert.deepEqual(eventParams(t, i), [[`p${i % 3}`, `v${i}`], ['q', '']], `params of event ${i}`);
      assert.deepEqual(eventUsers(t, i), [`user${i % 7}`]);
      assert.equal(t.startLine[i], i + 1);
    }
  });

  it('joins two tables with different interning into the table of all events', function () {
    // Splits where the first part has fewer, about as many and more distinct strings than the second (each side of
    // the join indexes the smaller part's strings).
    for (const split of [4, 20, 46]) {
      const a = new EventTableBuilder(['u'], true);
      const b = new EventTableBuilder(['u'], true);
      const whole = new EventTableBuilder(['u'], true);
      for (let i = 0; i < 50; i++) {
        const args = [[i % 3 === 0 ? '' : `u${i % 5}`], i, 0, `C${(i * 7) % 11}`, new Map([[`p${i % 4}`, i % 2 ? `v${i % 3}` : `w${i}`]]), i + 1, i + 1] as const;
        (i < split ? a : b).add([...args[0]], args[1], args[2], args[3], args[4], args[5], args[6]);
        whole.add([...args[0]], args[1], args[2], args[3], args[4], args[5], args[6]);
      }
      const joined = concatTables(a.build(), b.build());
      const one = whole.build();
      assert.deepEqual(rows(joined), rows(one), `split at ${split}`);
      // The same strings in the same first-seen order, so ids match a one-piece read's.
      assert.deepEqual(joined.valueStrings, one.valueStrings, `split at ${split}`);
      assert.deepEqual(joined.commandNames, one.commandNames, `split at ${split}`);
    }
  });
});

describe('large CSV files read in two halves', function () {
  before(function () {
    assert.ok(existsSync(WORKER), `${WORKER} missing: run npm run build first`);
  });

  function makeCsv(events: number, strayQuote = false): string {
    const lines = ['TimeGenerated,UserId,ClientIP,Operation,Parameters'];
    for (let i = 0; i < events; i++) {
      const params = i % 3 === 0 ? `"[\n  {""Name"": ""Identity"", ""Value"": ""box${i % 17}""},\n  {""Name"": ""Force"", ""Value"": ""True""}\n]"` : `"[{""Name"":""Identity"",""Value"":""x${i % 5}""}]"`;
      const user = strayQuote && i === Math.floor(events / 4) ? 'say "hi"' : `user${i % 9}@contoso.com`;
      lines.push(`2024-06-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:${String(i % 60).padStart(2, '0')}Z,${user},10.0.0.${i % 4},Op-${i % 11},${params}`);
    }
    return lines.join('\n') + '\n';
  }

  for (const [name, stray] of [['', false], [' despite a stray quote in an unquoted field', true]] as const) {
    it(`gives exactly the events of a one-piece read${name}`, async function () {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'sessionscope-split-')), 'log.csv');
      writeFileSync(file, makeCsv(6000, stray));
      const whole = await loadLog({ file, parallel: { minBytes: Infinity } });
      const halves = await loadLog({ file, parallel: { workerScript: WORKER, minBytes: 0 } });
      assert.equal(halves.events.count, 6000);
      assert.deepEqual(rows(halves.events), rows(whole.events));
    });
  }

  it('reports a bad row in the second half at its own line', async function () {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sessionscope-split-')), 'bad.csv');
    const text = makeCsv(4000).split('\n');
    const badLine = text.length - 10;
    text[badLine - 1] = 'not a time,u,1.1.1.1,Op,';
    writeFileSync(file, text.join('\n'));
    await assert.rejects(loadLog({ file, parallel: { workerScript: WORKER, minBytes: 0 } }), (e: Error & { location?: { line?: number } }) => {
      assert.match(e.message, /unparseable time "not a time"/);
      assert.equal(e.location?.line, badLine);
      return true;
    });
  });
});
