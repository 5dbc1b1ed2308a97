// The fast CSV read (read/csvFast.ts, uDSV) against the csv-parse read it
// stands in for (issue #9): wherever the fast path accepts a text, it must
// give exactly what csv-parse gives (events, users, times, params, each
// event's lines, skip reports, records, errors and where they are); wherever
// it has a doubt it must hand over, and readCsv then gives csv-parse's result.
//
// 1. every CSV file under test/fixtures and media/sample, both bad-row policies;
// 2. a fast-check property over random CSV text built from the pieces that
//    trip CSV readers (quotes, doubled quotes, delimiters, CR/LF/CRLF, blank
//    lines, BOMs, unicode, long fields, broken quotes), fed to the fast path's
//    parser in pieces as small as one character, whole files and parts;
// 3. clean logs (the bundled sample, the bench generator's output) must be
//    read by the fast path, so a fast path that always hands over fails here.

import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { generateLog } from '../../scripts/gen-lib';
import { eventParams, eventUsers } from '../../src/engine/events';
import { readCsv, readCsvFast, readCsvParse, type CsvReadRequest, type ReadResult } from '../../src/engine/read/csv';
import { inspectLog } from '../../src/engine/read/detect';
import { headerStart } from '../../src/engine/pipeline';
import { inspectSource } from '../../src/engine/read/source';
import { LogInputError, type BadRowPolicy, type ColumnMapping, type EventTable } from '../../src/engine/types';
import { tempFiles } from './inputFiles';

const ROOT = path.resolve(__dirname, '../../..');
const SEED = Number(process.env.SESSIONSCOPE_FUZZ_SEED ?? 20261203);
const RUNS = Number(process.env.SESSIONSCOPE_FUZZ_RUNS ?? 150);
const write = tempFiles('sessionscope-csvfast-');

/** One line per event: users, time, command, params, lines. */
function rows(t: EventTable): string[] {
  return Array.from({ length: t.count }, (_, i) =>
    JSON.stringify([eventUsers(t, i), t.timeMs[i], t.timeNs[i], t.commandNames[t.commandIds[i]], eventParams(t, i), t.startLine[i], t.endLine[i]]),
  );
}

/** Everything a read tells its caller, as text to compare; `handed over` when the fast path declined. */
async function outcome(read: () => Promise<ReadResult | undefined>, extra: () => string = () => ''): Promise<string> {
  try {
    const r = await read();
    if (r === undefined) return 'handed over';
    return JSON.stringify({ events: rows(r.events), skipped: r.skipped, records: r.records, extra: extra() });
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    const where = e instanceof LogInputError ? e.location : undefined;
    return JSON.stringify({ error: e.constructor.name, message: e.message, where, extra: extra() });
  }
}

/** The fast path's and csv-parse's outcomes for one request, and readCsv's (which must be csv-parse's). */
async function compare(make: () => CsvReadRequest): Promise<{ fast: string; parse: string; auto: string }> {
  const hooks = () => {
    const seen: number[] = [];
    const req = make();
    req.onFirstRecord = (f) => seen.push(f);
    req.onLastLine = (l) => seen.push(-l);
    return { req, seen };
  };
  const f = hooks();
  const p = hooks();
  const a = hooks();
  const fast = await outcome(() => readCsvFast(f.req), () => f.seen.join(' '));
  const parse = await outcome(() => readCsvParse(p.req), () => p.seen.join(' '));
  const auto = await outcome(() => readCsv(a.req), () => a.seen.join(' '));
  return { fast, parse, auto };
}

function assertSame(c: { fast: string; parse: string; auto: string }, what: string): boolean {
  assert.equal(c.auto, c.parse, `readCsv differs from csv-parse: ${what}`);
  if (c.fast === 'handed over') return false;
  assert.equal(c.fast, c.parse, `the fast path differs from csv-parse: ${what}`);
  return true;
}

// ---------------------------------------------------------------- fixtures

function csvFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return csvFiles(p);
    return /\.csv$/i.test(name) ? [p] : [];
  });
}

async function fixtureRequest(file: string): Promise<() => CsvReadRequest> {
  const d = await inspectLog(file);
  const info = await inspectSource(file);
  const m = d.mapping;
  const mapping: ColumnMapping = {
    users: m.users && m.users.length > 0 ? m.users : [d.columns[0]],
    time: m.time ?? d.columns[0],
    event: m.event ?? d.columns[1],
    params: m.params,
    ...(m.timeFormat ? { timeFormat: m.timeFormat } : {}),
  };
  const start = headerStart(info, d);
  return () => ({ file, info, delimiter: d.delimiter ?? ',', mapping, policy: 'stop', ...(start ? { start } : {}) });
}

describe('fast CSV read (uDSV) against csv-parse', function () {
  this.timeout(300_000);

  describe('every CSV fixture reads the same on both paths', function () {
    const files = [...csvFiles(path.join(ROOT, 'test', 'fixtures')), ...csvFiles(path.join(ROOT, 'media', 'sample'))];

    it('finds the fixtures', function () {
      assert.ok(files.length >= 14, `only ${files.length} CSV fixtures found`);
      assert.ok(files.some((f) => f.endsWith('malformed.csv')));
    });

    const verdicts: string[] = [];
    for (const file of files) {
      const name = path.relative(ROOT, file);
      it(name, async function () {
        const make = await fixtureRequest(file);
        const taken: string[] = [];
        for (const policy of ['stop', 'skip'] as BadRowPolicy[]) {
          for (const fastPieces of [undefined, 4093, 61]) {
            const c = await compare(() => ({ ...make(), policy, fastPieces }));
            taken.push(assertSame(c, `${name}, ${policy}, pieces ${fastPieces ?? 'whole'}`) ? 'fast' : 'handed over');
          }
        }
        // The answer may not depend on how the text was cut.
        assert.equal(new Set(taken.slice(0, 3)).size, 1, `${name}: ${taken.join(', ')}`);
        verdicts.push(`${name}: ${taken[0]}`);
      });
    }

    // Every fixture is RFC 4180 apart from its deliberate bad rows (times, not quotes or field counts); Windows
    // command lines quoted with their program path ("""C:\...exe"" /x") are proven like any quoted value. Handed over:
    // msticpy's process tree has an unescaped quote inside a quoted command line at line 37 (real data), which csv-parse
    // reports where it stands; Vectra's sample rows are one field short of its header (the read takes them with
    // Detection.shortRows, by csv-parse, which pads them).
    const HANDED_OVER: string[] = ['test/fixtures/real/msticpy-process-tree-utf16le.csv', 'test/fixtures/real/vectra-audits-sentinel.csv'];

    it('the fast path takes every fixture, Windows command lines that start with a quote included', async function () {
      const handed: string[] = [];
      for (const file of files) {
        const make = await fixtureRequest(file);
        if ((await readCsvFast({ ...make(), policy: 'skip' })) === undefined) handed.push(path.relative(ROOT, file).split(path.sep).join('/'));
      }
      assert.deepEqual(handed.sort(), HANDED_OVER);
    });

    after(function () {
      if (verdicts.length > 0) process.stdout.write(`\n    fast path per fixture:\n${verdicts.map((v) => `      ${v}\n`).join('')}`);
    });
  });

  describe('hand-picked shapes', function () {
    const MAP: ColumnMapping = { users: ['user'], time: 'time', event: 'op', params: 'params' };
    const T = '2024-01-01T00:00:0';

    async function both(name: string, text: string | Buffer, delimiter = ','): Promise<string> {
      const file = write(name, text);
      const info = await inspectSource(file);
      const c = await compare(() => ({ file, info, delimiter, mapping: MAP, policy: 'skip' }));
      assertSame(c, JSON.stringify(text));
      return c.fast === 'handed over' ? 'handed over' : 'fast';
    }

    const cases: [string, string, 'fast' | 'handed over', string?][] = [
      ['plain LF', `time,user,op,params\n${T}1Z,a,Get,x\n${T}2Z,b,Set,y\n`, 'fast'],
      ['CRLF, no final line break', `time,user,op,params\r\n${T}1Z,a,Get,x\r\n${T}2Z,b,Set,y`, 'fast'],
      ['lone CR', `time,user,op,params\r${T}1Z,a,Get,x\r${T}2Z,b,Set,y\r`, 'fast'],
      ['blank lines everywhere', `\n\ntime,user,op,params\n\n${T}1Z,a,Get,x\n\n\n${T}2Z,b,Set,y\n\n`, 'fast'],
      ['quoted delimiters, "" and line breaks of each kind', `time,user,op,params\n${T}1Z,"a,b",Get,"x ""y""\r\nz\nw\rv"\n${T}2Z,b,Set,"y"\n`, 'fast'],
      ['quotes inside unquoted fields', `time,user,op,params\n${T}1Z,a,Get,"=HYPERLINK(""x"")"\n${T}2Z,b,Set,5" disk\n${T}3Z,c,Set,=HYPERLINK("x")\n`, 'fast'],
      ['empty fields', `time,user,op,params\n${T}1Z,,Get,\n${T}2Z,b,Set,""\n`, 'fast'],
      ['semicolons', `time;user;op;params\n${T}1Z;a;Get;"x;y"\n`, 'fast', ';'],
      ['tabs', `time\tuser\top\tparams\n${T}1Z\ta\tGet\tx\n`, 'fast', '\t'],
      ['pipes', `time|user|op|params\n${T}1Z|a|Get|x\n`, 'fast', '|'],
      ['a long field', `time,user,op,params\n${T}1Z,a,Get,"${'x,"" \n'.repeat(300_000)}"\n${T}2Z,b,Set,y\n`, 'fast'],
      // Over many 64 KiB read chunks: held until it doubles (line breaks inside), joined once (none inside); multi-byte characters cut at chunk ends.
      ['a long field with line breaks, records after it', `time,user,op,params\n${T}1Z,a,Get,"${'é,"" \r\n'.repeat(400_000)}"\n${T}2Z,b,Set,y\n${T}3Z,c,Set,"z\nw"\n`, 'fast'],
      ['a long field without line breaks', `time,user,op,params\n${T}1Z,a,Get,"${'é,"" x'.repeat(400_000)}"\n${T}2Z,b,Set,y\n`, 'fast'],
      ['a long unquoted field', `time,user,op,params\n${T}1Z,a,Get,${'ü x'.repeat(500_000)}\n${T}2Z,b,Set,y\n`, 'fast'],
      ['CR in an LF file', `time,user,op,params\n${T}1Z,a,Get,x\r\n${T}2Z,b,Set,y\n`, 'handed over'],
      ['lone LF in a CRLF file', `time,user,op,params\r\n${T}1Z,a,Get,x\n${T}2Z,b,Set,y\r\n`, 'handed over'],
      ['lone CR in a CRLF file', `time,user,op,params\r\n${T}1Z,a,Get,x\r${T}2Z,b,Set,y\r\n`, 'handed over'],
      ['a short row', `time,user,op,params\n${T}1Z,a,Get\n${T}2Z,b,Set,y\n`, 'handed over'],
      ['a long row', `time,user,op,params\n${T}1Z,a,Get,x,extra\n${T}2Z,b,Set,y\n`, 'handed over'],
      ['text after a closing quote', `time,user,op,params\n${T}1Z,a,Get,"x"y\n${T}2Z,b,Set,y\n`, 'handed over'],
      ['an unclosed quote', `time,user,op,params\n${T}1Z,a,Get,"x\n${T}2Z,b,Set,y\n`, 'handed over'],
      ['a value starting with a quote', `time,user,op,params\n${T}1Z,a,Get,"""x"""\n`, 'fast'],
      ['a command line quoted with its program path', `time,user,op,cmd\n${T}1Z,a,Run,"""C:\\x.exe"" /y, ""z"""\n${T}2Z,b,Run,"""C:\\w.exe"""\n`, 'fast'],
      ['a quoted delimiter in the header', `time,"user,x",op,params\n${T}1Z,a,Get,x\n`, 'handed over'],
      ['a one-column file', `time\n${T}1Z\n`, 'handed over'],
      ['a lone delimiter line', `time,user,op,params\n,\n${T}2Z,b,Set,y\n`, 'handed over'],
      ['a whitespace line', `time,user,op,params\n  \n${T}2Z,b,Set,y\n`, 'handed over'],
      ['header only', `time,user,op,params\n`, 'fast'],
      ['empty rows of delimiters', `time,user,op,params\n,,,\n${T}2Z,b,Set,y\n`, 'fast'],
    ];
    it('invalid UTF-8 (a lone lead byte before a line break, a stray continuation byte, a cut character at the end): fast, same result', async function () {
      const parts = [Buffer.from(`time,user,op,params\n${T}1Z,a\xff`), Buffer.from([0xe2]), Buffer.from(`\n`), Buffer.from(`${T}2Z,b,Set,`), Buffer.from([0x80, 0x41]), Buffer.from(`,x\n${T}3Z,c,Get,y`), Buffer.from([0xf0, 0x9f])];
      // The first record is short of fields (its line break cuts it): handed over; the same without it is fast.
      assert.equal(await both('invalid-utf8-a.csv', Buffer.concat(parts)), 'handed over');
      const clean = [Buffer.from(`time,user,op,params\n${T}1Z,a`), Buffer.from([0xe2]), Buffer.from(`,Get,x\n${T}2Z,b,Set,`), Buffer.from([0x80, 0x41]), Buffer.from(`\n${T}3Z,c,Get,y`), Buffer.from([0xf0, 0x9f])];
      assert.equal(await both('invalid-utf8-b.csv', Buffer.concat(clean)), 'fast');
    });

    it('UTF-8 with a BOM, UTF-16 LE and BE with BOMs: fast, same result', async function () {
      const text = `time,user,op,params\r\n${T}1Z,"é, ü",Get,"😀 ""x"""\r\n${T}2Z,b,Set,y\r\n`;
      assert.equal(await both('bom-utf8.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])), 'fast');
      assert.equal(await both('bom-utf16le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), 'fast');
      const be = Buffer.from(text, 'utf16le');
      be.swap16();
      assert.equal(await both('bom-utf16be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), be])), 'fast');
    });

    it('UTF-16 with a field over many read chunks, line breaks inside: fast, same result', async function () {
      const text = `time,user,op,params\n${T}1Z,a,Get,"${'ü,"" \n'.repeat(200_000)}"\n${T}2Z,b,Set,y\n`;
      assert.equal(await both('long-utf16le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), 'fast');
    });

    for (const [name, text, expected, delimiter] of cases) {
      it(`${name}: ${expected}, same result`, async function () {
        assert.equal(await both(name.replace(/\W+/g, '-') + '.csv', text, delimiter), expected);
      });
    }
  });

  describe('property: random CSV reads the same on both paths', function () {
    const MAP: ColumnMapping = { users: ['user'], time: 'time', event: 'op', params: 'params' };
    const HEADER = ['time', 'user', 'op', 'params'];
    const PIECES = [
      'a', 'bob', 'Get-Mailbox', '"', '""', 'a"b', '5" disk', '=HYPERLINK("x")', ',', ';', '\t', '|', '\r', '\n', '\r\n', '\n\r',
      ' ', '', 'é', '😀', '\uFEFF', '\u2028', '[{"Name":"x","Value":"y"}]', 'x'.repeat(3000), '\r\n'.repeat(50), '"'.repeat(7),
    ];
    const TIMES = ['2024-01-01T00:00:00Z', '2024-01-01 00:00:02', '1704067200', 'not a time', ''];
    const piece = fc.constantFrom(...PIECES);
    const value = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('alice', 'bob', 'Get', 'Set', 'x y') }, { weight: 2, arbitrary: fc.array(piece, { maxLength: 4 }).map((a) => a.join('')) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) });
    type How = 'auto' | 'always' | 'raw' | 'broken';
    const how = fc.constantFrom<How>('auto', 'auto', 'auto', 'auto', 'always', 'raw', 'broken');
    const cell = (v: string, h: How, d: string): string => {
      const q = `"${v.replace(/"/g, '""')}"`;
      if (h === 'always') return q;
      if (h === 'raw') return v;
      if (h === 'broken') return `"${v}`;
      return v.includes('"') || v.includes(d) || /[\r\n]/.test(v) ? q : v;
    };
    const doc = fc.record({
      delimiter: fc.constantFrom(',', ',', ';', '\t', '|'),
      eol: fc.constantFrom('\n', '\r\n', '\r'),
      // Mostly clean documents (the fast path must take some), some hostile.
      clean: fc.boolean(),
      rows: fc.array(
        fc.record({
          cells: fc.tuple(fc.constantFrom(...TIMES), value, value, value, fc.array(value, { maxLength: 2 })),
          how: fc.tuple(how, how, how, how),
          eol: fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\r\n\r\n', ''),
          extra: fc.nat({ max: 12 }),
        }),
        { maxLength: 25 },
      ),
      leadingBlank: fc.boolean(),
      trailingEol: fc.boolean(),
    });
    type Doc = typeof doc extends fc.Arbitrary<infer T> ? T : never;
    const render = (d: Doc): string => {
      let out = (d.leadingBlank ? d.eol : '') + HEADER.join(d.delimiter);
      for (const r of d.rows) {
        const [t, u, o, p, more] = r.cells;
        let values = [t, u, o, p];
        if (!d.clean && r.extra === 0) values = [...values, ...more];
        if (!d.clean && r.extra === 1) values = values.slice(0, 3);
        const hows: How[] = d.clean ? ['auto', 'auto', 'auto', 'auto'] : r.how;
        out += (d.clean ? d.eol : r.eol || d.eol) + values.map((v, i) => cell(v, hows[i] ?? 'auto', d.delimiter)).join(d.delimiter);
      }
      return d.trailingEol ? out + d.eol : out;
    };

    it('whole files, pieces of 1 to 97 characters, both policies; parts from a line start', async function () {
      let fast = 0;
      let handed = 0;
      await fc.assert(
        fc.asyncProperty(doc, fc.constantFrom<BadRowPolicy>('stop', 'skip'), fc.constantFrom(1, 2, 3, 7, 97, undefined), async (d, policy, fastPieces) => {
          const text = render(d);
          const file = write('prop.csv', text);
          const info = await inspectSource(file);
          const base = { file, info, delimiter: d.delimiter, mapping: MAP, policy, fastPieces };
          const c = await compare(() => ({ ...base }));
          if (assertSame(c, JSON.stringify(text))) fast++;
          else handed++;
          // A part as the two-halves read makes it: the header given, from the start of a later line.
          const cut = text.indexOf('\n', Math.floor(text.length / 2));
          if (cut >= 0) {
            const start = Buffer.byteLength(text.slice(0, cut + 1));
            const firstLine = text.slice(0, cut + 1).split(/\r\n|\r|\n/).length;
            const part = await compare(() => ({ ...base, range: { start }, header: HEADER, firstLine }));
            assertSame(part, `part from ${start}: ${JSON.stringify(text)}`);
          }
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      process.stdout.write(`\n      fast path took ${fast} of ${fast + handed} random documents\n`);
      assert.ok(fast >= RUNS / 5, `the fast path took only ${fast} of ${RUNS}`);
      assert.ok(handed >= RUNS / 10, `the fast path handed over only ${handed} of ${RUNS}: the property does not reach the hand-over`);
    });
  });

  describe('clean logs take the fast path', function () {
    const MAP: ColumnMapping = { users: ['UserId', 'ClientIP'], time: 'TimeGenerated', event: 'Operation', params: 'Parameters' };

    it('the bench generator output (CSV, 3000 events), read whole and in pieces', async function () {
      let text = '';
      generateLog({ events: 3000, seed: 7, format: 'csv', profile: 'bench' }, (chunk) => (text += chunk));
      const file = write('bench.csv', text);
      const info = await inspectSource(file);
      for (const fastPieces of [undefined, 1000, 17]) {
        const req = { file, info, delimiter: ',', mapping: MAP, policy: 'stop' as BadRowPolicy, fastPieces };
        const f = await readCsvFast(req);
        assert.ok(f, `the fast path handed over the generator's clean CSV (pieces ${fastPieces ?? 'whole'})`);
        assert.equal(f.events.count, 3000);
        const p = await readCsvParse(req);
        assert.deepEqual(rows(f.events), rows(p.events));
      }
    });

    it('a log over many read chunks (64 KiB each), ASCII and UTF-8: the records cut at chunk ends come out whole', async function () {
      let text = '';
      generateLog({ events: 12_000, seed: 11, format: 'csv', profile: 'bench' }, (chunk) => (text += chunk));
      // Non-ASCII users make every chunk go through the UTF-8 decoder (and put multi-byte characters on both sides of the cuts).
      for (const [name, body] of [['ascii.csv', text], ['utf8.csv', text.replace(/@/g, 'é@')]] as const) {
        const file = write(name, body);
        const info = await inspectSource(file);
        assert.ok(info.size > 3 * (1 << 20), `${name}: ${info.size} bytes is under 3 MB`);
        const req = { file, info, delimiter: ',', mapping: MAP, policy: 'stop' as BadRowPolicy };
        const f = await readCsvFast(req);
        assert.ok(f, `the fast path handed over ${name}`);
        assert.equal(f.events.count, 12_000);
        const p = await readCsvParse(req);
        assert.deepEqual(rows(f.events), rows(p.events));
      }
    });

    it('broken records in a log over several MB: the fast read takes over again after each, with csv-parse\'s result (skip, stop, whole and as a part)', async function () {
      this.timeout(120_000);
      let text = '';
      generateLog({ events: 12_000, seed: 5, format: 'csv', profile: 'bench' }, (chunk) => (text += chunk));
      // Record starts (a time after a line break) at about 15%, 35%, 55% and 75% of the text.
      const starts = [0.15, 0.35, 0.55, 0.75].map((f) => text.indexOf('\n2024-', Math.floor(text.length * f)) + 1);
      const user = (at: number) => text.indexOf(',', at) + 1;
      const edits: [number, string][] = [
        [user(starts[0]), '"'], // a quote opening a user field, never closed as a field
        [starts[1], 'not-a-time'], // a time that does not parse (the rest of the first field stays)
        [user(starts[2]) + 3, '"'], // a quote inside an unquoted field (kept as text)
        [user(starts[3]), '"x",'], // one field too many
      ];
      let broken = text;
      for (const [at, add] of edits.sort((a, b) => b[0] - a[0])) broken = broken.slice(0, at) + add + broken.slice(at);
      const file = write('broken-large.csv', broken);
      const info = await inspectSource(file);
      assert.ok(info.size > 3 * (1 << 20));
      const cut = broken.indexOf('\n2024-', Math.floor(broken.length * 0.3)) + 1;
      const firstLine = broken.slice(0, cut).split('\n').length;
      const header = broken.slice(0, broken.indexOf('\n')).split(',');
      for (const policy of ['skip', 'stop'] as const) {
        const whole = await compare(() => ({ file, info, delimiter: ',', mapping: MAP, policy }));
        assertSame(whole, `broken-large.csv (${policy})`);
        if (policy === 'skip') assert.ok(JSON.parse(whole.auto).skipped.count >= 3, whole.auto.slice(0, 200));
        // A part from a record start, recovering as the whole read does (the second half of a proven split).
        const part = await compare(() => ({ file, info, delimiter: ',', mapping: MAP, policy, range: { start: Buffer.byteLength(broken.slice(0, cut)) }, header, firstLine, rangeAtRecord: true }));
        assert.equal(part.auto, part.parse, `part from line ${firstLine} (${policy})`);
      }
    });

    it('the bundled sample', async function () {
      const file = path.join(ROOT, 'media', 'sample', 'exchange-admin-sample.csv');
      const make = await fixtureRequest(file);
      const f = await readCsvFast(make());
      assert.ok(f && f.events.count > 0, 'the fast path handed over the bundled sample');
    });

    it('an abort stops the fast read with the abort, not a hand-over to csv-parse', async function () {
      const make = await fixtureRequest(path.join(ROOT, 'media', 'sample', 'exchange-admin-sample.csv'));
      const abort = new AbortController();
      let bytes = 0;
      const req = { ...make(), signal: abort.signal, onBytes: (b: number) => ((bytes = b), abort.abort()), fastPieces: 512 };
      await assert.rejects(readCsv(req), (e: Error) => e.name === 'AbortError');
      assert.ok(bytes > 0);
      await assert.rejects(readCsvFast({ ...make(), signal: AbortSignal.abort() }), (e: Error) => e.name === 'AbortError');
    });

    it('SESSIONSCOPE_CSV_READER=csv-parse turns it off', async function () {
      const file = path.join(ROOT, 'media', 'sample', 'exchange-admin-sample.csv');
      const make = await fixtureRequest(file);
      const before = process.env.SESSIONSCOPE_CSV_READER;
      process.env.SESSIONSCOPE_CSV_READER = 'csv-parse';
      try {
        assert.equal(await outcome(() => readCsv(make())), await outcome(() => readCsvParse(make())));
      } finally {
        if (before === undefined) delete process.env.SESSIONSCOPE_CSV_READER;
        else process.env.SESSIONSCOPE_CSV_READER = before;
      }
    });
  });
});
