// Cancelling the synchronous passes (sessionize, train, score). They look at
// a stop signal every few thousand sessions and throw its reason when it is
// set. An AbortSignal serves on the thread that aborts it; a worker busy in a
// pass never sees a message from its host, so it takes a SharedStop instead:
// a flag in shared memory that the host sets and the pass reads directly.

/** What the passes look at: an AbortSignal is one. */
export interface StopSignal {
  /** Throws (the abort reason) once a stop was asked for. */
  throwIfAborted(): void;
}

/** A stop flag in shared memory, for a pass running on another thread. */
export class SharedStop implements StopSignal {
  private readonly flag: Int32Array;

  /** Both threads make one over the same buffer (`SharedStop.buffer()`, sent with the request). */
  constructor(buffer: SharedArrayBuffer) {
    this.flag = new Int32Array(buffer, 0, 1);
  }

  static buffer(): SharedArrayBuffer {
    return new SharedArrayBuffer(4);
  }

  /** Asks the pass to stop (from any thread). */
  stop(): void {
    Atomics.store(this.flag, 0, 1);
  }

  /** Lets the next pass run (the host resets it before a new request over the same buffer). */
  reset(): void {
    Atomics.store(this.flag, 0, 0);
  }

  get stopped(): boolean {
    return Atomics.load(this.flag, 0) === 1;
  }

  throwIfAborted(): void {
    if (Atomics.load(this.flag, 0) === 1) throw new DOMException('the scoring was cancelled', 'AbortError');
  }
}
