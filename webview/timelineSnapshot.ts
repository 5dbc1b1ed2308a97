// The timeline's read-only test hook: what Chart.js holds and drew (point
// counts by kind, axes, tooltip) and how long updates and frames took.

import type { Chart, Plugin, Scale } from 'chart.js';
import type { Kind, TimelinePoint } from './timelineDatasets';

export interface TimelineSnapshot {
  runId: number | null;
  pointCount: number;
  individualPoints: number;
  cellPoints: number;
  sessionsInCells: number;
  selectedPoints: number;
  /** Sessions the table's filter excludes, drawn as dimmed cells. */
  dimmedSessions: number;
  /** Points Chart.js holds without resolved options (a hover over them would throw); must be 0. */
  pointsWithoutOptions: number;
  /** The tooltip as drawn on the canvas (text and box, canvas pixels), and the canvas size. */
  tooltip: { visible: boolean; title: string[]; lines: string[]; x: number; y: number; width: number; height: number };
  canvasSize: { width: number; height: number };
  x: { min: number; max: number; ticks: { value: number; label: string }[] };
  y: { min: number; max: number; ticks: { value: number; label: string }[] };
  axisTitles: { x: string; y: string };
  drawTimesMs: number[];
  /** Chart updates (layout, elements, draw), e.g. one per pan or zoom step. */
  frameTimesMs: number[];
  /** Our own updates: new data after a result, bound, colour change or re-aggregation. */
  updateTimesMs: number[];
}

export type ScatterChart = Chart<'scatter', TimelinePoint[]>;

/** Timings kept for the snapshot (the last 100 of each). */
export interface Timings {
  draw: number[];
  frame: number[];
  update: number[];
}

export function takeSnapshot(chart: ScatterChart | null, kinds: readonly Kind[], runId: number | null, times: Timings): TimelineSnapshot {
  const datasets = chart?.data.datasets ?? [];
  let individual = 0;
  let cells = 0;
  let inCells = 0;
  let selected = 0;
  let dimmed = 0;
  datasets.forEach((d, k) => {
    if (kinds[k] === 'dimmed') for (const p of d.data) dimmed += p.count ?? 0;
    else if (kinds[k] === 'cells') {
      cells += d.data.length;
      for (const p of d.data) inCells += p.count ?? 0;
    } else if (kinds[k] === 'rare') individual += d.data.length;
    else selected += d.data.length;
  });
  const xs = chart?.scales.x;
  const ys = chart?.scales.y;
  return {
    runId,
    pointCount: individual + cells + selected,
    individualPoints: individual,
    cellPoints: cells,
    sessionsInCells: inCells,
    selectedPoints: selected,
    dimmedSessions: dimmed,
    pointsWithoutOptions: pointsWithoutOptions(chart),
    tooltip: tooltipOf(chart),
    canvasSize: { width: chart?.width ?? 0, height: chart?.height ?? 0 },
    x: { min: xs?.min ?? NaN, max: xs?.max ?? NaN, ticks: tickList(xs) },
    y: { min: ys?.min ?? NaN, max: ys?.max ?? NaN, ticks: tickList(ys) },
    axisTitles: { x: axisTitle(xs), y: axisTitle(ys) },
    drawTimesMs: [...times.draw],
    frameTimesMs: [...times.frame],
    updateTimesMs: [...times.update],
  };
}

function pointsWithoutOptions(chart: ScatterChart | null): number {
  if (!chart) return 0;
  let n = 0;
  for (let k = 0; k < chart.data.datasets.length; k++) {
    for (const el of chart.getDatasetMeta(k).data) if (!(el as unknown as { options?: unknown }).options) n++;
  }
  return n;
}

function tooltipOf(chart: ScatterChart | null): TimelineSnapshot['tooltip'] {
  const t = chart?.tooltip;
  if (!t) return { visible: false, title: [], lines: [], x: 0, y: 0, width: 0, height: 0 };
  return {
    visible: t.opacity > 0 && t.dataPoints?.length > 0,
    title: [...(t.title ?? [])],
    lines: [...(t.body ?? []).flatMap((b) => b.lines), ...(t.afterBody ?? [])],
    x: t.x,
    y: t.y,
    width: t.width,
    height: t.height,
  };
}

function axisTitle(scale: Scale | undefined): string {
  const title = (scale?.options as { title?: { text?: unknown } } | undefined)?.title?.text;
  return typeof title === 'string' ? title : '';
}

function tickList(scale: Scale | undefined): { value: number; label: string }[] {
  return (scale?.ticks ?? []).map((t) => ({ value: t.value, label: String(t.label ?? '') }));
}

/** Keeps the last 100 timings, rounded to 0.1 ms. */
export function recordTime(log: number[], ms: number): void {
  log.push(Math.round(ms * 10) / 10);
  if (log.length > 100) log.shift();
}

/** Records draw times and whole-frame (update + draw) times, for the scale tests. */
export function timingPlugin(times: Timings): Plugin<'scatter'> {
  let frameStart = 0;
  let drawStart = 0;
  return {
    id: 'sessionscopeTiming',
    beforeUpdate: () => {
      frameStart = performance.now();
    },
    beforeDraw: () => {
      drawStart = performance.now();
    },
    afterDraw: () => {
      recordTime(times.draw, performance.now() - drawStart);
    },
    afterRender: () => {
      if (frameStart === 0) return;
      recordTime(times.frame, performance.now() - frameStart);
      frameStart = 0;
    },
  };
}
