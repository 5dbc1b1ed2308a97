// What each stage of the engine hands on: a Detection (the head of a file),
// a LoadedLog (events ready to sessionize), a ScoredLog (sessions, model and
// scores), and the hooks a run takes. Front ends (CLI, worker, extension,
// tests) use these types; the module that builds each is named beside it.

import type { Dialect } from './read/directiveLogs';
import type { TableChoice, TableColumn } from './read/jsonTables';
import type {
  ColumnMapping,
  EventTable,
  LogFormat,
  PipelineProgress,
  ScoreOptions,
  SessionizeOptions,
  SessionScores,
  SessionTable,
  SessionType,
  SkipReport,
  StageTimings,
} from './types';
import type { Model } from './model/model';

/** A guess for one role (time, user, event, params), best first. */
export interface ColumnGuess {
  column: string;
  /** 0..1 */
  score: number;
  /** Why: "name matches 'TimeGenerated'", "95% of values parse as times". */
  evidence: string[];
  /**
   * Users only: another person's column that names the actor on the rows this one leaves empty, and on few of the
   * rows it fills (a union of two tables that name the actor in different columns).
   */
  complement?: string;
}

/** Something detection is unsure of, and the role it concerns (a role the user names drops its doubts). */
export interface Doubt {
  /** `rows`: how the read took some records (a note from the read, not detection). */
  role: 'time' | 'users' | 'event' | 'timeFormat' | 'table' | 'rows';
  text: string;
  /** Something to know about the data the chosen column holds, not a doubt about the choice: said, but not asked about. */
  note?: true;
}

/** What detect.ts learns from the head of a file (read/detect.ts: inspectLog). */
export interface Detection {
  file: string;
  format: LogFormat;
  /** CSV only. */
  delimiter?: string;
  /** CSV only: a log headed by '#' directive lines, split by its own rules (read/directiveLogs.ts: Zeek's format, W3C/IIS). */
  dialect?: Dialect;
  encoding: 'utf8' | 'utf16le' | 'utf16be';
  /** Every column seen (dotted paths for nested JSON, and for JSON objects in CSV cells). */
  columns: string[];
  /** CSV only: the header row's fields as the file has them (what a part of the file read on its own is given). */
  header?: string[];
  /** CSV only: header cells that read as data (times, numbers, addresses): the file likely has no header line. */
  headerAsData?: string[];
  /**
   * CSV only: every sampled record has this many fields, fewer than the header names (an exporter that leaves
   * trailing empty fields out): the read takes rows that short, or longer up to the header's count, as having the
   * missing trailing fields empty.
   */
  shortRows?: number;
  /** CSV only: a line before the header that is no part of the table (PowerShell's `#TYPE`, Excel's `sep=`); the read starts after it. */
  preamble?: { lines: number; bytes: number };
  /** Up to 5 distinct sample values per column, for quick picks (a null-prototype object: read it with Object.hasOwn, never assign into it). */
  samples: Record<string, string[]>;
  guesses: {
    time: ColumnGuess[];
    users: ColumnGuess[];
    event: ColumnGuess[];
    params: ColumnGuess[];
  };
  /** Best mapping from the guesses; undefined fields where nothing fits. */
  mapping: Partial<ColumnMapping>;
  /** Name-matched columns turned down per role, with why ("constant", "empty", "holds objects"). */
  rejected: Record<'time' | 'users' | 'event', { column: string; why: string }[]>;
  /** True when time, at least one user and event were found with good evidence. */
  confident: boolean;
  /** What detection is unsure of, in the user's words: shown on stderr, in the panel's columns line and the quick picks. */
  doubts: Doubt[];
  /** Set when rows look like sessions already (a JSON-array column of commands). */
  preSessionized?: { commands: string; params?: string; begin: string; end?: string; users: string[] };
  /** JSON: the array field whose elements are each record's events, when detected (columns then include its inner paths). */
  explode?: string;
  /** JSON: a query result in columns-and-rows form (Log Analytics, Kusto v1): the table whose rows are read, its columns, the tables seen. */
  table?: TableChoice & { columns: TableColumn[] };
  /** JSON: paths of arrays of objects before the records that describe the result (a column list, messages, statistics): the reader passes them over. */
  passOver?: string[];
  /** JSON: records in the sampled head that are not valid JSON (detection saw only the rest), and where the first is. */
  unreadable?: { count: number; of: number; line: number; message: string };
}

/** A parsed log: events ready to sessionize (pipeline.ts: loadLog). */
export interface LoadedLog {
  file: string;
  format: LogFormat;
  /** JSON: the array field each record was exploded by into events. */
  explode?: string;
  /** CSV: read as a log headed by directive lines (Zeek's format, W3C/IIS). */
  dialect?: Dialect;
  /** JSON: a query result in columns-and-rows form, and which of its tables was read. */
  table?: TableChoice;
  mapping: ColumnMapping;
  events: EventTable;
  skipped: SkipReport;
  bytes: number;
  readMs: number;
  /** What detection was unsure of in the mapping used (roles the caller named are not doubted). */
  doubts: Doubt[];
  /** Set when the input rows were sessions already: the sessions the file gave, used instead of sessionizing. */
  sessionsFromFile?: SessionTable;
}

/** A scored log (pipeline.ts: scoreLog). */
export interface ScoredLog {
  log: LoadedLog;
  sessionize: SessionizeOptions;
  score: ScoreOptions & { sessionType: SessionType };
  sessions: SessionTable;
  model: Model;
  scores: SessionScores;
  timings: StageTimings;
}


export interface RunHooks {
  onProgress?: (p: PipelineProgress) => void;
  signal?: AbortSignal;
}
