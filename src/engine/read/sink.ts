// Turns raw records (from any reader) into events: parses times and params,
// applies the bad-row policy and remembers where each bad row stands.

import { EventTableBuilder } from '../events';
import { compactNameValueParams, nameText, paramsFromText, paramsFromValue, ParamsParseError, valueText, type Params } from '../params';
import { BadRowError, type BadRowPolicy, type ColumnMapping, type EventTable, type SessionTable, type SkipReport, type SkippedRow } from '../types';
import { cellPathValue } from './jsonPaths';
import { parseTime, type Instant } from './time';
import { CLOCK_ONLY } from './columnStats';
import { coalesceUsers, userPlan, type UserPlan } from '../userColumns';

/** How many skipped rows a report keeps (the rest are counted). */
export const MAX_SKIP_SAMPLES = 10;

/** Skips above this share of the file's lines call for a warning, not a footnote. */
export const SKIP_WARN_SHARE = 0.01;
/** A single skip covering more lines than this calls for a warning too. */
export const SKIP_WARN_LINES = 100;

/** Lines [first, last] dropped with a bad row. */
export interface LineSpan {
  first: number;
  last: number;
}

export interface BadField {
  /** Column name (mapping field). */
  field: string;
  /** 1-based field position in a CSV row, when known. */
  column?: number;
}

/** Where the fields of a record stand, for messages (CSV: 1-based field numbers). */
export type FieldPositions = Partial<Record<'time' | 'event' | 'params', number>>;

export class EventSink {
  protected readonly builder: EventTableBuilder;
  protected readonly instant: Instant = { ms: 0, ns: 0 };
  private readonly skippedFirst: SkippedRow[] = [];
  private skippedCount = 0;
  private skippedLines = 0;
  private longestSkip = 0;
  /** Lines of the record being added, for the skip report. */
  private currentFirst = 0;
  private currentLast = 0;

  constructor(
    private readonly file: string,
    readonly mapping: ColumnMapping,
    private readonly policy: BadRowPolicy,
    protected positions: FieldPositions = {},
  ) {
    this.builder = new EventTableBuilder(mapping.users, mapping.params !== undefined);
    this.users = userPlan(mapping.users);
    this.entryValues = new Array(mapping.users.length);
  }

  /**
   * The mapping's user entries and the columns they read: readers hand add()
   * one value per source column (`users.sources`), the sink combines a
   * coalesced entry's (`a|b`) into its one value.
   */
  readonly users: UserPlan;
  private readonly entryValues: (string | undefined)[];

  /**
   * One value per user entry from the source columns' values (the same array when no entry joins columns);
   * `event`: the row's command, for parts that apply on some events only (undefined: none of those applies).
   */
  protected userValues(sources: (string | undefined)[], event?: string): (string | undefined)[] {
    return this.users.coalesced ? coalesceUsers(this.users, sources, this.entryValues, event) : sources;
  }

  /**
   * Tells the sink the 0-based field indices of a CSV header, for messages,
   * and, with the header, which mapped names are paths into a column's JSON
   * text (`InitiatedBy.user.userPrincipalName` read from the `InitiatedBy` column).
   */
  setPositions(cols: { users?: number[]; time: number; event: number; params: number }, header?: string[]): void {
    this.positions = { time: cols.time + 1, event: cols.event + 1, params: cols.params >= 0 ? cols.params + 1 : undefined };
    if (!header) return;
    const m = this.mapping;
    const inner = (name: string | undefined, i: number | undefined): string | undefined => {
      if (name === undefined || i === undefined || i < 0) return undefined;
      const col = header[i];
      return col === name || col === name.trim() || !name.startsWith(col + '.') ? undefined : name.slice(col.length + 1);
    };
    const paths = {
      users: this.users.sources.map((u, k) => inner(u, cols.users?.[k])),
      time: inner(m.time, cols.time),
      event: inner(m.event, cols.event),
      params: inner(m.params, cols.params),
    };
    const any = paths.users.some((p) => p !== undefined) || paths.time !== undefined || paths.event !== undefined || paths.params !== undefined;
    this.cellPaths = any ? paths : undefined;
  }

  /** Paths into JSON text cells, per role (CSV columns named by a path). */
  private cellPaths: { users: (string | undefined)[]; time?: string; event?: string; params?: string } | undefined;

  /** The readers' strings are views of a larger text: the table keeps copies of the users and commands it interns (Interner.id's `own`). */
  ownStrings = false;

  get count(): number {
    return this.builder.count;
  }

  /**
   * Records a bad row: throws under the `stop` policy, counts it under `skip`.
   * Reader-level errors (malformed CSV, bad JSON) come through here too;
   * `span` is the lines dropped with it (default: the record being added, or `line`).
   */
  bad(line: number, reason: string, where?: BadField, span?: LineSpan): void {
    if (this.trying) {
      this.triedBad = true;
      return;
    }
    const column = where?.column;
    if (this.policy === 'stop') {
      throw new BadRowError(reason, { file: this.file, line, column, field: where?.field });
    }
    const s = span ?? (this.currentFirst > 0 && this.currentFirst <= line && line <= this.currentLast ? { first: this.currentFirst, last: this.currentLast } : { first: line, last: line });
    const lines = s.last - s.first + 1;
    this.skippedCount++;
    this.skippedLines += lines;
    this.longestSkip = Math.max(this.longestSkip, lines);
    if (this.skippedFirst.length < MAX_SKIP_SAMPLES) this.skippedFirst.push({ line, column, reason, firstLine: s.first, lastLine: s.last });
  }

  /** While set, bad() only notes that the record tried is bad (tryAdd). */
  private trying = false;
  private triedBad = false;

  /**
   * Runs `add` for a record that is to be reported otherwise if it is bad (a
   * record read leniently, csv.ts): true when it was added; false when it was
   * bad, and then nothing was added, thrown or counted.
   */
  tryAdd(add: () => void): boolean {
    this.trying = true;
    this.triedBad = false;
    try {
      add();
    } finally {
      this.trying = false;
    }
    return !this.triedBad;
  }

  /** Parses the record's time into `this.instant`; false (after reporting) when it is bad. */
  protected time(time: unknown, startLine: number): boolean {
    const m = this.mapping;
    if (time === undefined || time === null || time === '') {
      this.bad(startLine, `empty time in column ${m.time}`, { field: m.time, column: this.positions.time });
      return false;
    }
    if (!(typeof time === 'string' || typeof time === 'number') || !parseTime(time, this.instant, m.timeFormat)) {
      // A time of day alone (a W3C log's time field with no date field) says what it lacks and how to give it.
      const clock = typeof time === 'string' && CLOCK_ONLY.test(time) ? ': a time of day with no date (name the date column with it: --time DATE+CLOCK; in a W3C log, #Date+CLOCK dates it by its #Date: directive)' : '';
      this.bad(startLine, `unparseable time ${quote(valueText(time))} in column ${m.time}${clock}`, { field: m.time, column: this.positions.time });
      return false;
    }
    return true;
  }

  /**
   * Adds one record; returns false when it was skipped as bad. Columns (0: whole lines) place records that share a line.
   * `users`: one value per source column (this.users.sources).
   */
  add(users: (string | undefined)[], time: unknown, event: unknown, params: unknown, startLine: number, endLine: number, startColumn = 0, endColumn = 0): boolean {
    const m = this.mapping;
    this.currentFirst = startLine;
    this.currentLast = endLine;
    const cp = this.cellPaths;
    if (cp) {
      for (let u = 0; u < users.length; u++) {
        const p = cp.users[u];
        if (p === undefined) continue;
        const v = cellPathValue(users[u], p);
        users[u] = v === undefined || v === null ? undefined : nameText(v);
      }
      if (cp.time !== undefined) time = cellPathValue(time, cp.time);
      if (cp.event !== undefined) event = cellPathValue(event, cp.event);
      if (cp.params !== undefined) params = cellPathValue(params, cp.params);
    }
    if (!this.time(time, startLine)) return false;
    const command = event === undefined || event === null ? '' : nameText(event);
    if (command === '') {
      this.bad(startLine, `empty event in column ${m.event}`, { field: m.event, column: this.positions.event });
      return false;
    }
    // A cache of params text -> interned ids was measured and dropped: with
    // 55% of texts repeated (1M Exchange events) it cost more than it saved,
    // the kept texts surviving into the old generation.
    let p: Params | undefined;
    let quick: Params | undefined;
    if (m.params !== undefined && params !== undefined && params !== null && params !== '') {
      // The compact Exchange shape without JSON.parse and its objects (about 18% less params time); anything else as before.
      quick = typeof params === 'string' ? compactNameValueParams(params) : undefined;
      try {
        p = quick ?? (typeof params === 'string' ? paramsFromText(params) : paramsFromValue(params));
      } catch (e) {
        if (!(e instanceof ParamsParseError)) throw e;
        this.bad(startLine, `${e.message} in column ${m.params}`, { field: m.params, column: this.positions.params });
        return false;
      }
    }
    this.builder.add(this.userValues(users, command), this.instant.ms, this.instant.ns, command, p, startLine, endLine, startColumn, endColumn, quick !== undefined, this.ownStrings);
    return true;
  }

  /** Sessions given by the file itself (pre-sessionized input); undefined: sessionize the events. */
  sessions(): SessionTable | undefined {
    return undefined;
  }

  skipped(totalLines?: number): SkipReport {
    return { count: this.skippedCount, lines: this.skippedLines, longest: this.longestSkip, totalLines, first: this.skippedFirst.slice() };
  }

  build(): EventTable {
    return this.builder.build();
  }
}

/** Quotes untrusted text for a message, cut to a readable length. */
export function quote(s: string, max = 60): string {
  const cut = s.length > max ? s.slice(0, max) + '…' : s;
  return JSON.stringify(cut);
}

/** Two reports of consecutive parts of one file as one. */
export function joinSkipReports(a: SkipReport, b: SkipReport): SkipReport {
  return {
    count: a.count + b.count,
    lines: a.lines + b.lines,
    longest: Math.max(a.longest, b.longest),
    totalLines: a.totalLines !== undefined && b.totalLines !== undefined ? a.totalLines + b.totalLines : undefined,
    first: [...a.first, ...b.first].slice(0, MAX_SKIP_SAMPLES),
  };
}

/**
 * A warning when the skipped rows are too many to be a footnote: more than
 * SKIP_WARN_SHARE of the file's lines, or one skip over SKIP_WARN_LINES lines
 * (a broken quote that took a stretch of the file with it). Undefined otherwise.
 */
export function skipWarning(s: SkipReport): string | undefined {
  const share = s.totalLines ? s.lines / s.totalLines : 0;
  if (s.count === 0 || (share <= SKIP_WARN_SHARE && s.longest <= SKIP_WARN_LINES)) return undefined;
  const rows = `${s.count.toLocaleString('en-US')} bad ${s.count === 1 ? 'row' : 'rows'}`;
  const lines = `${s.lines.toLocaleString('en-US')} ${s.lines === 1 ? 'line' : 'lines'}`;
  const of = s.totalLines ? ` (${percent(share)} of the file's ${s.totalLines.toLocaleString('en-US')} lines)` : '';
  const longest = s.longest > SKIP_WARN_LINES ? `; one skip alone covers ${s.longest.toLocaleString('en-US')} lines` : '';
  return `${rows} skipped, covering ${lines}${of}${longest}. The events on those lines are not in the results.`;
}

function percent(x: number): string {
  const p = x * 100;
  return `${p < 10 ? p.toFixed(1) : Math.round(p)}%`;
}
