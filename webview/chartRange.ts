// Arithmetic of the timeline's view along one axis, for zoom and pan: pure,
// so it is tested in plain Node (test/unit/timeline.test.ts).

/** A span zoomed by `factor` (< 1 zooms in) about `focus`, kept within [lo, hi] and no narrower than `minSpan`. */
export function zoomSpan(min: number, max: number, focus: number, factor: number, lo: number, hi: number, minSpan: number): [number, number] {
  const span = max - min;
  // Zooming in stops at the smallest span; a span already below it stays.
  const f = factor < 1 ? Math.max(factor, Math.min(1, minSpan / span)) : factor;
  return clampSpan(focus - (focus - min) * f, focus + (max - focus) * f, lo, hi);
}

/** Shifts [min, max] into [lo, hi] keeping its width; one as wide as [lo, hi] or wider becomes [lo, hi]. */
export function clampSpan(min: number, max: number, lo: number, hi: number): [number, number] {
  if (!(max - min < hi - lo)) return [lo, hi];
  if (min < lo) return [lo, lo + (max - min)];
  if (max > hi) return [hi - (max - min), hi];
  return [min, max];
}
