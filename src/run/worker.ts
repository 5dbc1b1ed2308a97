// The pipeline's thread. Keeps the parsed log between requests so a rescore
// from the panel does not read the file again, and answers the panel's
// details and reveal requests from the scored data. Never imports 'vscode'.

import { parentPort, workerData } from 'node:worker_threads';
import type { Detection, LoadedLog, ScoredLog } from '../engine/stages';
import { loadLog, scoreLog } from '../engine/pipeline';
import { inspectLog } from '../engine/read/detect';
import { runInsights } from '../engine/insights/run';
import type { SessionInsights } from '../engine/insights/insights';
import type { PipelineProgress } from '../engine/types';
import { lineSpan } from '../present/lines';
import { buildPanelResult, buildSessionDetails, panelInsightColumns, panelRows, sessionLines, topSession } from '../present/panelData';
import { SharedStop } from '../engine/stop';
import { pageSessions, sessionBuffers, type PanelInsightColumns, type PanelRanking, type PanelResult } from '../protocol';
import { packPageSessions } from './pagePack';
import { warmUp } from './warmUp';
import type { RunReport, WorkerError, WorkerMessage, WorkerReplies, WorkerRequest, WorkerStage } from './workerProtocol';

// Each report redraws the notification and the panel's bar. On a 2-core machine
// under the offline VS Code, posting every 100 ms took about a tenth of the
// read's CPU from the reader threads (read 9.0-9.3 s against 7.8 s at 1000 ms,
// 1M events); twice a second still moves the bar smoothly.
const PROGRESS_INTERVAL_MS = 500;

let loaded: { key: string; log: LoadedLog } | undefined;
/** The host inspects a file right before it runs on it; the run then need not read the head again. */
let inspected: Detection | undefined;
/**
 * The last run's scored log. Under the reference ranking its insights are
 * judged after the result has gone, when the host asks (`insights`
 * undefined until then; see sendInsights), under the insight ranking before
 * (they set the order). `requestId` is the run request's; `insightsSent`
 * is set once their columns went.
 */
let current:
  | { runId: number; requestId: number; scored: ScoredLog; ranking: PanelRanking; insights?: SessionInsights; insightsSent?: boolean }
  | undefined;

function post(message: WorkerMessage, transfer?: ArrayBuffer[]): void {
  parentPort?.postMessage(message, transfer);
}

function toWorkerError(err: unknown): WorkerError {
  if (err instanceof Error) {
    const location = (err as { location?: WorkerError['location'] }).location;
    return { name: err.name, message: err.message, location: location ? { ...location } : undefined };
  }
  return { name: 'Error', message: String(err) };
}

/** Posts progress at most every PROGRESS_INTERVAL_MS, and always on a stage change. */
function progressReporter(id: number): (p: PipelineProgress | { stage: WorkerStage; bytesRead: number; totalBytes: number; twoThreads?: boolean }) => void {
  let last = 0;
  let lastStage = '';
  return (p) => {
    const now = Date.now();
    if (p.stage === lastStage && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    lastStage = p.stage;
    post({ id, type: 'progress', stage: p.stage, bytesRead: p.bytesRead, totalBytes: p.totalBytes, ...(p.twoThreads !== undefined ? { twoThreads: p.twoThreads } : {}) });
  };
}

async function run(req: Extract<WorkerRequest, { type: 'run' }>): Promise<RunReport> {
  const key = JSON.stringify([req.file, req.mapping ?? null, req.read]);
  const onProgress = progressReporter(req.id);
  const reusedLog = req.reuseLog && loaded?.key === key;
  // The host sets it to cancel the passes below; the parsed log stays for the next run.
  const signal = req.stop ? new SharedStop(req.stop) : undefined;
  // Drop what the last run held before reading again: two copies of a big log may not fit.
  current = undefined;
  let scored: ScoredLog;
  if (reusedLog && loaded) {
    onProgress({ stage: 'score', bytesRead: loaded.log.bytes, totalBytes: loaded.log.bytes });
    scored = scoreLog(loaded.log, req.sessionize, req.score, {}, { signal });
  } else {
    loaded = undefined;
    const detection = inspected?.file === req.file ? inspected : undefined;
    inspected = undefined;
    const log = await loadLog({ file: req.file, mapping: req.mapping, read: req.read, detection }, { onProgress });
    loaded = { key, log };
    onProgress({ stage: 'sessionize', bytesRead: log.bytes, totalBytes: log.bytes });
    scored = scoreLog(log, req.sessionize, req.score, {}, { signal });
  }
  signal?.throwIfAborted();
  const ranking = req.ranking ?? 'reference';
  const t0 = performance.now();
  let result: PanelResult;
  let insights: SessionInsights | undefined;
  if (ranking === 'reference') {
    // The result goes now; its insights follow in an `insights` message when the host asks (sendInsights).
    result = buildPanelResult(scored, req.runId, null);
  } else {
    // The insight ranking orders the sessions by their insights: judged first, every session.
    onProgress({ stage: 'insights', bytesRead: scored.log.bytes, totalBytes: scored.log.bytes });
    insights = runInsights(scored, { ranking }).insights;
    signal?.throwIfAborted();
    result = buildPanelResult(scored, req.runId, insights);
  }
  const panelMs = performance.now() - t0;
  scored.timings.scoreMs += panelMs;
  scored.timings.totalMs += panelMs;
  result.summary.timingsMs.score = scored.timings.scoreMs;
  result.summary.timingsMs.total = scored.timings.totalMs;
  current = { runId: req.runId, requestId: req.id, scored, ranking, insights };
  const top = topSession(scored, insights);
  return {
    result,
    pageSessions: packPageSessions(pageSessions(result.sessions)),
    top: top === undefined ? undefined : (sessionLines(scored, top, insights) ?? undefined),
    mapping: scored.log.mapping,
    format: scored.log.format,
    bytes: scored.log.bytes,
    skipped: scored.log.skipped,
    reusedLog,
    timings: scored.timings,
  };
}

/** The current run's insights, judged now if they have not been yet. */
function insightsOfCurrent(cur: NonNullable<typeof current>): SessionInsights {
  cur.insights ??= runInsights(cur.scored, { ranking: cur.ranking }).insights;
  return cur.insights;
}

/**
 * Judges every session of a run whose result went without insights and
 * posts their columns (in the result's rows), once, unless another run has
 * begun; false when nothing is owed. A details request that came first
 * judged them already.
 */
function sendInsights(runId: number): boolean {
  const cur = current;
  if (cur?.runId !== runId || cur.ranking !== 'reference') return false;
  if (cur.insightsSent) return true;
  cur.insightsSent = true;
  const requestId = cur.requestId;
  try {
    // Rows in the reference order, as buildPanelResult laid out the result that went without them.
    const columns = panelInsightColumns(cur.scored, insightsOfCurrent(cur), panelRows(cur.scored.scores.ranking));
    post({ id: requestId, type: 'insights', runId, columns }, insightBuffers(columns));
  } catch (err) {
    post({ id: requestId, type: 'insightsFailed', runId, error: toWorkerError(err) });
  }
  return true;
}

function insightBuffers(c: PanelInsightColumns): ArrayBuffer[] {
  return [c.insightScore.buffer as ArrayBuffer, c.insightKinds.buffer as ArrayBuffer, c.insightCount.buffer as ArrayBuffer, c.topKind.buffer as ArrayBuffer];
}

/** The scored log of the run the request names, if it is still the current one. */
function scoredFor(runId: number): { scored: ScoredLog; insights: SessionInsights } | undefined {
  const cur = current;
  return cur?.runId === runId ? { scored: cur.scored, insights: insightsOfCurrent(cur) } : undefined;
}

async function handle(req: WorkerRequest): Promise<WorkerReplies[WorkerRequest['type']]> {
  switch (req.type) {
    case 'inspect':
      inspected = await inspectLog(req.file, { format: req.format });
      return inspected;
    case 'run':
      return run(req);
    case 'details': {
      const scored = scoredFor(req.runId);
      return scored ? buildSessionDetails(scored.scored, req.runId, req.sessionId, scored.insights) : null;
    }
    case 'lines': {
      const scored = scoredFor(req.runId);
      return scored ? sessionLines(scored.scored, req.sessionId, scored.insights) : null;
    }
    case 'spans': {
      const scored = scoredFor(req.runId);
      return scored ? req.sessionIds.map((id) => lineSpan(sessionLines(scored.scored, id)?.session ?? []) ?? null) : null;
    }
    case 'judgeInsights':
      return sendInsights(req.runId);
  }
}

/** Requests received: a warm-up (below) stops at the first. */
let requests = 0;

parentPort?.on('message', (req: WorkerRequest) => {
  requests++;
  handle(req).then(
    // A result's session columns move to the host (transferred, not copied).
    (value) => post({ id: req.id, type: 'reply', value }, req.type === 'run' ? runBuffers(value as RunReport) : undefined),
    (err: unknown) => post({ id: req.id, type: 'error', error: toWorkerError(err) }),
  );
});

/** Every buffer of a run's session columns, full and page forms (they share most), each listed once. */
function runBuffers(report: RunReport): ArrayBuffer[] {
  const page = report.pageSessions;
  return [
    ...new Set([
      ...sessionBuffers(report.result.sessions),
      ...sessionBuffers(page),
      ...(page.windowLengths ? [page.windowLengths.buffer as ArrayBuffer] : []),
      ...(page.duration ? [page.duration.buffer as ArrayBuffer] : []),
      ...(page.packed ? [page.packed.deflated] : []),
    ]),
  ];
}

// A spare thread (workerSpare.ts) warms its code while it waits, and stops at the first request.
if ((workerData as { warmUp?: boolean } | null)?.warmUp === true) void warmUp(() => requests > 0).then((steps) => post({ type: 'warmed', steps }));
