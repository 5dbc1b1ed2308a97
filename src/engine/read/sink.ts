// Turns raw records (from any reader) into events: parses times and params,
// applies the bad-row policy and remembers where each bad row stands.

import { EventTableBuilder } from '../events';
import { paramsFromText, paramsFromValue, ParamsParseError, valueText, type Params } from '../params';
import { LogInputError, type BadRowPolicy, type ColumnMapping, type EventTable, type SessionTable, type SkipReport, type SkippedRow } from '../types';
import { parseTime, type Instant } from './time';

/** How many skipped rows a report keeps (the rest are counted). */
export const MAX_SKIP_SAMPLES = 10;

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

  constructor(
    private readonly file: string,
    readonly mapping: ColumnMapping,
    private readonly policy: BadRowPolicy,
    protected positions: FieldPositions = {},
  ) {
    this.builder = new EventTableBuilder(mapping.users, mapping.params !== undefined);
  }

  /** Tells the sink the 0-based field indices of a CSV header, for messages. */
  setPositions(cols: { time: number; event: number; params: number }): void {
    this.positions = { time: cols.time + 1, event: cols.event + 1, params: cols.params >= 0 ? cols.params + 1 : undefined };
  }

  get count(): number {
    return this.builder.count;
  }

  /**
   * Records a bad row: throws under the `stop` policy, counts it under `skip`.
   * Reader-level errors (malformed CSV, bad JSON) come through here too.
   */
  bad(line: number, reason: string, where?: BadField): void {
    const column = where?.column;
    if (this.policy === 'stop') {
      throw new LogInputError(reason, { file: this.file, line, column, field: where?.field });
    }
    this.skippedCount++;
    if (this.skippedFirst.length < MAX_SKIP_SAMPLES) this.skippedFirst.push({ line, column, reason });
  }

  /** Parses the record's time into `this.instant`; false (after reporting) when it is bad. */
  protected time(time: unknown, startLine: number): boolean {
    const m = this.mapping;
    if (time === undefined || time === null || time === '') {
      this.bad(startLine, `empty time in column ${m.time}`, { field: m.time, column: this.positions.time });
      return false;
    }
    if (!(typeof time === 'string' || typeof time === 'number') || !parseTime(time, this.instant, m.timeFormat)) {
      this.bad(startLine, `unparseable time ${quote(valueText(time))} in column ${m.time}`, { field: m.time, column: this.positions.time });
      return false;
    }
    return true;
  }

  /** Adds one record; returns false when it was skipped as bad. */
  add(users: (string | undefined)[], time: unknown, event: unknown, params: unknown, startLine: number, endLine: number): boolean {
    const m = this.mapping;
    if (!this.time(time, startLine)) return false;
    const command = event === undefined || event === null ? '' : valueText(event);
    if (command === '') {
      this.bad(startLine, `empty event in column ${m.event}`, { field: m.event, column: this.positions.event });
      return false;
    }
    let p: Params | undefined;
    if (m.params !== undefined && params !== undefined && params !== null && params !== '') {
      try {
        p = typeof params === 'string' ? paramsFromText(params) : paramsFromValue(params);
      } catch (e) {
        if (!(e instanceof ParamsParseError)) throw e;
        this.bad(startLine, `${e.message} in column ${m.params}`, { field: m.params, column: this.positions.params });
        return false;
      }
    }
    this.builder.add(users, this.instant.ms, this.instant.ns, command, p, startLine, endLine);
    return true;
  }

  /** Sessions given by the file itself (pre-sessionized input); undefined: sessionize the events. */
  sessions(): SessionTable | undefined {
    return undefined;
  }

  skipped(): SkipReport {
    return { count: this.skippedCount, first: this.skippedFirst.slice() };
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
