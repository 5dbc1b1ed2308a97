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

/** Up to this many cells (rows x columns) pairs are counted in a dense array. */
const DENSE_LIMIT = 1 << 22;

/**
 * Collects pair occurrences; `build` counts them. Small tables (tens of
 * commands, as audit logs have) count straight into a dense array; large ones
 * keep the keys and count by sorting them once.
 */
export class PairCounter {
  private readonly dense: Float64Array | undefined;
  private keys = new Float64Array(0);
  private n = 0;

  constructor(
    private readonly rows: number,
    private readonly stride: number,
  ) {
    if (rows * stride <= DENSE_LIMIT) this.dense = new Float64Array(rows * stride);
    else this.keys = new Float64Array(1024);
  }

  add(row: number, col: number): void {
    const key = row * this.stride + col;
    if (this.dense) {
      this.dense[key]++;
      return;
    }
    if (this.n === this.keys.length) {
      const k = new Float64Array(this.keys.length * 2);
      k.set(this.keys);
      this.keys = k;
    }
    this.keys[this.n++] = key;
  }

  /** Counts the pairs; within a row, entries are in column order. */
  build(): PairCounts {
    return this.dense ? this.fromDense(this.dense) : this.fromKeys();
  }

  private fromDense(dense: Float64Array): PairCounts {
    let unique = 0;
    for (let i = 0; i < dense.length; i++) if (dense[i] > 0) unique++;
    const keys = new Float64Array(unique);
    const counts = new Float64Array(unique);
    for (let i = 0, u = 0; i < dense.length; i++) {
      if (dense[i] > 0) {
        keys[u] = i;
        counts[u++] = dense[i];
      }
    }
    return fromSortedKeys(this.rows, this.stride, keys, counts);
  }

  private fromKeys(): PairCounts {
    const sorted = this.keys.slice(0, this.n).sort();
    let unique = 0;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) unique++;
    const keys = new Float64Array(unique);
    const counts = new Float64Array(unique);
    for (let i = 0, u = -1; i < sorted.length; i++) {
      if (i === 0 || sorted[i] !== sorted[i - 1]) keys[++u] = sorted[i];
      counts[u]++;
    }
    return fromSortedKeys(this.rows, this.stride, keys, counts);
  }
}

function fromSortedKeys(rows: number, stride: number, keys: Float64Array, counts: Float64Array): PairCounts {
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
