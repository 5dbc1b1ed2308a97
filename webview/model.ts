// Derived, column-oriented views of a PanelResult that the chart and table
// share. The result's session columns are typed arrays (NaN for a missing
// number), as VS Code's postMessage delivers them. Built once per result in O(sessions) so a 200k-session result stays
// cheap to filter, bound and re-colour.

import type { PanelResult, SessionIdentity } from '../src/protocol';

/** Users beyond this many (by session count) share one grey colour. */
export const TOP_USER_COLOURS = 8;
export const OTHER_USERS_GROUP = TOP_USER_COLOURS;

/** Score bands by rank among scored sessions: rarest 1 %, 1–5 %, 5–20 %, the rest. */
export const BAND_LIMITS = [0.01, 0.05, 0.2] as const;
export const BAND_LABELS = ['Rarest 1%', '1–5%', '5–20%', 'Rest'] as const;

const LN10 = Math.LN10;

export interface Extents {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

export interface ResultModel {
  readonly result: PanelResult;
  readonly count: number;
  /** Sessions with a likelihood; they come first in rank order. */
  readonly scoredCount: number;
  /** log10 of the rarest-window likelihood; NaN for unscored sessions. */
  readonly log10: Float64Array;
  /** Display label and lower-cased search text per user tuple. */
  readonly userLabels: string[];
  readonly userSearch: string[];
  /** Colour group per user tuple: 0..7 for the busiest users, 8 for the rest. */
  readonly userGroup: Uint8Array;
  /** Tuple indices of the coloured users, busiest first. */
  readonly topUsers: number[];
  /** Score band per session (0 = rarest), 255 for unscored. */
  readonly band: Uint8Array;
  readonly nanIndices: number[];
  readonly extents: Extents;
}

/** Plain words for an insight kind ("new-command-for-actor" → "new command for actor"). */
export function insightKindLabel(kind: string): string {
  return kind.replace(/-/g, ' ');
}

export function userLabel(tuple: (string | null)[]): string {
  return tuple.map((v) => (v === null ? '(none)' : v)).join(' · ');
}

export function buildModel(result: PanelResult): ResultModel {
  const s = result.sessions;
  const count = s.count;
  const log10 = new Float64Array(count);
  const nanIndices: number[] = [];
  let scoredCount = 0;
  for (let i = 0; i < count; i++) {
    const v = s.logLikelihood[i] / LN10;
    log10[i] = v;
    if (Number.isNaN(v)) nanIndices.push(i);
    else scoredCount++;
  }
  const userLabels = result.userTuples.map(userLabel);
  const { userGroup, topUsers } = groupUsers(result);
  return {
    result,
    count,
    scoredCount,
    log10,
    userLabels,
    userSearch: userLabels.map((l) => l.toLowerCase()),
    userGroup,
    topUsers,
    band: scoreBands(log10, scoredCount),
    nanIndices,
    extents: computeExtents(s.start, log10),
  };
}

const indexByIdOf = new WeakMap<ResultModel, Map<number, number>>();

/** Where a session id sits in the model (rank order); built on first use, as only the tests' point lookup needs it. */
export function indexOfSession(model: ResultModel, sessionId: number): number | undefined {
  let map = indexByIdOf.get(model);
  if (!map) {
    map = new Map();
    const ids = model.result.sessions.id;
    for (let i = 0; i < model.count; i++) map.set(ids[i], i);
    indexByIdOf.set(model, map);
  }
  return map.get(sessionId);
}

function groupUsers(result: PanelResult): { userGroup: Uint8Array; topUsers: number[] } {
  const tuples = result.userTuples.length;
  const sessionsPerUser = new Uint32Array(tuples);
  for (const u of result.sessions.user) sessionsPerUser[u]++;
  const order = Array.from({ length: tuples }, (_, i) => i).sort(
    (a, b) => sessionsPerUser[b] - sessionsPerUser[a] || a - b,
  );
  const topUsers = order.slice(0, TOP_USER_COLOURS).filter((u) => sessionsPerUser[u] > 0);
  const userGroup = new Uint8Array(tuples).fill(OTHER_USERS_GROUP);
  topUsers.forEach((u, g) => (userGroup[u] = g));
  return { userGroup, topUsers };
}

/** Bands by rank rather than by value so they mean the same in every log. */
function scoreBands(log10: Float64Array, scoredCount: number): Uint8Array {
  const band = new Uint8Array(log10.length).fill(255);
  let i = 0;
  // Scored sessions are in rank order, but not necessarily contiguous if the
  // host ever interleaves; rank among scored ones is what counts.
  for (let k = 0; k < log10.length; k++) {
    if (Number.isNaN(log10[k])) continue;
    const q = i / Math.max(1, scoredCount);
    band[k] = q < BAND_LIMITS[0] ? 0 : q < BAND_LIMITS[1] ? 1 : q < BAND_LIMITS[2] ? 2 : 3;
    i++;
  }
  return band;
}

function computeExtents(start: Float64Array, log10: Float64Array): Extents {
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let i = 0; i < log10.length; i++) {
    const y = log10[i];
    if (Number.isNaN(y)) continue;
    const x = start[i];
    if (x < xMin) xMin = x;
    if (x > xMax) xMax = x;
    if (y < yMin) yMin = y;
    if (y > yMax) yMax = y;
  }
  if (xMin === Infinity) return { xMin: Date.UTC(2000, 0, 1), xMax: Date.UTC(2000, 0, 2), yMin: -1, yMax: 0 };
  const y = pad(yMin, yMax, 0.05, 1, 'y');
  // Likelihoods never exceed 1: no empty band above 1e0.
  if (yMax <= 0 && y.yMax > 0) y.yMax = 0;
  return { ...pad(xMin, xMax, 0.02, 3600_000, 'x'), ...y };
}

function pad<K extends 'x' | 'y'>(min: number, max: number, fraction: number, fallback: number, axis: K): Record<`${K}Min` | `${K}Max`, number> {
  const span = max - min;
  const margin = span > 0 ? span * fraction : fallback;
  return { [`${axis}Min`]: min - margin, [`${axis}Max`]: max + margin } as Record<`${K}Min` | `${K}Max`, number>;
}

export function windowCommandIds(result: PanelResult, index: number): number[] {
  const s = result.sessions;
  return Array.from(s.windowCommands.subarray(s.windowOffsets[index], s.windowOffsets[index + 1]));
}

export function windowText(result: PanelResult, index: number): string {
  return windowCommandIds(result, index)
    .map((c) => result.commands[c] ?? '?')
    .join(' → ');
}

/** Whether a session is hidden by the likelihood upper bound. */
export function aboveBound(model: ResultModel, index: number, bound: number | null): boolean {
  if (bound === null) return false;
  const y = model.log10[index];
  return !Number.isNaN(y) && y > Math.log10(bound);
}

/**
 * Sessions whose user values or rarest-window commands contain the filter
 * text. Matching tuples and commands are found once, so the per-session test
 * is a couple of array lookups.
 */
export function makeFilter(model: ResultModel, text: string): ((index: number) => boolean) | null {
  const needle = text.trim().toLowerCase();
  if (needle === '') return null;
  const userHit = model.userSearch.map((u) => u.includes(needle));
  const commandHit = model.result.commands.map((c) => c.toLowerCase().includes(needle));
  const anyCommand = commandHit.some(Boolean);
  const s = model.result.sessions;
  return (i) => {
    if (userHit[s.user[i]]) return true;
    if (!anyCommand) return false;
    for (let k = s.windowOffsets[i]; k < s.windowOffsets[i + 1]; k++) if (commandHit[s.windowCommands[k]]) return true;
    return false;
  };
}

/** The insight kind filter: '' every session, '*' sessions with any insight, else those with an insight of that kind. */
export function makeKindFilter(model: ResultModel, kind: string): ((index: number) => boolean) | null {
  // Until the result's insights come (they follow it), every session passes: none would, for want of them.
  if (kind === '' || model.result.insightsPending) return null;
  const s = model.result.sessions;
  if (kind === '*') return (i) => s.insightCount[i] > 0;
  const k = model.result.insightKinds.indexOf(kind);
  if (k < 0) return null;
  const bit = 1 << k;
  return (i) => (s.insightKinds[i] & bit) !== 0;
}

/** Both filters: the text box's and the insight kind's. */
export function combinedFilter(model: ResultModel, text: string, kind: string): ((index: number) => boolean) | null {
  const a = makeFilter(model, text);
  const b = makeKindFilter(model, kind);
  return a && b ? (i) => a(i) && b(i) : (a ?? b);
}

/** What a session is: its user values and start. */
export function sessionIdentity(model: ResultModel, index: number): SessionIdentity {
  const s = model.result.sessions;
  return { users: [...(model.result.userTuples[s.user[index]] ?? [])], start: s.start[index] };
}

/** The session with these user values and this start, or null: never a look-alike of another user. */
export function findSession(model: ResultModel, wanted: SessionIdentity): number | null {
  const { userTuples, sessions: s } = model.result;
  if (!Array.isArray(wanted.users) || typeof wanted.start !== 'number') return null;
  const tuple = userTuples.findIndex((t) => t.length === wanted.users.length && t.every((v, k) => v === wanted.users[k]));
  if (tuple < 0) return null;
  for (let i = 0; i < model.count; i++) if (s.user[i] === tuple && s.start[i] === wanted.start) return i;
  return null;
}
