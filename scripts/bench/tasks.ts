// Measurements that run inside a fork of dist/bench.js (`--child <task>`),
// one process each, so CPU time and peak RSS are that task's own: the
// csv-parse floor, the other reading yardsticks and training over many
// distinct commands.

import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { parse } from 'csv-parse';
import { initParser, type Parser, type Schema } from 'udsv';
import { loadLog } from '../../src/engine/pipeline';
import { trainModel } from '../../src/engine/model/train';
import { sessionize } from '../../src/engine/sessionize';
import { DEFAULT_SESSIONIZE, SESSION_TYPES, type ColumnMapping } from '../../src/engine/types';

export const MAPPING: ColumnMapping = { users: ['UserId', 'ClientIP'], time: 'TimeGenerated', event: 'Operation', params: 'Parameters' };

export type Task =
  | { kind: 'floor'; file: string; columns: boolean }
  | { kind: 'raw'; file: string }
  | { kind: 'scanner'; file: string }
  | { kind: 'udsv'; file: string }
  | { kind: 'train'; file: string; commands: number };

export interface Measured {
  task: Task;
  /** Records read (the header not counted). */
  events: number;
  bytes: number;
  sessions?: number;
  /** Wall-clock milliseconds inside the child; `total` is the whole task; `cpu_train_*` are CPU milliseconds of each training. */
  ms: Record<string, number>;
  /** CPU milliseconds (user + system, all threads) of the whole child process, startup included. */
  cpuMs: number;
  maxRssBytes: number;
}

export async function runTask(task: Task): Promise<Measured> {
  const bytes = fs.statSync(task.file).size;
  const t0 = performance.now();
  switch (task.kind) {
    case 'raw': {
      let read = 0;
      for await (const chunk of fs.createReadStream(task.file, { highWaterMark: 1 << 20 })) read += (chunk as Buffer).length;
      return done(task, 0, read, { total: performance.now() - t0 });
    }
    case 'scanner':
      return done(task, await byteScanner(task.file), bytes, { total: performance.now() - t0 });
    case 'udsv':
      return done(task, await udsvArrays(task.file), bytes, { total: performance.now() - t0 });
    case 'floor': {
      const records = task.columns ? await csvParseColumns(task.file) : await csvParseArrays(task.file);
      return done(task, records, bytes, { total: performance.now() - t0 });
    }
    case 'train': {
      const log = await loadLog({ file: task.file, mapping: MAPPING, read: { onBadRow: 'stop' } });
      const t1 = performance.now();
      const sessions = sessionize(log.events, DEFAULT_SESSIONIZE);
      const t2 = performance.now();
      const ms: Record<string, number> = { read: t1 - t0, sessionize: t2 - t1 };
      for (const type of SESSION_TYPES) {
        (globalThis as { gc?: () => void }).gc?.();
        const s = performance.now();
        const c = process.cpuUsage();
        trainModel(log.events, sessions, type);
        ms[`train_${type}`] = performance.now() - s;
        const dc = process.cpuUsage(c);
        ms[`cpu_train_${type}`] = (dc.user + dc.system) / 1000;
      }
      ms.total = performance.now() - t0;
      return done(task, log.events.count, bytes, ms, sessions.count);
    }
  }
}

function done(task: Task, events: number, bytes: number, ms: Record<string, number>, sessions?: number): Measured {
  const u = process.cpuUsage();
  return { task, events, bytes, sessions, ms, cpuMs: (u.user + u.system) / 1000, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
}

/** csv-parse and nothing else: records as arrays, counted as they stream out (no on_record hook: it builds an info object per record). */
function csvParseArrays(file: string): Promise<number> {
  let records = 0;
  const parser = parse();
  return new Promise((resolve, reject) => {
    parser.on('error', reject);
    parser.on('data', () => {
      records++;
    });
    parser.on('end', () => resolve(records - 1));
    fs.createReadStream(file, { highWaterMark: 1 << 20 }).on('error', reject).pipe(parser);
  });
}

/**
 * uDSV and nothing else (the parser of the fast read path, read/csvFast.ts):
 * the file decoded and handed over in chunks, records as arrays of strings,
 * counted. Comma-separated, row separator from the first line.
 */
async function udsvArrays(file: string): Promise<number> {
  let records = 0;
  let parser: Parser | undefined;
  const decoder = new StringDecoder('utf8');
  const onRow = (): void => {
    records++;
  };
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    const text = decoder.write(chunk as Buffer);
    if (!parser) {
      const lf = text.indexOf('\n');
      const crlf = lf > 0 && text.charCodeAt(lf - 1) === CR;
      const fields = text.slice(0, crlf ? lf - 1 : lf).split(',').length;
      const cols = Array.from({ length: fields }, (_, i) => ({ name: String(i), type: 's' as const, repl: { empty: undefined, null: undefined, NaN: undefined } }));
      parser = initParser({ col: ',', row: crlf ? '\r\n' : '\n', encl: '"', esc: '"', trim: false, skip: 1, cols } as Schema);
    }
    parser.chunk<string[]>(text, parser.stringArrs, onRow);
  }
  parser?.end();
  return records;
}

/** csv-parse with `columns: true`, records consumed as a stream of objects. */
async function csvParseColumns(file: string): Promise<number> {
  let records = 0;
  const parser = fs.createReadStream(file, { highWaterMark: 1 << 20 }).pipe(parse({ columns: true }));
  for await (const record of parser) if (record) records++;
  return records;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Not a floor but a yardstick: a minimal RFC 4180 scanner over the raw bytes
 * (indexOf for quoted fields, every field decoded to a string, doubled quotes
 * undone). It shows how far below csv-parse a reader written for this job
 * can go; no error handling.
 */
async function byteScanner(file: string): Promise<number> {
  let records = 0;
  let carry: Buffer = Buffer.alloc(0);
  const fields: string[] = [];
  const scan = (buf: Buffer, final: boolean): number => {
    const end = buf.length;
    let pos = 0;
    for (;;) {
      if (pos >= end) return pos;
      fields.length = 0;
      let p = pos;
      for (;;) {
        if (buf[p] === QUOTE) {
          let q = p + 1;
          let escaped = false;
          let r: number;
          for (;;) {
            r = buf.indexOf(QUOTE, q);
            if (r < 0 || (r + 1 >= end && !final)) return pos;
            if (buf[r + 1] !== QUOTE) break;
            escaped = true;
            q = r + 2;
          }
          const text = buf.toString('utf8', p + 1, r);
          fields.push(escaped ? text.replaceAll('""', '"') : text);
          p = r + 1;
        } else {
          let q = p;
          while (q < end) {
            const c = buf[q];
            if (c === COMMA || c === LF || c === CR) break;
            q++;
          }
          if (q >= end && !final) return pos;
          fields.push(buf.toString('utf8', p, q));
          p = q;
        }
        if (p < end && buf[p] === COMMA) {
          p++;
          continue;
        }
        if (p < end && buf[p] === CR) p++;
        if (p < end && buf[p] === LF) p++;
        else if (p >= end && !final) return pos;
        records++;
        pos = p;
        break;
      }
    }
  };
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    const buf = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    carry = buf.subarray(scan(buf, false));
  }
  if (carry.length > 0) scan(carry, true);
  return records - 1;
}

/** Runs `task` in a fork of this bundle (dist/bench.js) and returns what it measured. */
export function runChild(task: Task, execArgv: string[] = []): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child', JSON.stringify(task)], { execArgv: ['--expose-gc', ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: Measured | undefined;
    child.on('message', (m) => {
      result = m as Measured;
    });
    child.on('error', reject);
    child.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`bench child ${task.kind} exited with ${code}`))));
  });
}

/** The child side: `dist/bench.js --child '<task JSON>'`. */
export function childMain(taskJson: string): void {
  runTask(JSON.parse(taskJson) as Task).then(
    (m) => (process.send ? process.send(m, () => process.exit(0)) : process.stdout.write(JSON.stringify(m, null, 2) + '\n')),
    (e: unknown) => {
      process.stderr.write(`bench child failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    },
  );
}
