// Plain-data views of a scored log for front ends that print or serialise:
// the CLI's JSON/CSV/table and the reference's two sessionizing outputs.
// Sessions are read through sessionView.ts, as the panel data reads them.

import { stringify } from 'csv-stringify';
import { stringify as stringifySync, type Options as CsvOptions } from 'csv-stringify/sync';
import type { LoadedLog, ScoredLog } from '../engine/stages';
import { eventParams } from '../engine/events';
import { insightsOf, type Insight, type SessionInsights } from '../engine/insights/insights';
import { formatInstant } from '../engine/read/time';
import { sessionEvents } from '../engine/sessionize';
import type { SessionTable } from '../engine/types';
import { lineSpan } from './lines';
import { commandNames, eventLines, nanToNull, referenceRanks, sessionBounds, usersRecord, viewSession, type SessionBounds } from './sessionView';

export interface SessionReport {
  rank: number;
  sessionId: number;
  users: Record<string, string | null>;
  start: string;
  end: string;
  eventCount: number;
  commands: string[];
  rarestWindow: string[];
  rarestWindowLikelihood: number | null;
  rarestWindowLogLikelihood: number | null;
  sessionLikelihood: number;
  sessionLogLikelihood: number;
  sessionGeomeanLikelihood: number;
  /** [first line, last line] of the rarest window's records; null when no window. */
  rarestWindowLines: [number, number] | null;
  /** First line of each event, in session order. */
  lines: number[];
  /**
   * Where each event's record stands within its lines, aligned with `lines`:
   * [first column on its first line, last column on its last line] (1-based,
   * UTF-16 units). Only when the reader knows them (JSON documents, where
   * records can share a line, as in a one-line CloudTrail file).
   */
  columns?: [number, number][];
  /** Rank in the reference (rarest window) ranking; equals `rank` unless the insight ranking was chosen. */
  referenceRank?: number;
  /** Why the session is unusual for who ran it, most surprising first (docs/insights.md). */
  insights?: Insight[];
  /** Rarest-window log-likelihood plus the weighted log-probabilities of the insights; lower is more anomalous. */
  insightScore?: number | null;
}

/** A row keyed by column names from the log: no prototype, so `__proto__` or `constructor` are plain keys. */
function newRow(from: Record<string, string | null>): Row {
  const row = Object.create(null) as Row;
  for (const [k, v] of Object.entries(from)) row[k] = v;
  return row;
}

export function sessionReport(scored: ScoredLog, sessionId: number, rank: number): SessionReport {
  const { events } = scored.log;
  const { scores } = scored;
  const view = viewSession(scored, sessionId);
  const evs = view.events;
  const { first, last } = view;
  return {
    rank,
    sessionId,
    users: usersRecord(scored.log, first),
    start: formatInstant(events.timeMs[first], events.timeNs[first]),
    end: formatInstant(events.timeMs[last], events.timeNs[last]),
    eventCount: evs.length,
    commands: commandNames(events, evs),
    rarestWindow: commandNames(events, view.window),
    rarestWindowLikelihood: nanToNull(scores.rarestWindowLikelihood[sessionId]),
    rarestWindowLogLikelihood: nanToNull(scores.rarestWindowLogLikelihood[sessionId]),
    sessionLikelihood: scores.sessionLikelihood[sessionId],
    sessionLogLikelihood: scores.sessionLogLikelihood[sessionId],
    sessionGeomeanLikelihood: scores.sessionGeomeanLikelihood[sessionId],
    rarestWindowLines: lineSpan(eventLines(events, view.window)) ?? null,
    lines: Array.from(evs, (e) => events.startLine[e]),
    ...(events.startColumn && events.endColumn
      ? { columns: Array.from(evs, (e): [number, number] => [events.startColumn![e], events.endColumn![e]]) }
      : {}),
  };
}

/**
 * Sessions in rank order (most anomalous first), the first `top` of them.
 * With insights, in their ranking's order and with each reported session's
 * insights (computed for these sessions only under the reference ranking).
 */
export function rankedReports(scored: ScoredLog, top = Infinity, si?: SessionInsights): SessionReport[] {
  const order = si ? si.order : scored.scores.ranking;
  const n = Math.min(top, order.length);
  const out: SessionReport[] = [];
  const referenceRank = si && si.ranking !== 'reference' ? referenceRanks(scored) : undefined;
  for (let r = 0; r < n; r++) {
    const s = order[r];
    const report = sessionReport(scored, s, r + 1);
    if (si) {
      report.referenceRank = referenceRank ? referenceRank[s] : r + 1;
      report.insights = insightsOf(si, scored, s);
      report.insightScore = nanToNull(si.insightScore[s]);
    }
    out.push(report);
  }
  return out;
}

/** Characters gathered before a chunk of output is handed on (a few MB: few writes, no giant string). */
export const CHUNK_CHARS = 4 * 1024 * 1024;

/** Gathers output pieces and hands them on in chunks of about `chunkChars`. */
class Chunker {
  private parts: string[] = [];
  private size = 0;
  private counted = 0;
  constructor(private readonly chunkChars: number) {}
  add(piece: string): void {
    this.parts.push(piece);
  }
  /** True when the pieces added make a chunk. */
  full(): boolean {
    const { parts } = this;
    for (let i = this.counted; i < parts.length; i++) this.size += parts[i].length;
    this.counted = parts.length;
    return this.size >= this.chunkChars;
  }
  take(): string {
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.counted = 0;
    return chunk;
  }
}

/** A number as JSON.stringify writes it (NaN and the infinities as null). */
function jsonNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}

/** JSON.stringify(value, null, 1) as it reads nested `depth` levels deep (raw line breaks are only indentation). */
function nestedJson(value: unknown, depth: number): string {
  const text = JSON.stringify(value, null, 1);
  return depth === 0 ? text : text.replaceAll('\n', '\n' + ' '.repeat(depth));
}

/** Bytes gathered before a chunk of the JSON report is handed on: about 1 MB, few writes, little memory touched. */
export const CHUNK_BYTES = 1024 * 1024;

/** The UTF-8 bytes of a text. */
const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');

/**
 * Output written straight as UTF-8 bytes into a buffer that is handed on as
 * a chunk once it holds `chunkBytes`. No string per piece or per session, so
 * nothing to join, flatten or encode again. With `reuse`, the next chunk is
 * written over the same buffer (memory already touched, no new allocation):
 * only for a caller done with each chunk before it asks for the next.
 */
class ByteChunks {
  private buf: Buffer;
  private pos = 0;
  constructor(
    private readonly chunkBytes: number,
    private readonly reuse: boolean,
  ) {
    this.buf = Buffer.allocUnsafe(chunkBytes + 4096);
  }
  /** Room for `n` more bytes. */
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    const { buf } = this;
    let { pos } = this;
    for (let i = 0; i < b.length; i++) buf[pos++] = b[i];
    this.pos = pos;
  }
  /** Text known to be ASCII (numbers, times). */
  ascii(text: string): void {
    this.room(text.length);
    const { buf } = this;
    let { pos } = this;
    for (let i = 0; i < text.length; i++) buf[pos++] = text.charCodeAt(i);
    this.pos = pos;
  }
  /** Any text. */
  text(text: string): void {
    this.room(text.length * 3);
    this.pos += this.buf.write(text, this.pos, 'utf8');
  }
  /** An integer as String(n) writes it (|n| < 1e21). */
  int(n: number): void {
    if (n < 0 || n >= 1e15 || !Number.isInteger(n)) {
      this.ascii(String(n));
      return;
    }
    this.room(16);
    const { buf } = this;
    let digits = 1;
    for (let p = 10; p <= n; p *= 10) digits++;
    let at = this.pos + digits;
    this.pos = at;
    do {
      const q = Math.floor(n / 10);
      buf[--at] = 48 + n - q * 10;
      n = q;
    } while (n > 0);
  }
  /** JSON.stringify(formatInstant(ms, ns)): the date's text cached per day, the time of day written digit by digit. */
  instant(ms: number, ns: number): void {
    if (ns !== 0 || !Number.isInteger(ms) || ms > MAX_DATE_MS || ms < -MAX_DATE_MS) {
      this.ascii('"' + formatInstant(ms, ns) + '"');
      return;
    }
    const day = Math.floor(ms / DAY_MS);
    const slot = day & (DAY_SLOTS - 1);
    let date = dayText[slot];
    if (cachedDay[slot] !== day) {
      const iso = new Date(day * DAY_MS).toISOString();
      date = dayText[slot] = utf8('"' + iso.slice(0, iso.length - 13)); // '"2024-06-06T'; six-digit years too
      cachedDay[slot] = day;
    }
    this.bytes(date);
    this.room(14);
    const { buf } = this;
    let at = this.pos;
    let rest = ms - day * DAY_MS;
    const h = Math.floor(rest / 3_600_000);
    rest -= h * 3_600_000;
    const m = Math.floor(rest / 60_000);
    rest -= m * 60_000;
    const sec = Math.floor(rest / 1000);
    rest -= sec * 1000;
    buf[at++] = 48 + Math.floor(h / 10);
    buf[at++] = 48 + (h % 10);
    buf[at++] = 58; // :
    buf[at++] = 48 + Math.floor(m / 10);
    buf[at++] = 48 + (m % 10);
    buf[at++] = 58;
    buf[at++] = 48 + Math.floor(sec / 10);
    buf[at++] = 48 + (sec % 10);
    buf[at++] = 46; // .
    buf[at++] = 48 + Math.floor(rest / 100);
    buf[at++] = 48 + (Math.floor(rest / 10) % 10);
    buf[at++] = 48 + (rest % 10);
    buf[at++] = 90; // Z
    buf[at++] = 34; // "
    this.pos = at;
  }
  full(): boolean {
    return this.pos >= this.chunkBytes;
  }
  take(): Uint8Array {
    const chunk = this.buf.subarray(0, this.pos);
    if (!this.reuse) this.buf = Buffer.allocUnsafe(this.chunkBytes + 4096);
    this.pos = 0;
    return chunk;
  }
}

const DAY_MS = 86_400_000;
/** The largest time a Date holds, in ms either side of the epoch. */
const MAX_DATE_MS = 8.64e15;
/** Slots of the cache of dates' texts (a power of two: some three years of days). */
const DAY_SLOTS = 1024;
/** The day (epoch ms / DAY_MS, floored) each slot holds; NaN for none. */
const cachedDay = new Float64Array(DAY_SLOTS).fill(NaN);
/** The opening quote and toISOString's date text of each cached day. */
const dayText: Uint8Array[] = new Array<Uint8Array>(DAY_SLOTS).fill(new Uint8Array(0));

/**
 * UTF-8 JSON texts of a table of strings (command names, one user column's
 * values), each after a fixed prefix, escaped when first needed: they repeat
 * across sessions.
 */
class JsonStrings {
  private readonly texts: (Uint8Array | undefined)[] = [];
  constructor(
    private readonly values: readonly string[],
    private readonly prefix: string,
  ) {}
  bytes(id: number): Uint8Array {
    return (this.texts[id] ??= utf8(this.prefix + JSON.stringify(this.values[id])));
  }
}

/** Slots of the cache of numbers' texts (a power of two). */
const NUMBER_SLOTS = 1 << 15;
const numberBits = new Float64Array(1);
const numberWords = new Int32Array(numberBits.buffer);

/**
 * jsonNumber's texts of the scores, cached by value in slots chosen by the
 * number's bits: sessions ranked side by side often share their scores.
 */
class NumberTexts {
  private readonly values = new Float64Array(NUMBER_SLOTS);
  private readonly texts: string[] = new Array<string>(NUMBER_SLOTS).fill('0');
  text(x: number): string {
    if (x !== x) return 'null'; // NaN, as jsonNumber writes it
    numberBits[0] = x;
    const slot = (numberWords[0] ^ numberWords[1]) & (NUMBER_SLOTS - 1);
    // 0 and -0 share a slot and a text: "0". Slots start as 0 with that text.
    if (this.values[slot] === x) return this.texts[slot];
    const text = jsonNumber(x);
    this.values[slot] = x;
    this.texts[slot] = text;
    return text;
  }
}

/** A session's users as nestedJson(usersRecord(log, event), 3) writes them, from the user ids. */
class UsersJson {
  /** The user column whose value each key takes. */
  private readonly columns: number[] = [];
  /** Each key's texts with its value: '{\n    "UserId": "alice"', ',\n    "ClientIP": null'. */
  private readonly values: JsonStrings[] = [];
  private readonly nulls: Uint8Array[] = [];
  constructor(private readonly events: LoadedLog['events']) {
    // usersRecord's object decides the key order (integer-like names first) and, for a repeated name, which column's value is kept.
    const probe = Object.fromEntries(events.userColumns.map((c, i) => [c, i])) as Record<string, number>;
    for (const key of Object.keys(probe)) {
      const prefix = (this.columns.length === 0 ? '{\n    ' : ',\n    ') + JSON.stringify(key) + ': ';
      this.columns.push(probe[key]);
      this.values.push(new JsonStrings(events.userValues[probe[key]], prefix));
      this.nulls.push(utf8(prefix + 'null'));
    }
  }
  write(out: ByteChunks, event: number): void {
    const { columns, values, nulls } = this;
    if (columns.length === 0) {
      out.bytes(EMPTY_OBJECT);
      return;
    }
    const { userIds } = this.events;
    for (let k = 0; k < columns.length; k++) {
      const id = userIds[columns[k]][event];
      out.bytes(id < 0 ? nulls[k] : values[k].bytes(id));
    }
    out.bytes(CLOSE_OBJECT);
  }
}

// The fixed text of a session, at depth 2 (JSON.stringify(.., null, 1) nested in { sessions: [..] }).
const NULL = utf8('null');
const EMPTY_ARRAY = utf8('[]');
const EMPTY_OBJECT = utf8('{}');
const CLOSE_OBJECT = utf8('\n   }');
const OPEN_ITEMS = utf8('[\n    ');
const NEXT_ITEM = utf8(',\n    ');
const CLOSE_ITEMS = utf8('\n   ]');
const OPEN_PAIRS = utf8('[\n    [\n     ');
const NEXT_PAIR = utf8(',\n    [\n     ');
const PAIR_MIDDLE = utf8(',\n     ');
const PAIR_END = utf8('\n    ]');
const FIELD = Object.fromEntries(
  [
    'sessionId', 'users', 'start', 'end', 'eventCount', 'commands', 'rarestWindow', 'rarestWindowLikelihood', 'rarestWindowLogLikelihood', 'sessionLikelihood',
    'sessionLogLikelihood', 'sessionGeomeanLikelihood', 'rarestWindowLines', 'lines', 'columns', 'referenceRank', 'insights', 'insightScore',
  ].map((f) => [f, utf8(`,\n   "${f}": `)]),
);
const FIRST_SESSION = utf8('[\n  {\n   "rank": ');
const NEXT_SESSION = utf8(',\n  {\n   "rank": ');
const END_SESSION = utf8('\n  }');

/**
 * The sessions of the CLI's JSON, each the text JSON.stringify(sessionReport(..)
 * + insights, null, 1) gives at depth 2, written straight from the tables as
 * UTF-8: no SessionReport, views, arrays or strings per session. Command
 * names and user values are escaped and encoded once each; times, numbers
 * and the fixed text need no escaping.
 */
class SessionJson {
  /** Each command name as the first element of an array, and as a later one. */
  private readonly firstName: JsonStrings;
  private readonly nextName: JsonStrings;
  private readonly users: UsersJson;
  private readonly numbers = new NumberTexts();
  private readonly referenceRank: Int32Array | undefined;
  private readonly bounds: SessionBounds = { start: 0, end: 0, windowFrom: 0, windowTo: 0 };
  constructor(
    private readonly scored: ScoredLog,
    private readonly si: SessionInsights | undefined,
  ) {
    this.firstName = new JsonStrings(scored.log.events.commandNames, '[\n    ');
    this.nextName = new JsonStrings(scored.log.events.commandNames, ',\n    ');
    this.users = new UsersJson(scored.log.events);
    this.referenceRank = si && si.ranking !== 'reference' ? referenceRanks(scored) : undefined;
  }

  /** The command names of eventOrder[from, to) as a JSON array (elements 4 deep). */
  private commands(out: ByteChunks, from: number, to: number): void {
    if (from >= to) {
      out.bytes(EMPTY_ARRAY);
      return;
    }
    const { eventOrder } = this.scored.sessions;
    const { commandIds } = this.scored.log.events;
    const { nextName } = this;
    out.bytes(this.firstName.bytes(commandIds[eventOrder[from]]));
    for (let i = from + 1; i < to; i++) out.bytes(nextName.bytes(commandIds[eventOrder[i]]));
    out.bytes(CLOSE_ITEMS);
  }

  /** Session `s` at `rank`, after the text before it (`[` or `,`). */
  write(out: ByteChunks, s: number, rank: number): void {
    const { scored, si, numbers } = this;
    const { events } = scored.log;
    const { eventOrder } = scored.sessions;
    const { scores } = scored;
    const { start, end, windowFrom, windowTo } = sessionBounds(scored, s, this.bounds);
    const { startLine, endLine, startColumn, endColumn, timeMs, timeNs } = events;
    // An empty session (none are made) has no first event: formatInstant then throws, as it did given undefined.
    const first = start < end ? eventOrder[start] : NaN;
    const last = start < end ? eventOrder[end - 1] : NaN;
    out.bytes(rank === 1 ? FIRST_SESSION : NEXT_SESSION);
    out.int(rank);
    out.bytes(FIELD.sessionId);
    out.int(s);
    out.bytes(FIELD.users);
    this.users.write(out, first);
    out.bytes(FIELD.start);
    out.instant(timeMs[first], timeNs[first]);
    out.bytes(FIELD.end);
    out.instant(timeMs[last], timeNs[last]);
    out.bytes(FIELD.eventCount);
    out.int(end - start);
    out.bytes(FIELD.commands);
    this.commands(out, start, end);
    out.bytes(FIELD.rarestWindow);
    this.commands(out, windowFrom, windowTo);
    out.bytes(FIELD.rarestWindowLikelihood);
    out.ascii(numbers.text(scores.rarestWindowLikelihood[s]));
    out.bytes(FIELD.rarestWindowLogLikelihood);
    out.ascii(numbers.text(scores.rarestWindowLogLikelihood[s]));
    out.bytes(FIELD.sessionLikelihood);
    out.ascii(numbers.text(scores.sessionLikelihood[s]));
    out.bytes(FIELD.sessionLogLikelihood);
    out.ascii(numbers.text(scores.sessionLogLikelihood[s]));
    out.bytes(FIELD.sessionGeomeanLikelihood);
    out.ascii(numbers.text(scores.sessionGeomeanLikelihood[s]));
    out.bytes(FIELD.rarestWindowLines);
    if (windowFrom < windowTo) {
      // lineSpan(eventLines(..)) of the window, without the ranges.
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = windowFrom; i < windowTo; i++) {
        const e = eventOrder[i];
        if (startLine[e] < lo) lo = startLine[e];
        if (endLine[e] > hi) hi = endLine[e];
      }
      out.bytes(OPEN_ITEMS);
      out.int(lo);
      out.bytes(NEXT_ITEM);
      out.int(hi);
      out.bytes(CLOSE_ITEMS);
    } else out.bytes(NULL);
    out.bytes(FIELD.lines);
    if (start === end) out.bytes(EMPTY_ARRAY);
    else {
      for (let i = start; i < end; i++) {
        out.bytes(i === start ? OPEN_ITEMS : NEXT_ITEM);
        out.int(startLine[eventOrder[i]]);
      }
      out.bytes(CLOSE_ITEMS);
    }
    if (startColumn && endColumn) {
      out.bytes(FIELD.columns);
      if (start === end) out.bytes(EMPTY_ARRAY);
      else {
        for (let i = start; i < end; i++) {
          const e = eventOrder[i];
          out.bytes(i === start ? OPEN_PAIRS : NEXT_PAIR);
          out.int(startColumn[e]);
          out.bytes(PAIR_MIDDLE);
          out.int(endColumn[e]);
          out.bytes(PAIR_END);
        }
        out.bytes(CLOSE_ITEMS);
      }
    }
    if (si) {
      const found = insightsOf(si, scored, s); // before insightScore: it computes the score
      out.bytes(FIELD.referenceRank);
      out.int(this.referenceRank ? this.referenceRank[s] : rank);
      out.bytes(FIELD.insights);
      if (found.length === 0) out.bytes(EMPTY_ARRAY);
      else out.text(nestedJson(found, 3));
      out.bytes(FIELD.insightScore);
      out.ascii(numbers.text(si.insightScore[s]));
    }
    out.bytes(END_SESSION);
  }
}

/**
 * The CLI's JSON report, `{ settings, sessions }` with the sessions of
 * rankedReports(scored, top, si), byte for byte the UTF-8 text of
 * JSON.stringify({ settings, sessions: rankedReports(..) }, null, 1) + '\n',
 * in chunks of about `chunkBytes` bytes: 1M events make some 220 MB of
 * JSON, and 5M more than one JavaScript string can hold. Each session is
 * formatted (and, under the reference ranking, its insights judged) when
 * its chunk is asked for. A chunk ends after a whole session, so each is
 * UTF-8 text on its own. Each chunk is a buffer of its own, unless
 * `reuseBuffer`: then each is overwritten by the next, for a caller that
 * has written it (synchronously) before asking for the next.
 */
export function* reportJsonBytes(
  scored: ScoredLog,
  settings: Record<string, unknown>,
  top = Infinity,
  si?: SessionInsights,
  chunkBytes = CHUNK_BYTES,
  reuseBuffer = false,
): Generator<Uint8Array> {
  const out = new ByteChunks(chunkBytes, reuseBuffer);
  out.text('{\n "settings": ' + nestedJson(settings, 1) + ',\n "sessions": ');
  const order = si ? si.order : scored.scores.ranking;
  const n = Math.min(top, order.length);
  if (n === 0) out.ascii('[]');
  else {
    const session = new SessionJson(scored, si);
    for (let r = 0; r < n; r++) {
      session.write(out, order[r], r + 1);
      if (out.full()) yield out.take();
    }
    out.ascii('\n ]');
  }
  out.ascii('\n}\n');
  yield out.take();
}

/** The CLI's CSV row of a session: the JSON report's scalars, the rarest window joined, the top insight. */
function scoreCsvRow(scored: ScoredLog, s: number, rank: number, si: SessionInsights | undefined, refRanks: Int32Array | undefined, bounds: SessionBounds): Row {
  const { events } = scored.log;
  const { scores } = scored;
  const { eventOrder } = scored.sessions;
  const { start, end, windowFrom, windowTo } = sessionBounds(scored, s, bounds);
  // viewSession's first and last event (undefined for an empty session, as its views gave).
  const first = start < end ? eventOrder[start] : (undefined as unknown as number);
  const last = start < end ? eventOrder[end - 1] : (undefined as unknown as number);
  // lineSpan(eventLines(..)) and commandNames(..).join(' > ') of the window, without the arrays.
  let firstLine: number | null = null;
  let lastLine: number | null = null;
  let rarestWindow = '';
  if (windowFrom < windowTo) {
    const { startLine, endLine, commandNames, commandIds } = events;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = windowFrom; i < windowTo; i++) {
      const e = eventOrder[i];
      if (startLine[e] < lo) lo = startLine[e];
      if (endLine[e] > hi) hi = endLine[e];
      rarestWindow += (i === windowFrom ? '' : ' > ') + commandNames[commandIds[e]];
    }
    firstLine = lo;
    lastLine = hi;
  }
  const insights = si ? insightsOf(si, scored, s) : undefined;
  return {
    rank,
    sessionId: s,
    ...usersRecord(scored.log, first),
    start: formatInstant(events.timeMs[first], events.timeNs[first]),
    end: formatInstant(events.timeMs[last], events.timeNs[last]),
    eventCount: end - start,
    rarestWindowLikelihood: nanToNull(scores.rarestWindowLikelihood[s]),
    sessionLikelihood: scores.sessionLikelihood[s],
    sessionGeomeanLikelihood: scores.sessionGeomeanLikelihood[s],
    rarestWindow,
    rarestWindowFirstLine: firstLine,
    rarestWindowLastLine: lastLine,
    referenceRank: si ? (refRanks ? refRanks[s] : rank) : null,
    insightScore: si ? nanToNull(si.insightScore[s]) : null,
    topInsight: insights?.[0]?.text ?? null,
  };
}

/** The CLI's CSV rows, in rank order, one at a time (see rankedReports). */
export function* scoreCsvRows(scored: ScoredLog, top = Infinity, si?: SessionInsights): Generator<Row> {
  const order = si ? si.order : scored.scores.ranking;
  const n = Math.min(top, order.length);
  const refRanks = si && si.ranking !== 'reference' ? referenceRanks(scored) : undefined;
  const bounds: SessionBounds = { start: 0, end: 0, windowFrom: 0, windowTo: 0 };
  for (let r = 0; r < n; r++) yield scoreCsvRow(scored, order[r], r + 1, si, refRanks, bounds);
}

/** pandas' Timedelta text, "0 days 00:03:07[.250]", as the reference prints durations. */
export function formatDuration(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const frac = Math.round(rest - s * 1000);
  const two = (v: number) => String(v).padStart(2, '0');
  return `${days} days ${two(h)}:${two(m)}:${two(s)}${frac ? '.' + String(frac).padStart(3, '0') : ''}`;
}

export type Row = Record<string, string | number | null>;

/** One row per session, as the reference's `sessionize_data` returns. */
export function sessionizeData(log: LoadedLog, sessions: SessionTable): Row[] {
  return Array.from(sessionizeRows(log, sessions));
}

/** sessionizeData's rows one at a time. */
export function* sessionizeRows(log: LoadedLog, sessions: SessionTable): Generator<Row> {
  const { events } = log;
  const { time, event } = log.mapping;
  for (let s = 0; s < sessions.count; s++) {
    const evs = sessionEvents(sessions, s);
    const first = evs[0];
    const last = evs[evs.length - 1];
    const row = newRow(usersRecord(log, first));
    row[`${time}_min`] = formatInstant(events.timeMs[first], events.timeNs[first]);
    row[`${time}_max`] = formatInstant(events.timeMs[last], events.timeNs[last]);
    row[`${event}_list`] = JSON.stringify(commandNames(events, evs));
    row.duration = formatDuration(events.timeMs[last] - events.timeMs[first] + (events.timeNs[last] - events.timeNs[first]) / 1e6);
    row.number_events = evs.length;
    yield row;
  }
}

/** Every event with its session index, in session order, as the reference's `create_session_col`. */
export function createSessionCol(log: LoadedLog, sessions: SessionTable): Row[] {
  return Array.from(sessionColRows(log, sessions));
}

/** createSessionCol's rows one at a time. */
export function* sessionColRows(log: LoadedLog, sessions: SessionTable): Generator<Row> {
  const { events, mapping } = log;
  for (let s = 0; s < sessions.count; s++) {
    for (const e of sessionEvents(sessions, s)) {
      const row = newRow(usersRecord(log, e));
      row[mapping.time] = formatInstant(events.timeMs[e], events.timeNs[e]);
      row[mapping.event] = events.commandNames[events.commandIds[e]];
      if (mapping.params !== undefined) row[mapping.params] = JSON.stringify(Object.fromEntries(eventParams(events, e)));
      row.line = events.startLine[e];
      row.session_ind = s;
      yield row;
    }
  }
}

/** A signed decimal number: a value a spreadsheet reads as a number, not a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Log content is hostile: a value starting with = + - @ followed by more text
 * would run as a formula in a spreadsheet, so it gets a leading apostrophe.
 * Plain numbers (-5, +1.5e3) and a lone sign stay as they are. Only values are
 * guarded: headers are the column names the caller chose (`@timestamp_min`).
 */
export function guardFormula(s: string): string {
  if (s.length < 2) return s;
  const c = s.charCodeAt(0);
  // = + - @
  return (c === 61 || c === 43 || c === 45 || c === 64) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

function csvOptions(columns: string[], header: boolean): CsvOptions {
  return { header, columns, cast: { string: (value, context) => (context.header ? value : guardFormula(value)) } };
}

/** Rows as CSV (csv-stringify: quoting as RFC 4180, `\n` line ends), the header first. */
export function toCsv(rows: Row[], columns: string[] = rows.length > 0 ? Object.keys(rows[0]) : []): Promise<string> {
  return new Promise((resolve, reject) => {
    stringify(rows, csvOptions(columns, true), (err, out) => (err ? reject(err) : resolve(out)));
  });
}

/** Characters that make csv-stringify quote a field (with csvOptions: the delimiter, the quote, either line break). */
const CSV_QUOTED = /[",\n\r]/;

/**
 * A data row as stringify(.., csvOptions(columns, false)) writes it, line
 * break included; undefined for a row it would read otherwise (a column
 * that is not a key of the row, where csv-stringify reads a dotted name as
 * a path, or a value neither text, a number nor null).
 */
function csvLine(row: Row, columns: string[]): string | undefined {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    const key = columns[i];
    if (!(key in row)) return undefined;
    const v = row[key];
    let text: string;
    if (typeof v === 'string') {
      text = guardFormula(v);
      if (CSV_QUOTED.test(text)) text = '"' + text.replaceAll('"', '""') + '"';
    } else if (typeof v === 'number') text = '' + v;
    else if (v === null || v === undefined) text = '';
    else return undefined;
    line += i === 0 ? text : ',' + text;
  }
  return line + '\n';
}

/**
 * toCsv's text for rows that come one at a time, in chunks: the header and
 * the first row through csv-stringify, the rows after it formatted here as
 * csv-stringify formats them (csvLine; a row it cannot vouch for goes
 * through csv-stringify), handed on once about `chunkChars` characters are
 * gathered, `batchRows` rows at a time. The columns are the first row's
 * keys, as toCsv takes them.
 */
export function* csvChunks(rows: Iterable<Row>, chunkChars = CHUNK_CHARS, batchRows = 4096): Generator<string> {
  const out = new Chunker(chunkChars);
  let columns: string[] | undefined;
  let lines: string[] = [];
  const flush = (): boolean => {
    out.add(lines.join(''));
    lines = [];
    return out.full();
  };
  for (const row of rows) {
    if (columns === undefined) {
      columns = Object.keys(row);
      lines.push(stringifySync([row], csvOptions(columns, true)));
    } else lines.push(csvLine(row, columns) ?? stringifySync([row], csvOptions(columns, false)));
    if (lines.length >= batchRows && flush()) yield out.take();
  }
  if (columns === undefined) lines.push(stringifySync([], csvOptions([], true)));
  flush();
  yield out.take();
}
