// Plain-data views of a scored log for front ends that print or serialise:
// the CLI's JSON/CSV/table and the reference's two sessionizing outputs.
// Sessions are read through sessionView.ts, as the panel data reads them.

import { stringify } from 'csv-stringify';
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
  const { events } = log;
  const { time, event } = log.mapping;
  const rows: Row[] = [];
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
    rows.push(row);
  }
  return rows;
}

/** Every event with its session index, in session order, as the reference's `create_session_col`. */
export function createSessionCol(log: LoadedLog, sessions: SessionTable): Row[] {
  const { events, mapping } = log;
  const rows: Row[] = [];
  for (let s = 0; s < sessions.count; s++) {
    for (const e of sessionEvents(sessions, s)) {
      const row = newRow(usersRecord(log, e));
      row[mapping.time] = formatInstant(events.timeMs[e], events.timeNs[e]);
      row[mapping.event] = events.commandNames[events.commandIds[e]];
      if (mapping.params !== undefined) row[mapping.params] = JSON.stringify(Object.fromEntries(eventParams(events, e)));
      row.line = events.startLine[e];
      row.session_ind = s;
      rows.push(row);
    }
  }
  return rows;
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

/** Rows as CSV (csv-stringify: quoting as RFC 4180, `\n` line ends), the header first. */
export function toCsv(rows: Row[], columns: string[] = rows.length > 0 ? Object.keys(rows[0]) : []): Promise<string> {
  return new Promise((resolve, reject) => {
    stringify(
      rows,
      {
        header: true,
        columns,
        cast: { string: (value, context) => (context.header ? value : guardFormula(value)) },
      },
      (err, out) => (err ? reject(err) : resolve(out)),
    );
  });
}
