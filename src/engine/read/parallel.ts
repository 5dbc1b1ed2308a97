// Reads a large UTF-8 CSV file in two halves at once: this thread parses the
// first half while a worker thread parses the second, then the two event
// tables are joined. csv-parse is the bulk of the work and runs on one core;
// on a 2-core machine this roughly halves the read.
//
// The split must fall between records. It is guessed near the middle, where
// a record of the header's shape starts (two in a row with the header's
// field count and a time that parses, after a line with text), or, when no
// line there looks like that, by quote parity from the start of the file
// (with RFC 4180 escaping, "" inside quoted fields, a newline is outside
// quotes exactly when the number of quote characters before it is even; a
// stray quote can fool that). Either guess is proven, never trusted:
//
// - The first half is the one-piece read of the same bytes up to the split,
//   by the same parser. It must end with csv-parse outside quotes and no
//   broken quote met (PartInDoubt): then the split's line break ended a
//   record for the one-piece read too, and csv-parse holds no other state
//   across a record boundary (the record delimiters are fixed), so a parser
//   started at the split reads exactly what the one-piece read reads there.
// - The second half counts its lines from 1 and is moved to the file's lines
//   once the first half has ended: its first line is the one after the first
//   half's last record. That holds because the line before the split has
//   text (a record's last line, kept or skipped); a split guessed by parity
//   carries its file line, and the first half must end on the line before.
// - The second half reads as the one-piece read would from a record
//   boundary, broken quotes included (reported where they stand and, under
//   skip, dropped with the lines up to the next well-formed record). That is
//   what the one-piece read does there once the first half has proven the
//   split; until then it is only a guess, dropped with the split.
//
// The first half starts where the whole read starts, so it recovers from
// broken quotes too, unless what decides one lies past the split (csv-parse
// left inside quotes at the split, a broken record read past it, a resume
// after it): that is a doubt. A split the first half does not prove reads
// the file again in one piece; a second half that begins oddly all the same
// (a first record of another field count) is read again on this thread from
// the proven split.

import { open } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { concatTables } from '../events';
import { BadRowError, LogInputError, type EventTable, type LenientReport } from '../types';
import { MAX_LENIENT_SAMPLES, PartInDoubt, readCsv, resolveColumns, type CsvReadRequest, type ReadResult } from './csv';
import { RawCsv, type RecordShape } from './csvRaw';
import { joinSkipReports } from './sink';
import type { SourceInfo } from './source';

/** Below this size one thread is quicker than starting a worker. */
export const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;

export interface ParallelOptions {
  /** Path of the bundled csvWorker.js; found beside this bundle when absent. */
  workerScript?: string;
  minBytes?: number;
  /** The second half's thread, started ahead (startPartReader); the caller ends it when the read did not use it. */
  part?: PartReader;
}

export interface Split {
  /** Byte offset of the second half's first record. */
  offset: number;
  /** File line that record starts on, when the guess counted lines (the parity scan). */
  line?: number;
}

/** Message from the worker. */
export type PartMessage =
  | { type: 'bytes'; bytes: number }
  | { type: 'done'; result: ReadResult; firstRecordFields: number }
  | { type: 'error'; message: string; location?: LogInputError['location']; input: boolean; badRow?: boolean; doubt?: boolean };

export interface PartRequest extends Omit<CsvReadRequest, 'onBytes' | 'signal' | 'sink'> {
  range: { start: number; end?: number };
}

const SCAN_CHUNK = 4 * 1024 * 1024;

/**
 * Share of the file this thread reads. A little over half: the worker starts
 * its part later (the thread and its bundle take ~0.1 s to start) and parses
 * no faster. Measured with the fast CSV read on 1M events (CLI, timestamps of
 * each half's end, three runs each): at 0.5 the worker ended 100-200 ms after
 * this thread, at 0.51 0-150 ms after, at 0.52 this thread ended last. (With
 * the parity scan before both halves this thread also scanned, and 0.5 was
 * the balance then.)
 */
export const FIRST_SHARE = 0.51;

/** Lines after the middle looked at for a record start before the parity scan is used instead. */
const MAX_SPLIT_CANDIDATES = 64;

/**
 * Guesses the first record boundary after the middle of the file by what
 * the records look like (RawCsv.wellFormedAt: this record and the next have
 * the header's field count and a time that parses), at a line that follows
 * a line with text. Reads a few kilobytes where the parity scan reads half
 * the file (0.24 s of 1M events, during which the other core waited).
 * Undefined when none of the first MAX_SPLIT_CANDIDATES lines qualifies.
 */
export async function guessSplit(file: string, info: SourceInfo, shape: RecordShape, firstShare = FIRST_SHARE): Promise<Split | undefined> {
  const mid = info.bomBytes + Math.floor((info.size - info.bomBytes) * firstShare);
  const raw = new RawCsv(file, info, { offset: info.bomBytes, line: 1 });
  try {
    let at = mid;
    for (let i = 0; i < MAX_SPLIT_CANDIDATES; i++) {
      const next = await raw.nextLine(at);
      if (next === undefined || next >= info.size) return undefined;
      at = next;
      if (!(await raw.followsBlankLine(next)) && (await raw.wellFormedAt(next, shape))) return { offset: next };
    }
    return undefined;
  } finally {
    await raw.close();
  }
}

/**
 * Guesses the first record boundary at or after the middle of the file by
 * quote parity (when guessSplit finds none): a LF with an even number of quotes before it. Lines are
 * counted as editors count them (CRLF, LF, lone CR).
 */
export async function findSplit(file: string, info: SourceInfo, firstShare = FIRST_SHARE): Promise<Split | undefined> {
  const mid = info.bomBytes + Math.floor((info.size - info.bomBytes) * firstShare);
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(SCAN_CHUNK);
    let pos = info.bomBytes;
    let quotes = 0;
    let breaks = 0;
    let afterCr = false;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, SCAN_CHUNK, pos);
      if (bytesRead === 0) return undefined;
      for (let i = 0; i < bytesRead; i++) {
        const c = buf[i];
        if (c === 0x22) quotes++;
        else if (c === 0x0a) {
          // The LF of a CRLF was counted with its CR.
          if (!afterCr) breaks++;
          if (pos + i >= mid && (quotes & 1) === 0) return { offset: pos + i + 1, line: breaks + 1 };
        } else if (c === 0x0d) breaks++;
        afterCr = c === 0x0d;
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

class Misaligned extends Error {}

/**
 * The thread that reads the second half. It can be started before the split
 * is known (loadLog starts it before detection): starting a thread and
 * loading its bundle takes 0.1-0.2 s, which then passes while this thread
 * detects the columns and guesses the split, instead of after. It waits for
 * its request as a message; one never given a request is ended by `end`.
 */
export class PartReader {
  private readonly worker: Worker;
  /** A start failure (no script, no threads) before any request: the read that asks reports it. */
  private failed: unknown;
  private asked = false;
  /** Resolves once the thread has ended, however it ended. */
  readonly exited: Promise<void>;

  constructor(script: string) {
    this.worker = new Worker(script);
    // Waiting for a request, it keeps no process alive; a read refs it (the read's result is awaited on it).
    this.worker.unref();
    this.worker.on('error', (e) => (this.failed ??= e));
    live.add(this);
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', () => {
        live.delete(this);
        resolve();
      }),
    );
  }

  /** Reads `req` on the thread: its events, or the reader's error of the same kind. Once per reader. */
  read(req: PartRequest, onBytes: (b: number) => void, signal?: AbortSignal): Promise<{ result: ReadResult; firstRecordFields: number }> {
    if (this.asked) throw new Error('a part reader reads one part');
    this.asked = true;
    const worker = this.worker;
    worker.ref();
    return new Promise((resolve, reject) => {
      if (this.failed !== undefined) return reject(this.failed);
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
          reject(m.doubt ? new Misaligned() : m.input ? inputError(m.message, m.location, m.badRow === true) : new Error(m.message));
        }
      });
      worker.on('error', (e) => {
        finish();
        reject(e);
      });
      worker.on('exit', (code) => {
        finish();
        reject(new Error(`the thread reading the second half ended (exit code ${code}) without its result`));
      });
      worker.postMessage(req);
    });
  }

  /** Ends the thread if no read was asked of it (one asked for ends by itself, or by its signal). */
  end(): void {
    if (!this.asked) void this.worker.terminate();
  }
}

const live = new Set<PartReader>();

/** Part readers whose thread has not ended (none once every read is over: a thread left behind would keep a CLI from exiting). */
export function livePartReaders(): number {
  return live.size;
}

/**
 * A part reader started ahead of a read that will likely split: a large,
 * plain UTF-8 file that does not start like JSON, read as CSV or as detection
 * decides. Undefined otherwise, or when threads cannot be started.
 */
export function startPartReader(info: SourceInfo, format: string | undefined, opts: ParallelOptions = {}): PartReader | undefined {
  const script = opts.workerScript ?? defaultWorkerScript();
  if (!script || info.gzip || info.encoding !== 'utf8' || info.size < (opts.minBytes ?? PARALLEL_MIN_BYTES)) return undefined;
  if (format !== undefined ? format !== 'csv' : info.jsonLike) return undefined;
  try {
    return new PartReader(script);
  } catch {
    return undefined;
  }
}

/**
 * Whether readCsvSplit tries two halves for this request (it may still read
 * in one piece: a split it cannot find or prove, a column the header lacks).
 */
export function readsInTwoHalves(req: CsvReadRequest, header: string[], opts: ParallelOptions = {}): boolean {
  return twoHalvesScript(req, header, opts) !== undefined;
}

/** The second half's worker script when readCsvSplit tries two halves, else undefined. */
function twoHalvesScript(req: CsvReadRequest, header: string[], opts: ParallelOptions): string | undefined {
  const script = opts.workerScript ?? defaultWorkerScript();
  const big = req.info.size >= (opts.minBytes ?? PARALLEL_MIN_BYTES);
  const fits = big && req.info.encoding === 'utf8' && !req.sink && !req.range && !req.dialect && req.shortRows === undefined && header.length > 0;
  return fits ? script : undefined;
}

/**
 * Reads a CSV file, in two halves side by side when it is large, UTF-8 and a
 * worker script is at hand; else in one piece. Same result either way.
 * `header` is the file's header row as detection parsed it (the second half
 * starts after it); empty reads in one piece.
 */
export async function readCsvSplit(req: CsvReadRequest, header: string[], opts: ParallelOptions = {}): Promise<ReadResult> {
  const script = twoHalvesScript(req, header, opts);
  if (script === undefined) return readCsv(req);
  let time: number;
  try {
    time = resolveColumns(header, req.mapping, req.file).time;
  } catch {
    // A column missing from the header: the one-piece read says which.
    return readCsv(req);
  }
  const split = (await guessSplit(req.file, req.info, { delimiter: req.delimiter, fields: header.length, time })) ?? (await findSplit(req.file, req.info));
  if (!split) return readCsv(req);

  let first = 0;
  let second = 0;
  const report = () => req.onBytes?.(first + second);
  const abort = new AbortController();
  const onOuterAbort = () => abort.abort(req.signal!.reason);
  req.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const { onBytes, signal, sink, ...plain } = req;
  // The second half counts lines from 1: its place in the file is known once the first half has ended.
  // It reads as the whole read would from a record boundary (broken quotes recovered from): that is only
  // taken for true once the first half has proven the split one; else everything is read again in one piece.
  const reader = opts.part ?? new PartReader(script);
  const part = reader.read({ ...plain, range: { start: split.offset }, header, firstLine: 1, rangeAtRecord: true }, (b) => ((second = b), report()), abort.signal);
  // The second half's outcome is only known after the first half; never leave its rejection unhandled.
  part.catch(() => undefined);
  try {
    let lastLine = -1;
    // PartInDoubt: the first half met a broken quote or ended inside quotes (the split may be no record boundary).
    const a = await readCsv({
      ...req,
      range: { start: req.start?.offset ?? req.info.bomBytes, end: split.offset },
      // It starts where the whole read starts: broken quotes in it are recovered from as there, unless what
      // decides them lies past the split (then PartInDoubt).
      rangeAtRecord: true,
      onBytes: (b) => ((first = b), report()),
      onLastLine: (line) => (lastLine = line),
      signal: abort.signal,
    });
    if (lastLine < 1 || (split.line !== undefined && lastLine + 1 !== split.line)) throw new Misaligned();
    let b: ReadResult;
    try {
      const r = await part.catch((e: unknown) => {
        throw e instanceof LogInputError ? movedError(e, lastLine) : e;
      });
      if (r.firstRecordFields !== header.length && r.result.records > 0) throw new Misaligned();
      b = r.result;
      moveLines(b, lastLine);
    } catch (e) {
      if (!(e instanceof Misaligned)) throw e;
      // The second half began oddly (a first record of another field count;
      // it recovers from broken quotes itself), but the first half proved the
      // split a record boundary: only the second half is read again, here, as
      // the whole read would read it from there.
      b = await readCsv({
        ...req,
        range: { start: split.offset },
        header,
        firstLine: lastLine + 1,
        rangeAtRecord: true,
        onBytes: (n) => ((second = n), report()),
        signal: abort.signal,
      });
    }
    // Parts skip readCsv's header-only check: make it here so both reads say the same.
    if (a.records + b.records === 0) throw new LogInputError('the file has a header row but no data rows', { file: req.file, line: 2 });
    const events: EventTable = concatTables(a.events, b.events);
    const lenient = joinLenient(a.lenient, b.lenient);
    return { events, skipped: joinSkipReports(a.skipped, b.skipped), records: a.records + b.records, ...(lenient ? { lenient } : {}) };
  } catch (e) {
    abort.abort();
    if (e instanceof Misaligned || e instanceof PartInDoubt) return readCsv(req);
    throw e;
  } finally {
    req.signal?.removeEventListener('abort', onOuterAbort);
  }
}

/** Moves a part read's lines (counted from 1) down by `by`: the file line before its first. */
function moveLines(r: ReadResult, by: number): void {
  const { startLine, endLine, count } = r.events;
  for (let i = 0; i < count; i++) {
    startLine[i] += by;
    endLine[i] += by;
  }
  r.skipped.first = r.skipped.first.map((s) => ({ ...s, line: s.line + by, firstLine: s.firstLine + by, lastLine: s.lastLine + by }));
  if (r.lenient) r.lenient = { ...r.lenient, first: r.lenient.first.map((f) => ({ ...f, line: f.line + by })) };
}

/** The two halves' leniently read records as one report (the whole read keeps the first five too). */
function joinLenient(a: LenientReport | undefined, b: LenientReport | undefined): LenientReport | undefined {
  if (!a || !b) return a ?? b;
  return { count: a.count + b.count, first: [...a.first, ...b.first].slice(0, MAX_LENIENT_SAMPLES) };
}

/** The reader's error again, of the same kind (a bad row stopped the read, or another input error), at `location`. */
function inputError(message: string, location: LogInputError['location'], badRow: boolean): LogInputError {
  return badRow && location ? new BadRowError(message, location) : new LogInputError(message, location);
}

function movedError(e: LogInputError, by: number): LogInputError {
  const loc = e.location;
  return loc?.line === undefined ? e : inputError(e.message, { ...loc, line: loc.line + by }, e instanceof BadRowError);
}
