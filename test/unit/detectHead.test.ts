// Detection's sample of a CSV head (read/detect.ts) is split by uDSV and
// proven record by record (read/csvFast.ts provenHeadRecords) instead of
// being parsed by csv-parse, for a quicker cold start (issue #9). Detection
// must come out exactly as it did with csv-parse alone:
//
// 1. inspectLog on every file under test/fixtures and media/sample, with the
//    proven sample on and off (SESSIONSCOPE_CSV_READER=csv-parse): the same
//    detection (or the same error);
// 2. the records themselves, head by head, for every CSV fixture: the proven
//    sample is csv-parse's or there is none (and csv-parse samples);
// 3. a fast-check property over random CSV text (quotes, doubled quotes,
//    line breaks of every kind, blank lines, BOMs, ragged rows, broken quotes,
//    few and many records around the sample's limit);
// 4. clean files must take the proven sample, so a proof that always declines fails here.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { generateToString } from '../../scripts/gen-lib';
import { provenHeadRecords } from '../../src/engine/read/csvFast';
import { csvParseHeadRecords, inspectLog } from '../../src/engine/read/detect';
import { tempFiles } from './inputFiles';

const ROOT = path.resolve(__dirname, '../../..');
const SEED = Number(process.env.SESSIONSCOPE_FUZZ_SEED ?? 20261203);
const RUNS = Number(process.env.SESSIONSCOPE_FUZZ_RUNS ?? 300);
const write = tempFiles('sessionscope-detecthead-');

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .map((n) => path.join(dir, n))
    .flatMap((p) => (statSync(p).isDirectory() ? filesUnder(p) : [p]))
    .sort();
}

/** inspectLog's result as text, or its error: with the proven sample or with csv-parse's alone (SESSIONSCOPE_CSV_READER=csv-parse). */
async function detect(file: string, proven: boolean): Promise<string> {
  const before = process.env.SESSIONSCOPE_CSV_READER;
  if (proven) delete process.env.SESSIONSCOPE_CSV_READER;
  else process.env.SESSIONSCOPE_CSV_READER = 'csv-parse';
  try {
    return JSON.stringify(await inspectLog(file));
  } catch (e) {
    return `error: ${(e as Error).message}`;
  } finally {
    if (before === undefined) delete process.env.SESSIONSCOPE_CSV_READER;
    else process.env.SESSIONSCOPE_CSV_READER = before;
  }
}

/** The proven sample must be csv-parse's sample; true when there was one. */
function sameSample(text: string, delimiter: string, max: number, label: string): boolean {
  const proven = provenHeadRecords(text, delimiter, max + 1);
  if (proven === undefined) return false;
  assert.deepEqual(proven, csvParseHeadRecords(text, delimiter, max), label);
  return true;
}

const FIXTURES = [...filesUnder(path.join(ROOT, 'test/fixtures')), ...filesUnder(path.join(ROOT, 'media/sample'))];

describe('detection samples a CSV head by a proven uDSV split, exactly as csv-parse did', function () {
  it('finds the fixtures', function () {
    assert.ok(FIXTURES.length > 100, `only ${FIXTURES.length} fixture files`);
  });

  it('every fixture: the same detection either way', async function () {
    const proven: string[] = [];
    for (const file of FIXTURES) {
      const name = path.relative(ROOT, file);
      const fast = await detect(file, true);
      assert.equal(fast, await detect(file, false), name);
      if (fast.startsWith('error:')) continue;
      const d = JSON.parse(fast) as { format: string; delimiter: string; samples: Record<string, string[]>; dialect?: string };
      if (d.format === 'csv' && !d.dialect) proven.push(name);
    }
    // The CSV fixtures, plain ones included: a proof that never takes a head would still pass the comparison above.
    assert.ok(proven.length >= 25, `only ${proven.length} CSV fixtures detected`);
  });

  it('every CSV fixture head: the proven records are csv-parse\'s; every .csv file of even rows is proven', async function () {
    let even = 0;
    for (const file of FIXTURES) {
      const detected = await detect(file, true);
      if (detected.startsWith('error:')) continue;
      const d = JSON.parse(detected) as { format: string; delimiter: string; dialect?: string; preamble?: unknown };
      if (d.format !== 'csv' || d.dialect || d.preamble || file.endsWith('.gz')) continue;
      const name = path.relative(ROOT, file);
      const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      // Small limits too, so the proof's stop at the limit is checked against csv-parse's `to`.
      for (const max of [1, 2, 7, 200]) sameSample(text, d.delimiter, max, `${name} max ${max}`);
      // A CSV file whose records (as csv-parse reads them) all have the header's field count is proven.
      const records = csvParseHeadRecords(text, d.delimiter, 200);
      if (!file.endsWith('.csv') || records.some((r) => r.length !== records[0].length)) continue;
      even++;
      assert.notEqual(provenHeadRecords(text, d.delimiter, 201), undefined, `${name}: not proven`);
    }
    assert.ok(even >= 25, `only ${even} CSV fixtures of even rows`);
  });

  it('a log larger than the head (cut at its last line break): proven, the same detection', async function () {
    const { text } = generateToString({ events: 6000, seed: 3, format: 'csv', profile: 'bench' });
    assert.ok(text.length > 256 * 1024);
    const file = write('big.csv', text);
    assert.equal(await detect(file, true), await detect(file, false));
    const head = text.slice(0, 256 * 1024);
    assert.ok(sameSample(head.slice(0, head.lastIndexOf('\n') + 1), ',', 200, 'head of the generated log'));
  });

  describe('texts the proof must decline (csv-parse samples them)', function () {
    const cases: [string, string][] = [
      ['a quoted field cut by the end of the head', 'a,b\n1,2\n3,"x\ny'],
      ['a quote after a closing quote', 'a,b\n1,"x"y\n'],
      ['a row with another field count than the header', 'a,b\n1,2,3\n4,5\n'],
      ['one column', 'a\n1\n2\n'],
      ['a BOM before the header', '\uFEFFa,b\n1,2\n'],
      ['a lone CR in a file of LF line breaks', 'a,b\n1,2\r3,4\n'],
      ['a multi-character delimiter', 'a::b\n1::2\n'],
      ['a header and nothing else but blank space', ' \n'],
    ];
    for (const [name, text] of cases) {
      it(name, function () {
        const delimiter = name.includes('multi') ? '::' : ',';
        assert.equal(provenHeadRecords(text, delimiter, 201), undefined);
      });
    }

    it('a broken record after the sample\'s limit is not read: proven, as csv-parse stops there too', function () {
      const text = 'a,b\n1,2\n3,4\n5,"broken\n';
      assert.ok(sameSample(text, ',', 2, 'limit before the broken record'));
      assert.equal(provenHeadRecords(text, ',', 4), undefined);
    });

    it('quoted delimiters, doubled quotes, line breaks in quotes, blank lines, CRLF, a quote inside an unquoted field: proven', function () {
      const text = '\r\na,b,c\r\n"x,y","say ""hi""","two\nlines"\r\n\r\n5" disk,=HYPERLINK("x"),\r\n';
      assert.ok(sameSample(text, ',', 200, 'mixed'));
      assert.deepEqual(provenHeadRecords(text, ',', 201)![1], ['x,y', 'say "hi"', 'two\nlines']);
    });
  });

  describe('property: random CSV text', function () {
    const PIECES = ['x', 'Set-Mailbox', '"', '""', 'q"q', ',', ';', '\t', '\r', '\n', '\r\n', ' ', '', 'ü', '🙂', '\uFEFF', '"'.repeat(3), 'long'.repeat(200)];
    const value = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('alice', 'Get', '2024-05-01T10:00:00Z', '10.0.0.1') },
      { weight: 2, arbitrary: fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }).map((a) => a.join('')) },
      { weight: 1, arbitrary: fc.string({ maxLength: 5 }) },
    );
    type Style = 'plain' | 'quoted' | 'raw' | 'unclosed';
    const style = fc.constantFrom<Style>('plain', 'plain', 'plain', 'quoted', 'raw', 'unclosed');
    const field = (v: string, s: Style, d: string): string => {
      const quoted = `"${v.split('"').join('""')}"`;
      if (s === 'quoted') return quoted;
      if (s === 'raw') return v;
      if (s === 'unclosed') return `"${v}`;
      return /["\r\n]/.test(v) || v.includes(d) ? quoted : v;
    };
    const doc = fc.record({
      delimiter: fc.constantFrom(',', ';', '\t', '|'),
      eol: fc.constantFrom('\n', '\r\n', '\r'),
      clean: fc.boolean(),
      width: fc.integer({ min: 1, max: 5 }),
      lines: fc.array(
        fc.record({ values: fc.array(value, { minLength: 1, maxLength: 6 }), styles: fc.array(style, { minLength: 6, maxLength: 6 }), eol: fc.constantFrom('', '\n', '\r\n', '\r', '\n\n') }),
        { maxLength: 20 },
      ),
      blankFirst: fc.boolean(),
      eolLast: fc.boolean(),
      max: fc.constantFrom(1, 3, 10, 200),
    });

    it('the proven sample is csv-parse\'s whenever there is one; clean texts are proven', function () {
      let taken = 0;
      let declined = 0;
      fc.assert(
        fc.property(doc, (d) => {
          const header = Array.from({ length: d.width }, (_, i) => `c${i}`);
          let text = (d.blankFirst ? d.eol : '') + header.join(d.delimiter);
          for (const l of d.lines) {
            const values = d.clean ? header.map((_, i) => l.values[i % l.values.length]) : l.values;
            const styles: Style[] = d.clean ? values.map(() => 'plain') : l.styles;
            text += (d.clean ? d.eol : l.eol || d.eol) + values.map((v, i) => field(v, styles[i], d.delimiter)).join(d.delimiter);
          }
          if (d.eolLast) text += d.eol;
          if (sameSample(text, d.delimiter, d.max, JSON.stringify({ text, max: d.max }))) taken++;
          else declined++;
          // A clean text of two columns or more must be proven.
          if (d.clean && d.width >= 2) {
            assert.notEqual(provenHeadRecords(text, d.delimiter, d.max + 1), undefined, `clean text declined: ${JSON.stringify(text)}`);
          }
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      process.stdout.write(`\n      the proven sample took ${taken} of ${taken + declined} random texts\n`);
      assert.ok(taken >= RUNS / 5, `proven only ${taken} of ${RUNS}`);
      assert.ok(declined >= RUNS / 10, `declined only ${declined} of ${RUNS}: the property does not reach the fallback`);
    });
  });

  describe('a head cut short in the middle of a record', function () {
    // 150 records of about 2.2 KB, an accented note (2 bytes a character in UTF-8) and a long plain field: the 256 KiB
    // head ends inside the plain field of a record, and holds fewer characters than bytes. The cut record must not be
    // sampled as a short row (it lacks the last column: "event column Operation is empty on 1 of N sampled rows").
    const rows = Array.from({ length: 150 }, (_, i) => `2024-05-01T09:${String(i % 60).padStart(2, '0')}:00Z,u${i % 4},"${'é'.repeat(200)}",${'x'.repeat(1800)},Op${i % 5}`);
    const text = 'TimeGenerated,UserId,Note,Extra,Operation\n' + rows.join('\n') + '\n';
    for (const encoding of ['utf8', 'utf16le', 'gzip'] as const) {
      it(`is left out of the sample (${encoding})`, async function () {
        const body = encoding === 'utf16le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) : Buffer.from(text, 'utf8');
        const file = write(`cut-${encoding}.csv${encoding === 'gzip' ? '.gz' : ''}`, encoding === 'gzip' ? gzipSync(body) : body);
        const d = await inspectLog(file);
        assert.equal(d.mapping.event, 'Operation');
        assert.deepEqual(d.doubts.map((x) => x.text), []);
      });
    }
  });
});
