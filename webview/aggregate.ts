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

export interface Range {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/**
 * The grid for the view `current` drawn in `area` pixels: it covers the view
 * plus half a view of margin on each side (within the data extents), so a pan
 * shows points before the re-aggregation that follows it catches up.
 */
export function viewGrid(extents: Range, current: Range, area: { width: number; height: number }, cellPx: number): Grid {
  const mx = (current.xMax - current.xMin) / 2;
  const my = (current.yMax - current.yMin) / 2;
  const range = {
    xMin: Math.max(extents.xMin, current.xMin - mx),
    xMax: Math.min(extents.xMax, current.xMax + mx),
    yMin: Math.max(extents.yMin, current.yMin - my),
    yMax: Math.min(extents.yMax, current.yMax + my),
  };
  const widthPx = (area.width * (range.xMax - range.xMin)) / (current.xMax - current.xMin || 1);
  const heightPx = (area.height * (range.yMax - range.yMin)) / (current.yMax - current.yMin || 1);
  return makeGrid(range, widthPx, heightPx, cellPx);
}
