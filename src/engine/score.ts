// Scoring (ALGORITHM.md sections 5-7): each event's params probability and
// each step's transition are computed once per session, then every sliding
// window is a product of k of them. A log-likelihood is kept beside every
// likelihood so ranking survives underflow on long sessions.

import { endId, paramRow, probabilities, startId, valueProbability, type Model, type Probabilities } from './model/model';
import type { EventTable, SessionScores, SessionTable } from './types';
import type { StopSignal } from './stop';

export interface WindowOptions {
  window: number;
  useTokens: boolean;
  geomean: boolean;
}

/** Event-table ids translated to model ids (unseen = -1), so a model can score another file. */
export interface ModelView {
  probs: Probabilities;
  command: Int32Array;
  param: Int32Array;
  withParams: boolean;
  withValues: boolean;
  /** Scratch: which model params the current event has (stamp = its epoch) and where. */
  stamp: Int32Array;
  at: Int32Array;
  epoch: number;
}

export function modelView(events: EventTable, model: Model): ModelView {
  const command = Int32Array.from(events.commandNames, (c) => model.commandIndex.get(c) ?? -1);
  const param = Int32Array.from(events.paramNames, (p) => model.paramIndex.get(p) ?? -1);
  const withParams = model.sessionType !== 'cmds_only' && events.hasParams;
  const p = model.params.length;
  return {
    probs: probabilities(model),
    command,
    param,
    withParams,
    withValues: withParams && model.sessionType === 'cmds_params_values',
    stamp: new Int32Array(p),
    at: new Int32Array(p),
    epoch: 0,
  };
}

/**
 * Probability of event e's params given its command (ALGORITHM.md section 5),
 * always geometric-mean adjusted. `rows` caches paramGivenCmd rows.
 */
export function eventParamsProbability(events: EventTable, e: number, view: ModelView, rows: Map<number, [number, number][]>): number {
  const from = events.paramOffsets[e];
  const to = events.paramOffsets[e + 1];
  if (to === from) return 1;
  const m = view.probs.model;
  const c = view.command[events.commandIds[e]];
  let ref = rows.get(c);
  if (!ref) {
    ref = paramRow(m, c);
    rows.set(c, ref);
  }
  // Mark the event's params once, so each entry of the command's row is a lookup, not a search.
  const epoch = ++view.epoch;
  for (let j = from; j < to; j++) {
    const p = view.param[events.paramIds[j]];
    if (p < 0) continue;
    view.stamp[p] = epoch;
    view.at[p] = j;
  }
  let lik = 1;
  let num = 0;
  for (const [p, q] of ref) {
    if (p < 0 || view.stamp[p] !== epoch) {
      lik *= 1 - q;
      continue;
    }
    lik *= q;
    if (view.withValues && m.modellable.has(p)) {
      num++;
      const v = events.valueIds[view.at[p]];
      lik *= valueProbability(m, p, v < 0 ? undefined : events.valueStrings[v]);
    }
  }
  return Math.pow(lik, 1 / (ref.length + num));
}

/** Per-session factors: step i's transition into event i and its params probability. */
interface SessionFactors {
  /** trans[START][c0], trans[c0][c1], ..., trans[c(n-1)][END]: n + 1 entries. */
  trans: Float64Array;
  /** prior of c0..c(n-1), then prior[END]: n + 1 entries. */
  prior: Float64Array;
  /** params probability of c0..c(n-1), then 1 for END: n + 1 entries. */
  params: Float64Array;
}

function sessionFactors(events: EventTable, evs: Int32Array, view: ModelView, rows: Map<number, [number, number][]>, f: SessionFactors): void {
  const m = view.probs.model;
  const { prior, transition } = view.probs;
  const n = evs.length;
  let prev = startId(m);
  for (let i = 0; i < n; i++) {
    const e = evs[i];
    const c = view.command[events.commandIds[e]];
    f.trans[i] = transition(prev, c);
    f.prior[i] = prior(c);
    f.params[i] = view.withParams ? eventParamsProbability(events, e, view, rows) : 1;
    prev = c;
  }
  f.trans[n] = transition(prev, endId(m));
  f.prior[n] = prior(endId(m));
  f.params[n] = 1;
}

function ensure(f: SessionFactors, size: number): SessionFactors {
  if (f.trans.length >= size) return f;
  const n = Math.max(size, f.trans.length * 2);
  return { trans: new Float64Array(n), prior: new Float64Array(n), params: new Float64Array(n) };
}

/**
 * Ranking: ascending likelihood, NaN last. Where products underflow to 0 (or
 * tie) the log-likelihood decides, then the session index.
 */
export function rankSessions(lik: Float64Array, logLik: Float64Array): Int32Array {
  const idx = Array.from({ length: lik.length }, (_, i) => i);
  idx.sort((a, b) => {
    const xn = Number.isNaN(lik[a]);
    const yn = Number.isNaN(lik[b]);
    if (xn || yn) return xn === yn ? a - b : xn ? 1 : -1;
    return lik[a] - lik[b] || logLik[a] - logLik[b] || a - b;
  });
  return Int32Array.from(idx);
}

/** Sessions scored between two looks at the abort signal. */
const CHECK_SESSIONS = 1 << 11;

/** `signal`: aborting it stops scoring with the signal's reason (events, sessions and model are only read). */
export function scoreSessions(
  events: EventTable,
  sessions: SessionTable,
  model: Model,
  opts: WindowOptions,
  view: ModelView = modelView(events, model),
  signal?: StopSignal,
): SessionScores {
  signal?.throwIfAborted();
  const k = opts.window;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`window length must be a whole number >= 1, got ${k}`);
  const count = sessions.count;
  const out: SessionScores = {
    sessionType: model.sessionType,
    window: k,
    useTokens: opts.useTokens,
    geomean: opts.geomean,
    rarestWindowLikelihood: new Float64Array(count),
    rarestWindowLogLikelihood: new Float64Array(count),
    rarestWindowStart: new Int32Array(count),
    rarestWindowLength: new Int32Array(count),
    sessionLikelihood: new Float64Array(count),
    sessionLogLikelihood: new Float64Array(count),
    sessionGeomeanLikelihood: new Float64Array(count),
    ranking: new Int32Array(0),
  };
  const rows = new Map<number, [number, number][]>();
  let f: SessionFactors = { trans: new Float64Array(64), prior: new Float64Array(64), params: new Float64Array(64) };
  const { offsets, eventOrder } = sessions;
  for (let s = 0; s < count; s++) {
    if ((s & (CHECK_SESSIONS - 1)) === 0) signal?.throwIfAborted();
    const evs = eventOrder.subarray(offsets[s], offsets[s + 1]);
    const n = evs.length;
    f = ensure(f, n + 1);
    sessionFactors(events, evs, view, rows, f);
    sessionScore(f, n, out, s);
    windowScore(f, n, k, opts, out, s);
  }
  signal?.throwIfAborted();
  out.ranking = rankSessions(out.rarestWindowLikelihood, out.rarestWindowLogLikelihood);
  return out;
}

/** Whole session with start and end tokens, and its geometric mean over n commands. */
function sessionScore(f: SessionFactors, n: number, out: SessionScores, s: number): void {
  let lik = 1;
  let log = 0;
  // Same association as the reference (prob *= first-step product, then *= trans, *= params):
  // windows that tie mathematically then tie, or not, in floating point exactly as there.
  lik *= f.trans[0] * f.params[0];
  for (let i = 1; i <= n; i++) {
    lik *= f.trans[i];
    lik *= f.params[i];
  }
  for (let i = 0; i <= n; i++) {
    log += Math.log(f.trans[i]) + Math.log(f.params[i]);
  }
  out.sessionLikelihood[s] = lik;
  out.sessionLogLikelihood[s] = log;
  out.sessionGeomeanLikelihood[s] = Math.pow(lik, 1 / n);
}

/**
 * Rarest window: over the session with END appended (tokens on) or not,
 * windows i = 0..len-k; window 0 starts from START's transition when tokens
 * are on, every other window from its first element's prior.
 */
function windowScore(f: SessionFactors, n: number, k: number, opts: WindowOptions, out: SessionScores, s: number): void {
  const len = opts.useTokens ? n + 1 : n;
  let best = NaN;
  let bestLog = NaN;
  let bestAt = -1;
  for (let i = 0; i + k <= len; i++) {
    let lik = i === 0 && opts.useTokens ? f.trans[0] : f.prior[i];
    let log = Math.log(lik);
    lik *= f.params[i];
    log += Math.log(f.params[i]);
    for (let j = i + 1; j < i + k; j++) {
      lik *= f.trans[j];
      lik *= f.params[j];
      log += Math.log(f.trans[j]) + Math.log(f.params[j]);
    }
    if (opts.geomean) {
      lik = Math.pow(lik, 1 / k);
      log /= k;
    }
    // Ties go to the first window; where products underflow to 0 the log decides.
    if (bestAt < 0 || lik < best || (lik === best && lik === 0 && log < bestLog)) {
      best = lik;
      bestLog = log;
      bestAt = i;
    }
  }
  out.rarestWindowLikelihood[s] = best;
  out.rarestWindowLogLikelihood[s] = bestLog;
  out.rarestWindowStart[s] = bestAt;
  out.rarestWindowLength[s] = bestAt < 0 ? 0 : Math.min(k, n - bestAt);
}
