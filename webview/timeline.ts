// The timeline: one point per session, x = start (epoch ms, UTC ticks), y =
// log10 of the rarest-window likelihood so that underflowed likelihoods still
// have a place and the rarest sessions sit at the bottom. The rarest sessions
// and the selected one are always individual, clickable points; everything
// else is aggregated into a pixel grid that is rebuilt after each zoom or pan.
//
// This class ties the parts together and owns the state; the parts are
// chartSetup.ts (Chart.js options and theme), chartZoom.ts (zoom and pan),
// timelineDatasets.ts (what is drawn), timelineColours.ts, aggregate.ts (the
// grid), timelineTooltip.ts (hit-testing), timelineKeys.ts (keyboard) and
// timelineSnapshot.ts (the test hook).

import { Chart, type ActiveElement } from 'chart.js';
import { aggregateCells, viewGrid, type CellPoint, type Range } from './aggregate';
import { applyTheme, chartOptions } from './chartSetup';
import { ChartZoom } from './chartZoom';
import { readTheme, withAlpha, type ChartTheme } from './theme';
import { indexOfSession } from './model';
import { colourOfGroup, groupOf, GROUPS, type ColourMode } from './timelineColours';
import { buildDatasets, selectedRing, splitSessions, visibleByRank, type Kind, type TimelinePoint, type TimelineView, type VisibleSessions } from './timelineDatasets';
import { keyStep, orderByStart } from './timelineKeys';
import { recordTime, takeSnapshot, timingPlugin, type ScatterChart, type TimelineSnapshot, type Timings } from './timelineSnapshot';
import { clickTarget, TooltipText } from './timelineTooltip';

export { Y_AXIS_TITLE } from './chartSetup';
export type { ColourMode } from './timelineColours';
export { RADIUS_CLASSES, RARE_POINTS, radiusClass, radiusForEvents, type TimelinePoint, type TimelineView } from './timelineDatasets';
export type { TimelineSnapshot } from './timelineSnapshot';

/** Grid cell size for the aggregated bulk, in CSS pixels. */
const CELL_PX = 4;
/** A click on a cell zooms in to this fraction of the view, so its sessions separate. */
const CELL_ZOOM = 0.25;

export class Timeline {
  private chart: ScatterChart | null = null;
  private view: TimelineView | null = null;
  private sessions: VisibleSessions = { rare: new Uint32Array(0), others: new Uint32Array(0), dimmed: new Uint32Array(0) };
  private theme: ChartTheme = readTheme();
  private kinds: Kind[] = [];
  private reaggregatePending = 0;
  private aggregatedArea = { width: 0, height: 0 };
  private readonly times: Timings = { draw: [], frame: [], update: [] };
  private readonly tooltip = new TooltipText(() => this.view);
  private readonly zoom: ChartZoom;
  /** Visible sessions by start time, for the keyboard; built on the first Left/Right after a change. */
  private timeOrder: Uint32Array | null = null;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly onPick: (index: number) => void,
    private readonly onRendered: (runId: number) => void,
    /** A keyboard move: select the session, revealing it on Enter. */
    private readonly onKeySelect: (index: number, reveal: boolean) => void = () => undefined,
  ) {
    canvas.addEventListener('keydown', (e) => this.onKey(e));
    this.zoom = new ChartZoom(canvas, {
      limits: () => this.extents(),
      settled: () => this.scheduleReaggregate(),
      boxColours: () => ({ fill: withAlpha(this.theme.focus, 0.15), border: this.theme.focus }),
    });
  }

  /** Shows a (new) result; the chart is created once and updated in place afterwards. */
  setView(view: TimelineView): void {
    const newRun = this.view?.model !== view.model;
    this.view = view;
    this.split();
    if (this.chart === null) {
      this.create();
      return;
    }
    if (newRun) this.zoom.reset();
    this.rebuild();
  }

  setBound(bound: number | null): void {
    this.change({ bound }, true);
  }

  /** Dims the sessions the table's filter excludes (null: no filter). */
  setFilter(filter: ((index: number) => boolean) | null): void {
    this.change({ filter }, true);
  }

  setColourMode(mode: ColourMode): void {
    this.change({ mode }, false);
  }

  setSelected(selected: number | null): void {
    if (!this.view || !this.chart) return;
    this.view = { ...this.view, selected };
    const dataset = this.chart.data.datasets[this.chart.data.datasets.length - 1];
    const ring = selectedRing(this.view);
    dataset.data = ring.data;
    dataset.pointRadius = ring.radius;
    dataset.pointHoverRadius = ring.radius + 1;
    this.update();
  }

  refreshTheme(): void {
    this.theme = readTheme();
    if (!this.chart) return;
    applyTheme(this.chart.options, this.theme);
    this.rebuild();
  }

  resetZoom(): void {
    if (!this.chart) return;
    this.zoom.reset();
    this.chart.update('none');
    this.scheduleReaggregate();
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = null;
  }

  colourOfGroup(mode: ColourMode, group: number): string {
    return colourOfGroup(this.theme, mode, group);
  }

  // ---- test hooks (read-only) ---------------------------------------------

  snapshot(): TimelineSnapshot {
    return takeSnapshot(this.chart, this.kinds, this.view?.model.result.runId ?? null, this.times);
  }

  /** Viewport position of a session's point, or null when it is not drawn individually. */
  pointPosition(sessionId: number): { x: number; y: number } | null {
    const chart = this.chart;
    const index = this.view ? indexOfSession(this.view.model, sessionId) : undefined;
    if (!chart || index === undefined) return null;
    for (let k = 0; k < chart.data.datasets.length; k++) {
      if (this.kinds[k] !== 'rare') continue;
      const found = chart.data.datasets[k].data.findIndex((p) => p.i === index);
      if (found < 0) continue;
      const el = chart.getDatasetMeta(k).data[found];
      const rect = this.canvas.getBoundingClientRect();
      return { x: rect.left + el.x, y: rect.top + el.y };
    }
    return null;
  }

  // ---- input ----------------------------------------------------------------

  private onKey(e: KeyboardEvent): void {
    const view = this.view;
    if (!view) return;
    const step = keyStep(e.key, visibleByRank(view), view.selected, () => {
      this.timeOrder ??= orderByStart(visibleByRank(view), view.model.result.sessions.start);
      return this.timeOrder;
    });
    if (step === 'unhandled') return;
    e.preventDefault();
    if (step) this.onKeySelect(step.index, step.reveal);
  }

  private handleClick(elements: ActiveElement[]): void {
    const chart = this.chart;
    if (!chart) return;
    const target = clickTarget(elements.map((e) => ({ kind: this.kinds[e.datasetIndex], point: chart.data.datasets[e.datasetIndex].data[e.index] })));
    if (target === null) return;
    if ('session' in target) {
      this.onPick(target.session);
      return;
    }
    // A cell stands for many sessions: zoom in on it so they separate.
    const cell = elements[target.cell].element;
    this.zoom.zoomAt(CELL_ZOOM, cell.x, cell.y);
    this.scheduleReaggregate();
  }

  // ---- data -------------------------------------------------------------

  private change(part: Partial<TimelineView>, resplit: boolean): void {
    if (!this.view) return;
    this.view = { ...this.view, ...part };
    if (resplit) this.split();
    this.rebuild();
  }

  private split(): void {
    if (!this.view) return;
    this.sessions = splitSessions(this.view);
    this.timeOrder = null;
  }

  private extents(): Range {
    return this.view?.model.extents ?? { xMin: 0, xMax: 1, yMin: 0, yMax: 1 };
  }

  private currentRange(): Range {
    const x = this.chart?.scales.x;
    const y = this.chart?.scales.y;
    if (!x || !y || !Number.isFinite(x.min) || !Number.isFinite(y.min)) return this.extents();
    return { xMin: x.min, xMax: x.max, yMin: y.min, yMax: y.max };
  }

  /** The plot area; before the first layout, an estimate from the canvas box. */
  private areaSize(): { width: number; height: number } {
    const area = this.chart?.chartArea;
    if (area && area.width > 0) return { width: area.width, height: area.height };
    const box = this.canvas.parentElement?.getBoundingClientRect();
    return { width: Math.max(100, (box?.width ?? 800) - 80), height: Math.max(60, (box?.height ?? 300) - 60) };
  }

  private datasets(): ReturnType<typeof buildDatasets>['datasets'] {
    const view = this.view;
    if (!view) return [];
    const area = this.areaSize();
    this.aggregatedArea = area;
    const grid = viewGrid(this.extents(), this.currentRange(), area, CELL_PX);
    const { start } = view.model.result.sessions;
    const { log10 } = view.model;
    const { rare, others, dimmed } = this.sessions;
    const dimmedCells: CellPoint[] = dimmed.length > 0 ? (aggregateCells(dimmed, start, log10, () => 0, 1, grid)[0] ?? []) : [];
    const cells = aggregateCells(others, start, log10, groupOf(view.model, view.mode), GROUPS, grid);
    const built = buildDatasets(view, this.theme, rare, cells, dimmedCells);
    this.kinds = built.kinds;
    return built.datasets;
  }

  // ---- chart --------------------------------------------------------------

  private create(): void {
    const options = chartOptions(
      this.extents(),
      {
        onClick: (elements) => this.handleClick(elements),
        onResize: () => this.onResize(),
        quiet: (k) => this.kinds[k] === 'dimmed',
        tooltip: this.tooltip,
      },
      this.theme,
    );
    const estimate = this.areaSize();
    const datasets = this.datasets();
    this.chart = new Chart<'scatter', TimelinePoint[]>(this.canvas, {
      type: 'scatter',
      data: { datasets },
      options,
      plugins: [timingPlugin(this.times), this.zoom.plugin],
    });
    this.zoom.attach(this.chart as unknown as Chart<'scatter', unknown[]>);
    // The first pass aggregated against an estimated plot area. Any grid is
    // correct (cells are in data units); only a far-off estimate is worth a
    // second pass, since it would make cells visibly coarse or fine.
    const real = this.chart.chartArea;
    if (real && Math.abs(real.width - estimate.width) > estimate.width * 0.5) this.rebuild();
    else this.notifyRendered();
  }

  /** New points and colours into the existing datasets, so Chart.js keeps its controllers. */
  private rebuild(): void {
    const chart = this.chart;
    if (!chart) return;
    const fresh = this.datasets();
    const current = chart.data.datasets;
    // Same shape: copy into the existing datasets so Chart.js keeps its
    // controllers; otherwise (a group appeared or emptied) swap them all.
    const sameShape = current.length === fresh.length && fresh.every((d, k) => d.label === current[k].label);
    // Hovered points and the tooltip point into the old data: a hover during
    // a zoom or pan would read elements that no longer exist.
    chart.setActiveElements([]);
    chart.tooltip?.setActiveElements([], { x: 0, y: 0 });
    if (sameShape) fresh.forEach((d, k) => Object.assign(current[k], d));
    else chart.data.datasets = fresh;
    this.update();
  }

  private update(): void {
    const chart = this.chart;
    if (!chart) return;
    // New data under unchanged axes: Chart.js would only update the points in
    // view, leaving new ones outside it without options, which its hover test
    // then reads ("reading 'hitRadius'"). Forget the ranges so it updates all.
    for (let k = 0; k < chart.data.datasets.length; k++) {
      (chart.getDatasetMeta(k) as unknown as { _scaleRanges?: unknown })._scaleRanges = undefined;
    }
    const t0 = performance.now();
    chart.update('none');
    recordTime(this.times.update, performance.now() - t0);
    this.notifyRendered();
  }

  private notifyRendered(): void {
    const runId = this.view?.model.result.runId;
    if (runId !== undefined) this.onRendered(runId);
  }

  /** Chart.js reports the first attach as a resize too; only a real size change needs new cells. */
  private onResize(): void {
    const area = this.chart?.chartArea;
    const used = this.aggregatedArea;
    if (!area || (Math.abs(area.width - used.width) < 8 && Math.abs(area.height - used.height) < 8)) return;
    this.scheduleReaggregate();
  }

  /** Re-aggregates once per frame at most, after zoom, pan or resize. */
  private scheduleReaggregate(): void {
    if (this.reaggregatePending) return;
    this.reaggregatePending = requestAnimationFrame(() => {
      this.reaggregatePending = 0;
      this.rebuild();
    });
  }
}
