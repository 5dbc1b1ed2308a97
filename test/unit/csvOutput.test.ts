// CSV output (#7 item 9): csv-stringify writes it; values that would run as a
// spreadsheet formula get an apostrophe, headers never do.

import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { guardFormula, toCsv } from '../../src/present/report';

describe('CSV output', function () {
  it('guards values starting with = + - @ followed by formula text, and nothing else', function () {
    for (const v of ['=1+1', '=HYPERLINK("http://x")', '+cmd|x', '-Identity bob', '-2+3', '@SUM(A1)', '@evil', '==']) {
      assert.equal(guardFormula(v), `'${v}`, v);
    }
    for (const v of ['-5', '+1.5e3', '-0.25', '-.5', '-', '@', '+', 'a=b', ' =x', '\t=x', 'plain', '', "'=x"]) {
      assert.equal(guardFormula(v), v, v);
    }
  });

  it('leaves headers such as @timestamp_min alone and quotes what needs quoting', async function () {
    const csv = await toCsv([
      { '@timestamp_min': '2024-01-01T00:00:00Z', user: '=cmd|"/c calc"!A0', n: -3, note: 'a,b\r\nc', none: null },
    ]);
    const [header, row] = csv.split('\n');
    assert.equal(header, '@timestamp_min,user,n,note,none');
    assert.ok(row.startsWith(`2024-01-01T00:00:00Z,"'=cmd|""/c calc""!A0",-3,"a,b\r`), row);
    assert.ok(csv.endsWith('\n'));
    // It reads back, field for field, through csv-parse.
    const back = parse(csv, { columns: true }) as Record<string, string>[];
    assert.deepEqual(back, [{ '@timestamp_min': '2024-01-01T00:00:00Z', user: `'=cmd|"/c calc"!A0`, n: '-3', note: 'a,b\r\nc', none: '' }]);
  });

  it('writes the header alone when there are no rows but columns are named', async function () {
    assert.equal(await toCsv([], ['a', 'b']), 'a,b\n');
  });
});
