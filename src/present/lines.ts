// Where a session's events stand in the log file: each event's line range,
// and the span a set of them covers. The worker computes these (sessionLines
// in panelData.ts); the extension selects and highlights them.

/**
 * First and last 1-based line of each event's record, then, when the reader
 * knows them (JSON documents, where records can share a line), the record's
 * first column on its first line and last column on its last line.
 */
export type LineRange = [number, number, number?, number?];

export interface SessionLines {
  sessionId: number;
  /** Events of the rarest window in session order (all events when the session has no window). */
  window: LineRange[];
  /** Every event of the session in time order. */
  session: LineRange[];
  /** The events each insight names (same order as the details' insights). */
  insights?: LineRange[][];
}

/**
 * First and last line the records cover (they need not be in file order);
 * undefined when there are none. One pass, never `Math.min(...ranges)`:
 * spreading an array into a call puts every element on the stack, and a
 * session can hold hundreds of thousands of events.
 */
export function lineSpan(ranges: readonly LineRange[]): [number, number] | undefined {
  if (ranges.length === 0) return undefined;
  let first = Infinity;
  let last = -Infinity;
  for (const [start, end] of ranges) {
    if (start < first) first = start;
    if (end > last) last = end;
  }
  return [first, last];
}
