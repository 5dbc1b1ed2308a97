// The second half's thread is started ahead of the read (parallel.ts
// PartReader, started by loadLog before detection): only for files the read
// will likely split, ended when the read does not take it, whatever ends the
// load (a result, a one-piece read, an error), and a thread that cannot
// start is an error of the read, not a crash.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadLog } from '../../src/engine/pipeline';
import { livePartReaders, PartReader, startPartReader } from '../../src/engine/read/parallel';
import { inspectSource } from '../../src/engine/read/source';
import { LogInputError } from '../../src/engine/types';

const ROOT = path.resolve(__dirname, '../../..');
const WORKER = path.join(ROOT, 'dist', 'csvWorker.js');
const dir = mkdtempSync(path.join(tmpdir(), 'sessionscope-partreader-'));

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

function csvText(rows: number): string {
  const lines = ['TimeGenerated,UserId,Operation'];
  for (let i = 0; i < rows; i++) lines.push(`2024-01-01T00:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z,user${i % 7},Op-${i % 5}`);
  return lines.join('\n') + '\n';
}

/** Waits until no part reader's thread is left (threads end asynchronously), failing after `ms`. */
async function noneLeft(ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (livePartReaders() > 0) {
    if (Date.now() > until) assert.fail(`${livePartReaders()} part reader thread(s) left running`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the second half\'s thread, started ahead', () => {
  afterEach(() => noneLeft());

  it('is started only for a plain UTF-8 file as large as a split needs, not for JSON, gzip or UTF-16', async () => {
    const csv = file('a.csv', csvText(50));
    const info = await inspectSource(csv);
    const started = startPartReader(info, undefined, { workerScript: WORKER, minBytes: 0 });
    assert.ok(started instanceof PartReader);
    started.end();
    await started.exited;
    assert.equal(startPartReader(info, undefined, { workerScript: WORKER, minBytes: info.size + 1 }), undefined, 'smaller than minBytes');
    assert.equal(startPartReader(info, 'jsonl', { workerScript: WORKER, minBytes: 0 }), undefined, 'read as JSON Lines');

    const jsonl = await inspectSource(file('b.jsonl', '\n  {"t":"2024-01-01T00:00:00Z","u":"a","op":"x"}\n'));
    assert.equal(jsonl.jsonLike, true);
    assert.equal(startPartReader(jsonl, undefined, { workerScript: WORKER, minBytes: 0 }), undefined, 'looks like JSON');
    const asCsv = startPartReader(jsonl, 'csv', { workerScript: WORKER, minBytes: 0 });
    assert.ok(asCsv, 'the format asked for wins over the look of the text');
    asCsv.end();

    const gz = await inspectSource(file('c.csv.gz', gzipSync(csvText(50))));
    assert.equal(startPartReader(gz, undefined, { workerScript: WORKER, minBytes: 0 }), undefined, 'gzip is read in one piece');
    const utf16 = await inspectSource(file('d.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csvText(20), 'utf16le')])));
    assert.equal(startPartReader(utf16, undefined, { workerScript: WORKER, minBytes: 0 }), undefined, 'UTF-16 is read in one piece');
  });

  it('reads the second half when the read splits, with the same events as the one-piece read', async () => {
    const p = file('e.csv', csvText(3000));
    const mapping = { users: ['UserId'], time: 'TimeGenerated', event: 'Operation' };
    const halves = await loadLog({ file: p, mapping, parallel: { workerScript: WORKER, minBytes: 0 } });
    const whole = await loadLog({ file: p, mapping, parallel: { minBytes: Infinity } });
    assert.equal(halves.events.count, 3000);
    assert.deepEqual(Array.from(halves.events.startLine), Array.from(whole.events.startLine));
    assert.deepEqual(Array.from(halves.events.commandIds, (c) => halves.events.commandNames[c]), Array.from(whole.events.commandIds, (c) => whole.events.commandNames[c]));
  });

  it('is ended when the load stops before the read (a mapped column the file lacks) or reads in one piece', async () => {
    const p = file('f.csv', csvText(200));
    await assert.rejects(
      loadLog({ file: p, mapping: { users: ['Nobody'], time: 'TimeGenerated', event: 'Operation' }, parallel: { workerScript: WORKER, minBytes: 0 } }),
      (e: Error) => e instanceof LogInputError && /Nobody/.test(e.message),
    );
    await noneLeft();
    // A file too short to split (no line after the middle looks like a record start, nor can the parity scan place one).
    const tiny = file('g.csv', 'TimeGenerated,UserId,Operation\n2024-01-01T00:00:00Z,u,op\n');
    const log = await loadLog({ file: tiny, parallel: { workerScript: WORKER, minBytes: 0 } });
    assert.equal(log.events.count, 1);
  });

  it('that cannot start makes the read fail with the reason, without crashing the host', async () => {
    const reader = new PartReader(path.join(dir, 'no-such-worker.js'));
    await assert.rejects(reader.read({ file: 'x', info: { encoding: 'utf8', bomBytes: 0, size: 1 }, delimiter: ',', mapping: { users: ['u'], time: 't', event: 'e' }, policy: 'stop', range: { start: 0 } } as never, () => undefined), /no-such-worker|Cannot find module|MODULE_NOT_FOUND/);
    await reader.exited;
  });
});
