// Query results in columns-and-rows form (Log Analytics' REST response,
// Kusto's v1): each row of the table read is a record keyed by the column
// names, standing on the lines of its row.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { eventParams, eventUsers } from '../../src/engine/events';
import { loadLog, scoreLog } from '../../src/engine/pipeline';
import { inspectLog } from '../../src/engine/read/detect';
import { TableScanner } from '../../src/engine/read/jsonTables';
import { BadRowError } from '../../src/engine/types';
import { rejectsWith, tempFiles } from './inputFiles';

const file = tempFiles('sessionscope-columnar-');

const COLUMNS = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'UserPrincipalName', type: 'string' },
  { name: 'OperationName', type: 'string' },
  { name: 'Parameters', type: 'dynamic' },
];
const OPS = ['Add user', 'Update user', 'Delete user', 'Reset password'];

/** Rows as Log Analytics gives them: dynamic cells as JSON text. */
function rows(n = 12): unknown[][] {
  return Array.from({ length: n }, (_, i) => [
    `2024-03-01T10:${String(i).padStart(2, '0')}:00Z`,
    `u${i % 2}@contoso.com`,
    OPS[i % 4],
    JSON.stringify({ target: `t${i % 3}`, ip: `10.0.0.${i % 2}` }),
  ]);
}

function restResponse(rs = rows(), extra: object[] = []): object {
  return { tables: [{ name: 'PrimaryResult', columns: COLUMNS, rows: rs }, ...extra] };
}

/** Kusto v1: Tables / TableName / Columns with ColumnName / Rows; dynamic cells as JSON values. */
function kustoV1(rs = rows()): object {
  return {
    Tables: [
      {
        TableName: 'Table_0',
        Columns: COLUMNS.map((c) => ({ ColumnName: c.name, DataType: c.type === 'datetime' ? 'DateTime' : 'String', ColumnType: c.type })),
        Rows: rs.map((r) => [r[0], r[1], r[2], JSON.parse(r[3] as string)]),
      },
      { TableName: 'Table_1', Columns: [{ ColumnName: 'Value', DataType: 'String', ColumnType: 'string' }], Rows: [['{"Visualization":null}']] },
    ],
  };
}

/** Kusto v2: a top-level array of frames, FrameType first; the query's properties and statistics in DataTable frames of their own kinds. */
function kustoV2(rs = rows()): object[] {
  const columns = COLUMNS.map((c) => ({ ColumnName: c.name, ColumnType: c.type }));
  return [
    { FrameType: 'DataSetHeader', IsProgressive: false, Version: 'v2.0' },
    { FrameType: 'DataTable', TableId: 0, TableKind: 'QueryProperties', TableName: '@ExtendedProperties', Columns: [{ ColumnName: 'TableId', ColumnType: 'int' }, { ColumnName: 'Key', ColumnType: 'string' }], Rows: [[1, 'Visualization']] },
    { FrameType: 'DataTable', TableId: 1, TableKind: 'PrimaryResult', TableName: 'PrimaryResult', Columns: columns, Rows: rs.map((r) => [r[0], r[1], r[2], JSON.parse(r[3] as string)]) },
    { FrameType: 'DataTable', TableId: 2, TableKind: 'QueryCompletionInformation', TableName: 'QueryCompletionInformation', Columns: [{ ColumnName: 'Level', ColumnType: 'int' }], Rows: [[4], [4]] },
    { FrameType: 'DataSetCompletion', HasErrors: false, Cancelled: false },
  ];
}

/** The 1-based lines where each row of the first table starts and ends in a pretty-printed text. */
function rowLines(text: string): [number, number][] {
  const lines = text.split('\n');
  const out: [number, number][] = [];
  let inRows = false;
  let start = 0;
  lines.forEach((l, i) => {
    if (/"(rows|Rows)": \[$/.test(l)) inRows = true;
    else if (inRows && /^ {8}\[$/.test(l)) start = i + 1;
    else if (inRows && /^ {8}\],?$/.test(l)) out.push([start, i + 1]);
    else if (inRows && /^ {6}\]/.test(l)) inRows = false;
  });
  return out;
}

const MAP = { users: ['UserPrincipalName'], time: 'TimeGenerated', event: 'OperationName', params: 'Parameters' };

describe('query results in columns and rows (Log Analytics REST, Kusto v1 and v2)', function () {
  it('REST response, pretty-printed: detected as a table, each row a record on the lines of its row', async function () {
    const text = JSON.stringify(restResponse(), null, 2);
    const p = file('la.json', text);
    const d = await inspectLog(p);
    assert.equal(d.format, 'json');
    assert.equal(d.table?.name, 'PrimaryResult');
    assert.deepEqual(d.table?.columns.map((c) => c.type), ['datetime', 'string', 'string', 'dynamic']);
    assert.deepEqual(d.mapping, { ...MAP, timeFormat: d.mapping.timeFormat });
    assert.ok(d.columns.includes('Parameters.target'), 'the paths inside a dynamic cell are columns too');
    assert.deepEqual(d.doubts.filter((x) => x.role === 'table'), []);
    const log = await loadLog({ file: p, detection: d });
    assert.equal(log.events.count, 12);
    assert.equal(log.table?.name, 'PrimaryResult');
    const expected = rowLines(text);
    assert.equal(expected.length, 12);
    for (let i = 0; i < 12; i++) {
      assert.deepEqual([log.events.startLine[i], log.events.endLine[i]], expected[i], `row ${i}`);
      assert.equal(log.events.commandNames[log.events.commandIds[i]], OPS[i % 4]);
      assert.deepEqual(eventUsers(log.events, i), [`u${i % 2}@contoso.com`]);
    }
    // The dynamic column's JSON text is the params, as for a CSV cell.
    assert.deepEqual(eventParams(log.events, 1), [['target', 't1'], ['ip', '10.0.0.1']]);
  });

  it('REST response on one line: every row on line 1, told apart by its columns', async function () {
    const text = JSON.stringify(restResponse());
    const p = file('la-oneline.json', text);
    const log = await loadLog({ file: p });
    assert.equal(log.events.count, 12);
    for (let i = 0; i < 12; i++) {
      assert.equal(log.events.startLine[i], 1);
      const cols = [log.events.startColumn![i], log.events.endColumn![i]];
      const cells = JSON.parse(text.slice(cols[0] - 1, cols[1])) as unknown[];
      assert.deepEqual(cells, rows()[i]);
    }
  });

  it('Kusto v1 (Tables, ColumnName, Rows; dynamic cells as JSON values): the first table, saying the others are not read', async function () {
    const p = file('kusto.json', JSON.stringify(kustoV1(), null, 1));
    const d = await inspectLog(p);
    assert.equal(d.table?.name, 'Table_0');
    assert.deepEqual(d.mapping.users, ['UserPrincipalName']);
    assert.equal(d.mapping.params, 'Parameters');
    const log = await loadLog({ file: p, detection: d });
    assert.equal(log.events.count, 12);
    assert.deepEqual(eventParams(log.events, 2), [['target', 't2'], ['ip', '10.0.0.0']]);
    const note = log.doubts.find((x) => x.role === 'table');
    assert.match(note?.text ?? '', /holds 2 tables: "Table_0" \(12 rows\), "Table_1" \(1 row\); only the rows of "Table_0" \(the first, as none is named PrimaryResult\) are read/);
    scoreLog(log);
  });

  it('Kusto v2 (an array of frames): the PrimaryResult\'s rows, the other frames not read and not listed', async function () {
    const text = JSON.stringify(kustoV2(), null, 2);
    const p = file('kusto-v2.json', text);
    const d = await inspectLog(p);
    assert.equal(d.table?.name, 'PrimaryResult');
    assert.deepEqual(d.mapping, { ...MAP, timeFormat: d.mapping.timeFormat });
    const log = await loadLog({ file: p, detection: d });
    assert.equal(log.events.count, 12);
    assert.deepEqual(eventParams(log.events, 2), [['target', 't2'], ['ip', '10.0.0.0']]);
    // The properties and statistics frames are no tables of the result: nothing to say about them.
    assert.equal(log.doubts.find((x) => x.role === 'table'), undefined);
    // Each event stands on the lines of its row (its time's line inside them, a row's 6 lines in all).
    const lines = text.split('\n');
    for (let i = 0; i < 12; i++) {
      const at = lines.findIndex((l) => l.includes(`"2024-03-01T10:${String(i).padStart(2, '0')}:00Z"`)) + 1;
      const [a, b] = [log.events.startLine[i], log.events.endLine[i]];
      assert.ok(a < at && at < b && b - a === 8, `row ${i} on lines ${a}-${b}, its time on ${at}`);
    }
    scoreLog(log);
  });

  it('a top-level array of records is records, not frames, whatever keys they hold', async function () {
    const recs = [{ TimeGenerated: '2024-03-01T10:00:00Z', UserPrincipalName: 'a', OperationName: 'X', Columns: ['c'], Rows: [[1]] }, { TimeGenerated: '2024-03-01T10:00:01Z', UserPrincipalName: 'a', OperationName: 'Y' }];
    const d = await inspectLog(file('array-records.json', JSON.stringify(recs, null, 1)));
    assert.equal(d.table, undefined);
    assert.equal(d.mapping.event, 'OperationName');
  });

  it('several tables: the one named PrimaryResult is read wherever it stands', async function () {
    const stats = { name: 'Statistics', columns: [{ name: 'n', type: 'long' }], rows: [[1], [2]] };
    const doc = { tables: [stats, { name: 'PrimaryResult', columns: COLUMNS, rows: rows() }] };
    const text = JSON.stringify(doc, null, 2);
    const p = file('two.json', text);
    const log = await loadLog({ file: p });
    assert.equal(log.events.count, 12);
    assert.deepEqual(log.table && [log.table.index, log.table.name], [1, 'PrimaryResult']);
    assert.match(log.doubts.map((x) => x.text).join('\n'), /holds 2 tables: "Statistics" \(2 rows\), "PrimaryResult" \(12 rows\); only the rows of "PrimaryResult" \(the one named PrimaryResult\) are read/);
    // The rows' lines are those of the second table's rows.
    const first = text.split('\n').findIndex((l) => l.includes('"2024-03-01T10:00:00Z"'));
    assert.equal(log.events.startLine[0], first); // the row's [ is on the line before its first cell
  });

  it('several tables in a large file whose head shows no PrimaryResult: the file is scanned for it', async function () {
    const filler = { name: 'Filler', columns: [{ name: 'x', type: 'string' }], rows: Array.from({ length: 12_000 }, (_, i) => [`value ${i} `.repeat(3)]) };
    const doc = { tables: [filler, { name: 'PrimaryResult', columns: COLUMNS, rows: rows() }] };
    const p = file('late.json', JSON.stringify(doc, null, 1));
    const d = await inspectLog(p);
    assert.deepEqual(d.table && [d.table.index, d.table.name, d.table.complete], [1, 'PrimaryResult', true]);
    assert.equal(d.mapping.event, 'OperationName');
    const log = await loadLog({ file: p, detection: d });
    assert.equal(log.events.count, 12);
  });

  it('a row with the wrong number of cells: a located bad row, stopped or skipped by the policy', async function () {
    const rs = rows();
    rs[5] = rs[5].slice(0, 3);
    const text = JSON.stringify(restResponse(rs), null, 2);
    const p = file('short.json', text);
    const [first, last] = rowLines(text)[5];
    const e = await rejectsWith(loadLog({ file: p }), /the row has 3 cells; table "PrimaryResult" has 4 columns/, first, 9);
    assert.ok(e instanceof BadRowError);
    assert.equal(e.location?.file, p);
    const log = await loadLog({ file: p, read: { onBadRow: 'skip' } });
    assert.equal(log.events.count, 11);
    assert.deepEqual([log.skipped.count, log.skipped.first[0].firstLine, log.skipped.first[0].lastLine], [1, first, last]);
    // A row that is no array at all.
    const obj = JSON.stringify({ tables: [{ name: 'PrimaryResult', columns: COLUMNS, rows: [...rows(3), { a: 1 }] }] });
    await rejectsWith(loadLog({ file: file('obj-row.json', obj), mapping: MAP }), /the row is an object, not an array of cells/, 1);
  });

  it('an empty rows array: a clear message at the rows', async function () {
    const text = JSON.stringify({ tables: [{ name: 'PrimaryResult', columns: COLUMNS, rows: [] }] }, null, 2);
    const line = text.split('\n').findIndex((l) => l.includes('"rows"')) + 1;
    await rejectsWith(loadLog({ file: file('empty.json', text) }), /table "PrimaryResult" of the query result has no rows \(its "rows" array is empty: the query returned nothing\)/, line);
    await rejectsWith(inspectLog(file('empty1.json', JSON.stringify({ tables: [{ name: 'PrimaryResult', columns: COLUMNS, rows: [] }] }))), /has no rows/, 1);
  });

  it('a named column the table lacks is refused at once, listing the columns', async function () {
    const text = JSON.stringify(restResponse(), null, 2);
    const line = text.split('\n').findIndex((l) => l.includes('"columns"')) + 1;
    await rejectsWith(loadLog({ file: file('nocol.json', text), mapping: { ...MAP, event: 'Operation' } }), /the event column "Operation" is not among the columns of table "PrimaryResult"; columns are "TimeGenerated", "UserPrincipalName"/, line);
  });

  it('null cells: a null user is a missing user, a null time a bad row', async function () {
    const rs = rows();
    rs[0][1] = null;
    rs[3][0] = null;
    const p = file('nulls.json', JSON.stringify(restResponse(rs), null, 2));
    const log = await loadLog({ file: p, read: { onBadRow: 'skip' } });
    assert.equal(log.events.count, 11);
    assert.equal(log.events.userIds[0][0], -1);
    assert.match(log.skipped.first[0].reason, /empty time in column TimeGenerated/);
  });

  it('gzip-compressed, as other JSON is', async function () {
    const p = file('la.json.gz', gzipSync(JSON.stringify(restResponse(), null, 2)));
    const log = await loadLog({ file: p });
    assert.equal(log.events.count, 12);
    assert.equal(log.table?.name, 'PrimaryResult');
  });

  it('a document cut short inside its rows: the rows before are read, the cut one reported', async function () {
    const text = JSON.stringify(restResponse(), null, 2);
    const cut = text.slice(0, text.indexOf('"2024-03-01T10:07:00Z"') + 10);
    const log = await loadLog({ file: file('cut.json', cut), read: { onBadRow: 'skip' } });
    assert.equal(log.events.count, 7);
    assert.match(log.skipped.first[0].reason, /ends before its tables array is closed/);
  });

  it('the scanner keeps positions across chunks of any size', function () {
    for (const doc of [restResponse(rows(5)), kustoV2(rows(5))]) {
      const text = JSON.stringify(doc, null, 1);
      const whole: string[] = [];
      new TableScanner('x', () => true, (r) => whole.push(`${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column} ${r.text}`)).write(text);
      assert.equal(whole.length, 5);
      for (const size of [1, 2, 3, 7, 64]) {
        const got: string[] = [];
        const s = new TableScanner('x', () => true, (r) => got.push(`${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column} ${r.text}`));
        for (let i = 0; i < text.length; i += size) s.write(text.slice(i, i + size));
        assert.deepEqual(got, whole, `chunks of ${size}`);
        assert.deepEqual(s.tables.map((t) => t.name), ['PrimaryResult']);
        assert.ok(s.done);
      }
    }
  });

  it('rows written before their columns are refused saying so; a "tables" array of records is records', async function () {
    const text = `{"tables": [{"name": "PrimaryResult", "rows": ${JSON.stringify(rows(3))}, "columns": ${JSON.stringify(COLUMNS)}}]}`;
    await rejectsWith(loadLog({ file: file('rows-first.json', text) }), /the rows of table "PrimaryResult" come before its columns/, 1);
    const recs = { tables: [{ time: '2024-03-01T10:00:00Z', user: 'a', action: 'X', rows: [[1]] }, { time: '2024-03-01T10:00:01Z', user: 'a', action: 'Y', rows: [[2]] }] };
    const d = await inspectLog(file('tables-records.json', JSON.stringify(recs)));
    assert.equal(d.table, undefined);
    assert.equal(d.mapping.event, 'action');
  });

  it('records in a "value" array are still read as records, not as a table', async function () {
    const p = file('value.json', JSON.stringify({ value: [{ TimeGenerated: '2024-03-01T10:00:00Z', UserPrincipalName: 'a', OperationName: 'X' }] }));
    const d = await inspectLog(p);
    assert.equal(d.table, undefined);
    assert.equal(d.mapping.event, 'OperationName');
  });
});

describe('CLI: a query result in columns and rows', function () {
  const ROOT = path.resolve(__dirname, '../../..');
  const CLI = path.join(ROOT, 'dist', 'cli.js');

  it('says which table it read and that the others are not', function () {
    assert.ok(existsSync(CLI), `${CLI} missing: run the build first`);
    const p = file('cli-kusto.json', JSON.stringify(kustoV1(), null, 1));
    const r = spawnSync(process.execPath, [CLI, 'score', p, '--top', '1'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /json, a query result's table "Table_0" \(columns and rows\), users=UserPrincipalName time=TimeGenerated event=OperationName params=Parameters/);
    assert.match(r.stderr, /warning: the query result holds 2 tables: "Table_0" \(12 rows\), "Table_1" \(1 row\); only the rows of "Table_0"/);
    assert.doesNotMatch(r.stderr, /check the columns above/);
  });
});
