// Pixel-grid aggregation for the timeline. Chart.js draws every scatter point
// it is given, so the dense bulk of ordinary sessions is reduced to one point
// per occupied grid cell; rare sessions are never aggregated (see timeline.ts).

export interface Grid {
  x0: number;
  y0: number;
  /** Data units per cell along each axis. */
  dx: number;
  dy: number;
  cols: number;
  rows: number;
}

export interface CellPoint {
  x: number;
  y: number;
  /** Sessions the cell stands for. */
  count: number;
}

/** A grid of `cellPx`-sized cells over a data range drawn `widthPx` x `heightPx` pixels. */
export function makeGrid(
  range: { xMin: number; xMax: number; yMin: number; yMax: number },
  widthPx: number,
  heightPx: number,
  cellPx: number,
): Grid {
  const cols = Math.max(1, Math.ceil(widthPx / cellPx));
  const rows = Math.max(1, Math.ceil(heightPx / cellPx));
  return {
    x0: range.xMin,
    y0: range.yMin,
    dx: (range.xMax - range.xMin) / cols || 1,
    dy: (range.yMax - range.yMin) / rows || 1,
    cols,
    rows,
  };
}

/**
 * Bins the given sessions into the grid and returns, per colour group, one
 * point per cell at the mean position of its sessions. A cell takes the colour
 * of its majority group (Boyer–Moore vote: two numbers per cell, no per-group
 * histogram).
 */
export function aggregateCells(
  indices: Uint32Array,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  groupOf: (index: number) => number,
  groups: number,
  grid: Grid,
): CellPoint[][] {
  const cells = grid.cols * grid.rows;
  const count = new Uint32Array(cells);
  const sumX = new Float64Array(cells);
  const sumY = new Float64Array(cells);
  const candidate = new Uint8Array(cells);
  const votes = new Int32Array(cells);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    const cx = Math.floor((xs[i] - grid.x0) / grid.dx);
    const cy = Math.floor((ys[i] - grid.y0) / grid.dy);
    if (cx < 0 || cy < 0 || cx >= grid.cols || cy >= grid.rows) continue;
    const c = cx * grid.rows + cy;
    count[c]++;
    sumX[c] += xs[i];
    sumY[c] += ys[i];
    const g = groupOf(i);
    if (votes[c] === 0) {
      candidate[c] = g;
      votes[c] = 1;
    } else votes[c] += candidate[c] === g ? 1 : -1;
  }
  const out: CellPoint[][] = Array.from({ length: groups }, () => []);
  for (let c = 0; c < cells; c++) {
    const n = count[c];
    if (n === 0) continue;
    out[candidate[c]].push({ x: sumX[c] / n, y: sumY[c] / n, count: n });
  }
  return out;
}
