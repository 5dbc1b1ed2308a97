// The CLI's output in chunks (report.ts, cli.ts): byte for byte the text the
// whole-string serialisation gave, never one string the size of the output
// (1M events make some 220 MB of JSON, 5M more than a JavaScript string can
// hold), sessions formatted as they are written.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateToString } from '../../scripts/gen-lib';
import { writeChunks } from '../../src/cli';
import { runInsights } from '../../src/engine/insights/run';
import { loadLog, scoreLog } from '../../src/engine/pipeline';
import { sessionize } from '../../src/engine/sessionize';
import { DEFAULT_SESSIONIZE } from '../../src/engine/types';
import {
  CHUNK_CHARS,
  createSessionCol,
  csvChunks,
  rankedReports,
  scoreCsvRows,
  sessionColRows,
  sessionizeData,
  sessionizeRows,
  toCsv,
} from '../../src/present/report';
import { oldCsvRows, reportJsonChunks } from './reportOracle';

const ROOT = path.resolve(__dirname, '../../..');
const SAMPLE = path.join(ROOT, 'media', 'sample', 'exchange-admin-sample.csv');
const CLOUDTRAIL = path.join(ROOT, 'test', 'fixtures', 'cloudtrail.jsonl');
const dir = mkdtempSync(path.join(tmpdir(), 'sessionscope-report-stream-'));

/** CloudTrail records as one JSON document on one line: records share the line, so reports carry `columns`. */
function oneLineDocument(): string {
  const lines = readFileSync(CLOUDTRAIL, 'utf8').split('\n').filter((l) => l.trim());
  const p = path.join(dir, 'oneline.json');
  writeFileSync(p, `{"Records":[${lines.join(',')}]}`);
  return p;
}


describe('CLI output in chunks', function () {
  this.timeout(120_000);

  const fixtures = () => [SAMPLE, CLOUDTRAIL, oneLineDocument(), path.join(ROOT, 'test', 'fixtures', 'real', 'syslog-sudo-sessions.csv')];

  it('JSON: the chunks join to JSON.stringify({ settings, sessions: rankedReports }, null, 1) on real fixtures', async function () {
    let sawColumns = false;
    for (const file of fixtures()) {
      const log = await loadLog({ file });
      const scored = scoreLog(log);
      const settings = { file, nested: { list: [1, 'two', null], empty: [], none: {} }, sessions: scored.sessions.count };
      for (const ranking of [undefined, 'reference', 'insight'] as const) {
        for (const top of [Infinity, 3, 0]) {
          // Separate insight runs: the streamed side must judge sessions itself (lazily), not reuse the other's.
          const si = ranking ? runInsights(scored, { ranking }).insights : undefined;
          const si2 = ranking ? runInsights(scored, { ranking }).insights : undefined;
          const whole = JSON.stringify({ settings, sessions: rankedReports(scored, top, si) }, null, 1) + '\n';
          const chunks = [...reportJsonChunks(scored, settings, top, si2, 1000)];
          assert.equal(chunks.join(''), whole, `${path.basename(file)}, ranking ${ranking}, top ${top}`);
          if (top === Infinity && whole.length > 5000) assert.ok(chunks.length > 1, `${path.basename(file)}: ${chunks.length} chunk(s)`);
          sawColumns ||= whole.includes('"columns": [');
        }
      }
    }
    assert.ok(sawColumns, 'one fixture has records sharing a line (the columns field)');
  });

  it('CSV: score rows, sessionize rows and per-event rows join to toCsv of the whole arrays', async function () {
    for (const file of fixtures()) {
      const log = await loadLog({ file });
      const scored = scoreLog(log);
      for (const ranking of [undefined, 'reference', 'insight'] as const) {
        const si = ranking ? runInsights(scored, { ranking }).insights : undefined;
        const si2 = ranking ? runInsights(scored, { ranking }).insights : undefined;
        const whole = await toCsv(oldCsvRows(scored, Infinity, si));
        // Small batches and chunks, so the header-once joining is exercised.
        assert.equal([...csvChunks(scoreCsvRows(scored, Infinity, si2), 500, 7)].join(''), whole, `${path.basename(file)}, ranking ${ranking}`);
      }
      const sessions = sessionize(log.events, DEFAULT_SESSIONIZE);
      assert.equal([...csvChunks(sessionizeRows(log, sessions), 500, 5)].join(''), await toCsv(sessionizeData(log, sessions)), path.basename(file));
      assert.equal([...csvChunks(sessionColRows(log, sessions), 500, 5)].join(''), await toCsv(createSessionCol(log, sessions)), path.basename(file));
    }
    assert.equal([...csvChunks([])].join(''), await toCsv([]), 'no rows');
  });

  it('a large result comes in many bounded chunks, each made when asked for (no string of the whole output)', async function () {
    const file = path.join(dir, 'gen-20k.csv');
    writeFileSync(file, generateToString({ events: 20_000, seed: 3, profile: 'bench' }).text);
    const scored = scoreLog(await loadLog({ file }));
    const chunkChars = 64 * 1024;
    const si = runInsights(scored, { ranking: 'reference' }).insights;
    const gen = reportJsonChunks(scored, { file }, Infinity, si, chunkChars);
    const first = gen.next();
    assert.ok(!first.done && first.value.length >= chunkChars);
    // Under the reference ranking a session is judged when it is written: after the first chunk only the sessions in it are.
    const judged = si.insights.filter((x) => x !== undefined).length;
    assert.ok(judged > 0 && judged < scored.sessions.count / 4, `${judged} of ${scored.sessions.count} sessions judged after one chunk`);
    const chunks = [first.value as string];
    for (let c = gen.next(); !c.done; c = gen.next()) chunks.push(c.value);
    const total = chunks.reduce((a, c) => a + c.length, 0);
    assert.ok(chunks.length >= Math.floor(total / chunkChars), `${chunks.length} chunks for ${total} characters`);
    // A chunk closes as soon as it reaches the size: it exceeds it by at most one session's text.
    const longestSession = Math.max(...rankedReports(scored).map((r) => JSON.stringify(r, null, 1).length * 2));
    for (const c of chunks) assert.ok(c.length < chunkChars + longestSession, `chunk of ${c.length} characters`);
    assert.equal(JSON.parse(chunks.join('')).sessions.length, scored.sessions.count);
    assert.ok(CHUNK_CHARS >= 1 << 20 && CHUNK_CHARS <= 16 << 20, 'the default chunk is a few MB');
  });

  it('writeChunks writes every chunk to the file, and leaves no file when making the output fails', async function () {
    const out = path.join(dir, 'out.txt');
    const pieces = Array.from({ length: 50 }, (_, i) => `chunk ${i} é ✓ ${'x'.repeat(i * 100)}\n`);
    let calls = 0;
    await writeChunks(out, (function* () {
      for (const p of pieces) {
        calls++;
        yield p;
      }
    })());
    assert.equal(calls, 50);
    assert.equal(readFileSync(out, 'utf8'), pieces.join(''));
    const failed = path.join(dir, 'failed.txt');
    await assert.rejects(
      writeChunks(failed, (function* () {
        yield 'a first chunk\n';
        throw new RangeError('making the output failed');
      })()),
      /making the output failed/,
    );
    assert.equal(existsSync(failed), false, 'no cut-off file left behind');
  });

  it('dist/cli.js: --threads is listed; --threads 1 and 2 write the same JSON file as the default, to the byte but for timings', function () {
    const cli = path.join(ROOT, 'dist', 'cli.js');
    assert.ok(existsSync(cli), 'dist/cli.js is missing: npm run test:unit builds it (npm run build)');
    assert.match(spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' }).stdout, /--threads N/);
    const outputs = [[], ['--threads', '1'], ['--threads', '2']].map((extra, i) => {
      const out = path.join(dir, `threads-${i}.json`);
      const r = spawnSync(process.execPath, [cli, 'score', SAMPLE, '--format', 'json', '--out', out, ...extra], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return readFileSync(out, 'utf8').replace(/"timingsMs": \{[^}]*\}/, '');
    });
    assert.ok(outputs[0].length > 100_000);
    assert.equal(outputs[1], outputs[0]);
    assert.equal(outputs[2], outputs[0]);
  });
});
