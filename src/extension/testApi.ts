// The `sessionscope._testApi` command: the real state of the last run and
// reveal, so integration and end-to-end tests can check it, and a way to
// post panel messages and cancel runs as the webview would. The extension
// wires it only in test mode (extension.ts), and `node esbuild.mjs
// --production` leaves this file out of the bundle.

import * as vscode from 'vscode';
import { parseFromWebview, type ToWebview } from '../protocol';
import { lineSpan, type LineRange } from '../present/lines';
import type { RunReport } from '../run/workerProtocol';
import type { LogAnalysis } from './analysis';
import type { WorkerSpare } from '../run/workerSpare';
import type { ProgressRecord, RenderedResult, RevealRecord, TestRecorder } from './host';
import { setLargeLogBytes } from './largeLog';
import { panelFeaturesTestAction, type PanelFeaturesTestAction, type PanelFeaturesTestState } from './panelFeaturesTest';

export interface LastResult {
  filePath: string;
  runId: number;
  sessions: number;
  events: number;
  sessionType: string;
  ranking: string;
  /** Reference ranks and insight counts of the first 10 sessions in the chosen ranking. */
  topReferenceRanks: number[];
  topInsightCounts: number[];
  topSessionId?: number;
  /** The event lines of each insight of the top session. */
  topInsightLines?: LineRange[][];
  /** First line of the rarest window's first event, last line of its last event (1-based). */
  topRarestWindowLines?: [number, number];
  topWindowEventLines?: LineRange[];
  topSessionEventLines?: LineRange[];
  /** Host-thread milliseconds in the panel's postMessage of this result. */
  postMs?: number;
  /** The page's milliseconds from receiving this result to drawing it. */
  drawMs?: number;
  /** How many sessions the page drew, and whether they reached it packed (deflated). */
  pageSessions?: number;
  pagePacked?: boolean;
  /** The page's milliseconds to inflate it (part of drawMs), when packed. */
  inflateMs?: number;
  /** When the host heard the page had drawn it (performance.now() of the extension host, where the integration tests run too). */
  renderedAt?: number;
  /** Epoch ms (see RenderedResult): the host's post, the page's receipt and draw, the host hearing of it. */
  postedAt?: number;
  receivedAt?: number;
  drawnAt?: number;
  heardAt?: number;
  /** Whether the worker's parsed events were scored again (nothing read). */
  reusedLog: boolean;
  /** The columns the run read. */
  mapping: RunReport['mapping'];
  /** The worker's stage timings. */
  timings: RunReport['timings'];
}

export type LastReveal = RevealRecord;

export interface TestSnapshot {
  lastResult?: LastResult;
  lastReveal?: LastReveal;
  lastError?: { message: string; location?: string };
  running: boolean;
  /** The last progress a run reported. */
  lastProgress?: ProgressRecord;
  /** Every progress report of the last run, in order (the first KEEP_PROGRESS). */
  progressLog?: ProgressRecord[];
  /** Files whose panel is open. */
  panels?: string[];
  /** Recent lines of the output channel. */
  output: string[];
  /** Recent messages to the panel, loading progress left out. */
  posted: PostedMessage[];
  /**
   * Pipeline threads: the spare's id if one waits, the large log's spare's (started, not warmed) likewise, and
   * each analysed file's thread id (null when it has none).
   */
  threads?: { spare: number | null; largeSpare: number | null; files: Record<string, number | null> };
}

/** A message to the panel without its bulk. */
export interface PostedMessage {
  type: ToWebview['type'];
  runId?: number;
  sessionId?: number;
  requestId?: number;
  /** details: whether a session came back, and its insights' texts. */
  found?: boolean;
  insights?: string[];
  position?: number;
  total?: number;
  message?: string;
}

function summarize(msg: ToWebview): PostedMessage {
  switch (msg.type) {
    case 'result':
      return { type: msg.type, runId: msg.result.runId };
    case 'insights':
      return { type: msg.type, runId: msg.runId, total: msg.columns?.insightCount.length, message: msg.error };
    case 'details':
      return { type: msg.type, requestId: msg.requestId, found: msg.details !== null, sessionId: msg.details?.sessionId, insights: msg.details?.insights.map((i) => i.text), message: msg.error };
    case 'revealed':
      return { type: msg.type, runId: msg.runId, sessionId: msg.sessionId, position: msg.position, total: msg.total };
    case 'error':
      return { type: msg.type, message: msg.message };
    case 'loading':
      return { type: msg.type, message: msg.stage };
    case 'panel':
      return { type: msg.type };
    case 'marks':
      return { type: msg.type, total: msg.marks.length };
  }
}

const KEEP_POSTED = 50;
const KEEP_PROGRESS = 200;

/** The recorder the analyses report to in test mode. */
export class TestState implements TestRecorder {
  private lastResult: LastResult | undefined;
  private lastReveal: LastReveal | undefined;
  private lastError: { message: string; location?: string } | undefined;
  private lastProgress: ProgressRecord | undefined;
  private progressLog: ProgressRecord[] = [];
  private readonly postedMessages: PostedMessage[] = [];

  progress(p: ProgressRecord | undefined): void {
    this.lastProgress = p;
    if (p === undefined) this.progressLog = [];
    else if (this.progressLog.length < KEEP_PROGRESS) this.progressLog.push(p);
  }

  result(file: string, runId: number, report: RunReport, page: RenderedResult = {}): void {
    const result = report.result;
    const top = report.top;
    this.lastResult = {
      filePath: file,
      runId,
      sessions: result.summary.sessions,
      events: result.summary.events,
      sessionType: result.options.sessionType,
      ranking: result.ranking,
      topReferenceRanks: Array.from(result.sessions.referenceRank.subarray(0, 10)),
      topInsightCounts: Array.from(result.sessions.insightCount.subarray(0, 10)),
      topSessionId: top?.sessionId,
      topInsightLines: top?.insights,
      topRarestWindowLines: top ? lineSpan(top.window) : undefined,
      topWindowEventLines: top?.window,
      topSessionEventLines: top?.session,
      postMs: page.postMs,
      drawMs: page.drawMs,
      pageSessions: page.sessions,
      pagePacked: page.packed,
      inflateMs: page.inflateMs,
      renderedAt: page.renderedAt,
      postedAt: page.postedAt,
      receivedAt: page.receivedAt,
      drawnAt: page.drawnAt,
      heardAt: page.heardAt,
      reusedLog: report.reusedLog,
      mapping: report.mapping,
      timings: { ...report.timings },
    };
  }

  error(e: { message: string; location?: string } | undefined): void {
    this.lastError = e;
  }

  reveal(r: LastReveal): void {
    this.lastReveal = r;
  }

  posted(msg: ToWebview): void {
    if (msg.type === 'loading') return;
    this.postedMessages.push(summarize(msg));
    if (this.postedMessages.length > KEEP_POSTED) this.postedMessages.shift();
  }

  snapshot(running: boolean, output: string[]): TestSnapshot {
    return {
      lastResult: this.lastResult,
      lastReveal: this.lastReveal,
      lastError: this.lastError,
      running,
      lastProgress: this.lastProgress,
      progressLog: [...this.progressLog],
      output,
      posted: [...this.postedMessages],
    };
  }
}

/** Test hook actions; with no argument `_testApi` returns a snapshot. */
type TestAction =
  | { action: 'post'; filePath: string; message: unknown }
  | { action: 'cancel'; filePath?: string }
  | { action: 'snapshot' }
  /** Ends the spare pipeline threads, if any wait (a test then sees what warms the next). */
  | { action: 'endSpare' }
  /** Sets the size from which a log counts as large (largeLog.ts); no `bytes` restores the default. */
  | { action: 'largeLogBytes'; bytes?: number }
  | PanelFeaturesTestAction;

/** Registers the `_testApi` command over the analyses open in this window. */
export function registerTestApi(
  command: string,
  state: TestState,
  analyses: ReadonlyMap<string, LogAnalysis>,
  outputLines: () => string[],
  memento: vscode.Memento,
  spares: { spare: WorkerSpare; largeSpare: WorkerSpare },
): vscode.Disposable {
  const { spare, largeSpare } = spares;
  const snapshot = (): TestSnapshot => ({
    ...state.snapshot([...analyses.values()].some((a) => a.running), outputLines()),
    threads: { spare: spare.threadId ?? null, largeSpare: largeSpare.threadId ?? null, files: Object.fromEntries([...analyses.values()].map((a) => [a.file, a.worker.threadId ?? null])) },
    panels: [...analyses.values()].filter((a) => a.panel !== undefined).map((a) => a.file),
  });
  // Installs the panel features' default answers (open large files, no save dialog answer).
  panelFeaturesTestAction({ action: 'panelFeatures' }, memento);
  return vscode.commands.registerCommand(command, async (action?: TestAction): Promise<TestSnapshot & { panelFeatures?: PanelFeaturesTestState }> => {
    if (action?.action === 'panelFeatures') return { ...snapshot(), panelFeatures: panelFeaturesTestAction(action, memento) };
    if (action?.action === 'post') {
      const analysis = analyses.get(vscode.Uri.file(action.filePath).fsPath);
      const msg = parseFromWebview(action.message);
      if (analysis && msg) await analysis.handleMessage(msg);
    } else if (action?.action === 'endSpare') {
      spare.end();
      largeSpare.end();
    } else if (action?.action === 'largeLogBytes') {
      setLargeLogBytes(action.bytes);
    } else if (action?.action === 'cancel') {
      for (const a of analyses.values()) if (!action.filePath || a.file === vscode.Uri.file(action.filePath).fsPath) a.cancel();
    }
    return snapshot();
  });
}
