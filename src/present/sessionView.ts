// A scored session as users see it: who ran it, its events in time order,
// its rarest window, where its events stand in the file, its rank. The CLI
// report (report.ts) and the panel data (panelData.ts) both read sessions
// through these functions, so the two front ends cannot drift apart on what
// a session's users, window or lines are. Each front end formats them its
// own way (ISO text for the CLI, epoch ms for the panel).

import * as path from 'node:path';
import { eventUsers } from '../engine/events';
import type { LoadedLog, ScoredLog } from '../engine/stages';
import { sessionEvents } from '../engine/sessionize';
import type { EventTable } from '../engine/types';
import type { LineRange } from './lines';

export interface SessionView {
  sessionId: number;
  /** Indices into the EventTable, in time order. */
  events: Int32Array;
  /** The first and last event (in time). */
  first: number;
  last: number;
  /** Position of the rarest window in `events`; -1 when the session has none (shorter than the window). */
  windowStart: number;
  /** The rarest window's events; empty when there is none. */
  window: Int32Array;
}

/** The session's events and rarest window. */
export function viewSession(scored: ScoredLog, sessionId: number): SessionView {
  const events = sessionEvents(scored.sessions, sessionId);
  const windowStart = scored.scores.rarestWindowStart[sessionId];
  return {
    sessionId,
    events,
    first: events[0],
    last: events[events.length - 1],
    windowStart,
    window: windowStart < 0 ? events.subarray(0, 0) : events.subarray(windowStart, windowStart + scored.scores.rarestWindowLength[sessionId]),
  };
}

/** A session's events, [start, end), and rarest window, [windowFrom, windowTo), as index ranges into sessions.eventOrder. */
export interface SessionBounds {
  start: number;
  end: number;
  windowFrom: number;
  windowTo: number;
}

/**
 * What viewSession's `events` and `window` cover, written into `out`: no
 * views or objects made, for writers that go through every session.
 */
export function sessionBounds(scored: ScoredLog, sessionId: number, out: SessionBounds): SessionBounds {
  const { offsets } = scored.sessions;
  const start = offsets[sessionId];
  const end = offsets[sessionId + 1];
  const windowStart = scored.scores.rarestWindowStart[sessionId];
  out.start = start;
  out.end = end;
  if (windowStart < 0) {
    out.windowFrom = out.windowTo = start;
  } else {
    // subarray's clamping: within the session, never ending before it starts.
    const from = Math.min(start + windowStart, end);
    out.windowFrom = from;
    out.windowTo = Math.max(from, Math.min(start + windowStart + scored.scores.rarestWindowLength[sessionId], end));
  }
  return out;
}

/** True when `sessionId` names a session of the scored log. */
export function isSession(scored: ScoredLog, sessionId: number): boolean {
  return Number.isInteger(sessionId) && sessionId >= 0 && sessionId < scored.sessions.count;
}

/** The user tuple of a session (of its first event), one value per user column; null where the event has none. */
export function sessionUsers(scored: ScoredLog, view: SessionView): (string | null)[] {
  return eventUsers(scored.log.events, view.first);
}

/** An event's users keyed by the user column names. */
export function usersRecord(log: LoadedLog, event: number): Record<string, string | null> {
  const values = eventUsers(log.events, event);
  return Object.fromEntries(log.events.userColumns.map((c, i) => [c, values[i]]));
}

/** The command (event name) of each event. */
export function commandNames(events: EventTable, evs: ArrayLike<number>): string[] {
  return Array.from(evs, (e) => events.commandNames[events.commandIds[e]]);
}

/** Where each event's record stands: its lines, and its columns when the reader knows them (JSON documents). */
export function eventLines(events: EventTable, evs: ArrayLike<number>): LineRange[] {
  const { startLine, endLine, startColumn, endColumn } = events;
  return Array.from(evs, (e): LineRange => (startColumn?.[e] && endColumn ? [startLine[e], endLine[e], startColumn[e], endColumn[e]] : [startLine[e], endLine[e]]));
}

/** 1-based rank of every session in the reference (rarest window) ranking, indexed by session id. */
export function referenceRanks(scored: ScoredLog): Int32Array {
  const rank = new Int32Array(scored.sessions.count);
  scored.scores.ranking.forEach((s, r) => (rank[s] = r + 1));
  return rank;
}

/** The file's name without its folder; both separators count, so a Windows path reads the same on any platform. */
export function fileName(file: string): string {
  return path.win32.basename(file);
}

/** NaN (no window, no score) as null; an underflowed 0 or an infinity stays a number. */
export function nanToNull(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

/** Any non-finite number as null. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
