// The timeline: one point per session, x = start (UTC), y = log10 of the
// rarest-window likelihood so that underflowed likelihoods still have a place
// and the rarest sessions sit at the bottom. The rarest sessions and the
// selected one are always individual, clickable points; everything else is
// aggregated into a pixel grid that is rebuilt after each zoom or pan.

import {
  Chart,
  LinearScale,
  PointElement,
  ScatterController,
  TimeScale,
  Tooltip,
  type ActiveElement,
  type ChartDataset,
  type ChartOptions,
  type Plugin,
  type Scale,
  type TooltipItem,
} from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import { aggregateCells, makeGrid, type CellPoint } from './aggregate';
import { formatDuration, formatLikelihood, formatLogTick, formatUtc, truncateMiddle } from './format';
import { aboveBound, OTHER_USERS_GROUP, windowText, type ResultModel } from './model';
import { readTheme, withAlpha, type ChartTheme } from './theme';
import { chooseStep, formatTimeTick, utcTicks, type TimeStep } from './timeTicks';
import { installUtcAdapter } from './utcAdapter';

installUtcAdapter();
Chart.register(ScatterController, PointElement, LinearScale, TimeScale, Tooltip, zoomPlugin);

/** How many of the rarest visible sessions are always drawn one by one. */
export const RARE_POINTS = 2000;
/** Grid cell size for the aggregated bulk, in CSS pixels. */
const CELL_PX = 4;
/** Colour groups: 8 users + "other" (the band mode uses the first 4). */
const GROUPS = OTHER_USERS_GROUP + 1;
export const Y_AXIS_TITLE = 'Rarest-window likelihood (log scale, rarer = lower)';

export type ColourMode = 'user' | 'band' | 'insight';
type Kind = 'cells' | 'rare' | 'selected' | 'dimmed';

/** A plotted point: `i` is the session index for individual points, `count` the sessions a cell stands for. */
export interface TimelinePoint {
  x: number;
  y: number;
  i?: number;
  count?: number;
}

export interface TimelineView {
  model: ResultModel;
  bound: number | null;
  mode: ColourMode;
  selected: number | null;
  /** The table's filter: sessions it excludes are drawn dimmed, in grey cells. */
  filter?: ((index: number) => boolean) | null;
}

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

type ScatterChart = Chart<'scatter', TimelinePoint[]>;
type Dataset = ChartDataset<'scatter', TimelinePoint[]>;

export class Timeline {
  private chart: ScatterChart | null = null;
  private view: TimelineView | null = null;
  private rare = new Uint32Array(0);
  private others = new Uint32Array(0);
  private dimmed = new Uint32Array(0);
  /** Cells of the dimmed sessions, built with the others' grid. */
  private dimmedCells: CellPoint[] = [];
  private theme: ChartTheme = readTheme();
  private kinds: Kind[] = [];
  private reaggregatePending = 0;
  private aggregatedArea = { width: 0, height: 0 };
  private timeStep: TimeStep = { ms: 86_400_000 };
  private drawStart = 0;
  private frameStart = 0;
  private readonly frameTimes: number[] = [];
  private readonly drawTimes: number[] = [];
  private readonly updateTimes: number[] = [];

  /** The items of the tooltip being built. */
  private tooltipItems: TooltipItem<'scatter'>[] = [];
  /** Visible sessions by start time, for the keyboard; built on the first key press after a change. */
  private timeOrder: Uint32Array | null = null;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly onPick: (index: number) => void,
    private readonly onRendered: (runId: number) => void,
    /** A keyboard move: select the session, revealing it on Enter. */
    private readonly onKeySelect: (index: number, reveal: boolean) => void = () => undefined,
  ) {
    canvas.addEventListener('keydown', (e) => this.onKey(e));
  }

  /**
   * The chart's keyboard path: Up/Down step through the visible sessions by
   * rank (Down = rarer, as the chart puts rarer lower), Left/Right by start
   * time, Home/End to the rarest/most common, Enter reveals the selection.
   */
  private onKey(e: KeyboardEvent): void {
    const view = this.view;
    if (!view) return;
    const visible = this.visibleByRank();
    if (visible.length === 0) return;
    const current = view.selected;
    const rankPos = current === null ? -1 : visible.indexOf(current);
    let next: number | null = null;
    switch (e.key) {
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
        const order = this.sessionsByTime(visible);
        const pos = current === null ? -1 : order.indexOf(current);
        if (pos < 0) next = visible[0];
        else next = order[Math.max(0, Math.min(order.length - 1, pos + (e.key === 'ArrowRight' ? 1 : -1)))];
        break;
      }
      case 'Enter':
        if (current !== null) this.onKeySelect(current, true);
        e.preventDefault();
        return;
      default:
        return;
    }
    e.preventDefault();
    if (next !== null && next !== current) this.onKeySelect(next, false);
  }

  /** Sessions drawn (scored, under the bound, matching the filter), rarest first. */
  private visibleByRank(): number[] {
    const view = this.view;
    if (!view) return [];
    const out: number[] = [];
    const filter = view.filter ?? null;
    for (let i = 0; i < view.model.count; i++) {
      if (Number.isNaN(view.model.log10[i]) || aboveBound(view.model, i, view.bound)) continue;
      if (filter && !filter(i)) continue;
      out.push(i);
    }
    return out;
  }

  private sessionsByTime(visible: number[]): Uint32Array {
    if (this.timeOrder && this.timeOrder.length === visible.length) return this.timeOrder;
    const start = this.view?.model.result.sessions.start ?? [];
    this.timeOrder = Uint32Array.from(visible).sort((a, b) => start[a] - start[b] || a - b);
    return this.timeOrder;
  }

  /** Shows a (new) result; the chart is created once and updated in place afterwards. */
  setView(view: TimelineView): void {
    const newRun = this.view?.model !== view.model;
    this.view = view;
    this.splitSessions();
    if (this.chart === null) {
      this.create();
      return;
    }
    if (newRun) this.resetScales();
    this.rebuild();
  }

  setBound(bound: number | null): void {
    if (!this.view) return;
    this.view = { ...this.view, bound };
    this.splitSessions();
    this.rebuild();
  }

  /** Dims the sessions the table's filter excludes (null: no filter). */
  setFilter(filter: ((index: number) => boolean) | null): void {
    if (!this.view) return;
    this.view = { ...this.view, filter };
    this.splitSessions();
    this.rebuild();
  }

  setColourMode(mode: ColourMode): void {
    if (!this.view) return;
    this.view = { ...this.view, mode };
    this.rebuild();
  }

  setSelected(selected: number | null): void {
    if (!this.view || !this.chart) return;
    this.view = { ...this.view, selected };
    const dataset = this.chart.data.datasets[this.chart.data.datasets.length - 1];
    dataset.data = this.selectedPoints();
    dataset.pointRadius = this.selectedRadius();
    dataset.pointHoverRadius = this.selectedRadius() + 1;
    this.update();
  }

  refreshTheme(): void {
    this.theme = readTheme();
    if (!this.chart) return;
    this.applyThemeToOptions(this.chart.options);
    this.rebuild();
  }

  resetZoom(): void {
    this.chart?.resetZoom('none');
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = null;
  }

  colourOfGroup(mode: ColourMode, group: number): string {
    if (mode === 'band') return this.theme.bandPalette[group] ?? this.theme.other;
    // Insight kinds share the user palette (7 kinds); sessions without insights are grey.
    return group === OTHER_USERS_GROUP ? this.theme.other : this.theme.userPalette[group];
  }

  // ---- test hooks (read-only) ---------------------------------------------

  snapshot(): TimelineSnapshot {
    const datasets = this.chart?.data.datasets ?? [];
    let individual = 0;
    let cells = 0;
    let inCells = 0;
    let selected = 0;
    let dimmed = 0;
    datasets.forEach((d, k) => {
      if (this.kinds[k] === 'dimmed') for (const p of d.data) dimmed += p.count ?? 0;
      else if (this.kinds[k] === 'cells') {
        cells += d.data.length;
        for (const p of d.data) inCells += p.count ?? 0;
      } else if (this.kinds[k] === 'rare') individual += d.data.length;
      else selected += d.data.length;
    });
    const xs = this.chart?.scales.x;
    const ys = this.chart?.scales.y;
    return {
      runId: this.view?.model.result.runId ?? null,
      pointCount: individual + cells + selected,
      individualPoints: individual,
      cellPoints: cells,
      sessionsInCells: inCells,
      selectedPoints: selected,
      dimmedSessions: dimmed,
      pointsWithoutOptions: this.pointsWithoutOptions(),
      tooltip: tooltipOf(this.chart),
      canvasSize: { width: this.chart?.width ?? 0, height: this.chart?.height ?? 0 },
      x: { min: xs?.min ?? NaN, max: xs?.max ?? NaN, ticks: tickList(xs) },
      y: { min: ys?.min ?? NaN, max: ys?.max ?? NaN, ticks: tickList(ys) },
      axisTitles: { x: axisTitle(xs), y: axisTitle(ys) },
      drawTimesMs: [...this.drawTimes],
      frameTimesMs: [...this.frameTimes],
      updateTimesMs: [...this.updateTimes],
    };
  }

  private pointsWithoutOptions(): number {
    const chart = this.chart;
    if (!chart) return 0;
    let n = 0;
    for (let k = 0; k < chart.data.datasets.length; k++) {
      for (const el of chart.getDatasetMeta(k).data) if (!(el as unknown as { options?: unknown }).options) n++;
    }
    return n;
  }

  /** Viewport position of a session's point, or null when it is not drawn individually. */
  pointPosition(sessionId: number): { x: number; y: number } | null {
    const chart = this.chart;
    const index = this.view?.model.indexById.get(sessionId);
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

  // ---- data -------------------------------------------------------------

  /** Splits visible scored sessions into the always-drawn rarest ones and the rest. */
  private splitSessions(): void {
    const view = this.view;
    if (!view) return;
    const { model, bound } = view;
    const filter = view.filter ?? null;
    const rare = new Uint32Array(Math.min(RARE_POINTS, model.count));
    const others = new Uint32Array(model.count);
    const dimmed = new Uint32Array(filter ? model.count : 0);
    let r = 0;
    let o = 0;
    let d = 0;
    for (let i = 0; i < model.count; i++) {
      if (Number.isNaN(model.log10[i]) || aboveBound(model, i, bound)) continue;
      if (filter && !filter(i)) dimmed[d++] = i;
      else if (r < rare.length) rare[r++] = i;
      else others[o++] = i;
    }
    this.rare = rare.subarray(0, r);
    this.others = others.subarray(0, o);
    this.dimmed = dimmed.subarray(0, d);
    this.timeOrder = null;
  }

  private groupOf(): (i: number) => number {
    const view = this.view;
    if (!view) return () => 0;
    const { model } = view;
    if (view.mode === 'band') return (i) => model.band[i];
    if (view.mode === 'insight') {
      const top = model.result.sessions.topKind;
      return (i) => (top[i] >= 0 && top[i] < OTHER_USERS_GROUP ? top[i] : OTHER_USERS_GROUP);
    }
    const user = model.result.sessions.user;
    return (i) => model.userGroup[user[i]];
  }

  /** Individual points per colour group and radius class. */
  private rarePoints(): TimelinePoint[][][] {
    const points: TimelinePoint[][][] = Array.from({ length: GROUPS }, () => RADIUS_CLASSES.map(() => []));
    const view = this.view;
    if (!view) return points;
    const s = view.model.result.sessions;
    const groupOf = this.groupOf();
    for (const i of this.rare) {
      points[groupOf(i)][radiusClass(s.eventCount[i])].push({ x: s.start[i], y: view.model.log10[i], i });
    }
    return points;
  }

  private selectedPoints(): TimelinePoint[] {
    const view = this.view;
    if (!view || view.selected === null) return [];
    const i = view.selected;
    const y = view.model.log10[i];
    if (Number.isNaN(y) || aboveBound(view.model, i, view.bound)) return [];
    return [{ x: view.model.result.sessions.start[i], y, i }];
  }

  private selectedRadius(): number {
    const i = this.view?.selected;
    if (i === null || i === undefined || !this.view) return 8;
    return RADIUS_CLASSES[radiusClass(this.view.model.result.sessions.eventCount[i])] + 4;
  }

  private cellPoints(): CellPoint[][] {
    const view = this.view;
    if (!view) return [];
    const ext = view.model.extents;
    const cur = this.currentRange();
    const mx = (cur.xMax - cur.xMin) / 2;
    const my = (cur.yMax - cur.yMin) / 2;
    // Half a view of margin on each side, so a pan shows points before the
    // re-aggregation that follows it catches up.
    const range = {
      xMin: Math.max(ext.xMin, cur.xMin - mx),
      xMax: Math.min(ext.xMax, cur.xMax + mx),
      yMin: Math.max(ext.yMin, cur.yMin - my),
      yMax: Math.min(ext.yMax, cur.yMax + my),
    };
    const area = this.areaSize();
    this.aggregatedArea = area;
    const widthPx = (area.width * (range.xMax - range.xMin)) / (cur.xMax - cur.xMin || 1);
    const heightPx = (area.height * (range.yMax - range.yMin)) / (cur.yMax - cur.yMin || 1);
    const grid = makeGrid(range, widthPx, heightPx, CELL_PX);
    const s = view.model.result.sessions;
    this.dimmedCells = this.dimmed.length > 0 ? aggregateCells(this.dimmed, s.start, view.model.log10, () => 0, 1, grid)[0] ?? [] : [];
    return aggregateCells(this.others, s.start, view.model.log10, this.groupOf(), GROUPS, grid);
  }

  private currentRange(): { xMin: number; xMax: number; yMin: number; yMax: number } {
    const ext = this.view?.model.extents ?? { xMin: 0, xMax: 1, yMin: 0, yMax: 1 };
    const x = this.chart?.scales.x;
    const y = this.chart?.scales.y;
    if (!x || !y || !Number.isFinite(x.min) || !Number.isFinite(y.min)) return ext;
    return { xMin: x.min, xMax: x.max, yMin: y.min, yMax: y.max };
  }

  /** The plot area; before the first layout, an estimate from the canvas box. */
  private areaSize(): { width: number; height: number } {
    const area = this.chart?.chartArea;
    if (area && area.width > 0) return { width: area.width, height: area.height };
    const box = this.canvas.parentElement?.getBoundingClientRect();
    return { width: Math.max(100, (box?.width ?? 800) - 80), height: Math.max(60, (box?.height ?? 300) - 60) };
  }

  private datasets(): Dataset[] {
    const mode = this.view?.mode ?? 'user';
    // With parsing off Chart.js takes every dataset as sorted by x and binary
    // searches it for the visible range (what it draws and updates): sort them.
    const cells = this.cellPoints().map(byX);
    const rare = this.rarePoints().map((classes) => classes.map(byX));
    byX(this.dimmedCells);
    const out: Dataset[] = [];
    const kinds: Kind[] = [];
    if (this.dimmedCells.length > 0) {
      out.push({
        label: 'dimmed',
        data: this.dimmedCells,
        order: 4,
        pointRadius: 2,
        pointHoverRadius: 2,
        pointHitRadius: 0,
        pointBorderWidth: 0,
        backgroundColor: withAlpha(this.theme.other, 0.18),
        borderColor: withAlpha(this.theme.other, 0.18),
      });
      kinds.push('dimmed');
    }
    for (let g = 0; g < GROUPS; g++) {
      const colour = this.colourOfGroup(mode, g);
      if (!cells[g]?.length) continue;
      out.push({
        label: `cells ${g}`,
        data: cells[g] ?? [],
        order: 3,
        pointRadius: 2,
        pointHoverRadius: 3,
        pointHitRadius: 2,
        pointBorderWidth: 0,
        backgroundColor: withAlpha(colour, 0.4),
        borderColor: withAlpha(colour, 0.4),
      });
      kinds.push('cells');
    }
    // One dataset per colour and radius class: options that vary per point
    // make Chart.js resolve them point by point, several times slower.
    for (let g = 0; g < GROUPS; g++) {
      const colour = this.colourOfGroup(mode, g);
      RADIUS_CLASSES.forEach((radius, c) => {
        // Empty datasets still cost Chart.js a controller each.
        if (rare[g][c].length === 0) return;
        out.push({
          label: `rare ${g}.${c}`,
          data: rare[g][c],
          order: 2,
          pointRadius: radius,
          pointHoverRadius: radius + 2,
          pointHitRadius: 3,
          pointBorderWidth: 1,
          backgroundColor: withAlpha(colour, 0.75),
          borderColor: colour,
        });
        kinds.push('rare');
      });
    }
    const selected = this.selectedPoints();
    out.push({
      label: 'selected',
      data: selected,
      order: 1,
      pointRadius: this.selectedRadius(),
      pointHoverRadius: this.selectedRadius() + 1,
      pointBorderWidth: 2.5,
      backgroundColor: 'rgba(0,0,0,0)',
      borderColor: this.theme.focus,
    });
    kinds.push('selected');
    this.kinds = kinds;
    return out;
  }

  // ---- chart --------------------------------------------------------------

  private create(): void {
    const options = this.options();
    const estimate = this.areaSize();
    const datasets = this.datasets();
    this.chart = new Chart<'scatter', TimelinePoint[]>(this.canvas, {
      type: 'scatter',
      data: { datasets },
      options,
      plugins: [this.timingPlugin()],
    });
    // The first pass aggregated against an estimated plot area. Any grid is
    // correct (cells are in data units); only a far-off estimate is worth a
    // second pass, since it would make cells visibly coarse or fine.
    const real = this.chart.chartArea;
    if (real && Math.abs(real.width - estimate.width) > estimate.width * 0.5) this.rebuild();
    else this.notifyRendered();
  }

  private resetScales(): void {
    const chart = this.chart;
    const view = this.view;
    if (!chart || !view) return;
    chart.resetZoom('none');
    const ext = view.model.extents;
    const { x, y } = chart.options.scales ?? {};
    if (x && y) {
      x.min = ext.xMin;
      x.max = ext.xMax;
      y.min = ext.yMin;
      y.max = ext.yMax;
    }
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
    this.clearActive();
    if (sameShape) fresh.forEach((d, k) => Object.assign(current[k], d));
    else chart.data.datasets = fresh;
    this.update();
  }

  private clearActive(): void {
    const chart = this.chart;
    if (!chart) return;
    chart.setActiveElements([]);
    chart.tooltip?.setActiveElements([], { x: 0, y: 0 });
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
    this.recordTime(this.updateTimes, performance.now() - t0);
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

  /** Records draw times and whole-frame (update + draw) times, for the scale tests. */
  private timingPlugin(): Plugin<'scatter'> {
    return {
      id: 'sessionscopeTiming',
      beforeUpdate: () => {
        this.frameStart = performance.now();
      },
      beforeDraw: () => {
        this.drawStart = performance.now();
      },
      afterDraw: () => {
        this.recordTime(this.drawTimes, performance.now() - this.drawStart);
      },
      afterRender: () => {
        if (this.frameStart === 0) return;
        this.recordTime(this.frameTimes, performance.now() - this.frameStart);
        this.frameStart = 0;
      },
    };
  }

  private recordTime(log: number[], ms: number): void {
    log.push(Math.round(ms * 10) / 10);
    if (log.length > 100) log.shift();
  }

  private options(): ChartOptions<'scatter'> {
    const ext = this.view?.model.extents ?? { xMin: 0, xMax: 1, yMin: 0, yMax: 1 };
    const options: ChartOptions<'scatter'> = {
      parsing: false,
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      events: ['click', 'mousemove', 'mouseout'],
      // Every point under the pointer, not only the nearest: tied points are listed and a click picks the rarest.
      interaction: { mode: 'point', intersect: true },
      onClick: (_event, elements) => this.handleClick(elements),
      onResize: () => this.onResize(),
      scales: {
        x: {
          type: 'time',
          min: ext.xMin,
          max: ext.xMax,
          title: { display: true, text: 'Session start (UTC)' },
          afterBuildTicks: (axis) => this.placeTimeTicks(axis),
          ticks: {
            maxRotation: 0,
            autoSkip: true,
            autoSkipPadding: 16,
            callback: (value, index) => formatTimeTick(Number(value), this.timeStep, index === 0),
          },
        },
        y: {
          type: 'linear',
          min: ext.yMin,
          max: ext.yMax,
          title: { display: true, text: Y_AXIS_TITLE },
          // Only nice values: the bounds are data extents, not round numbers.
          ticks: { includeBounds: false, callback: (value) => formatLogTick(Number(value)) },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          // One tooltip for everything under the pointer: its lines come from all items at once (footer-less body built in `title`/`label` below).
          filter: (item) => this.kinds[item.datasetIndex] !== 'dimmed',
          displayColors: false,
          caretPadding: 6,
          callbacks: {
            title: (items) => this.tooltipTitle(items),
            label: (item) => this.tooltipLines(item),
            afterBody: (items) => this.tooltipMore(items),
          },
        },
        zoom: {
          limits: { x: { min: 'original', max: 'original' }, y: { min: 'original', max: 'original' } },
          pan: { enabled: true, mode: 'xy', threshold: 4, onPanComplete: () => this.scheduleReaggregate() },
          zoom: {
            mode: 'xy',
            wheel: { enabled: true, speed: 0.15 },
            drag: { enabled: true, modifierKey: 'shift', borderWidth: 1 },
            onZoomComplete: () => this.scheduleReaggregate(),
          },
        },
      },
    };
    this.applyThemeToOptions(options);
    return options;
  }

  private applyThemeToOptions(options: ChartOptions<'scatter'>): void {
    const t = this.theme;
    const font = { family: t.fontFamily, size: t.fontSize - 1 };
    for (const axis of [options.scales?.x, options.scales?.y]) {
      if (!axis) continue;
      axis.grid = { color: t.grid };
      axis.border = { color: t.grid };
      axis.ticks = { ...axis.ticks, color: t.muted, font };
      if (axis.title) axis.title = { ...axis.title, color: t.foreground, font };
    }
    const tooltip = options.plugins?.tooltip;
    if (tooltip) {
      tooltip.backgroundColor = t.tooltipBackground;
      tooltip.titleColor = t.tooltipForeground;
      tooltip.bodyColor = t.tooltipForeground;
      tooltip.borderColor = t.tooltipBorder;
      tooltip.borderWidth = 1;
      tooltip.titleFont = { ...font, weight: 'bold' };
      tooltip.bodyFont = font;
    }
    const drag = options.plugins?.zoom?.zoom?.drag;
    if (drag) {
      drag.backgroundColor = withAlpha(t.focus, 0.15);
      drag.borderColor = t.focus;
    }
  }

  /** Round UTC ticks, about one per 110 px. */
  private placeTimeTicks(axis: Scale): void {
    this.timeStep = chooseStep(axis.min, axis.max, Math.max(2, Math.floor((axis.width || 800) / 110)));
    axis.ticks = utcTicks(axis.min, axis.max, this.timeStep).map((value) => ({ value }));
  }

  private handleClick(elements: ActiveElement[]): void {
    let best: number | null = null;
    for (const e of elements) {
      if (this.kinds[e.datasetIndex] === 'cells' || this.kinds[e.datasetIndex] === 'dimmed') continue;
      const i = this.chart?.data.datasets[e.datasetIndex].data[e.index]?.i;
      if (i !== undefined && (best === null || i < best)) best = i;
    }
    if (best !== null) {
      this.onPick(best);
      return;
    }
    const cell = elements.find((e) => this.kinds[e.datasetIndex] === 'cells');
    if (cell && this.chart) {
      // A cell stands for many sessions: zoom in on it so they separate.
      this.chart.zoom({ x: 4, y: 4, focalPoint: { x: cell.element.x, y: cell.element.y } }, 'none');
      this.scheduleReaggregate();
    }
  }

  private pointOf(item: TooltipItem<'scatter'>): TimelinePoint {
    return item.raw as TimelinePoint;
  }

  /** Individual sessions under the pointer, rarest first, each once (the selection ring repeats one). */
  private sessionsUnder(items: TooltipItem<'scatter'>[]): number[] {
    const seen = new Set<number>();
    for (const item of items) {
      const i = this.pointOf(item).i;
      if (i !== undefined) seen.add(i);
    }
    return [...seen].sort((a, b) => a - b);
  }

  private tooltipTitle(items: TooltipItem<'scatter'>[]): string {
    // Chart.js builds the title before the lines: they read the same items.
    this.tooltipItems = items;
    if (!this.view || items.length === 0) return '';
    const sessions = this.sessionsUnder(items);
    if (sessions.length > 1) return `${sessions.length} sessions here (a click selects the rarest)`;
    if (sessions.length === 1) return truncateMiddle(this.view.model.userLabels[this.view.model.result.sessions.user[sessions[0]]] ?? '', TOOLTIP_CHARS);
    const cells = items.reduce((n, item) => n + (this.pointOf(item).count ?? 0), 0);
    return `${cells} sessions`;
  }

  /**
   * Chart.js asks for each item's lines: one session gets its details, several
   * get one line each (the first TOOLTIP_SESSIONS, rarest first), cells a note.
   */
  private tooltipLines(item: TooltipItem<'scatter'>): string[] {
    const view = this.view;
    if (!view) return [];
    const items = this.tooltipItems.includes(item) ? this.tooltipItems : [item];
    const sessions = this.sessionsUnder(items);
    const p = this.pointOf(item);
    if (sessions.length === 0) {
      // Only cells: one note, on the first item.
      return item === items[0] ? ['Aggregated ordinary sessions', 'Click or zoom in to see them one by one'] : [];
    }
    // The first item that is a session speaks for all of them (rarest first); the others add nothing.
    if (p.i === undefined || items.find((it) => this.pointOf(it).i !== undefined) !== item) return [];
    const { result } = view.model;
    const s = result.sessions;
    if (sessions.length > 1) {
      return sessions.slice(0, TOOLTIP_SESSIONS).map((k) => {
        const user = truncateMiddle(view.model.userLabels[s.user[k]] ?? '', 40);
        return `#${k + 1} ${user} · ${formatUtc(s.start[k])} · ${formatLikelihood(s.likelihood[k], s.logLikelihood[k])}`;
      });
    }
    const i = sessions[0];
    const users = result.userColumns.map((col, k) => truncateMiddle(`${col}: ${result.userTuples[s.user[i]]?.[k] ?? '(none)'}`, TOOLTIP_CHARS));
    return [
      ...users,
      `Start: ${formatUtc(s.start[i])}`,
      `Duration: ${formatDuration(s.end[i] - s.start[i])}`,
      `Events: ${s.eventCount[i]}`,
      `Likelihood: ${formatLikelihood(s.likelihood[i], s.logLikelihood[i])}`,
      `Rank: ${i + 1}`,
      truncateMiddle(`Rarest window: ${windowText(result, i)}`, TOOLTIP_CHARS),
    ];
  }

  private tooltipMore(items: TooltipItem<'scatter'>[]): string[] {
    const n = this.sessionsUnder(items).length;
    return n > TOOLTIP_SESSIONS ? [`+${n - TOOLTIP_SESSIONS} more`] : [];
  }
}

/** Sessions listed one per line when points overlap; the rest are counted. */
const TOOLTIP_SESSIONS = 6;
/** Longest tooltip line: a narrow chart must hold the tooltip. */
const TOOLTIP_CHARS = 64;

/** Sorts points by x in place (ties by y, so equal inputs give equal orders). */
function byX<T extends { x: number; y: number }>(points: T[]): T[] {
  return points.sort((a, b) => a.x - b.x || a.y - b.y);
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

/** Point radii, smallest first; a session's radius grows with the square root of its event count. */
export const RADIUS_CLASSES = [3, 4.5, 6, 8, 10] as const;

/** Area grows with event count (sqrt scale), clamped so huge sessions stay readable. */
export function radiusForEvents(events: number): number {
  return Math.max(3, Math.min(10, 1.5 + 0.9 * Math.sqrt(Math.max(0, events))));
}

/** The radius class nearest to a session's sqrt-scaled radius. */
export function radiusClass(events: number): number {
  const r = radiusForEvents(events);
  let best = 0;
  RADIUS_CLASSES.forEach((c, k) => {
    if (Math.abs(c - r) < Math.abs(RADIUS_CLASSES[best] - r)) best = k;
  });
  return best;
}
