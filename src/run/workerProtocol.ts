// Messages between the extension host (workerClient.ts) and the pipeline
// worker (worker.ts). Both sides are Node; nothing here imports 'vscode'.

import type { Detection } from '../engine/stages';
import type {
  ColumnMapping,
  LogFormat,
  PipelineStage,
  ReadOptions,
  ScoreOptions,
  SessionizeOptions,
  SkipReport,
  SourceLocation,
  StageTimings,
} from '../engine/types';
import type { SessionLines } from '../present/lines';
import type { PanelInsightColumns, PanelRanking, PanelResult, PanelSessionDetails, PanelSessions } from '../protocol';

/** Everything one run needs besides the file. */
export interface RunSettings {
  /** Undefined lets the engine use what it detects (pre-sessionized rows). */
  mapping?: ColumnMapping;
  read: Partial<ReadOptions>;
  sessionize: SessionizeOptions;
  score: ScoreOptions;
  /** Session order (setting sessionscope.ranking); reference when absent (panels stored by an older version). */
  ranking?: PanelRanking;
}

export interface RunReport {
  result: PanelResult;
  /** The result's sessions in the lighter form the page takes (protocol.ts pageSessions), made here, off the host's thread. */
  pageSessions: PanelSessions;
  /** The most anomalous session with a window, if any. */
  top?: SessionLines;
  mapping: ColumnMapping;
  format: LogFormat;
  bytes: number;
  skipped: SkipReport;
  /** True when the parsed events of an earlier run were scored again. */
  reusedLog: boolean;
  timings: StageTimings;
}

export type WorkerRequest =
  | { id: number; type: 'inspect'; file: string; format?: LogFormat }
  /** `stop`: a SharedStop buffer the host sets to cancel the scoring passes without ending the thread. */
  | ({ id: number; type: 'run'; runId: number; file: string; reuseLog: boolean; stop?: SharedArrayBuffer } & RunSettings)
  | { id: number; type: 'details'; runId: number; sessionId: number }
  | { id: number; type: 'lines'; runId: number; sessionId: number }
  /** First and last file line of each session (an export's "lines" column): one request for many sessions. */
  | { id: number; type: 'spans'; runId: number; sessionIds: number[] }
  /**
   * Judge the insights of a reference-ranked run's sessions now and send them
   * (an `insights` message, then the reply). The host asks once the page has
   * drawn the result: judged at once, they took a core from the result's way
   * to the page (docs/performance.md, session 18).
   */
  | { id: number; type: 'judgeInsights'; runId: number };

/** What each request resolves to. */
export interface WorkerReplies {
  inspect: Detection;
  run: RunReport;
  details: PanelSessionDetails | null;
  lines: SessionLines | null;
  /** Null for the whole request when the run is gone; null for a session id that is not in it. */
  spans: ([number, number] | null)[] | null;
  /** False when the run is no longer the thread's current one (nothing is sent), or was ranked by its insights (they went with it). */
  judgeInsights: boolean;
}

/** An error as it crosses the thread boundary. */
export interface WorkerError {
  name: string;
  message: string;
  location?: SourceLocation;
}

/** The pipeline's stages, and the worker's own last one: insights and the panel's result. */
export type WorkerStage = PipelineStage | 'insights';

export type WorkerMessage =
  /** `twoThreads`: while reading, whether a second thread reads part of the file (PipelineProgress). */
  | { id: number; type: 'progress'; stage: WorkerStage; bytesRead: number; totalBytes: number; twoThreads?: boolean }
  | { id: number; type: 'reply'; value: unknown }
  | { id: number; type: 'error'; error: WorkerError }
  /** After a run's reply (`id` is the run request's): its result's insight columns, judged once the result had gone. */
  | { id: number; type: 'insights'; runId: number; columns: PanelInsightColumns }
  | { id: number; type: 'insightsFailed'; runId: number; error: WorkerError }
  /** A spare thread's warm-up (warmUp.ts) ended after this many of its steps (all of them, or fewer when a request came). */
  | { type: 'warmed'; steps: number };
