// Shared vocabulary of the engine. Pure data: no I/O, no `vscode`.

import type { BadRowPolicy, SessionType, TimeFormat } from './options';

// The options (session type, boundary, bad-row policy, the option groups and
// their defaults) are defined once, with their runtime checks, in options.ts.
export {
  DEFAULT_SCORE,
  DEFAULT_SESSIONIZE,
  SESSION_TYPES,
  type BadRowPolicy,
  type Boundary,
  type ScoreOptions,
  type SessionizeOptions,
  type SessionType,
} from './options';

export type LogFormat = 'csv' | 'json' | 'jsonl' | 'kv' | 'cef' | 'leef' | 'xml';

export const START_TOKEN = '##START##';
export const END_TOKEN = '##END##';
export const UNK_TOKEN = '##UNK##';

/** Which columns (dotted paths in JSON) hold what. */
export interface ColumnMapping {
  /** One or more user identifier columns; together they name whose session it is. */
  users: string[];
  time: string;
  event: string;
  /** Column holding the command's parameters; absent means no params. */
  params?: string;
  /** How the time column is read (day order of slashed dates, unit of bare numbers); auto when absent. */
  timeFormat?: TimeFormat;
}

/** Rows that are already sessions (the Sentinel notebook's Kusto output). */
export interface PreSessionizedMapping {
  users: string[];
  /** JSON array of command names. */
  commands: string;
  /** Optional JSON array, one params value per command. */
  params?: string;
  begin: string;
  end?: string;
}

export interface ReadOptions {
  format?: LogFormat;
  /** CSV delimiter; detected when absent. */
  delimiter?: string;
  /**
   * JSON: path of an array field whose elements are a record's events
   * (`events` in Google Workspace activities); detected when obvious, '' turns it off.
   */
  explode?: string;
  onBadRow: BadRowPolicy;
}

/** Where something stands in a file. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
  /** The column (field) name, where a field is to blame. */
  field?: string;
}

/** Bad input: carries where it is so every front end can say it. */
export class LogInputError extends Error {
  constructor(
    message: string,
    readonly location?: SourceLocation,
  ) {
    super(message);
    this.name = 'LogInputError';
  }

  /** `file:line:column: message`, the form editors and terminals link. */
  describe(): string {
    return formatLocation(this.location) + this.message;
  }
}

/** A bad row that stopped a read under the `stop` policy (under `skip` it would have been skipped and reported). */
export class BadRowError extends LogInputError {
  constructor(message: string, location: SourceLocation) {
    super(message, location);
    this.name = 'BadRowError';
  }
}

export function formatLocation(loc: SourceLocation | undefined): string {
  if (!loc) return '';
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}`;
  if (loc.line !== undefined && loc.column !== undefined) s += `:${loc.column}`;
  return s + ': ';
}

/**
 * CSV records read leniently: a double quote inside a quoted field that is
 * not doubled, taken as part of the value where that reading gives the
 * header's field count and a well-formed record follows (csvRaw.ts:
 * lenientRecord). Said to the user as a note; the records are kept.
 */
export interface LenientReport {
  count: number;
  /** The first few: the quote's line and column, and its column's name. */
  first: { line: number; column: number; field: string }[];
}

export interface SkippedRow {
  /** Where the problem is (for a broken quote: the quote); `column` likewise. */
  line: number;
  column?: number;
  reason: string;
  /** The lines dropped with it, first and last (a broken quote can take many lines). */
  firstLine: number;
  lastLine: number;
}

export interface SkipReport {
  /** Records skipped. */
  count: number;
  /** File lines those records covered: "1 skipped row" can be 30,000 lines. */
  lines: number;
  /** The most lines a single skip covered. */
  longest: number;
  /** Lines the reader went through (the file's, for a whole read), when known. */
  totalLines?: number;
  /** The first few, for the message and the output channel. */
  first: SkippedRow[];
}

/**
 * Events in columns: one entry per kept event, in file order. Strings are
 * interned so memory follows the number of events, not the file text.
 */
export interface EventTable {
  count: number;
  userColumns: string[];
  /** Per user column: the distinct values seen. */
  userValues: string[][];
  /** Per user column: index into userValues, -1 for missing/empty. */
  userIds: Int32Array[];
  /** Whole milliseconds since the epoch (UTC). */
  timeMs: Float64Array;
  /** Nanoseconds within the millisecond, so sub-millisecond order is kept. */
  timeNs: Uint32Array;
  commandNames: string[];
  commandIds: Int32Array;
  paramNames: string[];
  valueStrings: string[];
  /** Params of event i are entries paramOffsets[i] .. paramOffsets[i+1]. */
  paramOffsets: Int32Array;
  paramIds: Int32Array;
  /** -1 where the value is empty. */
  valueIds: Int32Array;
  /** First and last file line (1-based) of each event's record. */
  startLine: Int32Array;
  endLine: Int32Array;
  /**
   * 1-based first column on startLine and last column on endLine (UTF-16
   * units), present when the reader knows them (JSON documents, where records
   * can share a line); 0 or absent: the whole lines.
   */
  startColumn?: Int32Array;
  endColumn?: Int32Array;
  /** Whether a params column was read at all. */
  hasParams: boolean;
}

/** Sessions over an EventTable: event indices grouped per session, each in time order. */
export interface SessionTable {
  count: number;
  /** Session s holds events eventOrder[offsets[s]] .. eventOrder[offsets[s+1]-1]. */
  offsets: Int32Array;
  eventOrder: Int32Array;
}

/** Per-session scores, indexed by session. NaN where a session has no window. */
export interface SessionScores {
  sessionType: SessionType;
  window: number;
  useTokens: boolean;
  geomean: boolean;
  rarestWindowLikelihood: Float64Array;
  rarestWindowLogLikelihood: Float64Array;
  /** Position of the rarest window within its session, -1 when none. */
  rarestWindowStart: Int32Array;
  /** Number of commands in the rarest window (can be < k at the session's end). */
  rarestWindowLength: Int32Array;
  sessionLikelihood: Float64Array;
  sessionLogLikelihood: Float64Array;
  sessionGeomeanLikelihood: Float64Array;
  /** Sessions in rank order: most anomalous first, NaN last. */
  ranking: Int32Array;
}

export interface StageTimings {
  readMs: number;
  sessionizeMs: number;
  trainMs: number;
  scoreMs: number;
  totalMs: number;
}

export type PipelineStage = 'read' | 'sessionize' | 'train' | 'score';

export interface PipelineProgress {
  stage: PipelineStage;
  bytesRead: number;
  totalBytes: number;
  /** Reading only: whether a second thread reads part of the file (a large CSV read in two halves, read/parallel.ts). */
  twoThreads?: boolean;
}
