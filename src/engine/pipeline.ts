// The one entry for front ends: file + settings -> scored result. Reading is
// asynchronous and streamed; sessionizing, training and scoring are
// synchronous passes over the columnar events (callers run them off the UI
// thread).

import type { Detection, Doubt, LoadedLog, RunHooks, ScoredLog } from './stages';
import type { LenientReport } from './types';
import { assertRunOptions } from './options';
import type { Model } from './model/model';
import { trainModel } from './model/train';
import { readCsv, type ReadResult } from './read/csv';
import { inspectLog } from './read/detect';
import { consideredText, type Rejected } from './read/guess';
import type { TimeFormat } from './read/time';
import { isLineShape, readJson } from './read/json';
import { severalTablesText, type TableChoice } from './read/jsonTables';
import { plainTextKind } from './read/format';
import { readCsvSplit, readsInTwoHalves, startPartReader, type ParallelOptions, type PartReader } from './read/parallel';
import { SessionRowSink } from './read/presessionized';
import { inspectSource, type SourceInfo } from './read/source';
import { scoreSessions } from './score';
import { literalUserEntries } from './userColumns';
import { sessionize } from './sessionize';
import {
  DEFAULT_SCORE,
  DEFAULT_SESSIONIZE,
  LogInputError,
  type ColumnMapping,
  type EventTable,
  type ReadOptions,
  type ScoreOptions,
  type SessionizeOptions,
  type SessionTable,
  type SessionType,
} from './types';
import type { StopSignal } from './stop';

/** Fills the mapping's gaps from detection; a clear error names what is still missing and which columns were considered. */
export function completeMapping(file: string, given: Partial<ColumnMapping> | undefined, detection: Detection): ColumnMapping {
  const users = given?.users && given.users.length > 0 ? given.users : detection.mapping.users ?? [];
  const time = given?.time ?? detection.mapping.time;
  const event = given?.event ?? detection.mapping.event;
  const params = given && 'params' in given ? given.params : detection.mapping.params;
  const missing: string[] = [];
  // The columns considered and turned down, or that none was considered at all (a file-system journal names no one).
  const why = (rejected: Rejected[], none: string) => (rejected.length ? consideredText(rejected) : `: no column ${none}`);
  if (users.length === 0) missing.push(`user (--users)${why(detection.rejected.users, 'is named as a user, host or address, and none holds accounts')}`);
  if (!time) missing.push(`time (--time)${why(detection.rejected.time, 'is named as a time, and none holds dates and times on nearly every row')}`);
  if (!event) missing.push(`event (--event)${why(detection.rejected.event, 'is named as an event')}`);
  // Every role found, but among "column names" that are values (an IP address, an epoch time, a JSON object: the first
  // record read as the header; Bitbucket's audit log, where a user value "admin" then reads as a user column's name).
  // Only the user naming all three themselves reads the file so.
  if (missing.length === 0 && detection.headerAsData && !(given?.users?.length && given.time && given.event)) throw headerIsDataError(file, detection);
  if (missing.length > 0) {
    // Columns only in records detection could not read were never seen: say that those records exist.
    const u = detection.unreadable;
    const unread = u ? `. ${u.count} of the first ${u.of} records are not valid JSON (first at line ${u.line}: ${u.message}); their fields are not among these` : '';
    // Most sampled records unreadable: the JSON is what to fix, whatever columns the readable few happen to lack.
    if (u && u.count * 2 >= u.of) {
      const wrapped = /control character/i.test(u.message) ? ' (a raw line break or tab inside a string: was the file wrapped or edited?)' : '';
      throw new LogInputError(
        `${u.count} of the first ${u.of} records are not valid JSON, so the columns cannot be found: first at line ${u.line}: ${u.message}${wrapped}. Fix the JSON or export the log again`,
        { file, line: u.line },
      );
    }
    // A first line with no delimiter at all is one "column": the file is lines of text, not a table; say what it looks like.
    // A line of a known text log (syslog, a web access log) may hold a comma or a semicolon and still be no header.
    const line = detection.format === 'csv' && !detection.dialect && detection.header ? detection.header.join(detection.delimiter ?? ',') : undefined;
    const kind = line === undefined ? undefined : plainTextKind(line);
    if (line !== undefined && (detection.header!.length === 1 || kind)) {
      throw new LogInputError(
        `the file is not a table: ${detection.header!.length === 1 ? 'its first line has no column delimiter (comma, semicolon, tab or |)' : 'its first line is no header'}${kind ? ` and looks like ${kind}` : ''}. ` +
          'Sessionscope reads CSV or TSV with a header line, JSON, JSON Lines, Zeek and W3C (IIS) logs, key=value, CEF and LEEF lines (after a syslog header too) and Windows event XML: export these events in one of those forms (a SIEM search exported as CSV or JSON, for one) and score that file',
        { file, line: 1 + (detection.preamble?.lines ?? 0) },
      );
    }
    // A first line of data read as the header names no column the user could name: say that first.
    if (detection.headerAsData) throw headerIsDataError(file, detection);
    throw new LogInputError(`could not find the ${missing.join('; the ')}. Name it explicitly. Columns: ${detection.columns.slice(0, 40).join(', ')}${unread}`, { file, line: 1 + (detection.preamble?.lines ?? 0) });
  }
  // The detected reading of the time column only applies to the column it was decided for.
  const timeFormat = given?.timeFormat ?? (time === detection.mapping.time ? detection.mapping.timeFormat : undefined);
  return { users, time: time!, event: event!, params: params || undefined, ...timeFormatOf(timeFormat) };
}

/** The first line is a record, not a header: said with the values that show it. */
function headerIsDataError(file: string, detection: Detection): LogInputError {
  const data = detection.headerAsData!;
  return new LogInputError(
    `the first line looks like a record, not a header (${data.slice(0, 3).map((d) => JSON.stringify(d.trim().slice(0, 40))).join(', ')} are values, not column names): Sessionscope reads delimited files with a header line naming the columns; add one (the fields of this file, in order) and score it again`,
    { file, line: 1 + (detection.preamble?.lines ?? 0) },
  );
}

/** `{ timeFormat }` when one is set, so mappings without one compare equal to those written before it existed. */
function timeFormatOf(timeFormat: TimeFormat | undefined): { timeFormat?: TimeFormat } {
  return timeFormat ? { timeFormat } : {};
}

/** The doubts with the note on a query result's tables as the read found them (in place of detection's, from the head). */
function tableDoubt(doubts: Doubt[], table: TableChoice | undefined): Doubt[] {
  if (!table) return doubts;
  const several = severalTablesText(table);
  return [...doubts.filter((d) => d.role !== 'table'), ...(several ? [{ role: 'table' as const, text: several }] : [])];
}

/** Detection's doubts about the roles the caller left to it. */
export function doubtsFor(detection: Detection, given: Partial<ColumnMapping> | undefined): Doubt[] {
  const named = (role: Doubt['role']): boolean => {
    if (role === 'users') return (given?.users?.length ?? 0) > 0;
    if (role === 'timeFormat') return given?.timeFormat !== undefined || (given?.time !== undefined && given.time !== detection.mapping.time);
    // Which table of a query result is read, how rows were read: no mapping names them.
    if (role === 'table' || role === 'rows') return false;
    return given?.[role] !== undefined;
  };
  return (detection.doubts ?? []).filter((d) => !named(d.role));
}

function throttled(hooks: RunHooks | undefined, total: number, twoThreads: () => boolean): ((bytes: number) => void) | undefined {
  if (!hooks?.onProgress) return undefined;
  let last = -1;
  return (bytes) => {
    const pct = Math.floor((100 * bytes) / Math.max(1, total));
    if (pct === last) return;
    last = pct;
    hooks.onProgress!({ stage: 'read', bytesRead: bytes, totalBytes: total, twoThreads: twoThreads() });
  };
}

export interface LoadRequest {
  file: string;
  mapping?: Partial<ColumnMapping>;
  read?: Partial<ReadOptions>;
  /** Treat rows as sessions already (a commands-array column); auto-detected when undefined. */
  preSessionized?: boolean;
  /** How large CSV files are read in two halves side by side (see read/parallel.ts); `{ minBytes: Infinity }` reads in one piece. */
  parallel?: ParallelOptions;
  /** Reuse a detection made earlier (the extension inspects first to choose columns). */
  detection?: Detection;
}

/** Where a CSV read starts when a line comes before the header (Detection.preamble): the header's byte offset and line. */
export function headerStart(info: SourceInfo, detection: Pick<Detection, 'preamble'>): { offset: number; line: number } | undefined {
  const p = detection.preamble;
  return p ? { offset: info.bomBytes + p.bytes, line: 1 + p.lines } : undefined;
}

export async function loadLog(req: LoadRequest, hooks?: RunHooks): Promise<LoadedLog> {
  const t0 = performance.now();
  const file = req.file;
  const info = await inspectSource(file);
  // The second half's thread starts now, while the columns are detected (ended below if the read does not take it).
  const part = startPartReader(info, req.read?.format, req.parallel);
  try {
    return await loadWith(req, hooks, info, t0, part);
  } finally {
    part?.end();
  }
}

async function loadWith(req: LoadRequest, hooks: RunHooks | undefined, info: SourceInfo, t0: number, part: PartReader | undefined): Promise<LoadedLog> {
  const file = req.file;
  const detection = req.detection ?? (await inspectLog(file, { format: req.read?.format, explode: req.read?.explode }));
  const policy = req.read?.onBadRow ?? 'stop';
  let twoThreads = false;
  const onBytes = throttled(hooks, info.size, () => twoThreads);
  const pre = detection.preSessionized && (req.preSessionized ?? !req.mapping?.event) ? detection.preSessionized : undefined;
  const chosen = pre
    ? { users: req.mapping?.users?.length ? req.mapping.users : pre.users, time: req.mapping?.time ?? pre.begin, event: pre.commands, params: pre.params, ...timeFormatOf(req.mapping?.timeFormat ?? (pre.begin === detection.mapping.time ? detection.mapping.timeFormat : undefined)) }
    : completeMapping(file, req.mapping, detection);
  // A user entry that is exactly one of the file's columns names that column, `|` and all (else `a|b` joins a and b).
  const mapping = { ...chosen, users: literalUserEntries(chosen.users, detection.columns) };
  if (mapping.users.length === 0) throw new LogInputError('could not find the user column(s); name them explicitly', { file, line: 1 });
  const sink = pre ? new SessionRowSink(file, mapping, policy) : undefined;
  const format = req.read?.format ?? detection.format;
  const delimiter = req.read?.delimiter ?? detection.delimiter ?? ',';
  // Detection's header row, when it parsed the file as this CSV dialect (its columns add the paths inside JSON cells).
  const header = detection.format === 'csv' && delimiter === detection.delimiter ? (detection.header ?? []) : [];
  // An explicit '' turns exploding off; else what was asked, else what detection saw.
  const explode = req.read?.explode !== undefined ? req.read.explode || undefined : detection.explode;
  if (explode !== undefined && format === 'csv') throw new LogInputError(`exploding records by ${JSON.stringify(explode)} applies to JSON input; this file is read as CSV`, { file });
  // A log headed by directive lines (Zeek, W3C), when detection saw one and the read is of the same dialect.
  const dialect = format === 'csv' && delimiter === detection.delimiter ? detection.dialect : undefined;
  // A line before the header (PowerShell's #TYPE): the read starts at the header, its lines counted as the file's.
  const start = format === 'csv' && delimiter === detection.delimiter ? headerStart(info, detection) : undefined;
  // Rows that leave trailing empty fields out, when detection saw every sampled row do so in this reading.
  const shortRows = format === 'csv' && delimiter === detection.delimiter ? detection.shortRows : undefined;
  const csvRequest = { file, info, delimiter, mapping, policy, sink, onBytes, signal: hooks?.signal, ...(dialect ? { dialect } : {}), ...(start ? { start } : {}), ...(shortRows ? { shortRows } : {}) };
  twoThreads = format === 'csv' && !info.gzip && part !== undefined && readsInTwoHalves(csvRequest, header, { ...req.parallel, part });
  const result: ReadResult & { table?: TableChoice } =
    format === 'csv'
      ? info.gzip
        ? await readCsv(csvRequest) // gunzip is one stream: no reading in two halves
        : await readCsvSplit(csvRequest, header, { ...req.parallel, part })
      : await readJson({ file, info, shape: format === 'jsonl' ? 'lines' : isLineShape(format) ? format : 'document', mapping, policy, explode, sink, onBytes, signal: hooks?.signal, table: format === 'json' ? detection.table?.index : undefined, passOver: format === 'json' ? detection.passOver : undefined });
  // A query result's tables as the read counted them all (detection may have seen the head only).
  const table = result.table;
  if (result.events.count === 0) {
    const first = result.skipped.first[0];
    const rows = result.records === 1 ? 'the one row was skipped' : `all ${result.records} rows were skipped`;
    throw new LogInputError(`no usable events: ${rows}${first ? ` (first: line ${first.line}: ${first.reason})` : ''}`, { file, line: first?.line });
  }
  return {
    file,
    format: detection.format,
    ...(explode !== undefined && format !== 'csv' ? { explode } : {}),
    ...(dialect ? { dialect } : {}),
    ...(table ? { table } : {}),
    mapping,
    events: result.events,
    skipped: result.skipped,
    bytes: info.size,
    readMs: performance.now() - t0,
    doubts: [...(pre ? [] : tableDoubt(doubtsFor(detection, req.mapping), table)), ...lenientNote(result.lenient), ...nullsNote(result.nulls)],
    sessionsFromFile: result.sessions,
  };
}

/** The note that says which records were read leniently (a quote inside a quoted field not doubled). */
export function lenientNote(r: LenientReport | undefined): Doubt[] {
  if (!r || r.count === 0) return [];
  const where = r.first.map((f) => `line ${f.line}, column ${f.column}${f.field ? ` in ${f.field}` : ''}`).join('; ');
  const more = r.count > r.first.length ? `; ${(r.count - r.first.length).toLocaleString('en-US')} more` : '';
  const records = r.count === 1 ? '1 record has' : `${r.count.toLocaleString('en-US')} records have`;
  return [{ role: 'rows', note: true, text: `${records} a double quote inside a quoted field that is not doubled as "": read as part of the value, as spreadsheets and most CSV readers read it (${where}${more})` }];
}

/** The note that says how many JSON records were null and passed over. */
function nullsNote(n: ReadResult['nulls']): Doubt[] {
  if (!n) return [];
  return [{ role: 'rows', note: true, text: `${n.count === 1 ? '1 record is' : `${n.count.toLocaleString('en-US')} records are`} JSON null (the first on line ${n.line}): passed over, as holding no event` }];
}

/** The richest session type the data supports. */
export function resolveSessionType(events: EventTable, requested: ScoreOptions['sessionType']): SessionType {
  if (requested !== 'auto') return requested;
  if (!events.hasParams || events.paramIds.length === 0) return 'cmds_only';
  return events.valueIds.some((v) => v >= 0) ? 'cmds_params_values' : 'cmds_params_only';
}

export interface Reuse {
  model?: Model;
  sessions?: SessionTable;
}

/**
 * Sessionizes, trains and scores a loaded log. A stop asked of
 * `hooks.signal` (RunHooks' AbortSignal, or a SharedStop from another thread)
 * ends the work within a few milliseconds, throwing its reason; `log` is only
 * read, so it serves the next scoreLog as it is.
 */
export function scoreLog(log: LoadedLog, sessionizeOpts: Partial<SessionizeOptions> = {}, scoreOpts: Partial<ScoreOptions> = {}, reuse: Reuse = {}, hooks?: { signal?: StopSignal }): ScoredLog {
  const signal = hooks?.signal;
  const sess: SessionizeOptions = { ...DEFAULT_SESSIONIZE, ...definedOnly(sessionizeOpts) };
  const opts = { ...DEFAULT_SCORE, ...definedOnly(scoreOpts) };
  // Front ends check these already (engine/options.ts); this catches a caller that did not.
  assertRunOptions({ sessionize: sess, score: opts });
  const t0 = performance.now();
  const sessions = reuse.sessions ?? log.sessionsFromFile ?? sessionize(log.events, sess, signal);
  const t1 = performance.now();
  const sessionType = reuse.model ? reuse.model.sessionType : resolveSessionType(log.events, opts.sessionType);
  const model = reuse.model ?? trainModel(log.events, sessions, sessionType, opts.modellableParams, signal);
  const t2 = performance.now();
  const scores = scoreSessions(log.events, sessions, model, opts, undefined, signal);
  const t3 = performance.now();
  return {
    log,
    sessionize: sess,
    score: { ...opts, sessionType },
    sessions,
    model,
    scores,
    timings: {
      readMs: log.readMs,
      sessionizeMs: t1 - t0,
      trainMs: t2 - t1,
      scoreMs: t3 - t2,
      totalMs: log.readMs + (t3 - t0),
    },
  };
}


/** The fields of `o` that are set (so spreading them over defaults keeps the defaults for the rest). */
export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
