// Counts of (row, column) pairs for the insight baseline: a dense array when
// the table is small (tens of commands, as audit logs have), a Map otherwise.
// Unlike model/pairs.ts these are read one cell at a time, in any order, and
// know how many distinct columns each row has.

/** Up to this many cells a table is a dense Float64Array. */
const DENSE_LIMIT = 1 << 22;

export class PairTable {
  private readonly dense: Float64Array | undefined;
  private readonly sparse: Map<number, number> | undefined;
  /** Distinct columns seen in each row. */
  readonly distinct: Int32Array;
  /** Sum of each row. */
  readonly rowSum: Float64Array;
  /** Cells of each row whose count is exactly 1 (Good-Turing's N1). */
  readonly singles: Int32Array;
  /** Distinct rows seen in each column, and each column's sum. */
  readonly colDistinct: Int32Array;
  readonly colSum: Float64Array;

  constructor(
    readonly rows: number,
    readonly cols: number,
  ) {
    if (rows * cols <= DENSE_LIMIT) this.dense = new Float64Array(rows * cols);
    else this.sparse = new Map();
    this.distinct = new Int32Array(rows);
    this.rowSum = new Float64Array(rows);
    this.singles = new Int32Array(rows);
    this.colDistinct = new Int32Array(cols);
    this.colSum = new Float64Array(cols);
  }

  add(row: number, col: number, k = 1): void {
    const key = row * this.cols + col;
    let before: number;
    if (this.dense) {
      before = this.dense[key];
      this.dense[key] = before + k;
    } else {
      before = this.sparse!.get(key) ?? 0;
      this.sparse!.set(key, before + k);
    }
    if (before === 0) {
      this.distinct[row]++;
      this.colDistinct[col]++;
    }
    if (before === 1) this.singles[row]--;
    if (before + k === 1) this.singles[row]++;
    this.rowSum[row] += k;
    this.colSum[col] += k;
  }

  get(row: number, col: number): number {
    if (row < 0 || col < 0) return 0;
    const key = row * this.cols + col;
    return this.dense ? this.dense[key] : (this.sparse!.get(key) ?? 0);
  }

  /** Every non-zero [row, col, count]. */
  entries(): [number, number, number][] {
    const out: [number, number, number][] = [];
    if (this.dense) {
      for (let i = 0; i < this.dense.length; i++) {
        if (this.dense[i] > 0) out.push([Math.floor(i / this.cols), i % this.cols, this.dense[i]]);
      }
    } else {
      for (const [key, k] of this.sparse!) out.push([Math.floor(key / this.cols), key % this.cols, k]);
      out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    }
    return out;
  }
}

/** Values of one param of one command ('' for empty); `counts` is null when it had more than MAX_WATCHED_VALUES (baseline.ts) distinct values. */
export interface ValueStats {
  counts: Map<string, number> | null;
  /** Values seen exactly once (Good-Turing's N1). */
  singles: number;
}

export function valueStats(counts: Map<string, number> | null): ValueStats {
  let singles = 0;
  if (counts) for (const k of counts.values()) if (k === 1) singles++;
  return { counts, singles };
}
