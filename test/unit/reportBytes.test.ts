// The CLI's JSON report written as bytes (reportJsonBytes in report.ts): to
// the byte the UTF-8 text of JSON.stringify({ settings, sessions:
// rankedReports(..) }, null, 1) + '\n', the whole-object serialisation the
// report is defined by, on the committed sample, every real log under
// test/fixtures/real and logs made of hostile strings. And formatInstant,
// whose texts are now cached per day, against toISOString itself.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runInsights } from '../../src/engine/insights/run';
import { loadLog, scoreLog } from '../../src/engine/pipeline';
import { formatInstant } from '../../src/engine/read/time';
import type { ScoredLog } from '../../src/engine/stages';
import { sessionize } from '../../src/engine/sessionize';
import { DEFAULT_SESSIONIZE, LogInputError } from '../../src/engine/types';
import {
  createSessionCol,
  csvChunks,
  rankedReports,
  reportJsonBytes,
  scoreCsvRows,
  sessionColRows,
  sessionizeData,
  sessionizeRows,
  toCsv,
  type Row,
} from '../../src/present/report';
import { oldCsvRows, reportJsonChunks } from './reportOracle';

const ROOT = path.resolve(__dirname, '../../..');
const SAMPLE = path.join(ROOT, 'media', 'sample', 'exchange-admin-sample.csv');
const REAL = path.join(ROOT, 'test', 'fixtures', 'real');
const dir = mkdtempSync(path.join(tmpdir(), 'sessionscope-report-bytes-'));

/** formatInstant as it was before its cache: toISOString of every time. */
function oldFormatInstant(ms: number, ns = 0): string {
  const iso = new Date(ms).toISOString();
  if (ns === 0) return iso;
  const frac = (iso.slice(20, 23) + String(ns).padStart(6, '0')).replace(/0+$/, '');
  return `${iso.slice(0, 19)}.${frac}Z`;
}

/** What formatInstant gives, or the error it throws. */
function outcome(f: (ms: number, ns?: number) => string, ms: number, ns?: number): string {
  try {
    return f(ms, ns);
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

/** The report's bytes as the whole-object serialisation gives them. */
function expectedBytes(scored: ScoredLog, settings: Record<string, unknown>, top: number, si: ReturnType<typeof runInsights>['insights'] | undefined): Buffer {
  return Buffer.from(JSON.stringify({ settings, sessions: rankedReports(scored, top, si) }, null, 1) + '\n', 'utf8');
}

/** reportJsonBytes against the whole-object serialisation, under each ranking, whole and cut short, in small and default chunks. */
function checkLog(scored: ScoredLog, name: string): void {
  const settings = { file: name, odd: 'q"\\\u0000\u2028\ud800', nested: { list: [1, 'two', null], empty: [] } };
  for (const ranking of [undefined, 'reference', 'insight'] as const) {
    for (const top of [Infinity, 2]) {
      // Separate insight runs: the bytes must judge sessions themselves (lazily), not reuse the other side's.
      const si = ranking ? runInsights(scored, { ranking }).insights : undefined;
      const si2 = ranking ? runInsights(scored, { ranking }).insights : undefined;
      const si3 = ranking ? runInsights(scored, { ranking }).insights : undefined;
      const want = expectedBytes(scored, settings, top, si);
      const label = `${name}, ranking ${ranking}, top ${top}`;
      const small = [...reportJsonBytes(scored, settings, top, si2, 700)];
      assert.ok(Buffer.concat(small).equals(want), label);
      // Chunks end after whole sessions: each is UTF-8 text on its own.
      for (const c of small) assert.equal(Buffer.from(Buffer.from(c).toString('utf8'), 'utf8').equals(Buffer.from(c)), true, `${label}: a chunk cut a character`);
      assert.ok(Buffer.concat([...reportJsonBytes(scored, settings, top, si3)]).equals(want), `${label}, default chunks`);
      // One buffer for every chunk: each read before the next is asked for, as the CLI writes a file.
      const si4 = ranking ? runInsights(scored, { ranking }).insights : undefined;
      const copies: Buffer[] = [];
      for (const c of reportJsonBytes(scored, settings, top, si4, 500, true)) copies.push(Buffer.from(c));
      assert.ok(Buffer.concat(copies).equals(want), `${label}, one buffer reused`);
    }
  }
  const si = runInsights(scored, { ranking: 'reference' }).insights;
  assert.equal([...reportJsonChunks(scored, settings, Infinity, si, 1000)].join(''), expectedBytes(scored, settings, Infinity, runInsights(scored, { ranking: 'reference' }).insights).toString('utf8'), `${name}: text chunks`);
}


/**
 * Two texts as the CLI writes them, UTF-8 (where a lone surrogate becomes
 * U+FFFD: csv-stringify's stream already replaced it in the text it gives).
 */
function sameBytes(got: string, want: string, label: string): void {
  assert.ok(Buffer.from(got, 'utf8').equals(Buffer.from(want, 'utf8')), label);
  assert.equal(got.replace(/\p{Surrogate}/gu, '\ufffd'), want.replace(/\p{Surrogate}/gu, '\ufffd'), label);
}

/** The CSV outputs (score rows, sessionize rows, per-event rows) against csv-stringify over whole arrays (toCsv), as bytes. */
async function checkCsv(scored: ScoredLog, name: string): Promise<void> {
  for (const ranking of [undefined, 'reference', 'insight'] as const) {
    const si = ranking ? runInsights(scored, { ranking }).insights : undefined;
    const si2 = ranking ? runInsights(scored, { ranking }).insights : undefined;
    const want = await toCsv(oldCsvRows(scored, Infinity, si));
    sameBytes([...csvChunks(scoreCsvRows(scored, Infinity, si2), 900, 5)].join(''), want, `${name}: score CSV, ranking ${ranking}`);
  }
  const { log } = scored;
  const sessions = sessionize(log.events, DEFAULT_SESSIONIZE);
  sameBytes([...csvChunks(sessionizeRows(log, sessions))].join(''), await toCsv(sessionizeData(log, sessions)), `${name}: sessionize CSV`);
  sameBytes([...csvChunks(sessionColRows(log, sessions), 900, 5)].join(''), await toCsv(createSessionCol(log, sessions)), `${name}: per-event CSV`);
}

/** Strings a log may hold and JSON must escape or carry as they are. */
const HOSTILE = [
  'plain',
  'quote " and \\ backslash',
  'controls \u0000\u0001\u0007\b\t\n\u000b\f\r\u001b\u001f end',
  'lone high \ud800 here',
  'lone low \udfff here',
  'pair 😀 and reversed \udc00\ud800',
  'separators \u2028 and \u2029',
  'accents é ü ß, CJK 漢字, RTL \u202e',
  'x'.repeat(70_000),
  'comma, here',
  'crlf\r\nline',
  '-5',
  '+1.5e3',
  '@SUM(A1)',
  '-',
  '"'.repeat(5000) + '\\'.repeat(5000),
  '',
  '</script><!-- -->',
  '=cmd|\' /C calc\'!A0',
];

describe('JSON report bytes', function () {
  this.timeout(300_000);

  it('formatInstant gives toISOString\'s text (or its error) for any time, with or without sub-millisecond digits', function () {
    const times: number[] = [0, -0, 1, -1, 999, 1000, -1000, -1001, 86_399_999, 86_400_000, -86_400_000, -86_400_001, 1_717_715_843_000, 1_717_715_843_123];
    times.push(8.64e15, -8.64e15, 8.64e15 + 1, -8.64e15 - 1, 8.64e15 - 1, -8.64e15 + 1, 253_402_300_799_999, 253_402_300_800_000, -62_167_219_200_000, -62_167_219_200_001);
    times.push(0.5, -0.5, 1.999, NaN, Infinity, -Infinity, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e20);
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 20_000; i++) {
      const span = [1e3, 1e8, 1e11, 1e13, 8.64e15][i % 5];
      times.push(Math.round((random() * 2 - 1) * span) + (i % 7 === 0 ? 1_717_715_843_000 : 0));
    }
    for (const ms of times) {
      for (const ns of [undefined, 0, 1, 120, 999_999, 500_000]) {
        // Twice: the second answer comes from the cache.
        for (let k = 0; k < 2; k++) assert.equal(outcome(formatInstant, ms, ns), outcome(oldFormatInstant, ms, ns), `formatInstant(${ms}, ${ns})`);
      }
    }
  });

  it('the committed sample: byte for byte the whole-object serialisation', async function () {
    const scored = scoreLog(await loadLog({ file: SAMPLE }));
    checkLog(scored, 'exchange-admin-sample.csv');
    await checkCsv(scored, 'exchange-admin-sample.csv');
  });

  it('every real log under test/fixtures/real: byte for byte the whole-object serialisation', async function () {
    let checked = 0;
    for (const name of readdirSync(REAL).sort()) {
      if (name === 'expected.json' || name.endsWith('.md')) continue;
      let scored: ScoredLog;
      try {
        scored = scoreLog(await loadLog({ file: path.join(REAL, name), read: { onBadRow: 'skip' } }));
      } catch (e) {
        if (e instanceof LogInputError) continue; // a log the default run refuses (realLogs.test.ts checks why)
        throw e;
      }
      checkLog(scored, name);
      await checkCsv(scored, name);
      checked++;
    }
    assert.ok(checked >= 15, `${checked} real logs checked`);
  });

  it('hostile users, commands, column names and times: byte for byte the whole-object serialisation', async function () {
    const records: Record<string, unknown>[] = [];
    const base = Date.UTC(2024, 5, 6, 23, 59, 58);
    // Column names that JSON must escape, that order before others in an object (integer-like) or that an object would take as its prototype.
    // `rank` and `start` also name columns of the CSV report's rows.
    const userColumns = ['10', 'us"er\\', '__proto__', '2', 'ctl\u0001\u2028', 'rank', 'start'];
    for (let i = 0; i < 400; i++) {
      // No prototype: `__proto__` is a plain key.
      const record = Object.assign(Object.create(null) as Record<string, unknown>, {
        // Times across midnight, a year end, sub-millisecond digits, before 1970.
        t: i % 5 === 0 ? new Date(base + i * 997).toISOString() : i % 5 === 1 ? `2023-12-31T23:59:${String(50 + (i % 10)).padStart(2, '0')}.123456789Z` : i % 5 === 2 ? `1969-12-31T23:59:${String(i % 60).padStart(2, '0')}.5Z` : new Date(base + i * 61_000).toISOString(),
        cmd: HOSTILE[(i * 7) % HOSTILE.length] || 'empty',
        p: JSON.stringify([{ Name: HOSTILE[i % HOSTILE.length].slice(0, 50), Value: HOSTILE[(i + 3) % HOSTILE.length].slice(0, 50) }]),
      });
      for (let u = 0; u < userColumns.length; u++) record[userColumns[u]] = i % 11 === u ? null : HOSTILE[(i + u) % 4 === 0 ? (i + u) % HOSTILE.length : u];
      records.push(record);
    }
    const file = path.join(dir, 'hostile.jsonl');
    // JSON.stringify escapes the lone surrogates, so the file is UTF-8 and reads back with them.
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const log = await loadLog({ file, mapping: { users: userColumns, time: 't', event: 'cmd', params: 'p' } });
    const scored = scoreLog(log, { maxGapMinutes: 5 }, { window: 2 });
    assert.ok(scored.sessions.count > 5, `${scored.sessions.count} sessions`);
    assert.ok(log.events.commandNames.some((c) => c.includes('\ud800')), 'a lone surrogate reached the report');
    checkLog(scored, 'hostile.jsonl');
    await checkCsv(scored, 'hostile.jsonl');
    // One log, one record per line as a single JSON document: records share the line, so reports carry `columns`.
    const doc = path.join(dir, 'hostile-document.json');
    writeFileSync(doc, JSON.stringify({ Records: records.slice(0, 120) }));
    const oneLine = scoreLog(await loadLog({ file: doc, mapping: { users: userColumns.slice(1, 3), time: 't', event: 'cmd' } }), {}, { window: 2 });
    assert.ok(expectedBytes(oneLine, {}, Infinity, undefined).toString('utf8').includes('"columns": ['), 'the document\'s reports carry columns');
    checkLog(oneLine, 'hostile-document.json');
    await checkCsv(oneLine, 'hostile-document.json');
  });

  it('csvChunks writes any rows as csv-stringify does (toCsv), rows it cannot vouch for through csv-stringify itself', async function () {
    const values: Row[string][] = [...HOSTILE.map((h) => h.slice(0, 300)), '"', ',', '\n', '\r', '', ' ', '=1+1', '-1e5', '+', 0, -0, 1.5, -7, 1e21, 1e-7, NaN, Infinity, -Infinity, null];
    const odd = [true, false, undefined, { a: 1 }, [1, 2]] as unknown as Row[string][];
    const keys = ['a', 'b.c', '0', 'with "quote"', 'with,comma', ''];
    const rows: Row[] = [];
    for (let i = 0; i < 300; i++) {
      const row: Row = {};
      for (let k = 0; k < keys.length; k++) row[keys[k]] = i % 13 === 5 && k === 2 ? odd[i % odd.length] : values[(i * (k + 3)) % values.length];
      // A row without a column: csv-stringify reads "b.c" as a path in it.
      if (i % 17 === 9) delete row['b.c'];
      if (i % 19 === 4) (row as Record<string, unknown>).b = { c: `path ${i}` };
      rows.push(row);
    }
    for (const batch of [1, 7, 4096]) sameBytes([...csvChunks(rows, 1000, batch)].join(''), await toCsv(rows), `batches of ${batch}`);
    sameBytes([...csvChunks(rows.slice(0, 1))].join(''), await toCsv(rows.slice(0, 1)), 'one row');
    sameBytes([...csvChunks([])].join(''), await toCsv([]), 'no rows');
  });
});
