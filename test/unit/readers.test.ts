// Readers: CSV dialects and encodings, JSON shapes, times, params, and the
// errors bad input must give (what and where).

import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { eventParams, eventUsers } from '../../src/engine/events';
import { paramsFromText, paramsFromValue } from '../../src/engine/params';
import { loadLog } from '../../src/engine/pipeline';
import { inspectLog } from '../../src/engine/read/detect';
import { formatInstant, toInstant } from '../../src/engine/read/time';
import { rejectsWith, tempFiles } from './inputFiles';

const file = tempFiles('sessionscope-readers-');
const dir = file.dir;

const MAP = { users: ['user'], time: 'time', event: 'op', params: 'params' };

describe('times', function () {
  const cases: [string | number, string][] = [
    ['2020-04-18T04:50:30Z', '2020-04-18T04:50:30.000Z'],
    ['2020-04-18T04:50:30', '2020-04-18T04:50:30.000Z'],
    ['2020-04-18 04:50:30.5', '2020-04-18T04:50:30.500Z'],
    ['2020-04-18T06:50:30+02:00', '2020-04-18T04:50:30.000Z'],
    ['2020-04-18T00:50:30-0400', '2020-04-18T04:50:30.000Z'],
    ['2020-04-18T04:50:30.1234567Z', '2020-04-18T04:50:30.1234567Z'],
    ['4/18/2020, 4:50:30.123 AM', '2020-04-18T04:50:30.123Z'],
    ['4/18/2020 4:50:30 PM', '2020-04-18T16:50:30.000Z'],
    ['12/1/2020, 12:05:00.000 AM', '2020-12-01T00:05:00.000Z'],
    [1587185430, '2020-04-18T04:50:30.000Z'],
    ['1587185430123', '2020-04-18T04:50:30.123Z'],
    ['1587185430.25', '2020-04-18T04:50:30.250Z'],
  ];
  for (const [input, expected] of cases) {
    it(`reads ${JSON.stringify(input)}`, function () {
      const t = toInstant(input);
      assert.ok(t, 'parsed');
      assert.equal(formatInstant(t.ms, t.ns), expected);
    });
  }
  it('keeps sub-millisecond order', function () {
    const a = toInstant('2020-01-01T00:00:00.0000001Z')!;
    const b = toInstant('2020-01-01T00:00:00.0000002Z')!;
    assert.equal(a.ms, b.ms);
    assert.ok(a.ns < b.ns);
  });
  for (const bad of ['yesterday', '2020-13-01T00:00:00Z', '2020-02-30 00:00:00', '2020-01-01T25:00:00Z', '13/40/2020 1:00 PM', '2020-01-01T00:00:00+5']) {
    it(`rejects ${JSON.stringify(bad)}`, function () {
      assert.equal(toInstant(bad), undefined);
    });
  }
});

describe('params', function () {
  it('reads Exchange Name/Value arrays, objects, name lists, the Cmd wrapper and command lines', function () {
    assert.deepEqual([...paramsFromText('[{"Name":"Identity","Value":"x"},{"Name":"Force","Value":true}]')], [['Identity', 'x'], ['Force', 'true']]);
    assert.deepEqual([...paramsFromValue({ bucketName: 'b', acl: { grants: 1 } })], [['bucketName', 'b'], ['acl', '{"grants":1}']]);
    assert.deepEqual([...paramsFromText('["Identity","Force"]')], [['Identity', ''], ['Force', '']]);
    assert.deepEqual([...paramsFromText('{"Cmd":[{"Name":"A","Value":"1"}]}')], [['A', '1']]);
    assert.deepEqual([...paramsFromText('powershell.exe -NoProfile -EncodedCommand "SQBFAFgA" /c')], [['-NoProfile', ''], ['-EncodedCommand', 'SQBFAFgA'], ['/c', '']]);
    assert.equal(paramsFromText('   ').size, 0);
  });
});

describe('CSV reading', function () {
  const rows = 'time,user,op,params\n2020-01-01T00:00:00Z,alice,Get-A,"[{""Name"":""X"",""Value"":""1""}]"\n2020-01-01T00:00:10Z,bob,Get-B,\n';

  for (const [name, delim] of [['comma', ','], ['semicolon', ';'], ['tab', '\t'], ['pipe', '|']]) {
    it(`detects the ${name} delimiter`, async function () {
      const log = await loadLog({ file: file('d.csv', rows.replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/g, delim)), mapping: MAP });
      assert.equal(log.events.count, 2);
      assert.deepEqual(eventParams(log.events, 0), [['X', '1']]);
    });
  }

  it('reads UTF-8 with BOM, UTF-16 LE and BE with BOM, CRLF', async function () {
    const text = rows.replace(/\n/g, '\r\n').replace('alice', 'alïce ✓');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    for (const content of [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), le, be]) {
      const log = await loadLog({ file: file('enc.csv', content), mapping: MAP });
      assert.equal(log.events.count, 2);
      assert.deepEqual(eventUsers(log.events, 0), ['alïce ✓']);
      assert.deepEqual([log.events.startLine[1], log.events.endLine[1]], [3, 3]);
    }
  });

  it('keeps the first and last line of records with embedded newlines and quotes', async function () {
    const content = 'time,user,op,params\n2020-01-01T00:00:00Z,a,Set-X,"[\n  {""Name"": ""K"",\n   ""Value"": ""v \\""q\\""""}\n]"\n\n2020-01-01T00:00:01Z,a,Set-Y,\n';
    const log = await loadLog({ file: file('multi.csv', content), mapping: MAP });
    assert.deepEqual([log.events.startLine[0], log.events.endLine[0]], [2, 5]);
    assert.deepEqual([log.events.startLine[1], log.events.endLine[1]], [7, 7]);
    assert.deepEqual(eventParams(log.events, 0), [['K', 'v "q"']]);
  });

  it('treats empty user values as one "missing" value', async function () {
    const log = await loadLog({ file: file('m.csv', 'time,user,op\n2020-01-01T00:00:00Z,,A\n2020-01-01T00:00:01Z,,B\n'), mapping: { users: ['user'], time: 'time', event: 'op' } });
    assert.deepEqual(eventUsers(log.events, 1), [null]);
  });

  it('never modifies the input file', async function () {
    const p = file('ro.csv', rows);
    const before = statSync(p).mtimeMs;
    await loadLog({ file: p, mapping: MAP });
    assert.equal(readFileSync(p, 'utf8'), rows);
    assert.equal(statSync(p).mtimeMs, before);
  });
});

describe('JSON reading', function () {
  const records = [
    { eventTime: '2020-01-01T00:00:00Z', userIdentity: { arn: 'arn:aws:iam::1:user/alice' }, sourceIPAddress: '1.2.3.4', eventName: 'ListBuckets', requestParameters: { bucket: 'b', n: 2 } },
    { eventTime: '2020-01-01T00:00:05Z', userIdentity: { arn: 'arn:aws:iam::1:user/alice' }, sourceIPAddress: '1.2.3.4', eventName: 'GetObject', requestParameters: null },
  ];
  const map = { users: ['userIdentity.arn'], time: 'eventTime', event: 'eventName', params: 'requestParameters' };

  it('reads a CloudTrail {"Records": [...]} document with record line ranges and dotted paths', async function () {
    const p = file('ct.json', JSON.stringify({ Records: records }, null, 2));
    const log = await loadLog({ file: p, mapping: map });
    assert.equal(log.events.count, 2);
    assert.deepEqual(eventUsers(log.events, 0), ['arn:aws:iam::1:user/alice']);
    assert.deepEqual(eventParams(log.events, 0), [['bucket', 'b'], ['n', '2']]);
    const lines = readFileSync(p, 'utf8').split('\n');
    assert.match(lines[log.events.startLine[1] - 1], /\{/);
    assert.match(lines[log.events.endLine[1] - 1], /\}/);
    assert.ok(log.events.endLine[0] < log.events.startLine[1]);
  });

  it('reads a top-level array and a wrapper whose first array is not records', async function () {
    const a = await loadLog({ file: file('arr.json', JSON.stringify(records)), mapping: map });
    assert.equal(a.events.count, 2);
    const w = await loadLog({ file: file('w.json', JSON.stringify({ tags: ['x', 'y'], value: records })), mapping: map });
    assert.equal(w.events.count, 2);
  });

  it('reads JSON Lines (also in a .json file) and auto-detects its columns', async function () {
    for (const name of ['ct.jsonl', 'ct-lines.json']) {
      const p = file(name, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
      const det = await inspectLog(p);
      assert.equal(det.format, 'jsonl');
      assert.equal(det.mapping.time, 'eventTime');
      assert.equal(det.mapping.event, 'eventName');
      // The address joins the user only when the user is missing on some rows (see guess.ts chooseUsers).
      assert.deepEqual(det.mapping.users, ['userIdentity.arn']);
      assert.equal(det.mapping.params, 'requestParameters');
      const log = await loadLog({ file: p });
      assert.deepEqual([log.events.startLine[1], log.events.endLine[1]], [2, 2]);
    }
  });
});

describe('bad input: what and where', function () {
  it('an unclosed quote names the line its record starts on', async function () {
    const p = file('q.csv', 'time,user,op\n2020-01-01T00:00:00Z,a,A\n2020-01-01T00:00:01Z,"b,B\n2020-01-01T00:00:02Z,c,C\n');
    const e = await rejectsWith(loadLog({ file: p, mapping: { users: ['user'], time: 'time', event: 'op' } }), /quoted field is never closed/, 3);
    assert.ok(e.describe().startsWith(`${p}:3`));
  });

  it('a ragged row stops the run, or is skipped and reported', async function () {
    const content = 'time,user,op\n2020-01-01T00:00:00Z,a,A\n2020-01-01T00:00:01Z,b\n2020-01-01T00:00:02Z,c,C\n';
    const map = { users: ['user'], time: 'time', event: 'op' };
    await rejectsWith(loadLog({ file: file('r.csv', content), mapping: map }), /expected 3 fields.*found 2/, 3);
    const log = await loadLog({ file: file('r2.csv', content), mapping: map, read: { onBadRow: 'skip' } });
    assert.equal(log.events.count, 2);
    assert.equal(log.skipped.count, 1);
    assert.equal(log.skipped.first[0].line, 3);
  });

  it('an unparseable time names line, column and field', async function () {
    const p = file('t.csv', 'user,op,time\na,A,2020-01-01T00:00:00Z\nb,B,not a time\n');
    const e = await rejectsWith(loadLog({ file: p, mapping: { users: ['user'], time: 'time', event: 'op' } }), /unparseable time "not a time" in column time/, 3, 3);
    assert.equal(e.location?.field, 'time');
  });

  it('says when records of the head could not be read as JSON: first when most could not, else beside the column not found', async function () {
    // Raw newlines inside strings (an export that did not escape them): only the first record parses.
    const bad = (i: number) => `{"time":"2020-01-01T00:00:0${i}Z","author_name":"a${i}","action":"line one\tand\u0001 two"}`;
    const p = file('u.jsonl', ['{"time":"2020-01-01T00:00:00Z","author_name":"a"}', bad(1), bad(2), bad(3)].join('\n') + '\n');
    // Most of them unreadable: the JSON is what to fix, said first, at the first bad record's line.
    await rejectsWith(loadLog({ file: p }), /^3 of the first 4 records are not valid JSON, so the columns cannot be found: first at line 2: .*\(a raw line break or tab inside a string: was the file wrapped or edited\?\)\. Fix the JSON or export the log again$/, 2);
    // A few unreadable beside readable ones: the column is what is missing, and the note says which fields were never seen.
    const few = file('v.jsonl', ['{"time":"2020-01-01T00:00:00Z","author_name":"a"}', '{"time":"2020-01-01T00:00:01Z","author_name":"b"}', '{"time":"2020-01-01T00:00:02Z","author_name":"c"}', bad(3)].join('\n') + '\n');
    await rejectsWith(loadLog({ file: few }), /could not find the event .*Columns: time, author_name\. 1 of the first 4 records are not valid JSON \(first at line 4: .*\); their fields are not among these/, 1);
    // All readable: no such note.
    const good = file('g.jsonl', '{"time":"2020-01-01T00:00:00Z","author_name":"a"}\n');
    const e = await rejectsWith(loadLog({ file: good }), /could not find the event/, 1);
    assert.doesNotMatch(e.message, /not valid JSON/);
  });

  it('a bad JSON line names line and column', async function () {
    const p = file('b.jsonl', '{"t":"2020-01-01T00:00:00Z","u":"a","e":"A"}\n{"t":"2020-01-01T00:00:01Z","u":"b",,}\n');
    await rejectsWith(loadLog({ file: p, mapping: { users: ['u'], time: 't', event: 'e' } }), /invalid JSON/, 2, 37);
  });

  it('a missing column lists the columns there are', async function () {
    await rejectsWith(loadLog({ file: file('c.csv', 'time,user,op\n2020-01-01T00:00:00Z,a,A\n'), mapping: { users: ['UserId'], time: 'time', event: 'op' } }), /user column "UserId" is not in the header; columns are "time", "user", "op"/, 1);
  });

  it('empty, blank and header-only files', async function () {
    await rejectsWith(loadLog({ file: file('e.csv', '') }), /empty/, 1);
    await rejectsWith(loadLog({ file: file('e2.csv', '\n\n  \n') }), /blank/, 1);
    await rejectsWith(loadLog({ file: file('h.csv', 'time,user,op\n'), mapping: { users: ['user'], time: 'time', event: 'op' } }), /header row but no data rows/, 2);
  });

  it('invalid JSON params in a CSV cell name the params column', async function () {
    const p = file('p.csv', 'time,user,op,params\n2020-01-01T00:00:00Z,a,A,"[{""Name"": }"\n');
    await rejectsWith(loadLog({ file: p, mapping: MAP }), /params are not valid JSON.*column params/, 2, 4);
  });

  it('a truncated JSON document is reported, not silently cut', async function () {
    const p = file('trunc.json', '[{"t":"2020-01-01T00:00:00Z","u":"a","e":"A"},\n{"t":"2020-01-01T00:00:01Z","u":"b"');
    await rejectsWith(loadLog({ file: p, mapping: { users: ['u'], time: 't', event: 'e' } }), /ends before its records array is closed/, 2);
  });

  it('a file that does not exist', async function () {
    await rejectsWith(loadLog({ file: path.join(dir, 'nope.csv') }), /cannot open the file \(ENOENT\)/);
  });

  it('all rows bad under skip gives a clear "no usable events"', async function () {
    const p = file('allbad.csv', 'time,user,op\nx,a,A\ny,b,B\n');
    await rejectsWith(loadLog({ file: p, mapping: { users: ['user'], time: 'time', event: 'op' }, read: { onBadRow: 'skip' } }), /no usable events: all 2 rows were skipped/, 2);
    // One row is one row, not "all 1 rows".
    const one = file('onebad.csv', 'time,user,op\nx,a,A\n');
    await rejectsWith(loadLog({ file: one, mapping: { users: ['user'], time: 'time', event: 'op' }, read: { onBadRow: 'skip' } }), /no usable events: the one row was skipped \(first: line 2: unparseable time/, 2);
  });
});
