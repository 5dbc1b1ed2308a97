// The line span of a set of records, in one pass. Never `Math.min(...ranges)`:
// spreading an array into a call puts every element on the stack, and a
// session can hold hundreds of thousands of events.

import type { LineRange } from './workerProtocol';

/** First and last line the records cover (they need not be in file order); undefined when there are none. */
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
