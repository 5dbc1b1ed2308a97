// What the pieces of one log file's analysis (analysis.ts) share: the
// extension-wide services (Host), how a run is asked for (StartOptions) and
// how it ended (RunOutcome), and the test recorder they report to.

import type { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { ColumnMapping } from '../engine/types';
import type { PanelInsightColumns, ToWebview } from '../protocol';
import type { RunReport, RunSettings } from '../run/workerProtocol';
import type { SessionscopePanel } from './panel';
import type { PanelStore } from './panelStore';
import type { Output } from './output';
import type { Revealer } from './reveal';
import type { PipelineWorker } from '../run/workerClient';
import type { Settings } from './settings';

/** What the extension shares with every analysis. */
export interface Host {
  extensionUri: vscode.Uri;
  memento: vscode.Memento;
  /** Files and run settings of the open panels, for their revival after a reload. */
  panels: PanelStore;
  output: Output;
  revealer: Revealer;
  test: TestRecorder;
  /**
   * A pipeline thread started ahead of need, if one waits (workerSpare.ts): for a large log (largeLog.ts) the one
   * started with its code not warmed, else the warmed one.
   */
  spareWorker(large: boolean): Worker | undefined;
  nextRunId(): number;
  forget(analysis: { readonly file: string; dispose(): void }): void;
}

/** One log file's analysis, as its run controller and panel request handler see it. */
export interface AnalysisContext {
  readonly uri: vscode.Uri;
  readonly file: string;
  readonly fileName: string;
  readonly host: Host;
  readonly worker: PipelineWorker;
  readonly panel: SessionscopePanel | undefined;
  /** The panel, created (or shown) for a run. */
  ensurePanel(): SessionscopePanel;
  post(msg: ToWebview): void;
}

export type RunOutcome =
  | { ok: true; runId: number; sessions: number; events: number; sessionType: string; topSessionId?: number }
  | { ok: false; cancelled: boolean; error?: string; location?: string };

export const CANCELLED: RunOutcome = { ok: false, cancelled: true };

/** How a run was asked for. */
export interface StartOptions {
  /** Columns given by the caller (a test, or the options command). */
  mapping?: ColumnMapping;
  /**
   * Settings over the configuration's, asked for after the columns (the
   * options command) or given by a caller. Undefined means the user gave up.
   */
  adjust?: (settings: Settings) => Settings | undefined | Thenable<Settings | undefined>;
  /** May ask the user for columns with quick picks. */
  interactive: boolean;
  /** Ask for the columns even when they are known. */
  pickColumns?: boolean;
  /** Reveal the top session's rarest window when done (focusing the editor). */
  revealTop?: boolean;
  /** Where the column quick picks sit in a longer walk of steps (Score with Options). */
  columnSteps?: { first: number; total: number };
  /** Run exactly these settings (a revived panel's last run): no detection, no questions. */
  settings?: RunSettings;
}

/** The result the panel shows, which its requests are checked against. */
export interface CurrentRun {
  runId: number;
  report: RunReport;
  settings: RunSettings;
  /** The result went without its insights, and they have not come yet (RunController.insightsArrived). */
  insightsPending: boolean;
  /** Once come: the page form of its insight columns (sent again after the result, which was packed without them). */
  insightColumns?: PanelInsightColumns;
  /** Or why they could not be judged. */
  insightError?: string;
}

/** A reveal in the log file, as the test API reports it. */
export interface RevealRecord {
  file: string;
  runId: number;
  /** -1 for the skipped rows. */
  sessionId: number;
  selections: { startLine: number; endLine: number }[];
  decorated: boolean;
}

/** What the panel reported of a result it drew (the host's post time included), for the test recorder. */
export interface RenderedResult {
  postMs?: number;
  drawMs?: number;
  sessions?: number;
  packed?: boolean;
  /** The page's time to inflate a packed result (part of drawMs). */
  inflateMs?: number;
  /** When the host heard that the page had drawn it (performance.now() of the extension host). */
  renderedAt?: number;
  /**
   * Epoch ms: the host's post of the result and its hearing of the render (the host's clock), the result's
   * arrival at the page and its draw (the page's clock; one clock on one machine, which the bench is).
   */
  postedAt?: number;
  receivedAt?: number;
  drawnAt?: number;
  heardAt?: number;
}

/**
 * Where an analysis reports what tests check (the `_testApi` command). The
 * extension injects the real one (testApi.ts) only in test mode, and a
 * production build leaves it out; everywhere else it is NO_TEST_RECORDER.
 */
/** One progress report of a run, as the test recorder keeps it. */
export interface ProgressRecord {
  stage: string;
  percent: number;
  /** What the notification said. */
  message?: string;
  /** Whether the file's panel was open. */
  panel?: boolean;
}

export interface TestRecorder {
  /** The progress of the run in flight, as reported (`panel`: whether its panel was open then); undefined when a run starts. */
  progress(p: ProgressRecord | undefined): void;
  /**
   * `postMs`: the host thread's time in the panel's postMessage of the result; `drawMs`: the page's, from receiving it to drawing it;
   * `sessions`, `packed`: how many sessions the page drew and whether they reached it packed.
   */
  result(file: string, runId: number, report: RunReport, page?: RenderedResult): void;
  /** The last failure; undefined after a run succeeds. */
  error(e: { message: string; location?: string } | undefined): void;
  reveal(r: RevealRecord): void;
  posted(msg: ToWebview): void;
}

export const NO_TEST_RECORDER: TestRecorder = {
  progress: () => undefined,
  result: () => undefined,
  error: () => undefined,
  reveal: () => undefined,
  posted: () => undefined,
};
