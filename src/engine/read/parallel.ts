// Reads a large UTF-8 CSV file in two halves at once: this thread parses the
// first half while a worker thread parses the second, then the two event
// tables are joined. csv-parse is the bulk of the work and runs on one core;
// on a 2-core machine this roughly halves the read.
//
// The split must fall between records. A record boundary is a newline outside
// quotes, and with RFC 4180 escaping ("" inside quoted fields) a newline is
// outside quotes exactly when the number of quote characters before it is
// even. The split is checked afterwards (the first half must end cleanly and
// the second half's first record must have the header's field count); when
// it is not a record boundary (a stray quote in an unquoted field can fool the
// count), the file is read again in one piece.

import { open } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { concatTables } from '../events';
import { LogInputError, type EventTable, type SkipReport } from '../types';
import { readCsv, type CsvReadRequest, type ReadResult } from './csv';
import { MAX_SKIP_SAMPLES } from './sink';
import type { SourceInfo } from './source';

/** Below this size one thread is quicker than starting a worker. */
export const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;

export interface ParallelOptions {
  /** Path of the bundled csvWorker.js; found beside this bundle when absent. */
  workerScript?: string;
  minBytes?: number;
}

export interface Split {
  /** Byte offset of the second half's first record. */
  offset: number;
  /** File line that record starts on. */
  line: number;
}

/** Message from the worker. */
export type PartMessage =
  | { type: 'bytes'; bytes: number }
  | { type: 'done'; result: ReadResult; firstRecordFields: number }
  | { type: 'error'; message: string; location?: LogInputError['location']; input: boolean };

export interface PartRequest extends Omit<CsvReadRequest, 'onBytes' | 'signal' | 'sink'> {
  range: { start: number; end?: number };
}

const SCAN_CHUNK = 4 * 1024 * 1024;

/**
 * Share of the file this thread reads. A bit under half: this thread also
 * scans for the split, starts the worker and joins the halves (measured on
 * 1M events: 0.45 is about 5% quicker end to end than 0.5).
 */
const FIRST_SHARE = 0.45;

/** Finds the first record boundary at or after the middle of the file by quote parity. */
export async function findSplit(file: string, info: SourceInfo, firstShare = FIRST_SHARE): Promise<Split | undefined> {
  const mid = info.bomBytes + Math.floor((info.size - info.bomBytes) * firstShare);
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(SCAN_CHUNK);
    let pos = info.bomBytes;
    let quotes = 0;
    let newlines = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, SCAN_CHUNK, pos);
      if (bytesRead === 0) return undefined;
      for (let i = 0; i < bytesRead; i++) {
        const c = buf[i];
        if (c === 0x22) quotes++;
        else if (c === 0x0a) {
          newlines++;
          if (pos + i >= mid && (quotes & 1) === 0) return { offset: pos + i + 1, line: newlines + 1 };
        }
      }
      pos += bytesRead;
    }
  } finally {
    await fh.close();
  }
}

function defaultWorkerScript(): string | undefined {
  const p = path.join(__dirname, 'csvWorker.js');
  return existsSync(p) ? p : undefined;
}

function joinSkips(a: SkipReport, b: SkipReport): SkipReport {
  return { count: a.count + b.count, first: [...a.first, ...b.first].slice(0, MAX_SKIP_SAMPLES) };
}

class Misaligned extends Error {}

function readPart(script: string, req: PartRequest, onBytes: (b: number) => void, signal?: AbortSignal): Promise<{ result: ReadResult; firstRecordFields: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: req });
    const onAbort = () => {
      void worker.terminate();
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const finish = () => signal?.removeEventListener('abort', onAbort);
    worker.on('message', (m: PartMessage) => {
      if (m.type === 'bytes') onBytes(m.bytes);
      else if (m.type === 'done') {
        finish();
        resolve({ result: m.result, firstRecordFields: m.firstRecordFields });
      } else {
        finish();
        reject(m.input ? new LogInputError(m.message, m.location) : new Error(m.message));
      }
    });
    worker.on('error', (e) => {
      finish();
      reject(e);
    });
  });
}

/**
 * Reads a CSV file, in two halves side by side when it is large, UTF-8 and a
 * worker script is at hand; else in one piece. Same result either way.
 * `header` is the file's header row as detection parsed it (the second half
 * starts after it); empty reads in one piece.
 */
export async function readCsvSplit(req: CsvReadRequest, header: string[], opts: ParallelOptions = {}): Promise<ReadResult> {
  const script = opts.workerScript ?? defaultWorkerScript();
  const big = req.info.size >= (opts.minBytes ?? PARALLEL_MIN_BYTES);
  if (!script || !big || req.info.encoding !== 'utf8' || req.sink || req.range) return readCsv(req);
  const split = await findSplit(req.file, req.info);
  if (!split || header.length === 0) return readCsv(req);

  let first = 0;
  let second = 0;
  const report = () => req.onBytes?.(first + second);
  const abort = new AbortController();
  const onOuterAbort = () => abort.abort(req.signal!.reason);
  req.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const { onBytes, signal, sink, ...plain } = req;
  const part = readPart(script, { ...plain, range: { start: split.offset }, header, firstLine: split.line }, (b) => ((second = b), report()), abort.signal);
  // The second half's outcome is only known after the first half; never leave its rejection unhandled.
  part.catch(() => undefined);
  try {
    let a: ReadResult;
    try {
      a = await readCsv({ ...req, range: { start: req.info.bomBytes, end: split.offset }, onBytes: (b) => ((first = b), report()), signal: abort.signal });
    } catch (e) {
      // A first half that ends inside a quoted field: the split was not a record boundary.
      if (e instanceof LogInputError && /never closed/.test(e.message) && e.location?.line !== undefined) throw new Misaligned();
      throw e;
    }
    const { result: b, firstRecordFields } = await part;
    if (firstRecordFields !== header.length && b.records > 0) throw new Misaligned();
    const events: EventTable = concatTables(a.events, b.events);
    return { events, skipped: joinSkips(a.skipped, b.skipped), records: a.records + b.records };
  } catch (e) {
    abort.abort();
    if (e instanceof Misaligned) return readCsv(req);
    throw e;
  } finally {
    req.signal?.removeEventListener('abort', onOuterAbort);
  }
}
