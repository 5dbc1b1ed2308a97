// The chart's keyboard path, as a pure step from the current selection to the
// next one: Up/Down step through the visible sessions by rank (Down = rarer,
// as the chart puts rarer lower), Left/Right by start time, Home/End to the
// rarest/most common, Enter reveals the selection.

/** What a key does: select `index` (revealing it on Enter), nothing to do (`null`), or a key we do not handle. */
export type KeyStep = { index: number; reveal: boolean } | null | 'unhandled';

/**
 * The next selection for a key. `visible` holds the drawn sessions rarest
 * first (session index = rank); `byTime` gives the same sessions ordered by
 * start time and is only asked for on Left/Right.
 */
export function keyStep(key: string, visible: readonly number[], current: number | null, byTime: () => Uint32Array): KeyStep {
  if (visible.length === 0) return 'unhandled';
  const rankPos = current === null ? -1 : visible.indexOf(current);
  let next: number;
  switch (key) {
    case 'ArrowDown':
      next = rankPos < 0 ? visible[0] : visible[Math.max(0, rankPos - 1)];
      break;
    case 'ArrowUp':
      next = rankPos < 0 ? visible[0] : visible[Math.min(visible.length - 1, rankPos + 1)];
      break;
    case 'Home':
      next = visible[0];
      break;
    case 'End':
      next = visible[visible.length - 1];
      break;
    case 'ArrowLeft':
    case 'ArrowRight': {
      const order = byTime();
      const pos = current === null ? -1 : order.indexOf(current);
      next = pos < 0 ? visible[0] : order[Math.max(0, Math.min(order.length - 1, pos + (key === 'ArrowRight' ? 1 : -1)))];
      break;
    }
    case 'Enter':
      return current === null ? null : { index: current, reveal: true };
    default:
      return 'unhandled';
  }
  return next === current ? null : { index: next, reveal: false };
}

/** The visible sessions ordered by start time (ties by rank). */
export function orderByStart(visible: readonly number[], start: ArrayLike<number>): Uint32Array {
  return Uint32Array.from(visible).sort((a, b) => start[a] - start[b] || a - b);
}
