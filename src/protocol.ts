// The one contract between the extension host and the Sessionscope panel.
// Both sides import these types; nothing else crosses the boundary.
// Messages are plain JSON except the result's session columns, which are
// typed arrays (see PanelSessions; missing numbers there are NaN). Elsewhere
// NaN travels as null. What the webview sends is checked against valibot
// schemas, and its types are inferred from them (FromWebview); the options in
// it are those of engine/options.ts.
//
// Over 300 lines on purpose: DESIGN.md keeps the whole contract in one file,
// so both sides of every message can be read in one place.

import * as v from 'valibot';
import { OPTIONS, SessionTypeSchema, type Boundary, type Ranking, type SessionType } from './engine/options';

export type PanelSessionType = SessionType;
export type PanelRanking = Ranking;

/** Settings a hunter can change from the panel; a change rescoring reuses parsed events. */
export const PanelScoreOptionsSchema = v.object({
  sessionType: SessionTypeSchema,
  window: OPTIONS.window.schema,
  useTokens: OPTIONS.useTokens.schema,
  geomean: OPTIONS.geomean.schema,
  /** Absent in a rescore: keep the current ranking. */
  ranking: v.optional(OPTIONS.ranking.schema),
});
export type PanelScoreOptions = v.InferOutput<typeof PanelScoreOptionsSchema>;

export interface PanelMapping {
  users: string[];
  time: string;
  event: string;
  params?: string;
  /** How the time column is read (dmy, mdy, an epoch unit) when not left to each value. */
  timeFormat?: string;
  /** What column detection was unsure of in this mapping, shown on the columns line. */
  doubts?: string[];
  /** What detection says about the data the chosen columns hold, not a doubt about the choice (a zone read as UTC). */
  notes?: string[];
}

export interface PanelSummary {
  /** Absolute path of the log file. */
  filePath: string;
  /** File name for display. */
  fileName: string;
  events: number;
  sessions: number;
  users: number;
  distinctCommands: number;
  /** Sessions with too few commands for a window (NaN likelihood); counted and listed, not plotted. */
  nanSessions: number;
  skippedRows: number;
  /** File lines the skipped rows covered (a broken quote can drop many lines with one row). */
  skippedLines: number;
  /** First few skipped rows, e.g. "line 12, column 3: unparseable time". */
  skippedSamples: string[];
  /** Set when the skipped rows are too many to be a footnote; the panel shows it as a banner. */
  skipWarning?: string;
  maxSessionMinutes: number;
  maxGapMinutes: number;
  boundary: Boundary;
  timingsMs: { read: number; sessionize: number; train: number; score: number; total: number };
  /** The events of an earlier run were scored again (a rescore): nothing was read, `read` is 0. */
  eventsReused?: boolean;
}

/**
 * Scored sessions in columns, in rank order (index 0 = most anomalous; NaN
 * sessions last). Every array has `count` entries (`windowOffsets` one more).
 *
 * The columns are typed arrays, each over its own ArrayBuffer, so they cross
 * both boundaries without JSON: the worker transfers the buffers to the host
 * (a transfer list), and `webview.postMessage` (VS Code 1.57 and later) sends
 * ArrayBuffers and typed arrays to the page as binary and rebuilds them there
 * with the same type. A missing number is NaN, never null (typed arrays hold
 * no null): test with Number.isNaN. Typed arrays' `map` keeps their element
 * type: use Array.from(..., fn) to map to strings.
 */
export interface PanelSessions {
  count: number;
  /** Stable session id, used in every request back to the extension. */
  id: Int32Array;
  /** Session start and end, epoch milliseconds (UTC). */
  start: Float64Array;
  end: Float64Array;
  /**
   * On the way to the page (pageSessions) when every session's end - start is a whole number of milliseconds that fits four bytes:
   * the durations, with `end` empty; the page adds them back to the starts (pageColumnsRestored).
   */
  duration?: Uint32Array;
  /** Two bytes a session when every count fits (see narrowCounts), else four. */
  eventCount: Int32Array | Uint16Array;
  /** Rarest-window likelihood; NaN when the session has no window. */
  likelihood: Float64Array;
  /** Natural log of it; NaN when not finite. Finite even where the likelihood underflows to 0. */
  logLikelihood: Float64Array;
  /** Index into PanelResult.userTuples. */
  user: Int32Array | Uint16Array;
  /**
   * Rarest window commands: ids into PanelResult.commands, session i's are windowCommands[windowOffsets[i] .. windowOffsets[i+1]).
   * On the way to the page (pageSessions) the offsets may travel as one-byte window lengths instead (`windowLengths`, offsets empty).
   */
  windowOffsets: Int32Array;
  windowLengths?: Uint8Array;
  windowCommands: Int32Array | Uint16Array;
  /** Rarest-window log-likelihood plus the weighted log-probabilities of the insights; NaN when not finite. */
  insightScore: Float64Array | Float32Array;
  /** Bit k set when the session has an insight of kind PanelResult.insightKinds[k]. */
  insightKinds: Int32Array | Uint8Array;
  insightCount: Int32Array | Uint16Array;
  /** Index into PanelResult.insightKinds of the most surprising insight's kind; -1 without insights. */
  topKind: Int32Array | Int8Array;
  /** The most surprising insight's text, for the first TOP_INSIGHT_TEXT_ROWS sessions in rank order (null without insights). A plain array no longer than that: sessions beyond it read undefined. */
  topInsight: (string | null)[];
  /** 1-based rank under the reference ranking (equals index + 1 when that ranking is chosen). Empty on the page, which never reads it. */
  referenceRank: Int32Array;
  /**
   * Set on a large result on its way to the page (made by src/run/pagePack.ts): the columns it lists are empty here and
   * travel deflated in one buffer; the page inflates them (webview/unpack.ts) and rebuilds them with unpackedSessions.
   */
  packed?: PackedSessions;
}

/** A typed column's element type, by constructor name. */
export type ColumnType = 'Float64Array' | 'Float32Array' | 'Int32Array' | 'Uint32Array' | 'Uint16Array' | 'Uint8Array' | 'Int8Array';

/** The typed-array columns a packed result may carry. */
export type PackedKey = (typeof PANEL_SESSION_COLUMNS)[number] | 'windowLengths' | 'duration';

export interface PackedColumn {
  key: PackedKey;
  /** The column's type on the page. */
  type: ColumnType;
  /** Byte offset in the inflated buffer (a multiple of 8, so every column is a view without a copy). */
  offset: number;
  /** Elements, not bytes. */
  length: number;
  /**
   * How the column was written into the buffer when not as it is (pagePack.ts chooses; unpackedSessions undoes it):
   * - `constant`: every value is the same; the buffer holds it once.
   * - `runs`: (value, count) pairs, as many as `runs` says, in the column's own type (Float64): the likelihoods in
   *   rank order, where sessions that tie follow each other.
   * - `planes`: the values' bytes by plane (every value's first byte, then every second byte, ...): the session ids
   *   and starts in rank order, whose high bytes vary little from session to session.
   * - `offsets`: the starts as four-byte whole numbers of `step` ms after `base`, by plane as above.
   */
  coding?: ColumnCoding;
  /** For `runs`: how many (value, count) pairs the buffer holds. */
  runs?: number;
  /** For `offsets`: the value the offsets count from, and the ms each counts for. */
  base?: number;
  step?: number;
}

export type ColumnCoding = 'constant' | 'runs' | 'planes' | 'offsets';

export interface PackedSessions {
  /** The zlib stream ('deflate' format) of the columns laid out as `columns` says. */
  deflated: ArrayBuffer;
  /** Length of the inflated buffer. */
  bytes: number;
  columns: PackedColumn[];
}

const COLUMN_TYPES: Record<ColumnType, { BYTES_PER_ELEMENT: number; new (buffer: ArrayBuffer, offset: number, length: number): ArrayBufferView; new (length: number): ArrayBufferView }> = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Uint16Array,
  Uint8Array,
  Int8Array,
};

/** The non-empty typed columns of a page result, laid out one after another at 8-byte boundaries (the packed form's layout). */
export function packLayout(s: PanelSessions): { columns: PackedColumn[]; bytes: number } {
  const columns: PackedColumn[] = [];
  let offset = 0;
  for (const key of [...PANEL_SESSION_COLUMNS, 'windowLengths', 'duration'] as const) {
    const col = s[key];
    if (!col || col.length === 0) continue;
    const type = col.constructor.name as ColumnType;
    if (!(type in COLUMN_TYPES)) throw new Error(`column ${key} is a ${type}, which a packed result cannot carry`);
    columns.push({ key, type, offset, length: col.length });
    offset += Math.ceil(col.byteLength / 8) * 8;
  }
  return { columns, bytes: offset };
}

/**
 * The page's side of a packed result: every listed column becomes a view over
 * `raw` (the inflated buffer), or, when it was written another way
 * (PackedColumn.coding), a column of its own made from it. Throws when `raw` does not match the
 * layout: a result that arrived damaged must not be drawn.
 */
export function unpackedSessions(s: PanelSessions, raw: ArrayBuffer): PanelSessions {
  const packed = s.packed;
  if (!packed) return s;
  if (raw.byteLength !== packed.bytes) throw new Error(`the result's columns arrived as ${raw.byteLength} bytes, not ${packed.bytes}`);
  const { packed: _, ...rest } = s;
  const out: Record<string, unknown> = rest;
  for (const c of packed.columns) {
    const Type = COLUMN_TYPES[c.type];
    const expected = c.key === 'windowOffsets' ? s.count + 1 : c.key === 'windowCommands' ? c.length : s.count;
    const stored = c.coding === 'constant' ? Math.min(1, c.length) : c.coding === 'runs' ? 2 * (c.runs ?? NaN) : c.length;
    const width = c.coding === 'offsets' ? 4 : (Type?.BYTES_PER_ELEMENT ?? Infinity);
    const fits = c.offset % 8 === 0 && Number.isSafeInteger(stored) && stored >= 0 && c.offset + stored * width <= raw.byteLength;
    const noExtras = c.runs === undefined && c.base === undefined && c.step === undefined;
    const coded =
      c.coding === undefined ? noExtras
      : c.coding === 'constant' ? CONSTANT_CODED.has(c.key) && noExtras
      : c.coding === 'planes' ? PLANES_CODED.has(c.key) && noExtras
      : c.coding === 'offsets' ? c.key === 'start' && c.type === 'Float64Array' && c.runs === undefined && Number.isFinite(c.base) && (c.step === 1 || c.step === 1000)
      : c.coding === 'runs' && RUNS_CODED.has(c.key) && c.type === 'Float64Array' && c.base === undefined && c.step === undefined;
    if (!Type || !fits || c.length !== expected || !coded) throw new Error(`the result's column ${c.key} does not fit its layout`);
    if (c.coding === 'constant') {
      out[c.key] = (new Type(c.length) as unknown as Float64Array).fill((new Type(raw, c.offset, stored) as unknown as Float64Array)[0] ?? 0);
    } else if (c.coding === 'runs') {
      out[c.key] = expandedRuns(new Float64Array(raw, c.offset, stored), c.length, c.key);
    } else if (c.coding === 'planes') {
      out[c.key] = new Type(fromPlanes(raw, c.offset, c.length, Type.BYTES_PER_ELEMENT), 0, c.length);
    } else if (c.coding === 'offsets') {
      const offsets = new Uint32Array(fromPlanes(raw, c.offset, c.length, 4), 0, c.length);
      const start = new Float64Array(c.length);
      const base = c.base as number;
      const step = c.step as number;
      for (let i = 0; i < c.length; i++) start[i] = base + offsets[i] * step;
      out[c.key] = start;
    } else {
      out[c.key] = new Type(raw, c.offset, c.length);
    }
  }
  return out as unknown as PanelSessions;
}

/** The columns a packed result may write once (the insight columns, one value while they wait for the insights) or as runs (the likelihoods). */
export const CONSTANT_CODED: ReadonlySet<PackedKey> = new Set<PackedKey>(['insightScore', 'insightKinds', 'insightCount', 'topKind']);
export const RUNS_CODED: ReadonlySet<PackedKey> = new Set<PackedKey>(['likelihood', 'logLikelihood']);
/** The columns a packed result may write by byte plane (the starts also as offsets, see PackedColumn.coding). */
export const PLANES_CODED: ReadonlySet<PackedKey> = new Set<PackedKey>(['id', 'start']);

/**
 * `length` values of `width` bytes from `width` planes at `offset` of `raw` (plane k holds every value's byte k,
 * in the machine's byte order, as toPlanes wrote them): a buffer of the values' bytes, in order.
 */
export function fromPlanes(raw: ArrayBuffer, offset: number, length: number, width: number): ArrayBuffer {
  const planes = new Uint8Array(raw, offset, length * width);
  const out = new Uint8Array(length * width);
  for (let k = 0; k < width; k++) {
    const plane = planes.subarray(k * length, (k + 1) * length);
    for (let i = 0, j = k; i < length; i++, j += width) out[j] = plane[i];
  }
  return out.buffer;
}

/** The bytes of `values` by plane: every value's first byte, then every second byte, ... (fromPlanes undoes it). */
export function toPlanes(values: ArrayBufferView & { length: number }): Uint8Array {
  const width = values.byteLength / values.length || 1;
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const n = values.length;
  const out = new Uint8Array(values.byteLength);
  for (let k = 0; k < width; k++) for (let i = 0, j = k; i < n; i++, j += width) out[k * n + i] = bytes[j];
  return out;
}

/** A Float64 column of `length` values from (value, count) pairs; throws unless the counts are whole, positive and add up to it. */
function expandedRuns(pairs: Float64Array, length: number, key: string): Float64Array {
  const out = new Float64Array(length);
  let at = 0;
  for (let k = 0; k + 1 < pairs.length; k += 2) {
    const n = pairs[k + 1];
    if (!(Number.isSafeInteger(n) && n > 0 && at + n <= length)) break;
    out.fill(pairs[k], at, at + n);
    at += n;
  }
  if (at !== length) throw new Error(`the result's column ${key} does not fit its layout`);
  return out;
}

/**
 * The sessions as they go to the page: the same columns, lighter. The page
 * never reads the reference ranks (its details ask the host), sorts by the
 * insight score at four bytes' precision (the host ranks by the exact one),
 * rebuilds the window offsets from one-byte lengths (windows are at most
 * 50 commands plus the end token) and the ends from four-byte durations when
 * they are exact. In VS Code's remote setups every byte of a large result
 * costs transfer time and host-thread time.
 */
export function pageSessions(s: PanelSessions): PanelSessions {
  const n = s.count;
  let lengths: Uint8Array | undefined = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const len = s.windowOffsets[i + 1] - s.windowOffsets[i];
    if (len > 0xff) {
      lengths = undefined;
      break;
    }
    lengths[i] = len;
  }
  let duration: Uint32Array | undefined = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const d = s.end[i] - s.start[i];
    // Exact only: a whole, non-negative number of ms that start + d gives back bit for bit.
    if (!(Number.isInteger(d) && d >= 0 && d <= 0xffffffff && s.start[i] + d === s.end[i])) {
      duration = undefined;
      break;
    }
    duration[i] = d;
  }
  return {
    ...s,
    ...(lengths ? { windowOffsets: new Int32Array(0), windowLengths: lengths } : {}),
    ...(duration ? { end: new Float64Array(0), duration } : {}),
    ...pageInsightColumns(s),
    referenceRank: new Int32Array(0),
  };
}

/** Undoes pageSessions on the page: window offsets from their lengths, ends from their durations (a full result is returned as it is). */
export function pageColumnsRestored(s: PanelSessions): PanelSessions {
  const w = withWindowOffsets(s);
  const duration = w.duration;
  if (!duration || w.end.length === w.count) return w;
  const end = new Float64Array(w.count);
  for (let i = 0; i < w.count; i++) end[i] = w.start[i] + duration[i];
  return { ...w, end };
}

/** Undoes pageSessions' window lengths on the page (a result posted with offsets is returned as it is). */
export function withWindowOffsets(s: PanelSessions): PanelSessions {
  const lengths = s.windowLengths;
  if (!lengths || s.windowOffsets.length === s.count + 1) return s;
  const offsets = new Int32Array(s.count + 1);
  for (let i = 0; i < s.count; i++) offsets[i + 1] = offsets[i] + lengths[i];
  return { ...s, windowOffsets: offsets };
}

/** The typed-array columns of PanelSessions, e.g. to list their buffers for a transfer. */
export const PANEL_SESSION_COLUMNS = [
  'id', 'start', 'end', 'eventCount', 'likelihood', 'logLikelihood', 'user', 'windowOffsets', 'windowCommands',
  'insightScore', 'insightKinds', 'insightCount', 'topKind', 'referenceRank',
] as const satisfies readonly (keyof PanelSessions)[];

/** The buffers of a result's session columns (each column has its own), for a postMessage transfer list. */
export function sessionBuffers(sessions: PanelSessions): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const k of PANEL_SESSION_COLUMNS) out.add(sessions[k].buffer as ArrayBuffer);
  return [...out];
}

/** Sessions (in rank order) whose top insight's text travels with the result; the others show their kinds. */
export const TOP_INSIGHT_TEXT_ROWS = 2000;

/** One insight of a session, for the details view: `lines` are the first file lines of the events it names. */
export interface PanelInsight {
  kind: string;
  text: string;
  evidence: Record<string, string | number | string[] | null>;
  lines: number[];
  probability: number;
}

export interface PanelResult {
  runId: number;
  summary: PanelSummary;
  options: PanelScoreOptions;
  mapping: PanelMapping;
  /** Session types the data supports (no params column: cmds_only only). */
  availableSessionTypes: PanelSessionType[];
  userColumns: string[];
  /** Distinct user identifier tuples; values aligned with userColumns, null for missing. */
  userTuples: (string | null)[][];
  commands: string[];
  sessions: PanelSessions;
  /** The ranking the sessions are ordered by. */
  ranking: PanelRanking;
  /** Insight kind names, indexed by the bits of sessions.insightKinds. */
  insightKinds: string[];
  /** How many of the most anomalous (matching) sessions the table lists (setting sessionscope.tableRows); all when absent. */
  tableRows?: number;
  /**
   * True while the sessions' insight columns are placeholders (no insights, scores NaN): under the reference ranking
   * the result goes out before its insights are judged, and an `insights` message with the same runId fills them in.
   */
  insightsPending?: boolean;
  /** On the page: why the insights that were pending could not be judged. */
  insightsError?: string;
}

/** The insight columns of a result's sessions, in its rank order (the parts of PanelSessions a later `insights` message carries). */
export type PanelInsightColumns = Pick<PanelSessions, 'insightScore' | 'insightKinds' | 'insightCount' | 'topKind' | 'topInsight'>;

/** The insight columns of `s` alone. */
export function insightColumnsOf(s: PanelInsightColumns): PanelInsightColumns {
  return { insightScore: s.insightScore, insightKinds: s.insightKinds, insightCount: s.insightCount, topKind: s.topKind, topInsight: s.topInsight };
}

/** Insight columns as the page takes them: scores in single precision, as pageSessions sends them. */
export function pageInsightColumns(c: PanelInsightColumns): PanelInsightColumns {
  return { ...insightColumnsOf(c), insightScore: Float32Array.from(c.insightScore) };
}

/** One step of a session, for the details view. */
export interface PanelSessionStep {
  command: string;
  /** 1-based first and last line of the event's record in the file. */
  line: number;
  endLine: number;
  time: number;
  params: [string, string][];
  /** Probability of reaching this command from the previous one (START for the first). */
  transitionProbability: number;
  /** Probability of its params given the command; null for cmds_only. */
  paramsProbability: number | null;
  inRarestWindow: boolean;
}

export interface PanelSessionDetails {
  runId: number;
  sessionId: number;
  users: (string | null)[];
  start: number;
  end: number;
  likelihood: number | null;
  sessionLikelihood: number | null;
  steps: PanelSessionStep[];
  /** Probability of ending the session after the last command. */
  endProbability: number;
  /** Why the session is unusual for who ran it, most surprising first. */
  insights: PanelInsight[];
  insightScore: number | null;
  referenceRank: number;
}

// ---- extension -> webview -------------------------------------------------

export type ToWebview =
  /** Sent before anything else on every "ready": the id the host files this panel's file and settings under. */
  | { type: 'panel'; panelId: string }
  /** Work started or progressed; percent of bytes read, 0..100, or null for stages that cannot tell. */
  | { type: 'loading'; fileName: string; stage: string; percent: number | null }
  | { type: 'result'; result: PanelResult }
  /** The insight columns of a result sent with `insightsPending` (same runId), once judged. */
  | { type: 'insights'; runId: number; columns: PanelInsightColumns; error?: undefined }
  /** ... or why they could not be judged. */
  | { type: 'insights'; runId: number; columns?: undefined; error: string }
  /** A run failed, or (`cancelled`) the user stopped it; `canRetry` offers "Score again". */
  | { type: 'error'; message: string; location?: string; cancelled?: boolean; canRetry?: boolean }
  /** The reply to a `details` request. */
  | { type: 'details'; requestId: number; details: PanelSessionDetails | null; error?: string }
  /**
   * Which event of the revealed ones the editor shows now: `position` is
   * 1-based after a step, 0 right after a reveal (all `total` events selected).
   */
  | { type: 'revealed'; runId: number; sessionId: number; position: number; total: number }
  | PanelFeaturesToWebview;

/**
 * What the host sends: every message carries `seq`, its place in the order
 * the host posted them. The host posts without waiting for the page's
 * "ready" (VS Code holds messages for a page that is still loading and
 * hands them over once it has loaded), and on "ready" sends the last result
 * and status again with their first numbers: a page that already has them
 * (it had loaded) knows them by `seq`, a page that lost them (hidden and
 * shown again, revived) draws them.
 */
export type SentToWebview = ToWebview & { seq: number };

// ---- webview -> extension -------------------------------------------------

// Export and marks: their words (the messages' schemas are in FROM_WEBVIEW).

/** What a hunter decided about a session; remembered per file by the host. */
export const SESSION_MARKS = ['reviewed', 'benign', 'suspicious'] as const;
export type SessionMark = (typeof SESSION_MARKS)[number];
export const EXPORT_FORMATS = ['csv', 'json', 'markdown'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** Most sessions one export may name (the panel's largest result). */
export const EXPORT_MAX_SESSIONS = 1_000_000;

/** A marked session, by identity (user values and start), as the host stores it. */
export interface PanelMark extends SessionIdentity {
  mark: SessionMark;
}

export type PanelFeaturesToWebview =
  /** The marks of this file's sessions; sent after every result and after every change. */
  { type: 'marks'; filePath: string; marks: PanelMark[] };

/** The export and marks requests, as the host's PanelFeatures handles them. */
export type PanelFeaturesFromWebview = Extract<FromWebview, { type: 'setMark' | 'export' }>;

/** Ids the host handed out (runs, sessions, requests): whole numbers from 0. */
const Id = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

/**
 * Every message the webview may send, one schema each (a new message is one
 * more entry). The webview renders hostile log text, so the host treats
 * whatever it posts as untrusted input: anything else is rejected.
 */
const FROM_WEBVIEW = [
  /** The panel's script is loaded and listening; the host then sends the latest state. */
  v.object({ type: v.literal('ready') }),
  /**
   * A result is on screen (chart drawn): the host's progress notification ends here. With the page's draw time (inflating a packed
   * result included, and also given alone), how many sessions it holds and whether they came packed, and when (the page's clock)
   * it got the message and drew it (tests and benches read them).
   */
  v.object({
    type: v.literal('rendered'),
    runId: Id,
    drawMs: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0))),
    inflateMs: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0))),
    sessions: v.optional(Id),
    packed: v.optional(v.boolean()),
    /** The page's clock (epoch ms) when the result's message reached it and when it was drawn: benches split the way from the draw. */
    receivedAt: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0))),
    drawnAt: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0))),
  }),
  v.object({ type: v.literal('details'), requestId: Id, runId: Id, sessionId: Id }),
  /** Reveal a session's rarest window, all its events, or the events of one of its insights (by index in the details) in the log file. */
  v.variant('scope', [
    v.object({ type: v.literal('reveal'), runId: Id, sessionId: Id, scope: v.picklist(['window', 'session']) }),
    v.object({ type: v.literal('reveal'), runId: Id, sessionId: Id, scope: v.literal('insight'), insight: v.pipe(Id, v.maxValue(10_000)) }),
  ]),
  /** Step to the next/previous event of the last revealed selection. */
  v.object({ type: v.literal('step'), direction: v.picklist([1, -1]) }),
  /** Reveal the lines of the first skipped rows in the log file. */
  v.object({ type: v.literal('revealSkipped'), runId: Id }),
  v.object({ type: v.literal('rescore'), runId: Id, options: PanelScoreOptionsSchema }),
  /** Ask the extension to let the user choose columns again (quick picks). */
  v.object({ type: v.literal('changeMapping') }),
  /** Run the last run again (after a cancel or an error). */
  v.object({ type: v.literal('scoreAgain') }),
  v.object({ type: v.literal('showOutput') }),
  /** Mark a session of the current result (null clears its mark). */
  v.object({ type: v.literal('setMark'), runId: Id, sessionId: Id, mark: v.nullable(v.picklist(SESSION_MARKS)) }),
  /**
   * Export these sessions of the current result, in this order (the table's
   * filter and sort), to the clipboard or to a file the user picks.
   * `scope` says whether they are the rows listed or every matching session.
   */
  v.object({
    type: v.literal('export'),
    runId: Id,
    sessionIds: v.pipe(v.array(Id), v.maxLength(EXPORT_MAX_SESSIONS)),
    format: v.picklist(EXPORT_FORMATS),
    destination: v.picklist(['clipboard', 'file']),
    scope: v.picklist(['listed', 'matched']),
  }),
] as const;

export const FromWebviewSchema = v.variant('type', FROM_WEBVIEW);
export type FromWebview = v.InferOutput<typeof FromWebviewSchema>;

/** A session by what it is, not by its id or rank: both change when the settings do. */
export interface SessionIdentity {
  users: (string | null)[];
  /** Start, epoch ms (UTC). */
  start: number;
}

/**
 * What the panel keeps with getState/setState, so a reload restores it. The
 * host never trusts it: on revival it only reads `panelId`, and looks the
 * file and the run settings up in its own storage under that id.
 */
export interface PanelState {
  panelId?: string;
  /** The file of the result shown, to tell when another file's result arrives (display only). */
  filePath?: string;
  upperBound?: number | null;
  filter?: string;
  /** The selected session (restored by identity after a rescore or a reload). */
  selected?: SessionIdentity | null;
  colorBy?: 'user' | 'band' | 'insight';
}

/** Panel ids are UUIDs; anything else in a revived state is ignored. */
export function isPanelId(v: unknown): v is string {
  return typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v);
}

/** Validates a message from the webview: the message with only its known fields, or undefined. */
export function parseFromWebview(raw: unknown): FromWebview | undefined {
  const result = v.safeParse(FromWebviewSchema, raw);
  return result.success ? result.output : undefined;
}

