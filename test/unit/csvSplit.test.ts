// The two-halves CSV read (read/parallel.ts) must give exactly what the
// one-piece read gives, whatever stray quotes do to the guessed split
// (issue #8 item 1), wherever the guess lands and whichever guess is used
// (a record start near the middle, else quote parity): same events with the
// same lines, same skip report, or the same error at the same place.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import type { LoadedLog } from '../../src/engine/stages';
import { eventParams, eventUsers } from '../../src/engine/events';
import { loadLog } from '../../src/engine/pipeline';
import { FIRST_SHARE, findSplit, guessSplit } from '../../src/engine/read/parallel';
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

const HEADER = 'TimeGenerated,UserId,ClientIP,Operation,Parameters';
/** The shape guessSplit looks for in these files. */
const SHAPE = { delimiter: ',', fields: 5, time: 0 };

/** An Exchange-like log: quoted JSON params, a third of them over several lines (one with as many commas as a record has). */
function makeCsv(events: number, from = 0): string {
  const lines = from === 0 ? [HEADER] : [];
  for (let i = from; i < from + events; i++) {
    const params =
      i % 3 === 0
        ? `"[\n  {""Name"": ""Members"", ""Value"": ""a,b,c""},\n  {""Name"": ""Identity"", ""Value"": ""box${i % 17}""},\n  {""Name"": ""Force"", ""Value"": ""True""}\n]"`
        : `"[{""Name"":""Identity"",""Value"":""x${i % 5}""}]"`;
    const t = new Date(Date.UTC(2024, 5, 1) + i * 5000).toISOString().replace('.000', '');
    lines.push(`${t},user${i % 9}@contoso.com,10.0.0.${i % 4},Op-${i % 11},${params}`);
  }
  return lines.join('\n') + '\n';
}

/** `special` (whole lines) among generated records, placed where the split is looked for. */
function aroundMiddle(special: string): string {
  const after = makeCsv(1500, 5000);
  for (let k = 1000; ; k += 10) {
    const before = makeCsv(k);
    const size = before.length + special.length + after.length;
    if (before.length + special.length / 2 >= size * FIRST_SHARE) return before + special + after;
  }
}

/** Whether the line before the one starting at `offset` is blank. */
function afterBlankLine(text: string, offset: number): boolean {
  return text.slice(0, offset).endsWith('\n\n');
}

describe('two-halves CSV read with stray quotes near the split', function () {
  before(function () {
    assert.ok(existsSync(WORKER), `${WORKER} missing: run npm run build first`);
  });

  it('the split is guessed at a record start near the middle, reading a few lines instead of half the file', async function () {
    const p = file(makeCsv(3000));
    const info = await inspectSource(p);
    const guess = await guessSplit(p, info, SHAPE);
    const parity = await findSplit(p, info);
    assert.ok(guess && parity);
    // Both guesses name the same record boundary here (no stray quotes); only the parity scan counts lines.
    assert.equal(guess.offset, parity.offset);
    assert.equal(guess.line, undefined);
    const text = readFileSync(p, 'utf8');
    assert.match(text.slice(guess.offset, guess.offset + 25), /^\d{4}-\d\d-\d\dT[\d:]+Z,user/);
    // A shape the records do not have (six fields): no guess, after a bounded look.
    assert.equal(await guessSplit(p, info, { ...SHAPE, fields: 6 }), undefined);
  });

  it('lines that look like records inside a quoted field mislead the guess: the halves are proven wrong and the file is read in one piece', async function () {
    // A quoted field in the middle holds CSV text: two of its lines have a record's shape.
    const inner = Array.from({ length: 30 }, (_, i) => `2024-06-01T00:00:0${i % 10}Z,eve@contoso.com,10.9.9.9,Op-X,none`).join('\n');
    const text = aroundMiddle(`2024-06-09T00:00:00Z,eve@contoso.com,10.9.9.9,Paste,"${inner}"\n`);
    const p = file(text);
    const guess = await guessSplit(p, await inspectSource(p), SHAPE);
    const open = text.indexOf(',"2024-06-01');
    assert.ok(guess && guess.offset > open && guess.offset < text.indexOf('none"', open), `the guess ${guess?.offset} is not inside the quoted field at ${open}`);
    for (const policy of ['skip', 'stop'] as const) {
      const one = await read(p, policy, false);
      const two = await read(p, policy, true);
      // Every record outside the pasted field (its lines after the first are in one value).
      assert.ok('rows' in one && one.rows.length === text.match(/^\d{4}-/gm)!.length - 29, JSON.stringify(one).slice(0, 300));
      assert.deepEqual(two, one);
    }
  });

  it('one stray quote moves the parity split into a quoted field (the guess finding no record near the middle): no event is lost (skip and stop)', async function () {
    // Around the middle a quoted field runs over more lines than the guess looks at, so the parity scan decides.
    // The stray quote is harmless to csv-parse (relax_quotes keeps it as text) but flips the quote parity: the
    // parity split falls inside that field.
    const long = Array.from({ length: 400 }, (_, i) => `  {""Name"": ""Line${i}""}`).join(',\n');
    const base = aroundMiddle(`2024-06-09T00:00:00Z,eve@contoso.com,10.9.9.9,Set-Long,"[\n${long}\n]"\n`);
    const events = base.match(/^\d{4}-/gm)!.length;
    const at = base.indexOf('user', 200) + 2;
    const p = file(base.slice(0, at) + '"' + base.slice(at));
    const info = await inspectSource(p);
    assert.equal(await guessSplit(p, info, SHAPE), undefined);
    const split = await findSplit(p, info);
    assert.match(readFileSync(p, 'utf8').slice(split!.offset, split!.offset + 30), /^ {2}\{""Name"": ""Line\d+""\}/);
    for (const policy of ['skip', 'stop'] as const) {
      const one = await read(p, policy, false);
      const two = await read(p, policy, true);
      assert.ok('rows' in one && 'rows' in two, JSON.stringify([one, two]).slice(0, 300));
      assert.equal(one.rows.length, events);
      assert.equal(two.rows.length, events, `${policy}: the two-halves read lost events`);
      assert.deepEqual(two, one);
    }
  });

  it('a broken record in the first half whose dropped lines run past the split: the two-halves read gives the one-piece result', async function () {
    // A quoted field over 400 lines around the middle (so the parity scan places the split) with a lone quote in
    // its third line: the quote flips the parity, so the split falls inside the field, and the recovery from the
    // broken record drops every line up to the record after the field, past the split.
    const long = Array.from({ length: 400 }, (_, i) => `  {""Name"": ""${i === 2 ? 'Li"ne' : 'Line'}${i}""}`).join(',\n');
    const text = aroundMiddle(`2024-06-09T00:00:00Z,eve@contoso.com,10.9.9.9,Set-Long,"[\n${long}\n]"\n`);
    const p = file(text);
    const info = await inspectSource(p);
    assert.equal(await guessSplit(p, info, SHAPE), undefined);
    const split = (await findSplit(p, info))!;
    const field = text.indexOf('Set-Long');
    assert.ok(split.offset > field && split.offset < text.indexOf(']"', field), 'the parity split is not inside the long field');
    for (const policy of ['skip', 'stop'] as const) {
      const one = await read(p, policy, false);
      const two = await read(p, policy, true);
      assert.deepEqual(two, one, policy);
      if (policy === 'skip') {
        assert.ok('rows' in one, JSON.stringify(one).slice(0, 300));
        assert.ok(one.skipped.first.some((r) => r.lastLine - r.firstLine >= 400), JSON.stringify(one.skipped).slice(0, 300));
      }
    }
  });

  it('the second half counts its lines from the split: events, skipped rows and the stop error carry the file\'s lines, blank lines before the split included', async function () {
    const text = makeCsv(3000);
    const p0 = file(text);
    const mid = (await guessSplit(p0, await inspectSource(p0), SHAPE))!.offset;
    // Blank lines just before the record the guess took: the guess moves past the record they precede.
    const withBlanks = text.slice(0, mid) + '\n\n\n' + text.slice(mid);
    // Bad rows after the split: a time that does not parse and a record one field short.
    const lines = withBlanks.split('\n');
    // Two one-line records near the end (a third of the records run over several lines).
    const starts = lines.flatMap((l, i) => (/^\d{4}-.*\]"$/.test(l) ? [i] : []));
    const [badTime, short] = [starts[starts.length - 40], starts[starts.length - 10]];
    lines[badTime] = lines[badTime].replace(/^[^,]+/, 'not-a-time');
    lines[short] = lines[short].replace(/,"\[.*$/, '');
    const p = file(lines.join('\n'));
    const guess = await guessSplit(p, await inspectSource(p), SHAPE);
    assert.ok(guess && guess.offset > mid && !afterBlankLine(lines.join('\n'), guess.offset), 'the guess follows a blank line');
    for (const policy of ['skip', 'stop'] as const) {
      const one = await read(p, policy, false);
      const two = await read(p, policy, true);
      assert.deepEqual(two, one);
      if (policy === 'skip') {
        assert.ok('rows' in one);
        assert.deepEqual(one.skipped.first.map((r) => r.line), [badTime + 1, short + 1]);
      } else {
        assert.ok('error' in two);
        assert.match(two.error, new RegExp(`:${badTime + 1}:\\d+: unparseable time`));
      }
    }
  });

  for (const [half, where] of [['second', 0.75], ['first', 0.25]] as const) {
    it(`a quote never closed in the ${half} half: reported at the same place, and under skip the same lines dropped, as by the one-piece read`, async function () {
      const text = makeCsv(3000);
      // A user field opened with a quote that never closes, a quarter of the file from either end.
      const at = text.indexOf('\n2024-', Math.floor(text.length * where)) + 1;
      const user = text.indexOf(',', at) + 1;
      const broken = text.slice(0, user) + '"' + text.slice(user);
      const line = broken.slice(0, user).split('\n').length;
      const p = file(broken);
      for (const policy of ['stop', 'skip'] as const) {
        const one = await read(p, policy, false);
        const two = await read(p, policy, true);
        assert.deepEqual(two, one, policy);
        if (policy === 'stop') assert.ok('error' in two && two.error.includes(`:${line}:`) && /never closed/.test(two.error), JSON.stringify(two).slice(0, 300));
        else {
          assert.ok('rows' in two, JSON.stringify(two).slice(0, 300));
          assert.equal(two.skipped.first[0].line, line);
          assert.ok(two.rows.length < 3000);
        }
      }
    });
  }

  it('a CSV with JSON objects in a column: the second half gets the file\'s header row, not the columns detection adds from the cells', async function () {
    // Detection lists AdditionalFields.ip and .n as columns; given as the second half's header they made every record
    // one "with 4 fields, not 6": an error under stop, and under skip a wasted half before the one-piece read.
    const lines = ['TimeGenerated,UserId,Operation,AdditionalFields'];
    for (let i = 0; i < 4000; i++) {
      const t = new Date(Date.UTC(2024, 5, 1) + i * 7000).toISOString().replace('.000', '');
      lines.push(`${t},user${i % 50},Op-${i % 7},"{""ip"":""10.0.0.${i % 9}"",""n"":${i % 13}}"`);
    }
    const p = file(lines.join('\n') + '\n');
    for (const policy of ['stop', 'skip'] as const) {
      const one = await read(p, policy, false);
      const two = await read(p, policy, true);
      assert.ok('rows' in two && two.rows.length === 4000, JSON.stringify(two).slice(0, 300));
      assert.deepEqual(two, one);
    }
  });

  it('every real CSV log under test/fixtures/real reads the same in two halves as in one piece (its detected columns, skip and stop)', async function () {
    this.timeout(120_000);
    const real = path.join(ROOT, 'test', 'fixtures', 'real');
    const files = readdirSync(real).filter((f) => f.endsWith('.csv'));
    assert.ok(files.length >= 8, `only ${files.length} real CSV logs`);
    for (const f of files) {
      for (const policy of ['stop', 'skip'] as const) {
        const one = await read(path.join(real, f), policy, false);
        const two = await read(path.join(real, f), policy, true);
        assert.deepEqual(two, one, `${f} (${policy})`);
      }
    }
  });

  it('property: one or two stray quotes anywhere near the split give the same result in two halves as in one piece (stop and skip)', async function () {
    this.timeout(240_000);
    const text = makeCsv(1500);
    const p0 = file(text);
    const split = await guessSplit(p0, await inspectSource(p0), SHAPE);
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

describe('read progress says whether a second thread reads part of the file', function () {
  this.timeout(60_000);

  async function twoThreadsReported(p: string, parallel: { workerScript?: string; minBytes: number }): Promise<boolean[]> {
    const seen: boolean[] = [];
    await loadLog({ file: p, parallel }, { onProgress: (pr) => pr.stage === 'read' && seen.push(pr.twoThreads === true) });
    assert.ok(seen.length > 0, 'no read progress');
    return seen;
  }

  it('true for a CSV read in two halves; false for one read in one piece, and for JSON Lines', async () => {
    const csv = file(makeCsv(2000));
    assert.ok((await twoThreadsReported(csv, { workerScript: WORKER, minBytes: 0 })).every((t) => t));
    assert.ok((await twoThreadsReported(csv, { workerScript: WORKER, minBytes: Infinity })).every((t) => !t));
    const jsonl = path.join(dir, `${n++}.jsonl`);
    writeFileSync(jsonl, Array.from({ length: 2000 }, (_, i) => JSON.stringify({ time: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(), user: `u${i % 7}`, op: `Op-${i % 5}` })).join('\n') + '\n');
    assert.ok((await twoThreadsReported(jsonl, { workerScript: WORKER, minBytes: 0 })).every((t) => !t));
  });
});
