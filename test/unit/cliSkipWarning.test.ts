// The CLI's skipped-rows report (issue #12): lines as well as rows, and a
// prominent warning on stderr when a broken quote drops a long stretch.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const SAMPLE = path.join(ROOT, 'media', 'sample', 'exchange-admin-sample.csv');

function sampleWithUnclosedQuote(extraParamLines: number): string {
  const lines = readFileSync(SAMPLE, 'utf8').split('\n');
  const at = '2024-06-14T17:57:43Z,'.length;
  lines[36] = lines[36].slice(0, at) + '"' + lines[36].slice(at);
  lines.splice(37, 0, ...Array.from({ length: extraParamLines }, (_, k) => `  {""Name"": ""Extra${k}"", ""Value"": """"},`));
  const p = path.join(mkdtempSync(path.join(tmpdir(), 'sessionscope-cliskip-')), 'log.csv');
  writeFileSync(p, lines.join('\n'));
  return p;
}

function score(file: string): { code: number; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'score', file, '--on-bad-row', 'skip', '--users', 'UserId,ClientIP', '--time', 'TimeGenerated', '--event', 'Operation', '--params', 'Parameters', '--top', '1'], { encoding: 'utf8' });
  return { code: r.status ?? -1, stderr: r.stderr };
}

describe('CLI skipped rows', function () {
  before(function () {
    assert.ok(existsSync(CLI), `${CLI} missing: run npm run build first`);
  });

  it('reports the broken quote where it opened, the lines dropped, and warns when they are many', function () {
    const long = sampleWithUnclosedQuote(130);
    const r = score(long);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /skipped 1 bad row\(s\) covering 156 line\(s\)/);
    assert.ok(r.stderr.includes(`${long}:37:22: malformed CSV: a quoted field is never closed`), r.stderr);
    assert.match(r.stderr, /\(lines 37-192 dropped\)/);
    assert.match(r.stderr, /WARNING: 1 bad row skipped, covering 156 lines/);
    assert.ok(r.stderr.includes(`the first skipped lines: ${long}:37-192`), r.stderr);
    assert.match(r.stderr, /3999 events/);
  });

  it('warns about JSON records skipped in share of the file\'s lines too (JSON Lines and documents)', function () {
    // Two kinds of record in one export: a third have no event. Each record short, so only the share can warn.
    const dir = mkdtempSync(path.join(tmpdir(), 'sessionscope-cliskip-json-'));
    const records = Array.from({ length: 30 }, (_, i) =>
      i % 3 === 2 ? { time: `2024-01-01T00:${String(i).padStart(2, '0')}:00Z`, user: `u${i % 4}`, kind: 'telephony' } : { time: `2024-01-01T00:${String(i).padStart(2, '0')}:00Z`, user: `u${i % 4}`, action: `A${i % 5}` },
    );
    const lines = path.join(dir, 'mixed.jsonl');
    writeFileSync(lines, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const doc = path.join(dir, 'mixed.json');
    writeFileSync(doc, JSON.stringify(records, null, 2));
    for (const [file, total] of [[lines, 30], [doc, JSON.stringify(records, null, 2).split('\n').length]] as const) {
      const r = spawnSync(process.execPath, [CLI, 'score', file, '--on-bad-row', 'skip', '--users', 'user', '--time', 'time', '--event', 'action', '--top', '1'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /skipped 10 bad row\(s\)/);
      assert.ok(r.stderr.includes(`of the file's ${total} lines)`), r.stderr);
      assert.match(r.stderr, /WARNING: 10 bad rows skipped/);
    }
  });

  it('no warning for a broken record of a few lines', function () {
    const r = score(sampleWithUnclosedQuote(0));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /skipped 1 bad row\(s\) covering 26 line\(s\)/);
    assert.doesNotMatch(r.stderr, /WARNING/);
  });
});
