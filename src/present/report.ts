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
import { commandNames, eventLines, nanToNull, referenceRanks, usersRecord, viewSession } from './sessionView';

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

/**
 * One session of the CLI's JSON, the text JSON.stringify(sessionReport(..) +
 * insights, null, 1) gives at depth 2, written straight from the tables as
 * pieces: no SessionReport, no command or line arrays copied per session.
 * Command names are escaped once each.
 */
class SessionJson {
  private readonly names: (string | undefined)[] = [];
  private readonly referenceRank: Int32Array | undefined;
  constructor(
    private readonly scored: ScoredLog,
    private readonly si: SessionInsights | undefined,
  ) {
    this.referenceRank = si && si.ranking !== 'reference' ? referenceRanks(scored) : undefined;
  }

  private commands(p: string[], evs: Int32Array): void {
    if (evs.length === 0) {
      p.push('[]');
      return;
    }
    const { commandNames, commandIds } = this.scored.log.events;
    for (let i = 0; i < evs.length; i++) {
      const id = commandIds[evs[i]];
      p.push(i === 0 ? '[\n    ' : ',\n    ', (this.names[id] ??= JSON.stringify(commandNames[id])));
    }
    p.push('\n   ]');
  }

  /** A JSON array of numbers (elements 4 deep). */
  private static numbers(p: string[], n: number, at: (i: number) => number): void {
    if (n === 0) {
      p.push('[]');
      return;
    }
    for (let i = 0; i < n; i++) p.push(i === 0 ? '[\n    ' : ',\n    ', jsonNumber(at(i)));
    p.push('\n   ]');
  }

  write(p: string[], s: number, rank: number): void {
    const { scored, si } = this;
    const { events } = scored.log;
    const { scores } = scored;
    const view = viewSession(scored, s);
    const evs = view.events;
    const { first, last } = view;
    const span = lineSpan(eventLines(events, view.window));
    p.push(
      '{\n   "rank": ', String(rank),
      ',\n   "sessionId": ', String(s),
      ',\n   "users": ', nestedJson(usersRecord(scored.log, first), 3),
      ',\n   "start": ', JSON.stringify(formatInstant(events.timeMs[first], events.timeNs[first])),
      ',\n   "end": ', JSON.stringify(formatInstant(events.timeMs[last], events.timeNs[last])),
      ',\n   "eventCount": ', String(evs.length),
      ',\n   "commands": ',
    );
    this.commands(p, evs);
    p.push(',\n   "rarestWindow": ');
    this.commands(p, view.window);
    p.push(
      ',\n   "rarestWindowLikelihood": ', jsonNumber(scores.rarestWindowLikelihood[s]),
      ',\n   "rarestWindowLogLikelihood": ', jsonNumber(scores.rarestWindowLogLikelihood[s]),
      ',\n   "sessionLikelihood": ', jsonNumber(scores.sessionLikelihood[s]),
      ',\n   "sessionLogLikelihood": ', jsonNumber(scores.sessionLogLikelihood[s]),
      ',\n   "sessionGeomeanLikelihood": ', jsonNumber(scores.sessionGeomeanLikelihood[s]),
      ',\n   "rarestWindowLines": ',
    );
    if (span) SessionJson.numbers(p, 2, (i) => span[i]);
    else p.push('null');
    p.push(',\n   "lines": ');
    const { startLine, startColumn, endColumn } = events;
    SessionJson.numbers(p, evs.length, (i) => startLine[evs[i]]);
    if (startColumn && endColumn) {
      p.push(',\n   "columns": ');
      if (evs.length === 0) p.push('[]');
      else {
        for (let i = 0; i < evs.length; i++) {
          const e = evs[i];
          p.push(i === 0 ? '[\n    [\n     ' : ',\n    [\n     ', jsonNumber(startColumn[e]), ',\n     ', jsonNumber(endColumn[e]), '\n    ]');
        }
        p.push('\n   ]');
      }
    }
    if (si) {
      const found = insightsOf(si, scored, s); // before insightScore: it computes the score
      p.push(
        ',\n   "referenceRank": ', String(this.referenceRank ? this.referenceRank[s] : rank),
        ',\n   "insights": ', nestedJson(found, 3),
        ',\n   "insightScore": ', jsonNumber(si.insightScore[s]),
      );
    }
    p.push('\n  }');
  }
}

/**
 * The CLI's JSON report, `{ settings, sessions }` with the sessions of
 * rankedReports(scored, top, si), byte for byte the text of
 * JSON.stringify({ settings, sessions: rankedReports(..) }, null, 1) + '\n',
 * in chunks of about `chunkChars` characters: 1M events make some 220 MB of
 * JSON, and 5M more than one JavaScript string can hold. Each session is
 * formatted (and, under the reference ranking, its insights judged) when
 * its chunk is asked for.
 */
export function* reportJsonChunks(scored: ScoredLog, settings: Record<string, unknown>, top = Infinity, si?: SessionInsights, chunkChars = CHUNK_CHARS): Generator<string> {
  const out = new Chunker(chunkChars);
  out.add('{\n "settings": ' + nestedJson(settings, 1) + ',\n "sessions": ');
  const order = si ? si.order : scored.scores.ranking;
  const n = Math.min(top, order.length);
  if (n === 0) out.add('[]');
  else {
    const session = new SessionJson(scored, si);
    const pieces: string[] = [];
    out.add('[\n  ');
    for (let r = 0; r < n; r++) {
      pieces.length = 0;
      if (r > 0) pieces.push(',\n  ');
      session.write(pieces, order[r], r + 1);
      // One flat string per session: joining millions of tiny pieces at once, or deep concatenations, costs more.
      out.add(pieces.join(''));
      if (out.full()) yield out.take();
    }
    out.add('\n ]');
  }
  out.add('\n}\n');
  yield out.take();
}

/** The CLI's CSV row of a session: the JSON report's scalars, the rarest window joined, the top insight. */
function scoreCsvRow(scored: ScoredLog, s: number, rank: number, si: SessionInsights | undefined, refRanks: Int32Array | undefined): Row {
  const { events } = scored.log;
  const { scores } = scored;
  const view = viewSession(scored, s);
  const { first, last } = view;
  const span = lineSpan(eventLines(events, view.window));
  const insights = si ? insightsOf(si, scored, s) : undefined;
  return {
    rank,
    sessionId: s,
    ...usersRecord(scored.log, first),
    start: formatInstant(events.timeMs[first], events.timeNs[first]),
    end: formatInstant(events.timeMs[last], events.timeNs[last]),
    eventCount: view.events.length,
    rarestWindowLikelihood: nanToNull(scores.rarestWindowLikelihood[s]),
    sessionLikelihood: scores.sessionLikelihood[s],
    sessionGeomeanLikelihood: scores.sessionGeomeanLikelihood[s],
    rarestWindow: commandNames(events, view.window).join(' > '),
    rarestWindowFirstLine: span?.[0] ?? null,
    rarestWindowLastLine: span?.[1] ?? null,
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
  for (let r = 0; r < n; r++) yield scoreCsvRow(scored, order[r], r + 1, si, refRanks);
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
  return s.length > 1 && /^[=+\-@]/.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
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

/**
 * toCsv's text for rows that come one at a time, in chunks: batches of rows
 * go through csv-stringify (the header with the first), and their texts are
 * handed on once about `chunkChars` characters are gathered. The columns are
 * the first row's keys, as toCsv takes them.
 */
export function* csvChunks(rows: Iterable<Row>, chunkChars = CHUNK_CHARS, batchRows = 4096): Generator<string> {
  const out = new Chunker(chunkChars);
  let columns: string[] | undefined;
  let batch: Row[] = [];
  const flush = (): boolean => {
    const header = columns === undefined;
    columns ??= batch.length > 0 ? Object.keys(batch[0]) : [];
    out.add(stringifySync(batch, csvOptions(columns, header)));
    batch = [];
    return out.full();
  };
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= batchRows && flush()) yield out.take();
  }
  if (batch.length > 0 || columns === undefined) flush();
  yield out.take();
}
