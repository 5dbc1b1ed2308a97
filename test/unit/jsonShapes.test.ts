// JSON shapes and the inputs real logs come in: wrapper objects, positions in
// one-line documents, deep nesting, inherited property names, gzip, JSON text
// in cells, records holding several events.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { eventParams, eventRange, eventUsers } from '../../src/engine/events';
import { paramsFromText, paramsFromValue } from '../../src/engine/params';
import { loadLog, scoreLog } from '../../src/engine/pipeline';
import { inspectLog } from '../../src/engine/read/detect';
import { getPath } from '../../src/engine/read/json';
import { JsonDocumentScanner } from '../../src/engine/read/jsonScan';
import { createSessionCol, rankedReports, toCsv } from '../../src/present/report';
import { sessionize } from '../../src/engine/sessionize';
import { DEFAULT_SESSIONIZE } from '../../src/engine/types';
import { rejectsWith, tempFiles } from './inputFiles';

const file = tempFiles('sessionscope-shapes-');
const dir = file.dir;

const records = [
  { eventTime: '2020-01-01T00:00:00Z', userIdentity: { arn: 'arn:aws:iam::1:user/alice' }, sourceIPAddress: '1.2.3.4', eventName: 'ListBuckets', requestParameters: { bucket: 'b' } },
  { eventTime: '2020-01-01T00:00:05Z', userIdentity: { arn: 'arn:aws:iam::1:user/alice' }, sourceIPAddress: '1.2.3.4', eventName: 'GetObject', requestParameters: { key: 'k' } },
  { eventTime: '2020-01-01T00:00:09Z', userIdentity: { arn: 'arn:aws:iam::1:user/bob' }, sourceIPAddress: '1.2.3.5', eventName: 'PutObject', requestParameters: null },
];
const CT = { users: ['userIdentity.arn'], time: 'eventTime', event: 'eventName', params: 'requestParameters' };

describe('JSON document shapes (one scanner for detection and reading)', function () {
  it('skips an empty array before the records: {"warnings":[],"Records":[...]}', async function () {
    const p = file('warn.json', JSON.stringify({ warnings: [], Records: records }, null, 1));
    const det = await inspectLog(p);
    assert.equal(det.format, 'json');
    assert.equal(det.mapping.event, 'eventName');
    const log = await loadLog({ file: p });
    assert.equal(log.events.count, 3);
  });

  it('skips arrays of strings and numbers and finds records nested in objects', async function () {
    const p = file('nest.json', JSON.stringify({ tags: ['a', 'b'], counts: [1, 2], meta: { n: 1 }, data: { items: records } }));
    const det = await inspectLog(p);
    assert.ok(det.columns.includes('userIdentity.arn'), det.columns.join());
    const log = await loadLog({ file: p, mapping: CT });
    assert.equal(log.events.count, 3);
  });

  it('detection and reading take the same array (not an earlier nested one)', async function () {
    const doc = { meta: [{ kind: 'page', eventTime: 'x' }], Records: records };
    // The first array of objects reached through objects is the records array for both.
    const p = file('same.json', JSON.stringify(doc));
    const det = await inspectLog(p);
    assert.ok(det.columns.includes('kind'));
    const seen: string[] = [];
    const s = new JsonDocumentScanner(p, (e) => seen.push(e.text));
    s.write(JSON.stringify(doc));
    assert.equal(s.path, 'meta');
    assert.equal(seen.length, 1);
  });

  it('finds every record, its text and its exact position, however the document is cut into chunks (property)', function () {
    const record = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 3 }), fc.constantFrom(0, 1, '\t'), fc.integer({ min: 1, max: 50 }), (recs, shape, indent, chunk) => {
        const doc = [recs, { warnings: [], tags: ['[{'], Records: recs }, { s: '{[', data: { x: [[1]], items: recs }, after: [{ z: 1 }] }, { value: recs }][shape];
        const text = JSON.stringify(doc, null, indent);
        const got: { text: string; start: { line: number; column: number }; end: { line: number; column: number } }[] = [];
        const scanner = new JsonDocumentScanner('f', (e) => got.push(e));
        for (let i = 0; i < text.length; i += chunk) scanner.write(text.slice(i, i + chunk));
        const lines = text.split('\n');
        const at = (e: (typeof got)[number]) =>
          e.start.line === e.end.line
            ? lines[e.start.line - 1].slice(e.start.column - 1, e.end.column)
            : [lines[e.start.line - 1].slice(e.start.column - 1), ...lines.slice(e.start.line, e.end.line - 1), lines[e.end.line - 1].slice(0, e.end.column)].join('\n');
        assert.ok(scanner.done);
        assert.equal(got.length, recs.length);
        got.forEach((e, k) => {
          assert.deepEqual(JSON.parse(e.text), JSON.parse(JSON.stringify(recs[k])));
          assert.equal(at(e), e.text);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('counts lines inside strings and escapes across chunk ends', function () {
    const text = '[{"a":"x\ny"},\n{"b":"\\\\"},\n {"c":"q\\"\n"}]';
    for (const chunk of [1, 2, 3, 7, 100]) {
      const got: number[][] = [];
      const scanner = new JsonDocumentScanner('f', (e) => got.push([e.start.line, e.start.column, e.end.line, e.end.column]));
      for (let i = 0; i < text.length; i += chunk) scanner.write(text.slice(i, i + chunk));
      assert.deepEqual(got, [[1, 2, 2, 3], [3, 1, 3, 10], [4, 2, 5, 2]], `chunks of ${chunk}`);
    }
  });

  it('a top-level scalar is reported where it stands', async function () {
    await rejectsWith(loadLog({ file: file('scalar.json', '\n\n   42\n') }), /JSON document is a number, not an array or object/, 3, 4);
    await rejectsWith(loadLog({ file: file('str.json', '\n"hello"') }), /JSON document is a string/, 2, 1);
    await rejectsWith(loadLog({ file: file('scalar2.json', '\n\n   true\n'), mapping: CT, read: { format: 'json' } }), /a boolean/, 3, 4);
  });

  it('an array of arrays (rows of bare values) is refused, saying what it is and what to write instead', async function () {
    const header = ['TimeGenerated', 'UserId', 'Operation'];
    const rows = [header, ...records.map((r) => [r.eventTime, r.userIdentity.arn, r.eventName])];
    await rejectsWith(inspectLog(file('aoa.json', JSON.stringify(rows))), /no JSON records found at the start of the file: it is an array of arrays \(rows of bare values, the first starting "TimeGenerated"\); Sessionscope reads records with named fields[^]*orient="records"/, 1);
    await rejectsWith(inspectLog(file('aoa-numbers.json', '[\n [1, 2],\n [3, 4]\n]')), /it is an array of arrays \(rows of bare values\); Sessionscope reads/, 1);
  });

  it('a null element holds no record: passed over, and said in a note with its line', async function () {
    const p = file('nulls.json', `[${JSON.stringify(records[0])},\n  null,\n${JSON.stringify(records[1])},\nnull]`);
    const log = await loadLog({ file: p, mapping: CT });
    assert.equal(log.events.count, 2);
    assert.equal(log.skipped.count, 0);
    assert.ok(log.doubts.some((d) => d.note && d.role === 'rows' && d.text === '2 records are JSON null (the first on line 2): passed over, as holding no event'), JSON.stringify(log.doubts));
    await rejectsWith(loadLog({ file: file('allnull.json', '[null, null]'), mapping: CT }), /no JSON records found/, 1);
  });

  it('an element that is not an object is a located bad row', async function () {
    const p = file('mixed.json', `[${JSON.stringify(records[0])},\n  42,\n${JSON.stringify(records[1])}]`);
    await rejectsWith(loadLog({ file: p, mapping: CT }), /record is a number, not a JSON object/, 2, 3);
    const log = await loadLog({ file: p, mapping: CT, read: { onBadRow: 'skip' } });
    assert.equal(log.events.count, 2);
    assert.deepEqual(log.skipped.first[0], { line: 2, column: 3, reason: 'the record is a number, not a JSON object', firstLine: 2, lastLine: 2 });
  });
});

describe('long JSON lines', function () {
  it('a line of several MB between others (many read chunks, CRLF) is one record at its line, the others at theirs', async function () {
    const map = { users: ['u'], time: 't', event: 'e', params: 'p' };
    const value = 'QUFB'.repeat(1_000_000);
    const lines = [
      JSON.stringify({ t: '2020-01-01T00:00:00Z', u: 'a', e: 'A' }),
      JSON.stringify({ t: '2020-01-01T00:00:01Z', u: 'b', e: 'B', p: { script: value } }),
      JSON.stringify({ t: '2020-01-01T00:00:02Z', u: 'a', e: 'C' }),
    ];
    const log = await loadLog({ file: file('long.jsonl', lines.join('\r\n') + '\r\n'), mapping: map });
    assert.equal(log.events.count, 3);
    assert.deepEqual([0, 1, 2].map((i) => eventRange(log.events, i)[0]), [1, 2, 3]);
    assert.deepEqual([...eventParams(log.events, 1)], [['script', value]]);
  });
});

describe('deep nesting', function () {
  const deep = (d: number) => '{"a":'.repeat(d) + '1' + '}'.repeat(d);

  it('a deep JSON Lines record is a located bad row, never a stack overflow', async function () {
    const ok = JSON.stringify({ t: '2020-01-01T00:00:00Z', u: 'a', e: 'A' });
    const bad = `{"t":"2020-01-01T00:00:01Z","u":"b","e":"B","p":${deep(200_000)}}`;
    const map = { users: ['u'], time: 't', event: 'e', params: 'p' };
    const p = file('deep.jsonl', `${ok}\n${bad}\n${ok}\n`);
    await rejectsWith(loadLog({ file: p, mapping: map }), /nests 200001 levels deep; at most 1000/, 2);
    const log = await loadLog({ file: p, mapping: map, read: { onBadRow: 'skip' } });
    assert.equal(log.events.count, 2);
  });

  it('deep JSON text in a CSV params cell is a located bad row', async function () {
    const cell = `[{"Name":"X","Value":${'['.repeat(100_000)}${']'.repeat(100_000)}}]`;
    const p = file('deep.csv', `time,user,op,params\n2020-01-01T00:00:00Z,a,A,\n2020-01-01T00:00:01Z,b,B,"${cell.replace(/"/g, '""')}"\n`);
    await rejectsWith(loadLog({ file: p, mapping: { users: ['user'], time: 'time', event: 'op', params: 'params' } }), /params nest too deeply to read in column params/, 3, 4);
  });

  it('a deep record in a document, and a file of only deep records at detection', async function () {
    const ok = JSON.stringify({ t: '2020-01-01T00:00:00Z', u: 'a', e: 'A' });
    const p = file('deep.json', `[${ok},\n${deep(100_000)}]`);
    await rejectsWith(loadLog({ file: p, mapping: { users: ['u'], time: 't', event: 'e' } }), /nests 100000 levels deep/, 2, 5001);
    const only = file('only-deep.jsonl', `\n${deep(50_000)}\n`);
    await rejectsWith(inspectLog(only), /nests 50000 levels deep/, 2, 5001);
    await rejectsWith(loadLog({ file: file('arr-deep.json', '['.repeat(300_000)) }), /nests|no JSON records/);
  });
});

describe('inherited property names are data', function () {
  const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

  it('CSV: such column names and values are read, sampled and survive a structured clone', async function () {
    const header = ['time', ...names].join(',');
    const rows = ['2020-01-01T00:00:00Z,constructor,__proto__,hasOwnProperty,toString', '2020-01-01T00:00:05Z,toString,hasOwnProperty,__proto__,constructor'];
    const p = file('proto.csv', [header, ...rows].join('\n') + '\n');
    const det = structuredClone(await inspectLog(p));
    assert.deepEqual(det.columns, ['time', ...names]);
    for (const c of names) assert.ok(Object.hasOwn(det.samples, c) && Array.isArray(det.samples[c]), `samples of ${c}`);
    assert.deepEqual(det.samples['__proto__'], ['constructor', 'toString']);
    const log = await loadLog({ file: p, mapping: { users: ['__proto__'], time: 'time', event: 'constructor', params: 'toString' } });
    assert.deepEqual(
      Array.from({ length: 2 }, (_, i) => log.events.commandNames[log.events.commandIds[i]]),
      ['__proto__', 'hasOwnProperty'],
    );
    assert.deepEqual(eventUsers(log.events, 1), ['toString']);
    const rowsOut = createSessionCol(log, sessionize(log.events, DEFAULT_SESSIONIZE));
    assert.match((await toCsv(rowsOut)).split('\n')[0], /^__proto__,time,constructor,toString,line,session_ind$/);
  });

  it('JSON: a missing constructor/toString field is missing, not Object.prototype\'s', async function () {
    assert.equal(getPath({}, 'constructor'), undefined);
    assert.equal(getPath({ a: {} }, 'a.toString'), undefined);
    assert.equal(getPath(JSON.parse('{"__proto__": {"x": 1}}'), '__proto__.x'), 1);
    const text = [
      '{"time":"2020-01-01T00:00:00Z","user":"a","constructor":"Set-A","p":{"__proto__":"x","hasOwnProperty":"y"}}',
      '{"time":"2020-01-01T00:00:01Z","user":"a","p":{}}',
    ].join('\n');
    const p = file('proto.jsonl', text + '\n');
    const map = { users: ['user'], time: 'time', event: 'constructor', params: 'p' };
    await rejectsWith(loadLog({ file: p, mapping: map }), /no event: the record has no "constructor" field; its fields are "time", "user", "p"/, 2);
    const log = await loadLog({ file: p, mapping: map, read: { onBadRow: 'skip' } });
    assert.deepEqual(log.events.commandNames, ['Set-A']);
    assert.deepEqual(eventParams(log.events, 0), [['__proto__', 'x'], ['hasOwnProperty', 'y']]);
    await rejectsWith(loadLog({ file: p, mapping: { ...map, event: 'toString' } }), /no event: the record has no "toString" field \(nor has any record before it\); its fields are "time", "user", "constructor"/, 1);
  });

  it('params: Name/Value items without a Name, and names like constructor', function () {
    assert.deepEqual([...paramsFromValue([{ Value: 'v' }, { Name: 'constructor', Value: 'c' }])], [['constructor', 'c']]);
    assert.deepEqual([...paramsFromText('{"toString": "1", "__proto__": "2"}')], [['toString', '1'], ['__proto__', '2']]);
    // Google Workspace parameters: lower-case name, the value under its type.
    assert.deepEqual([...paramsFromValue([{ name: 'USER_EMAIL', value: 'a@x' }, { name: 'IS_ADMIN', boolValue: true }, { name: 'GROUPS', multiValue: ['g1', 'g2'] }])], [
      ['USER_EMAIL', 'a@x'],
      ['IS_ADMIN', 'true'],
      ['GROUPS', '["g1","g2"]'],
    ]);
  });
});

describe('KQL params wrappers', function () {
  it('reads {"<command>": params} (pack(Operation, Parameters)) and {"Cmd": params}', function () {
    const nv = [{ Name: 'Identity', Value: 'x' }];
    assert.deepEqual([...paramsFromValue({ 'Set-Mailbox': nv }, 'Set-Mailbox')], [['Identity', 'x']]);
    assert.deepEqual([...paramsFromValue({ 'Set-Mailbox': JSON.stringify(nv) }, 'Set-Mailbox')], [['Identity', 'x']]);
    assert.deepEqual([...paramsFromValue({ Cmd: nv }, 'Set-Mailbox')], [['Identity', 'x']]);
    // Without the command, or for another command, a one-key object is a param named by its key.
    assert.deepEqual([...paramsFromValue({ 'Set-Mailbox': 'x' }, 'Set-Mailbox')], [['Set-Mailbox', 'x']]);
    assert.deepEqual([...paramsFromValue({ bucketName: 'b' }, 'GetObject')], [['bucketName', 'b']]);
  });

  it('pre-sessionized rows with per-command wrappers give each command its own params', async function () {
    const params = [{ 'Set-Mailbox': '[{"Name":"Identity","Value":"x"},{"Name":"Force","Value":"True"}]' }, { 'Get-Mailbox': [] }];
    const row = ['alice', '2020-01-01T00:00:00Z', JSON.stringify(['Set-Mailbox', 'Get-Mailbox']), JSON.stringify(params)];
    const p = file('pre.csv', 'UserId,begin,cmds,params\n' + row.map((c) => `"${c.replace(/"/g, '""')}"`).join(',') + '\n');
    const log = await loadLog({ file: p });
    assert.ok(log.sessionsFromFile);
    assert.deepEqual(eventParams(log.events, 0), [['Identity', 'x'], ['Force', 'True']]);
    assert.deepEqual(eventParams(log.events, 1), []);
  });
});

describe('positions in one-line JSON documents', function () {
  it('keeps each record\'s line and columns; reports and reveal ranges carry them', async function () {
    const text = JSON.stringify({ Records: records });
    const p = file('oneline.json', text);
    const log = await loadLog({ file: p, mapping: CT });
    assert.equal(log.events.count, 3);
    for (let i = 0; i < 3; i++) {
      const [sl, sc, el, ec] = eventRange(log.events, i);
      assert.deepEqual([sl, el], [1, 1]);
      assert.deepEqual(JSON.parse(text.slice(sc - 1, ec)), records[i], `record ${i} by its columns`);
    }
    const scored = scoreLog(log, {}, { sessionType: 'cmds_only' });
    const reports = rankedReports(scored);
    const all = reports.flatMap((r) => r.columns ?? []);
    assert.equal(all.length, 3);
    assert.equal(new Set(all.map((c) => c[0])).size, 3, 'distinct start columns');
  });

  it('multi-line documents keep columns too; JSON Lines and CSV have none (whole lines)', async function () {
    const p = file('pretty.json', '{"Records": [\n  ' + records.map((r) => JSON.stringify(r)).join(',\n  ') + '\n]}\n');
    const log = await loadLog({ file: p, mapping: CT });
    assert.deepEqual(eventRange(log.events, 1), [3, 3, 3, 2 + JSON.stringify(records[1]).length]);
    const lines = await loadLog({ file: file('l.jsonl', records.map((r) => JSON.stringify(r)).join('\n')), mapping: CT });
    assert.equal(lines.events.startColumn, undefined);
    assert.deepEqual(eventRange(lines.events, 2), [3, 0, 3, 0]);
  });
});

describe('gzip and binary input', function () {
  const jsonl = records.map((r) => JSON.stringify(r)).join('\n') + '\n';

  it('reads .json.gz, .jsonl.gz and .csv.gz through gunzip (detection too)', async function () {
    const doc = await loadLog({ file: file('ct.json.gz', gzipSync(JSON.stringify({ Records: records }))) });
    assert.equal(doc.format, 'json');
    assert.equal(doc.events.count, 3);
    assert.deepEqual(doc.mapping.users[0], 'userIdentity.arn');
    const lines = await loadLog({ file: file('ct.jsonl.gz', gzipSync(jsonl)) });
    assert.equal(lines.format, 'jsonl');
    assert.deepEqual([lines.events.startLine[2], lines.events.endLine[2]], [3, 3]);
    const csvText = 'time,user,op\n' + Array.from({ length: 2000 }, (_, i) => `2020-01-01T00:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z,u${i % 7},Op${i % 5}`).join('\n') + '\n';
    const csv = await loadLog({ file: file('big.csv.gz', gzipSync(csvText)), mapping: { users: ['user'], time: 'time', event: 'op' }, parallel: { minBytes: 0 } });
    assert.equal(csv.events.count, 2000);
    assert.equal(csv.events.startLine[1999], 2001);
  });

  it('a UTF-16 file inside gzip, and a gzip file with any name', async function () {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(jsonl.replace('alice', 'alïce'), 'utf16le')]);
    const log = await loadLog({ file: file('utf16.jsonl.gz', gzipSync(le)) });
    assert.deepEqual(eventUsers(log.events, 0)[0], 'arn:aws:iam::1:user/alïce');
    const renamed = await loadLog({ file: file('export.jsonl', gzipSync(jsonl)) });
    assert.equal(renamed.events.count, 3);
  });

  it('UTF-16 without a byte-order mark is read, not taken for binary', async function () {
    const le = await loadLog({ file: file('nobom-le.jsonl', Buffer.from(jsonl, 'utf16le')) });
    assert.equal(le.events.count, 3);
    const be = Buffer.from('time,user,op\n2020-01-01T00:00:00Z,a,A\n', 'utf16le').swap16();
    const log = await loadLog({ file: file('nobom-be.csv', be), mapping: { users: ['user'], time: 'time', event: 'op' } });
    assert.equal(log.events.count, 1);
  });

  it('a truncated gzip file and binary files are named as such', async function () {
    const gz = gzipSync(jsonl.repeat(200));
    await rejectsWith(loadLog({ file: file('cut.jsonl.gz', gz.subarray(0, gz.length - 20)) }), /gzip data is corrupt or truncated/);
    const e = await rejectsWith(loadLog({ file: file('blob.csv', Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10, 0x41, 0x00])) }), /^not a text log: the file is binary data/);
    assert.ok(![...e.message].some((ch) => ch.charCodeAt(0) < 32), 'no raw bytes in the message');
    await rejectsWith(loadLog({ file: file('logs.zip', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(40, 0)])) }), /not a text log: the file is a zip archive[^]*CEF and LEEF lines and Windows event XML[^]*; extract the log from it first$/);
  });

  it('binary Windows event logs and journald files are named, with the export that makes them readable', async function () {
    // An EVTX file's header: "ElfFile\0", then chunk counts and the header's size (128), as Windows writes it.
    const evtx = Buffer.alloc(4096, 0);
    evtx.write('ElfFile\0', 0, 'latin1');
    evtx.writeUInt32LE(128, 32);
    const e = await rejectsWith(loadLog({ file: file('Security.evtx', evtx) }), /^not a text log: the file is a Windows event log \(EVTX, binary\); Sessionscope reads CSV, JSON, JSON Lines, key=value lines, CEF and LEEF lines and Windows event XML[^]*; export its events as XML and score that file: wevtutil qe FILE\.evtx \/lf:true \/f:xml \/e:Events > events\.xml/);
    assert.equal(e.location?.file?.endsWith('Security.evtx'), true);
    const journal = Buffer.concat([Buffer.from('LPKSHHRH', 'latin1'), Buffer.alloc(256, 0)]);
    await rejectsWith(loadLog({ file: file('system.journal', journal) }), /the file is a systemd journal file \(binary\)[^]*journalctl --file FILE -o json > journal\.jsonl$/);
  });
});

describe('JSON text in cells', function () {
  const initiated = (upn: string) => JSON.stringify({ user: { userPrincipalName: upn, id: '1' } });

  it('CSV: a dotted path goes into a column holding JSON text; detection lists the inner paths', async function () {
    const cell = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const rows = [
      ['2020-01-01T00:00:00Z', 'Add user', initiated('alice@x'), '{"a": 1}'],
      ['2020-01-01T00:00:30Z', 'Delete user', initiated('alice@x'), ''],
      ['2020-01-01T00:01:00Z', 'Add user', initiated('bob@x'), '{"a": 2}'],
    ];
    const p = file('aad.csv', 'TimeGenerated,OperationName,InitiatedBy,AdditionalDetails\n' + rows.map((r) => r.map(cell).join(',')).join('\n') + '\n');
    const det = await inspectLog(p);
    assert.ok(det.columns.includes('InitiatedBy.user.userPrincipalName'), det.columns.join());
    assert.ok(det.columns.includes('AdditionalDetails.a'));
    assert.deepEqual(det.samples['InitiatedBy.user.userPrincipalName'], ['alice@x', 'bob@x']);
    const log = await loadLog({ file: p, mapping: { users: ['InitiatedBy.user.userPrincipalName'], time: 'TimeGenerated', event: 'OperationName' } });
    assert.deepEqual([0, 1, 2].map((i) => eventUsers(log.events, i)[0]), ['alice@x', 'alice@x', 'bob@x']);
    await rejectsWith(loadLog({ file: p, mapping: { users: ['Nope.user'], time: 'TimeGenerated', event: 'OperationName' } }), /user column "Nope.user" is not in the header/, 1);
  });

  it('JSON: a dotted path goes into a field holding JSON text', async function () {
    const recs = [
      { TimeGenerated: '2020-01-01T00:00:00Z', OperationName: 'Add user', InitiatedBy: initiated('alice@x') },
      { TimeGenerated: '2020-01-01T00:00:10Z', OperationName: 'Add user', InitiatedBy: initiated('carol@x') },
    ];
    const p = file('aad.json', JSON.stringify(recs));
    const det = await inspectLog(p);
    assert.ok(det.columns.includes('InitiatedBy.user.userPrincipalName'));
    const log = await loadLog({ file: p, mapping: { users: ['InitiatedBy.user.userPrincipalName'], time: 'TimeGenerated', event: 'OperationName' } });
    assert.deepEqual(eventUsers(log.events, 1), ['carol@x']);
  });

  it('JSON: a column no record has is an error naming it and the fields seen, under either policy', async function () {
    const p = file('cols.jsonl', records.map((r) => JSON.stringify(r)).join('\n'));
    await rejectsWith(loadLog({ file: p, mapping: { ...CT, users: ['userIdentity.name'] } }), /user column "userIdentity.name" is not in any record; fields seen are "eventTime", "userIdentity", "userIdentity.arn"/, 1);
    await rejectsWith(loadLog({ file: p, mapping: { ...CT, event: 'EventName' }, read: { onBadRow: 'skip' } }), /event column "EventName" is not in any record/);
  });
});

describe('records holding several events (explode)', function () {
  const activity = (i: number, email: string, events: { type: string; name: string; parameters?: { name: string; value: string }[] }[]) => ({
    kind: 'admin#reports#activity',
    id: { time: `2024-05-01T08:00:${String(i * 10).padStart(2, '0')}Z`, applicationName: 'admin' },
    actor: { email },
    events,
  });
  const acts = [
    activity(0, 'a@x', [{ type: 'USER_SETTINGS', name: 'CREATE_USER', parameters: [{ name: 'USER_EMAIL', value: 'n@x' }] }, { type: 'USER_SETTINGS', name: 'GRANT_ADMIN_PRIVILEGE' }]),
    activity(1, 'a@x', [{ type: 'LOGIN', name: 'login_success' }]),
    activity(2, 'b@x', [{ type: 'LOGIN', name: 'login_failure' }, { type: 'LOGIN', name: 'login_failure' }, { type: 'LOGIN', name: 'login_success' }]),
  ];
  const map = { users: ['actor.email'], time: 'id.time', event: 'events.name', params: 'events.parameters' };

  it('is detected when one array field holds objects with a name/type; each event keeps its record\'s position', async function () {
    const p = file('gws.json', JSON.stringify({ kind: 'admin#reports#activities', items: acts }, null, 2));
    const det = await inspectLog(p);
    assert.equal(det.explode, 'events');
    assert.ok(det.columns.includes('events.name') && det.columns.includes('events.parameters'), det.columns.join());
    assert.equal(det.mapping.event, 'events.name');
    const log = await loadLog({ file: p, mapping: map });
    assert.equal(log.explode, 'events');
    assert.equal(log.events.count, 6);
    assert.deepEqual(Array.from({ length: 6 }, (_, i) => log.events.commandNames[log.events.commandIds[i]]), ['CREATE_USER', 'GRANT_ADMIN_PRIVILEGE', 'login_success', 'login_failure', 'login_failure', 'login_success']);
    assert.deepEqual(eventParams(log.events, 0), [['USER_EMAIL', 'n@x']]);
    assert.deepEqual(eventUsers(log.events, 5), ['b@x']);
    assert.deepEqual(eventRange(log.events, 0), eventRange(log.events, 1), 'two events of one record stand together');
    const lines = readFileSync(p, 'utf8').split('\n');
    assert.match(lines[log.events.startLine[3] - 1], /^ {4}\{$/);
  });

  it('is not detected where records name their own event (CloudTrail resources: [{type, ARN}])', async function () {
    const ct = records.map((r) => ({ ...r, resources: [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::b/k' }, { type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::b' }] }));
    const det = await inspectLog(file('ct-res.jsonl', ct.map((r) => JSON.stringify(r)).join('\n')));
    assert.equal(det.explode, undefined);
    assert.equal(det.mapping.event, 'eventName');
    const log = await loadLog({ file: file('ct-res2.jsonl', ct.map((r) => JSON.stringify(r)).join('\n')) });
    assert.equal(log.events.count, 3);
  });

  it('as a read option on JSON Lines; off with \'\'', async function () {
    const p = file('gws.jsonl', acts.map((a) => JSON.stringify(a)).join('\n') + '\n');
    const log = await loadLog({ file: p, mapping: map, read: { explode: 'events' } });
    assert.equal(log.events.count, 6);
    assert.deepEqual([log.events.startLine[5], log.events.startLine[3]], [3, 3]);
    await rejectsWith(loadLog({ file: p, mapping: map, read: { explode: '' } }), /no event: the record has no "events.name" field/, 1);
  });

  it('is refused on CSV input', async function () {
    await rejectsWith(loadLog({ file: file('x.csv', 'time,user,op\n2020-01-01T00:00:00Z,a,A\n'), read: { explode: 'events' } }), /applies to JSON input; this file is read as CSV/);
  });

  it('a record without events is a bad row', async function () {
    const p = file('gws-empty.jsonl', [acts[0], { ...acts[1], events: [] }].map((a) => JSON.stringify(a)).join('\n') + '\n');
    await rejectsWith(loadLog({ file: p, mapping: map, read: { explode: 'events' } }), /holds no events in events/, 2);
  });
});

describe('CLI: gzip, one-line documents and --explode', function () {
  const ROOT = path.resolve(__dirname, '../../..');
  const CLI = path.join(ROOT, 'dist', 'cli.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: dir });

  before(function () {
    assert.ok(existsSync(CLI), `${CLI} missing: run npm run build first`);
  });

  it('scores a one-line CloudTrail .json.gz; JSON output gives each event\'s columns beside its line', function () {
    const text = JSON.stringify({ Records: records });
    const p = file('ct-oneline.json.gz', gzipSync(text));
    const out = path.join(dir, 'ct.json');
    const r = run('score', p, '--format', 'json', '--out', out, '--type', 'cmds_only');
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(readFileSync(out, 'utf8')) as { sessions: { lines: number[]; columns?: [number, number][]; commands: string[] }[] };
    const events = j.sessions.flatMap((s) => s.commands.map((c, i) => ({ c, line: s.lines[i], cols: s.columns![i] })));
    assert.equal(events.length, 3);
    for (const e of events) {
      assert.equal(e.line, 1);
      const rec = JSON.parse(text.slice(e.cols[0] - 1, e.cols[1])) as { eventName: string };
      assert.equal(rec.eventName, e.c);
    }
  });

  it('--explode events reads each element as an event; --explode \'\' turns detection off', function () {
    const acts = [0, 1].map((i) => ({ id: { time: `2024-05-01T08:00:0${i}Z` }, actor: { email: 'a@x' }, events: [{ type: 'LOGIN', name: 'login_success' }, { type: 'LOGIN', name: 'logout' }] }));
    const p = file('gws-cli.jsonl', acts.map((a) => JSON.stringify(a)).join('\n') + '\n');
    const map = ['--users', 'actor.email', '--time', 'id.time', '--event', 'events.name', '--params', ''];
    const r = run('score', p, ...map, '--explode', 'events', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { settings: { explode?: string; events: number } };
    assert.deepEqual([j.settings.explode, j.settings.events], ['events', 4]);
    const off = run('score', p, ...map, '--explode', '');
    assert.equal(off.status, 1);
    assert.match(off.stderr, /no event: the record has no "events.name" field/);
  });
});
