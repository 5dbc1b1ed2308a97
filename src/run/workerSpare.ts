// A pipeline thread started before anyone asks for it. Starting a thread
// and loading the engine into it took 100-150 ms of a small file's run on a
// 2-core machine (docs/performance.md, "Session 8"), while VS Code was busy
// creating the panel's page. The extension warms one when the user looks at
// a file they may score (extension.ts), and the next analysis takes it.
// While it waits it runs the pipeline once on two small made-up logs, so the
// first run's code is compiled already (warmUp.ts; it stops at the first
// request). A spare nobody takes is ended after `idleMs`: it holds no data,
// but it is a thread and its heap.

import { Worker } from 'node:worker_threads';
import type { WorkerMessage } from './workerProtocol';

export const SPARE_IDLE_MS = 5 * 60_000;

export class WorkerSpare {
  private worker: Worker | undefined;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    private readonly scriptPath: string,
    private readonly idleMs = SPARE_IDLE_MS,
    /** Whether a new spare runs the pipeline on made-up logs while it waits (run/warmUp.ts). */
    private readonly warmCode = true,
  ) {}

  /** Steps of its warm-up the waiting thread has done, once it has ended (run/warmUp.ts); undefined before, or when none waits. */
  warmedSteps: number | undefined;
  /** Removes the listeners this class put on the waiting thread. */
  private detach: (() => void) | undefined;

  /** The waiting thread's id, or undefined when none waits. */
  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  /** Starts a thread unless one is waiting, and gives the waiting one `idleMs` more. */
  warm(): void {
    if (this.disposed) return;
    if (!this.worker) {
      // It warms its compiled code while it waits (warmUp.ts), and stops at the first request.
      const worker = new Worker(this.scriptPath, { workerData: { warmUp: this.warmCode } });
      // A spare that fails to start or dies is dropped; the analysis that needs a thread starts its own and reports what fails then.
      const drop = (): void => {
        if (this.worker === worker) this.clear();
      };
      const heard = (m: WorkerMessage): void => {
        if (m.type === 'warmed' && this.worker === worker) this.warmedSteps = m.steps;
      };
      worker.on('error', drop);
      worker.on('exit', drop);
      worker.on('message', heard);
      // Only our own listeners go at the handover: Node's Worker keeps hooks of its own among them (removing every
      // listener would remove the one that starts the message port for the next 'message' listener, and no reply would come).
      this.detach = () => {
        worker.off('error', drop);
        worker.off('exit', drop);
        worker.off('message', heard);
      };
      // Waiting must not keep a process alive (the CLI's tests, a host shutting down).
      worker.unref();
      this.worker = worker;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.end(), this.idleMs);
    this.timer.unref();
  }

  /** The waiting thread, handed over (with no listeners of ours), or undefined. */
  take(): Worker | undefined {
    const worker = this.worker;
    if (!worker) return undefined;
    this.detach?.();
    this.clear();
    worker.ref();
    return worker;
  }

  /** Ends the waiting thread, if any. */
  end(): void {
    const worker = this.worker;
    this.clear();
    if (worker) void worker.terminate();
  }

  dispose(): void {
    this.disposed = true;
    this.end();
  }

  private clear(): void {
    this.worker = undefined;
    this.warmedSteps = undefined;
    this.detach = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
