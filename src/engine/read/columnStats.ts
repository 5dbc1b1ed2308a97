// Statistics of a column's sampled values (presence, distinct values, objects,
// times of this era, length), computed once per column and used for every
// role: the evidence that weighs each name match in guess.ts.

import { valueText } from '../params';
import { startsLikeJson } from './jsonPaths';
import { SANE_FROM_S, SANE_TO_S, slashedFields, toInstant, type Instant } from './time';

export interface ColumnStats {
  present: number;
  /** Distinct values with how often each was seen. */
  distinct: Map<string, number>;
  /** Values that parse as times between 1990 and 2100. */
  times: number;
  /** Text or number values that do not parse as a time at all (a time column's bad rows), and the first of them. */
  timeMisses: number;
  timeMissSample?: string;
  /** Values that are objects or arrays (or JSON text of one). */
  objects: number;
  /** Of those, the ones that are JSON text (a CSV cell, a JSON string holding JSON), not the record's own nesting. */
  jsonTexts: number;
  arraysOfStrings: number;
  /** Values that start like JSON but do not parse (Python reprs such as {'a': 1}). */
  badJson: number;
  /** Total length of the value texts (for the mean). */
  chars: number;
  /** Slashed dates whose first field is over 12 (can only be a day), whose second is, and all slashed dates. */
  dayFirst: number;
  monthFirst: number;
  slashed: number;
  /** Of the slashed dates, those written with dots (01.05.2024). */
  dotted: number;
  /** Times that are a date alone, no time of day ("01/22/2012", "2012-01-22"): l2tcsv's `date` beside its `time`. */
  dateOnly: number;
  /** Values that are a time of day alone ("07:52:33"): the other half of a split date and time. */
  clockOnly: number;
  samples: string[];
}

/** A date with no time of day: 2012-01-22, 01/22/2012, 22.01.2012 (a compact 20120122100000 or an epoch has digits only and is not). */
const DATE_ONLY = /^\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})\s*$/;
/** A time of day alone: 07:52:33, 7:52, 07:52:33.123. */
export const CLOCK_ONLY = /^\s*\d{1,2}:\d{2}(:\d{2}([.,]\d{1,9})?)?\s*$/;

/** Values longer than this are never a time, user or event (and are not run through any pattern). */
const LONG_VALUE = 512;

/** Statistics per column over the sampled records (computed once, used for every role). */
export function statsOf(records: Map<string, unknown>[], columns: string[], json: JsonCells = new JsonCells()): Map<string, ColumnStats> {
  const stats = new Map<string, ColumnStats>();
  for (const c of columns) {
    stats.set(c, { present: 0, distinct: new Map(), times: 0, timeMisses: 0, objects: 0, jsonTexts: 0, arraysOfStrings: 0, badJson: 0, chars: 0, dayFirst: 0, monthFirst: 0, slashed: 0, dotted: 0, dateOnly: 0, clockOnly: 0, samples: [] });
  }
  for (const rec of records) {
    for (const c of columns) {
      const v = rec.get(c);
      if (v === undefined || v === null || v === '') continue;
      const st = stats.get(c)!;
      st.present++;
      // A one-element array of a name is that name (ECS writes any field as an array); it still counts as an array of strings.
      const single = Array.isArray(v) && v.length === 1 && (typeof v[0] === 'string' || typeof v[0] === 'number');
      if (single && typeof v[0] === 'string') st.arraysOfStrings++;
      const text = single ? String(v[0]) : valueText(v);
      st.chars += Math.min(text.length, 10 * LONG_VALUE);
      const key = text.length > LONG_VALUE ? text.slice(0, LONG_VALUE) : text;
      if (st.distinct.size < 10_000 || st.distinct.has(key)) st.distinct.set(key, (st.distinct.get(key) ?? 0) + 1);
      if (st.samples.length < 5 && !st.samples.includes(text)) st.samples.push(text.length > 120 ? text.slice(0, 120) + '…' : text);
      if (typeof v === 'object' && !single) {
        st.objects++;
        if (isArrayOfStrings(v)) st.arraysOfStrings++;
        continue;
      }
      const lead = text.trimStart()[0];
      if (lead === '{' || lead === '[') {
        // JSON text of an object or array (an IPv6 "[2603::5]:51902" is not).
        const parsed = text.length <= 100_000 ? json.parse(text) : undefined;
        if (parsed !== null && typeof parsed === 'object') {
          st.objects++;
          st.jsonTexts++;
          if (isArrayOfStrings(parsed)) st.arraysOfStrings++;
          continue;
        }
        st.badJson++;
      }
      const scalar = typeof v === 'string' || typeof v === 'number';
      if (text.length > LONG_VALUE) {
        if (scalar) miss(st, text);
        continue;
      }
      if (typeof v === 'string' && CLOCK_ONLY.test(v)) st.clockOnly++;
      const at = scalar ? timeOf(v) : undefined;
      if (scalar && at === undefined) miss(st, text);
      if (at !== undefined && sane(at)) {
        st.times++;
        if (typeof v === 'string' && DATE_ONLY.test(v)) st.dateOnly++;
        const f = typeof v === 'string' ? slashedFields(v) : undefined;
        if (f) {
          st.slashed++;
          if (/^\s*\d{1,2}\./.test(String(v))) st.dotted++;
          if (f[0] > 12) st.dayFirst++;
          if (f[1] > 12) st.monthFirst++;
        }
      }
    }
  }
  return stats;
}

/**
 * A time between 1990 and 2100 (either day order for slashed dates). Only
 * text starting with a digit can read differently day first, so only that is
 * tried again.
 */
/**
 * Cells of a CSV header that read as data, not as names: times, numbers of
 * four digits or more, IP addresses, JSON objects. Two or more say the
 * first line is a record (a file written with no header line, as
 * Bitbucket's audit log is); undefined otherwise.
 */
export function headerAsData(header: string[]): string[] | undefined {
  const data = header.filter((cell) => {
    const c = cell.trim();
    return isSaneTime(c) || /^-?\d{4,}(\.\d+)?$/.test(c) || /^\d{1,3}(\.\d{1,3}){3}(:\d+)?$/.test(c) || /^[0-9a-f]*:[0-9a-f:]*:[0-9a-f:]*$/i.test(c) || /^\{.*\}$/.test(c);
  });
  return data.length >= 2 ? data : undefined;
}

function isSaneTime(v: string | number): boolean {
  const t = timeOf(v);
  return t !== undefined && sane(t);
}

/** The value read as a time, month or day first. */
function timeOf(v: string | number): Instant | undefined {
  return toInstant(v) ?? (typeof v === 'string' && startsWithDigit(v) ? toInstant(v, 'dmy') : undefined);
}

function sane(t: Instant): boolean {
  return t.ms >= SANE_FROM_S * 1000 && t.ms < SANE_TO_S * 1000;
}

function miss(st: ColumnStats, text: string): void {
  st.timeMisses++;
  st.timeMissSample ??= text.length > 40 ? text.slice(0, 40) + '…' : text;
}

function startsWithDigit(v: string): boolean {
  const c = v.trim().charCodeAt(0);
  return c >= 48 && c <= 57;
}

const NOT_JSON = Symbol('not JSON');

/**
 * JSON text of the sampled cells, each parsed once: detection reads a cell's
 * JSON both for its inner columns and for its column's statistics.
 */
export class JsonCells {
  private readonly seen = new Map<string, unknown>();

  /** `JSON.parse(text)`, or undefined when it is not JSON. */
  parse(text: string): unknown {
    let v = this.seen.get(text);
    if (v === undefined) {
      try {
        v = JSON.parse(text) as unknown;
      } catch {
        v = NOT_JSON;
      }
      this.seen.set(text, v);
    }
    return v === NOT_JSON ? undefined : v;
  }

  /** The object or array `text` holds as JSON (blanks before it allowed), else undefined. */
  objectIn(text: string): object | undefined {
    if (!startsLikeJson(text)) return undefined;
    const v = this.parse(text);
    return v !== null && typeof v === 'object' ? v : undefined;
  }
}

function isArrayOfStrings(v: unknown): boolean {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string');
}
