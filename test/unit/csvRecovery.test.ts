// Broken quotes in CSV files (issue #12, #13 item 8) and line counting with
// lone CRs (#8 item 6): where a broken quote is reported, what skip mode
// keeps, and that the two-halves read agrees with the one-piece read.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { LoadedLog } from '../../src/engine/stages';
import { eventParams, eventUsers } from '../../src/engine/events';
import { loadLog } from '../../src/engine/pipeline';
import { skipWarning } from '../../src/engine/read/sink';
import { RawCsv } from '../../src/engine/read/csvRaw';
import { inspectSource } from '../../src/engine/read/source';
import { LogInputError, type BadRowPolicy, type EventTable } from '../../src/engine/types';

const ROOT = path.resolve(__dirname, '../../..');
const WORKER = path.join(ROOT, 'dist', 'csvWorker.js');
const SAMPLE = path.join(ROOT, 'media', 'sample', 'exchange-admin-sample.csv');
const MAP = { users: ['UserId'], time: 'TimeGenerated', event: 'Operation', params: 'Notes' };

const dir = mkdtempSync(path.join(tmpdir(), 'sessionscope-csvrec-'));
let n = 0;
function file(name: string, content: string): string {
  const p = path.join(dir, `${n++}-${name}`);
  writeFileSync(p, content);
  return p;
}

/** One row per event: users, time, command, params, lines. */
function rows(t: EventTable): string[] {
  return Array.from({ length: t.count }, (_, i) =>
    JSON.stringify([eventUsers(t, i), t.timeMs[i], t.timeNs[i], t.commandNames[t.commandIds[i]], eventParams(t, i), t.startLine[i], t.endLine[i]]),
  );
}

/**
 * A log whose Notes are sometimes quoted over several lines with "" inside,
 * sometimes quoted on one line, sometimes plain. Records are lines[k] for
 * k >= 1 joined by `eol`; the record of event i starts on line starts[i].
 */
function makeLog(events: number, eol = '\n'): { records: string[]; text: string; starts: number[] } {
  const records = ['TimeGenerated,UserId,Operation,Notes'];
  const starts: number[] = [];
  let line = 2;
  for (let i = 0; i < events; i++) {
    const t = new Date(Date.UTC(2024, 5, 1, 0, 0, 0) + i * 7000).toISOString().replace('.000', '');
    let notes: string;
    if (i % 4 === 0) notes = `"first line ${i}${eol}second, with ""quotes""${eol}third"`;
    else if (i % 4 === 1) notes = `"single ${i}"`;
    else notes = `plain${i}`;
    records.push(`${t},user${i % 7}@contoso.com,Op-${i % 5},${notes}`);
    starts.push(line);
    line += i % 4 === 0 ? 3 : 1;
  }
  return { records, text: records.join(eol) + eol, starts };
}

/** The record text with a quote inserted at `at` characters in. */
function withQuote(records: string[], record: number, at: number, eol = '\n'): string {
  const r = records.slice();
  r[record] = r[record].slice(0, at) + '"' + r[record].slice(at);
  return r.join(eol) + eol;
}

async function load(p: string, policy: BadRowPolicy, halves = false): Promise<LoadedLog> {
  return loadLog({ file: p, mapping: MAP, read: { onBadRow: policy }, parallel: halves ? { workerScript: WORKER, minBytes: 0 } : { minBytes: Infinity } });
}

async function failure(p: Promise<unknown>): Promise<LogInputError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof LogInputError, `expected LogInputError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected an error');
}

describe('CSV broken quotes', function () {
  before(function () {
    assert.ok(existsSync(WORKER), `${WORKER} missing: run npm run build first`);
  });

  const EVENTS = 400;
  const log = makeLog(EVENTS);
  const clean = file('clean.csv', log.text);
  // The time and a comma: a quote at the start of UserId opens a field that never closes.
  const USER_AT = '2024-06-01T00:00:00Z,'.length;
  const cases: { name: string; event: number }[] = [
    { name: 'at the start (first record)', event: 0 },
    { name: 'in the middle (a one-line record)', event: 201 },
    { name: 'in the middle (a record with a multi-line field)', event: 200 },
    { name: 'at the end (last record; the quote runs to the end of the file)', event: EVENTS - 1 },
  ];

  for (const c of cases) {
    describe(`an unclosed quote ${c.name}`, function () {
      const broken = file('broken.csv', withQuote(log.records, c.event + 1, USER_AT));
      const line = log.starts[c.event];

      it('is reported as an unclosed quote at the line and character where it opened (stop)', async function () {
        const e = await failure(load(broken, 'stop'));
        assert.match(e.message, /quoted field is never closed/);
        assert.equal(e.location?.line, line, e.describe());
        assert.equal(e.location?.column, USER_AT + 1, e.describe());
        assert.equal(e.location?.field, 'UserId');
      });

      it('skips only the broken record and keeps every other one (skip)', async function () {
        const whole = await load(clean, 'skip');
        const got = await load(broken, 'skip');
        const expected = rows(whole.events);
        expected.splice(c.event, 1);
        assert.equal(got.events.count, EVENTS - 1);
        assert.deepEqual(rows(got.events), expected);
        assert.equal(got.skipped.count, 1);
        const s = got.skipped.first[0];
        assert.equal(s.line, line);
        assert.equal(s.column, USER_AT + 1);
        assert.match(s.reason, /never closed/);
        // Dropped: the broken record's lines, up to the next record's start (or the file's end).
        const last = c.event + 1 < EVENTS ? log.starts[c.event + 1] - 1 : log.starts[EVENTS - 1] + (c.event % 4 === 0 ? 2 : 0);
        assert.deepEqual([s.firstLine, s.lastLine], [line, last]);
        assert.equal(got.skipped.lines, last - line + 1);
      });

      for (const policy of ['stop', 'skip'] as const) {
        it(`reads the same in two halves as in one piece (${policy})`, async function () {
          const one = await load(broken, policy).catch((e: LogInputError) => e);
          const two = await load(broken, policy, true).catch((e: LogInputError) => e);
          if (one instanceof LogInputError) {
            assert.ok(two instanceof LogInputError, 'the two-halves read did not fail');
            assert.equal(two.describe(), one.describe());
          } else {
            assert.ok(!(two instanceof LogInputError), `the two-halves read failed: ${String(two)}`);
            assert.deepEqual(rows(two.events), rows(one.events));
            assert.deepEqual(two.skipped, one.skipped);
          }
        });
      }
    });
  }

  it('a quote inside a multi-line quoted field is read as text where it stands, and said (not a broken row)', async function () {
    // Event 100's Notes: "first line 100\nsecond, with ""quotes""\nthird" -> a lone quote on its second line.
    const r = log.records.slice();
    r[101] = r[101].replace('second, with', 'second, "with');
    const p = file('inner.csv', r.join('\n') + '\n');
    for (const policy of ['stop', 'skip'] as const) {
      for (const halves of [false, true]) {
        const got = await load(p, policy, halves);
        assert.equal(got.events.count, EVENTS);
        assert.equal(got.skipped.count, 0);
        const asEvent = await loadLog({ file: p, mapping: { ...MAP, event: 'Notes' }, read: { onBadRow: policy }, parallel: halves ? { workerScript: WORKER, minBytes: 0 } : { minBytes: Infinity } });
        assert.equal(asEvent.events.commandNames[asEvent.events.commandIds[100]], 'first line 100\nsecond, "with "quotes"\nthird');
        assert.deepEqual([got.events.startLine[100], got.events.endLine[100]], [log.starts[100], log.starts[100] + 2]);
        const whole = rows((await load(clean, 'skip')).events);
        assert.deepEqual(rows(got.events).filter((_, i) => i !== 100), whole.filter((_, i) => i !== 100));
        const note = got.doubts.find((d) => d.role === 'rows');
        assert.ok(note?.note, JSON.stringify(got.doubts));
        assert.match(note.text, new RegExp(`^1 record has a double quote inside a quoted field that is not doubled as "": read as part of the value[^]*\\(line ${log.starts[100] + 1}, column ${'second, '.length + 1} in Notes\\)$`));
      }
    }
  });

  it('a gzip-compressed file recovers the same way (the broken record is looked at in a decompressed copy, removed after)', async function () {
    const log = makeLog(60);
    const text = withQuote(log.records, 31, USER_AT);
    const plain = file('broken.csv', text);
    const gz = path.join(dir, `${n++}-broken.csv.gz`);
    writeFileSync(gz, gzipSync(text));
    const temps = () => readdirSync(tmpdir()).filter((f) => f.startsWith('sessionscope-raw-')).length;
    const before = temps();
    const e = await failure(load(gz, 'stop'));
    assert.equal(e.location?.line, log.starts[30]);
    assert.deepEqual(e.location, { ...(await failure(load(plain, 'stop'))).location, file: gz });
    const got = await load(gz, 'skip');
    const want = await load(plain, 'skip');
    assert.deepEqual(rows(got.events), rows(want.events));
    assert.deepEqual(got.skipped, want.skipped);
    assert.equal(temps(), before, 'the decompressed copy was left behind');
  });

  it('CRLF files recover the same way', async function () {
    const crlf = makeLog(60, '\r\n');
    const p = file('crlf.csv', withQuote(crlf.records, 31, USER_AT, '\r\n'));
    const e = await failure(load(p, 'stop'));
    assert.equal(e.location?.line, crlf.starts[30]);
    const got = await load(p, 'skip');
    const whole = rows((await load(file('crlf-clean.csv', crlf.text), 'skip')).events);
    whole.splice(30, 1);
    assert.deepEqual(rows(got.events), whole);
  });

  it('a run-away quote that takes a long stretch with it is counted in lines and warned about', async function () {
    // One record's quoted Notes is 150 lines long; an unclosed quote before it drops them all.
    const r = log.records.slice();
    const long = Array.from({ length: 150 }, (_, k) => `note line ${k}`).join('\n');
    r[11] = r[11].replace(/plain10$/, `"${long}"`);
    r[11] = r[11].slice(0, USER_AT) + '"' + r[11].slice(USER_AT);
    const p = file('long.csv', r.join('\n') + '\n');
    const got = await load(p, 'skip');
    assert.equal(got.skipped.count, 1);
    assert.equal(got.skipped.lines, 150);
    assert.equal(got.skipped.longest, 150);
    assert.equal(got.events.count, EVENTS - 1);
    assert.match(skipWarning(got.skipped) ?? '', /1 bad row skipped, covering 150 lines.*one skip alone covers 150 lines/);
    // A short skip is a footnote, not a warning.
    assert.equal(skipWarning((await load(file('b.csv', withQuote(log.records, 202, USER_AT)), 'skip')).skipped), undefined);
  });
});

describe('looking for where to resume after a broken quote', function () {
  it('looks at a small window per candidate line, not the rest of the file (was quadratic: 40 s on a 100 KB file)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ss-resume-'));
    const file = path.join(dir, 'log.csv');
    // A broken record, then 20,000 lines that are no record of the header's shape: every line is a candidate, none is taken.
    const lines = 20_000;
    writeFileSync(file, 'time,user,op\n2024-01-01T00:00:00Z,a,"broken\n' + 'x,y\n'.repeat(lines));
    const info = await inspectSource(file);
    const raw = new RawCsv(file, info, { offset: 0, line: 1 });
    try {
      const from = { offset: await raw.offsetOfLine(2), line: 2 };
      assert.equal(await raw.resumeAfter(from, { delimiter: ',', fields: 3, time: 0 }), undefined);
      // At most a couple of KB decoded per candidate line, whatever is left of the file after it.
      assert.ok(raw.decodedBytes <= lines * 2048, `${raw.decodedBytes} bytes decoded for ${lines} candidates`);
      assert.ok(raw.decodedBytes >= lines * 4, 'every candidate line was looked at');
    } finally {
      await raw.close();
    }
  });

  it('finds the next well-formed record after a candidate longer than the first window', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ss-resume-'));
    const file = path.join(dir, 'log.csv');
    const long = 'v'.repeat(50_000);
    writeFileSync(file, `time,user,op\n2024-01-01T00:00:00Z,a,"broken\nx\n2024-01-01T00:00:01Z,${long},Get\n2024-01-01T00:00:02Z,b,Set\n`);
    const raw = new RawCsv(file, await inspectSource(file), { offset: 0, line: 1 });
    try {
      const from = { offset: await raw.offsetOfLine(2), line: 2 };
      assert.deepEqual((await raw.resumeAfter(from, { delimiter: ',', fields: 3, time: 0 }))?.line, 4);
    } finally {
      await raw.close();
    }
  });
});

describe('the bundled sample with one broken quote', function () {
  const text = readFileSync(SAMPLE, 'utf8');
  const lines = text.split('\n');
  const cleanFile = file('sample.csv', text);
  const withQuoteOn = (line: number, at: number): string => {
    const l = lines.slice();
    l[line - 1] = l[line - 1].slice(0, at) + '"' + l[line - 1].slice(at);
    return file('sample-broken.csv', l.join('\n'));
  };
  const sampleLoad = (p: string, policy: BadRowPolicy, halves = false) =>
    loadLog({ file: p, read: { onBadRow: policy }, parallel: halves ? { workerScript: WORKER, minBytes: 0 } : { minBytes: Infinity } });

  // Line 40 is inside the quoted, multi-line Parameters of the record on lines 37-62.
  const faults = [
    { name: 'a stray quote on line 40 (inside a multi-line quoted field)', line: 40, at: 0, report: [40, 1], pattern: /not escaped/ },
    { name: 'an unclosed quote on line 37 (an unquoted field)', line: 37, at: 21, report: [37, 22], pattern: /never closed/ },
  ];
  for (const f of faults) {
    it(`${f.name}: reported where it is, and skip keeps the other 3,999 events in one piece and in two halves`, async function () {
      const p = withQuoteOn(f.line, f.at);
      for (const halves of [false, true]) {
        const e = await failure(sampleLoad(p, 'stop', halves));
        assert.match(e.message, f.pattern);
        assert.deepEqual([e.location?.line, e.location?.column], f.report, e.describe());
      }
      const whole = rows((await sampleLoad(cleanFile, 'skip')).events);
      const broken = whole.findIndex((r) => (JSON.parse(r) as unknown[])[5] === 37);
      whole.splice(broken, 1);
      for (const halves of [false, true]) {
        const got = await sampleLoad(p, 'skip', halves);
        assert.equal(got.events.count, 3999);
        assert.deepEqual(rows(got.events), whole);
        assert.equal(got.skipped.count, 1);
        assert.deepEqual([got.skipped.first[0].firstLine, got.skipped.first[0].lastLine], [37, 62]);
        assert.equal(got.skipped.lines, 26);
        assert.equal(got.skipped.totalLines, lines.length - (lines[lines.length - 1] === '' ? 1 : 0));
      }
    });
  }
});

describe('line counting as the editor counts (CR, LF, CRLF)', function () {
  /** 1-based line of the first line containing `needle`, splitting as VS Code does. */
  const editorLine = (text: string, needle: string) => text.split(/\r\n|\r|\n/).findIndex((l) => l.includes(needle)) + 1;

  it('a lone CR inside a quoted field is a line break, so later records are revealed on their own lines', async function () {
    const text =
      'TimeGenerated,UserId,Operation,Notes\n' +
      '2024-06-01T00:00:00Z,a,Op-A,"one\rtwo\r\nthree\nfour"\n' +
      '2024-06-01T00:00:01Z,b,Op-B,plain\r\n' +
      '2024-06-01T00:00:02Z,c,Op-C,"x\r\ry"\n' +
      '2024-06-01T00:00:03Z,d,Op-D,last\n';
    const p = file('cr.csv', text);
    const got = await load(p, 'stop');
    const want = ['Op-A', 'Op-B', 'Op-C', 'Op-D'].map((op) => editorLine(text, op));
    assert.deepEqual(Array.from(got.events.startLine), want);
    assert.deepEqual(Array.from(got.events.endLine), [editorLine(text, 'four'), want[1], editorLine(text, 'y"'), want[3]]);
  });

  it('the two-halves read counts lone CRs before the split the same way', async function () {
    const log = makeLog(3000);
    // Lone CRs in quoted fields all through the file.
    const text = log.text.replace(/second, with/g, 'second,\rwith');
    const p = file('cr-split.csv', text);
    const one = await load(p, 'stop');
    const two = await load(p, 'stop', true);
    assert.deepEqual(rows(two.events), rows(one.events));
    const last = one.events.count - 1;
    assert.equal(one.events.startLine[last], editorLine(text, new Date(Date.UTC(2024, 5, 1) + last * 7000).toISOString().replace('.000', '')));
  });
});

describe('rows that leave trailing empty fields out', function () {
  // An exporter that writes 4 fields under a 5-field header (Vectra's audit sample in Azure-Sentinel).
  const header = 'TimeGenerated,UserId,Operation,Notes,ClientId';
  const row = (i: number) => `2024-03-01T10:0${i}:00Z,u${i % 2},Op${i % 3},n${i}`;
  it('are read with the missing trailing fields empty, and said at detection', async function () {
    const p = file('short.csv', [header, ...Array.from({ length: 6 }, (_, i) => row(i))].join('\n') + '\n');
    const log = await loadLog({ file: p });
    assert.equal(log.events.count, 6);
    assert.deepEqual(eventUsers(log.events, 1), ['u1']);
    assert.match(log.doubts.map((d) => `${d.text}${d.note ? ' (note)' : ''}`).join('\n'), /every sampled row has 4 fields where the header names 5: the last column \(ClientId\) is read as empty on rows that leave it out \(note\)/);
  });
  it('a row shorter still, past the sampled head, is a bad row; a full row is read', async function () {
    // Detection samples the first 200 rows: 210 short ones, then a full row (line 212) and a shorter one (line 213).
    const at = (i: number) => new Date(Date.UTC(2024, 2, 1, 10, 0, i)).toISOString();
    const lines = [header, ...Array.from({ length: 210 }, (_, i) => `${at(i)},u${i % 2},Op${i % 3},n${i}`)];
    lines.push(`${at(300)},u1,Op1,n9,c9`);
    lines.push(`${at(301)},u1,Op1`);
    const p = file('short-bad.csv', lines.join('\n') + '\n');
    await assert.rejects(loadLog({ file: p }), (e: unknown) => e instanceof LogInputError && /expected 5 fields as in the header, found 3/.test(e.message) && e.location?.line === 213);
    const skipped = await loadLog({ file: p, read: { onBadRow: 'skip' } });
    assert.equal(skipped.events.count, 211);
  });
  it('a header-length file is read as before: a short row there is a bad row', async function () {
    const p = file('full.csv', [header, ...Array.from({ length: 6 }, (_, i) => `${row(i)},c${i}`), row(7)].join('\n') + '\n');
    await assert.rejects(loadLog({ file: p }), (e: unknown) => e instanceof LogInputError && /expected 5 fields as in the header, found 4/.test(e.message) && e.location?.line === 8);
  });
});
