// Sparse counts of (row, column) pairs in compressed rows (CSR). Counting by
// sorting the pair keys once is many times faster than a hash map per row when
// there are 100k+ distinct commands: a million increments scattered over 100k
// maps miss the cache on nearly every step.

export interface PairCounts {
  rows: number;
  /** Row r's entries are at rowStart[r] .. rowStart[r + 1]. */
  rowStart: Int32Array;
  cols: Int32Array;
  counts: Float64Array;
  rowSum: Float64Array;
}

/** Collects pair occurrences; `build` counts them. */
export class PairCounter {
  private keys = new Float64Array(1024);
  private n = 0;

  constructor(
    private readonly rows: number,
    private readonly stride: number,
  ) {}

  add(row: number, col: number): void {
    if (this.n === this.keys.length) {
      const k = new Float64Array(this.keys.length * 2);
      k.set(this.keys);
      this.keys = k;
    }
    this.keys[this.n++] = row * this.stride + col;
  }

  /**
   * Counts the pairs. Within a row, entries are in column order, or with
   * `firstSeenOrder` in the order their pair first occurred.
   */
  build(firstSeenOrder = false): PairCounts {
    const occurrences = this.keys.subarray(0, this.n);
    const sorted = Float64Array.from(occurrences).sort();
    let unique = 0;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) unique++;
    const keys = new Float64Array(unique);
    const counts = new Float64Array(unique);
    for (let i = 0, u = -1; i < sorted.length; i++) {
      if (i === 0 || sorted[i] !== sorted[i - 1]) keys[++u] = sorted[i];
      counts[u]++;
    }
    let order: Int32Array | undefined;
    if (firstSeenOrder) order = firstSeen(occurrences, keys);
    return fromSortedKeys(this.rows, this.stride, keys, counts, order);
  }
}

function lowerBound(keys: Float64Array, key: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** For each unique key, the index of its first occurrence. */
function firstSeen(occurrences: Float64Array, keys: Float64Array): Int32Array {
  const first = new Int32Array(keys.length).fill(-1);
  for (let i = 0; i < occurrences.length; i++) {
    const u = lowerBound(keys, occurrences[i]);
    if (first[u] < 0) first[u] = i;
  }
  return first;
}

function fromSortedKeys(rows: number, stride: number, keys: Float64Array, counts: Float64Array, firstSeenIndex?: Int32Array): PairCounts {
  const rowStart = new Int32Array(rows + 1);
  const cols = new Int32Array(keys.length);
  const rowSum = new Float64Array(rows);
  for (let i = 0; i < keys.length; i++) {
    const r = Math.floor(keys[i] / stride);
    cols[i] = keys[i] - r * stride;
    rowStart[r + 1]++;
    rowSum[r] += counts[i];
  }
  for (let r = 0; r < rows; r++) rowStart[r + 1] += rowStart[r];
  if (firstSeenIndex) {
    // Reorder each row's entries by first occurrence.
    for (let r = 0; r < rows; r++) {
      const from = rowStart[r];
      const to = rowStart[r + 1];
      if (to - from < 2) continue;
      const idx = Array.from({ length: to - from }, (_, i) => from + i).sort((a, b) => firstSeenIndex[a] - firstSeenIndex[b]);
      const c = idx.map((i) => cols[i]);
      const k = idx.map((i) => counts[i]);
      cols.set(c, from);
      counts.set(k, from);
    }
  }
  return { rows, rowStart, cols, counts, rowSum };
}

/** Builds counts from explicit [row, col, count] entries, keeping their order within each row (model files). */
export function pairsFromEntries(rows: number, entries: [number, number, number][]): PairCounts {
  const rowStart = new Int32Array(rows + 1);
  for (const [r] of entries) rowStart[r + 1]++;
  for (let r = 0; r < rows; r++) rowStart[r + 1] += rowStart[r];
  const fill = rowStart.slice(0, rows);
  const cols = new Int32Array(entries.length);
  const counts = new Float64Array(entries.length);
  const rowSum = new Float64Array(rows);
  for (const [r, c, k] of entries) {
    const at = fill[r]++;
    cols[at] = c;
    counts[at] = k;
    rowSum[r] += k;
  }
  return { rows, rowStart, cols, counts, rowSum };
}

/** The count of (row, col); 0 when never seen. Rows in column order are searched by bisection. */
export function pairCount(p: PairCounts, row: number, col: number): number {
  const from = p.rowStart[row];
  const to = p.rowStart[row + 1];
  if (to - from <= 8) {
    for (let i = from; i < to; i++) if (p.cols[i] === col) return p.counts[i];
    return 0;
  }
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (p.cols[mid] < col) lo = mid + 1;
    else hi = mid;
  }
  return lo < to && p.cols[lo] === col ? p.counts[lo] : 0;
}

/** Every [row, col, count] entry, row by row. */
export function pairEntries(p: PairCounts): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let r = 0; r < p.rows; r++) {
    for (let i = p.rowStart[r]; i < p.rowStart[r + 1]; i++) out.push([r, p.cols[i], p.counts[i]]);
  }
  return out;
}
