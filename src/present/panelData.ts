// Turns the engine's columnar ScoredLog into the panel's shapes, reading each
// session through sessionView.ts as the CLI report does. Runs in the worker:
// nothing proportional to the number of events crosses to the extension host
// except through the session columns, which are typed arrays built here
// directly (they are transferred, never copied into JSON).

import type { ScoredLog } from '../engine/stages';
import { skipWarning } from '../engine/read/sink';
import { endProbability, sessionSteps } from '../engine/steps';
import { runInsights } from '../engine/insights/run';
import { INSIGHT_KINDS, insightsOf, type SessionInsights } from '../engine/insights/insights';
import { SESSION_TYPES } from '../engine/options';
import { TOP_INSIGHT_TEXT_ROWS, type PanelInsightColumns, type PanelResult, type PanelSessionDetails, type PanelSessions } from '../protocol';
import type { SessionLines } from './lines';
import { eventUsers } from '../engine/events';
import { eventLines, fileName, finiteOrNull, isSession, nanToNull, referenceRanks, sessionBounds, sessionUsers, viewSession, type SessionBounds } from './sessionView';

/** The number when finite, else NaN (the typed session columns' "missing"). */
function finiteOrNaN(x: number): number {
  return Number.isFinite(x) ? x : Number.NaN;
}


/**
 * Key of an event's user tuple: its per-column ids combined into one number
 * when their product of ranges fits a double exactly (one or two user
 * columns nearly always do), else the ids joined (ids are per column, so
 * joining them is unambiguous).
 */
function userTupleKeys(scored: ScoredLog): (event: number) => number | string {
  const { userIds, userValues } = scored.log.events;
  if (userIds.length === 1) return (e) => userIds[0][e];
  // Ids run from -1 (missing) to values - 1: a range of values + 1.
  const ranges = userValues.map((v) => v.length + 1);
  if (ranges.reduce((a, b) => a * b, 1) <= Number.MAX_SAFE_INTEGER) {
    if (userIds.length === 2) {
      const [a, b] = userIds;
      const rb = ranges[1];
      return (e) => (a[e] + 1) * rb + (b[e] + 1);
    }
    return (e) => {
      let key = 0;
      for (let c = 0; c < userIds.length; c++) key = key * ranges[c] + (userIds[c][e] + 1);
      return key;
    };
  }
  return (e) => {
    let key = '';
    for (const ids of userIds) key += ids[e] + ',';
    return key;
  };
}

/**
 * Sessions in the chosen ranking's order, except that sessions without a
 * likelihood (no window) stay last, as the panel expects; every session's
 * insights are computed (and cached in `si`).
 */
export function panelOrder(scored: ScoredLog, si: SessionInsights): Int32Array {
  if (si.ranking === 'reference') return scored.scores.ranking;
  const lik = scored.scores.rarestWindowLikelihood;
  const out = new Int32Array(si.order.length);
  let k = 0;
  for (const s of si.order) if (!Number.isNaN(lik[s])) out[k++] = s;
  for (const s of si.order) if (Number.isNaN(lik[s])) out[k++] = s;
  return out;
}

/** Each session's row in the panel's order (the inverse of panelOrder). */
export function panelRows(order: Int32Array): Int32Array {
  const rowOf = new Int32Array(order.length);
  for (let r = 0; r < order.length; r++) rowOf[order[r]] = r;
  return rowOf;
}

/** Empty insight columns for `n` sessions: no insights, scores NaN (a result whose insights follow). */
function noInsightColumns(n: number): PanelInsightColumns {
  return {
    insightScore: new Float64Array(n).fill(Number.NaN),
    insightKinds: INSIGHT_KINDS.length <= 8 ? new Uint8Array(n) : new Int32Array(n),
    insightCount: new Int32Array(n),
    topKind: (INSIGHT_KINDS.length <= 127 ? new Int8Array(n) : new Int32Array(n)).fill(-1),
    topInsight: new Array<string | null>(Math.min(n, TOP_INSIGHT_TEXT_ROWS)).fill(null),
  };
}

/**
 * The insight columns of every session, judging those not judged yet, in the
 * panel's rows (`rowOf`, from panelRows). Visited in session-id order, which
 * reads the scored log front to back.
 */
export function panelInsightColumns(scored: ScoredLog, si: SessionInsights, rowOf: Int32Array): PanelInsightColumns {
  const n = scored.sessions.count;
  const out = noInsightColumns(n);
  const kindBit = new Map<string, number>(INSIGHT_KINDS.map((k, i) => [k, 1 << i]));
  for (let s = 0; s < n; s++) {
    const r = rowOf[s];
    const found = insightsOf(si, scored, s);
    let kinds = 0;
    for (let k = 0; k < found.length; k++) kinds |= kindBit.get(found[k].kind) ?? 0;
    out.insightKinds[r] = kinds;
    out.insightCount[r] = found.length;
    out.topKind[r] = found.length > 0 ? INSIGHT_KINDS.indexOf(found[0].kind) : -1;
    if (r < TOP_INSIGHT_TEXT_ROWS) out.topInsight[r] = found.length > 0 ? found[0].text : null;
    out.insightScore[r] = finiteOrNaN(si.insightScore[s]);
  }
  out.insightCount = narrowCounts(out.insightCount as Int32Array);
  return out;
}

/**
 * The panel's result. With `si` null the insights are left for later
 * (`insightsPending`, reference order; panelInsightColumns makes them):
 * judging every session's insights takes a third of a second per million
 * events, and far longer when nearly every command is new, and the chart
 * need not wait for it.
 */
export function buildPanelResult(scored: ScoredLog, runId: number, si: SessionInsights | null = runInsights(scored, { ranking: 'reference' }).insights): PanelResult {
  const { events } = scored.log;
  const scores = scored.scores;
  const n = scored.sessions.count;
  const order = si ? panelOrder(scored, si) : scored.scores.ranking;
  const referenceRank = referenceRanks(scored);
  const rowOf = panelRows(order);
  const sessions: PanelSessions = {
    count: n,
    id: new Int32Array(n),
    start: new Float64Array(n),
    end: new Float64Array(n),
    eventCount: new Int32Array(n),
    likelihood: new Float64Array(n),
    logLikelihood: new Float64Array(n),
    user: new Int32Array(n),
    windowOffsets: new Int32Array(n + 1),
    windowCommands: new Uint16Array(0),
    ...(si ? panelInsightColumns(scored, si, rowOf) : noInsightColumns(n)),
    referenceRank: new Int32Array(n),
  };
  let nanSessions = 0;
  const { offsets, eventOrder } = scored.sessions;
  const { timeMs, commandIds } = events;
  const windowStart = scores.rarestWindowStart;
  const tupleOf = userTupleKeys(scored);
  const bounds: SessionBounds = { start: 0, end: 0, windowFrom: 0, windowTo: 0 };
  // Sessions are visited in id order, which walks the per-session and per-event arrays front to back (in the
  // panel's order every read was a jump: a third of a second for 240k sessions), and written to their rows.
  // The user tuples are numbered as first seen in the panel's order, as the page expects: numbered here as
  // first seen in id order, then renumbered below.
  const tupleIndex = new Map<number | string, number>();
  const firstEventOfTuple: number[] = [];
  const provisional = new Int32Array(n);
  const windowFrom = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const r = rowOf[s];
    sessions.referenceRank[r] = referenceRank[s];
    sessions.id[r] = s;
    // viewSession's events and window, as index ranges (no views made per session).
    const from = offsets[s];
    const to = offsets[s + 1];
    const first = eventOrder[from];
    sessions.start[r] = timeMs[first];
    sessions.end[r] = timeMs[eventOrder[to - 1]];
    sessions.eventCount[r] = to - from;
    const lik = scores.rarestWindowLikelihood[s];
    if (Number.isNaN(lik)) nanSessions++;
    sessions.likelihood[r] = lik;
    sessions.logLikelihood[r] = finiteOrNaN(scores.rarestWindowLogLikelihood[s]);

    const key = tupleOf(first);
    let u = tupleIndex.get(key);
    if (u === undefined) {
      u = firstEventOfTuple.length;
      tupleIndex.set(key, u);
      firstEventOfTuple.push(first);
    }
    provisional[r] = u;

    const b = windowStart[s] < 0 ? undefined : sessionBounds(scored, s, bounds);
    windowFrom[r] = b ? b.windowFrom : from;
    // Lengths for now; summed into offsets below.
    sessions.windowOffsets[r + 1] = b ? b.windowTo - b.windowFrom : 0;
  }
  const renumber = new Int32Array(firstEventOfTuple.length).fill(-1);
  const userTuples: (string | null)[][] = [];
  for (let r = 0; r < n; r++) {
    const p = provisional[r];
    if (renumber[p] < 0) {
      renumber[p] = userTuples.length;
      userTuples.push(eventUsers(events, firstEventOfTuple[p]));
    }
    sessions.user[r] = renumber[p];
  }
  const windowOffsets = sessions.windowOffsets;
  for (let r = 0; r < n; r++) windowOffsets[r + 1] += windowOffsets[r];
  const windowLength = windowOffsets[n];
  const windowCommands = events.commandNames.length <= 0xffff ? new Uint16Array(windowLength) : new Int32Array(windowLength);
  for (let s = 0; s < n; s++) {
    const r = rowOf[s];
    let at = windowOffsets[r];
    const to = windowFrom[r] + (windowOffsets[r + 1] - at);
    for (let i = windowFrom[r]; i < to; i++) windowCommands[at++] = commandIds[eventOrder[i]];
  }
  // Two bytes a command where the ids fit (they nearly always do).
  sessions.windowCommands = windowCommands;
  sessions.eventCount = narrowCounts(sessions.eventCount);
  sessions.user = narrowCounts(sessions.user);

  const skipped = scored.log.skipped;
  const t = scored.timings;
  return {
    runId,
    summary: {
      filePath: scored.log.file,
      fileName: fileName(scored.log.file),
      events: events.count,
      sessions: n,
      users: userTuples.length,
      distinctCommands: events.commandNames.length,
      nanSessions,
      skippedRows: skipped.count,
      skippedLines: skipped.lines,
      skipWarning: skipWarning(skipped),
      // The host rewrites these in the user's language.
      skippedSamples: skipped.first.map((r) => `${r.line}:${r.column ?? ''} ${r.reason}`),
      maxSessionMinutes: scored.sessionize.maxSessionMinutes,
      maxGapMinutes: scored.sessionize.maxGapMinutes,
      boundary: scored.sessionize.boundary,
      timingsMs: { read: t.readMs, sessionize: t.sessionizeMs, train: t.trainMs, score: t.scoreMs, total: t.totalMs },
    },
    options: {
      sessionType: scored.score.sessionType,
      window: scored.score.window,
      useTokens: scored.score.useTokens,
      geomean: scored.score.geomean,
      ranking: si?.ranking ?? 'reference',
    },
    ranking: si?.ranking ?? 'reference',
    insightKinds: [...INSIGHT_KINDS],
    mapping: { ...scored.log.mapping, users: [...scored.log.mapping.users], doubts: (scored.log.doubts ?? []).filter((d) => !d.note).map((d) => d.text), notes: (scored.log.doubts ?? []).filter((d) => d.note).map((d) => d.text) },
    availableSessionTypes: events.hasParams ? [...SESSION_TYPES] : ['cmds_only'],
    userColumns: [...events.userColumns],
    userTuples,
    commands: [...events.commandNames],
    sessions,
    ...(si ? {} : { insightsPending: true }),
  };
}

/** Line ranges of a session's events, and of its rarest window. */
export function sessionLines(scored: ScoredLog, sessionId: number, si?: SessionInsights): SessionLines | null {
  if (!isSession(scored, sessionId)) return null;
  const view = viewSession(scored, sessionId);
  const session = eventLines(scored.log.events, view.events);
  // The panel reveals every event of a session that has no window.
  const window = view.windowStart >= 0 ? session.slice(view.windowStart, view.windowStart + view.window.length) : session;
  if (!si) return { sessionId, window, session };
  // An insight names its events by their first line; records sharing a line are all taken.
  const insights = insightsOf(si, scored, sessionId).map((insight) => {
    const wanted = new Set(insight.lines);
    return session.filter((r) => wanted.has(r[0]));
  });
  return { sessionId, window, session, insights };
}

/** The most anomalous session (in the chosen ranking) that has a window. */
export function topSession(scored: ScoredLog, si?: SessionInsights): number | undefined {
  const s = si ? panelOrder(scored, si)[0] : scored.scores.ranking[0];
  return s !== undefined && !Number.isNaN(scored.scores.rarestWindowLikelihood[s]) ? s : undefined;
}

export function buildSessionDetails(scored: ScoredLog, runId: number, sessionId: number, si: SessionInsights): PanelSessionDetails | null {
  if (!isSession(scored, sessionId)) return null;
  const insights = insightsOf(si, scored, sessionId);
  const referenceRank = scored.scores.ranking.indexOf(sessionId) + 1;
  const view = viewSession(scored, sessionId);
  const { timeMs } = scored.log.events;
  const scores = scored.scores;
  return {
    runId,
    sessionId,
    users: sessionUsers(scored, view),
    start: timeMs[view.first],
    end: timeMs[view.last],
    likelihood: nanToNull(scores.rarestWindowLikelihood[sessionId]),
    sessionLikelihood: nanToNull(scores.sessionLikelihood[sessionId]),
    steps: sessionSteps(scored, sessionId).map((step) => ({
      command: step.command,
      line: step.line,
      endLine: step.endLine,
      time: step.time,
      params: step.params,
      transitionProbability: step.transitionProbability,
      paramsProbability: step.paramsProbability,
      inRarestWindow: step.inRarestWindow,
    })),
    endProbability: endProbability(scored, sessionId),
    insights: insights.map((i) => ({ kind: i.kind, text: i.text, evidence: { ...i.evidence }, lines: [...i.lines], probability: i.probability })),
    insightScore: finiteOrNull(si.insightScore[sessionId]),
    referenceRank,
  };
}

/**
 * The same non-negative integers in two bytes each when all fit, else as
 * they are: the columns cross to the page as bytes, and in VS Code's remote
 * setups every byte of a large result costs transfer time.
 */
export function narrowCounts(a: Int32Array | Uint16Array): Int32Array | Uint16Array {
  if (a instanceof Uint16Array) return a;
  for (let i = 0; i < a.length; i++) if (a[i] < 0 || a[i] > 0xffff) return a;
  return Uint16Array.from(a);
}
