// What the `sessionscope._testApi` command reports: the real state of the
// last run and reveal, so integration and end-to-end tests can check it.

import type { ToWebview } from '../protocol';
import type { LineRange } from './workerProtocol';

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
}

export interface LastReveal {
  file: string;
  runId: number;
  sessionId: number;
  selections: { startLine: number; endLine: number }[];
  decorated: boolean;
}

export interface TestSnapshot {
  lastResult?: LastResult;
  lastReveal?: LastReveal;
  lastError?: { message: string; location?: string };
  running: boolean;
  /** The last progress a run reported. */
  lastProgress?: { stage: string; percent: number };
  /** Recent lines of the output channel. */
  output: string[];
  /** Recent messages to the panel, loading progress left out. */
  posted: PostedMessage[];
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

export class TestState {
  lastResult: LastResult | undefined;
  lastReveal: LastReveal | undefined;
  lastError: { message: string; location?: string } | undefined;
  lastProgress: { stage: string; percent: number } | undefined;
  private readonly posted: PostedMessage[] = [];

  recordPosted(msg: ToWebview): void {
    if (msg.type === 'loading') return;
    this.posted.push(summarize(msg));
    if (this.posted.length > KEEP_POSTED) this.posted.shift();
  }

  snapshot(running: boolean, output: string[]): TestSnapshot {
    return {
      lastResult: this.lastResult,
      lastReveal: this.lastReveal,
      lastError: this.lastError,
      running,
      lastProgress: this.lastProgress,
      output,
      posted: [...this.posted],
    };
  }
}
