// The heap that holds generated events until no later-generated session can
// precede them, so the output comes out newest first in bounded memory.

import type { GenEvent } from './session';

/** Newest first; equal times keep generation order. */
function before(a: GenEvent, b: GenEvent): boolean {
  return a.timeMs > b.timeMs || (a.timeMs === b.timeMs && a.seq < b.seq);
}

export class EventHeap {
  private items: GenEvent[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): GenEvent {
    return this.items[0];
  }

  push(e: GenEvent): void {
    const h = this.items;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  pop(): GenEvent {
    const h = this.items;
    const top = h[0];
    const last = h.pop() as GenEvent;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
