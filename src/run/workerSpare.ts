// A pipeline thread started before anyone asks for it. Starting a thread
// and loading the engine into it took 100-150 ms of a small file's run on a
// 2-core machine (docs/performance.md, "Session 8"), while VS Code was busy
// creating the panel's page. The extension warms one when the user looks at
// a file they may score (extension.ts), and the next analysis takes it. A
// spare nobody takes is ended after `idleMs`: it holds no data, but it is a
// thread and its heap.

import { Worker } from 'node:worker_threads';

export const SPARE_IDLE_MS = 5 * 60_000;

export class WorkerSpare {
  private worker: Worker | undefined;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    private readonly scriptPath: string,
    private readonly idleMs = SPARE_IDLE_MS,
  ) {}

  /** The waiting thread's id, or undefined when none waits. */
  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  /** Starts a thread unless one is waiting, and gives the waiting one `idleMs` more. */
  warm(): void {
    if (this.disposed) return;
    if (!this.worker) {
      const worker = new Worker(this.scriptPath);
      // A spare that fails to start or dies is dropped; the analysis that needs a thread starts its own and reports what fails then.
      const drop = (): void => {
        if (this.worker === worker) this.clear();
      };
      worker.on('error', drop);
      worker.on('exit', drop);
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
    this.clear();
    worker.removeAllListeners();
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
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
