// The panel's export formats: hostile log text stays inert in every format.
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { formatExport, likelihoodText, markdownCell, type ExportTable } from '../../src/present/exportFormats';

const table: ExportTable = {
  userColumns: ['=HYPERLINK("x")'],
  rows: [
    {
      rank: 1,
      likelihood: 0,
      log10Likelihood: -2000,
      users: ['=cmd|"/c calc"!A1'],
      start: Date.UTC(2024, 0, 1),
      end: Date.UTC(2024, 0, 1, 0, 5),
      events: 3,
      window: ['New-InboxRule', 'a|b\nc'],
      lines: [26, 28],
      mark: 'suspicious',
      insights: '+1 more',
    },
  ],
};

describe('export formats', () => {
  it('CSV: RFC 4180, every cell (headers too) formula-guarded', () => {
    const rows = parse(formatExport(table, 'csv')) as string[][];
    assert.equal(rows[0][2], `'=HYPERLINK("x")`);
    assert.equal(rows[1][2], `'=cmd|"/c calc"!A1`);
    assert.equal(rows[1][9], `'+1 more`);
    assert.equal(rows[1][1], '1.00e-2000');
    assert.equal(rows[1][7], '26-28');
    assert.equal(rows[1][6], 'New-InboxRule → a|b\nc');
  });

  it('Markdown: one line per row, no cell can end early or become markup', () => {
    const lines = formatExport(table, 'markdown').trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.equal(markdownCell('a|b\nc<img>`x`'), 'a\\|b c\\<img\\>\\`x\\`');
    // Unescaped pipes delimit exactly the 10 cells.
    for (const line of lines) assert.equal(line.split(/(?<!\\)\|/).length - 2, 10, line);
  });

  it('JSON: the values as they are, lines as numbers', () => {
    const json = JSON.parse(formatExport(table, 'json'));
    assert.equal(json.sessions[0].users['=HYPERLINK("x")'], '=cmd|"/c calc"!A1');
    assert.deepEqual(json.sessions[0].fileLines, { first: 26, last: 28 });
    assert.equal(json.sessions[0].log10Likelihood, -2000);
    assert.equal(likelihoodText(0.00123, Math.log10(0.00123)), '1.23e-3');
  });
});
