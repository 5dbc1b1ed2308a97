// Host side of the pipeline worker: typed requests, progress, cancellation.
// Cancelling a run that is past reading sets the run's SharedStop: the
// worker's scoring passes see it (a thread busy in them never sees a
// message), the run ends, and the thread keeps the parsed log for the next
// run. Cancelling anything else (detection, a read) terminates the thread:
// reading cannot be interrupted the same way, and a terminated worker frees
// its memory now.

import { Worker } from 'node:worker_threads';
import { SharedStop } from '../engine/stop';
import type { PanelInsightColumns } from '../protocol';
import type { WorkerError, WorkerMessage, WorkerReplies, WorkerRequest, WorkerStage } from './workerProtocol';

export interface WorkerProgress {
  stage: WorkerStage;
  bytesRead: number;
  totalBytes: number;
  /** While reading: whether a second thread reads part of the file. */
  twoThreads?: boolean;
}

/** A failure reported by the worker, with the engine's location when it has one. */
export class WorkerFailure extends Error {
  constructor(readonly detail: WorkerError) {
    super(detail.message);
    this.name = detail.name;
  }
}

/** The thread died on its own (out of memory, a crash). */
export class WorkerExitError extends Error {
  constructor(readonly exitCode: number) {
    super(`worker exited with code ${exitCode}`);
    this.name = 'WorkerExitError';
  }
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  onProgress?: (p: WorkerProgress) => void;
  /** A run's stop flag, and whether the run is past reading (a stop then ends it without ending the thread). */
  stop?: SharedStop;
  pastRead?: boolean;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type RunRequest = Extract<WorkerRequest, { type: 'run' }>;

export class PipelineWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** `spare` may hand over a thread started ahead of need (workerSpare.ts); else the first request starts one. */
  constructor(
    private readonly scriptPath: string,
    private readonly spare?: () => Worker | undefined,
  ) {}

  /** True while a thread exists (it holds the parsed log between runs). */
  get alive(): boolean {
    return this.worker !== undefined;
  }

  /** The thread's id while it exists. */
  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  inspect(file: string): Promise<WorkerReplies['inspect']> {
    return this.request({ type: 'inspect', file });
  }

  run(body: Omit<RunRequest, 'id' | 'type' | 'stop'>, onProgress: (p: WorkerProgress) => void): Promise<WorkerReplies['run']> {
    // A buffer of its own per run: a late check of an earlier run's flag never stops this one.
    const buffer = SharedStop.buffer();
    return this.request({ ...body, type: 'run', stop: buffer }, onProgress, new SharedStop(buffer));
  }

  details(runId: number, sessionId: number): Promise<WorkerReplies['details']> {
    return this.request({ type: 'details', runId, sessionId });
  }

  lines(runId: number, sessionId: number): Promise<WorkerReplies['lines']> {
    return this.request({ type: 'lines', runId, sessionId });
  }

  spans(runId: number, sessionIds: number[]): Promise<WorkerReplies['spans']> {
    return this.request({ type: 'spans', runId, sessionIds });
  }

  /** Asks for a reference-ranked run's insights (they come through onInsights); false when the run is gone. */
  judgeInsights(runId: number): Promise<WorkerReplies['judgeInsights']> {
    return this.request({ type: 'judgeInsights', runId });
  }

  private request<T>(body: DistributiveOmit<WorkerRequest, 'id'>, onProgress?: (p: WorkerProgress) => void, stop?: SharedStop): Promise<T> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress, stop });
      worker.postMessage({ ...body, id } satisfies WorkerRequest);
    });
  }

  /**
   * Stops what the thread is doing; every pending request rejects with
   * CancelledError now. When the only work in flight is runs past reading,
   * their stop flags are set and the thread lives on with its parsed log
   * (`kept` is true). Otherwise the thread is terminated: `terminate`
   * interrupts even a synchronous stage, and a thread's own workers (the
   * two-halves CSV reader's) stop with it. Resolves when the thread has
   * exited, or at once when it was kept.
   */
  cancel(): Promise<{ kept: boolean }> {
    const worker = this.worker;
    const pending = [...this.pending.values()];
    const runs = pending.filter((p) => p.stop);
    if (worker && runs.length > 0 && runs.every((p) => p.pastRead)) {
      for (const p of runs) p.stop!.stop();
      this.failAll(new CancelledError());
      return Promise.resolve({ kept: true });
    }
    this.worker = undefined;
    this.failAll(new CancelledError());
    return worker ? worker.terminate().then(() => ({ kept: false })) : Promise.resolve({ kept: false });
  }

  /** Ends the thread and everything it holds. */
  terminate(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new CancelledError());
    return worker ? worker.terminate().then(() => undefined) : Promise.resolve();
  }

  dispose(): void {
    void this.terminate();
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = this.spare?.() ?? new Worker(this.scriptPath);
    worker.on('message', (m: WorkerMessage) => this.onMessage(m));
    worker.on('error', (err) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.failAll(err);
      this.onGone?.(err);
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const err = new WorkerExitError(code);
      this.failAll(err);
      this.onGone?.(err);
    });
    this.worker = worker;
    return worker;
  }

  /**
   * Called with a run's insight columns when the worker has judged them
   * after the run's reply (a reference-ranked result goes without them), or
   * with the error that stopped it.
   */
  onInsights: ((runId: number, outcome: { columns: PanelInsightColumns } | { error: Error }) => void) | undefined;

  /** Called when the thread ended on its own (a crash, out of memory): nothing it owed will come. Not on terminate or cancel. */
  onGone: ((err: Error) => void) | undefined;

  private onMessage(m: WorkerMessage): void {
    if (m.type === 'warmed') return;
    if (m.type === 'insights' || m.type === 'insightsFailed') {
      this.onInsights?.(m.runId, m.type === 'insights' ? { columns: m.columns } : { error: new WorkerFailure(m.error) });
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') {
      if (m.stage !== 'read') p.pastRead = true;
      p.onProgress?.({ stage: m.stage, bytesRead: m.bytesRead, totalBytes: m.totalBytes, ...(m.twoThreads !== undefined ? { twoThreads: m.twoThreads } : {}) });
      return;
    }
    this.pending.delete(m.id);
    if (m.type === 'reply') p.resolve(m.value);
    else p.reject(new WorkerFailure(m.error));
  }

  private failAll(err: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(err);
  }
}
