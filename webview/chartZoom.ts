// Zoom and pan of the timeline, on its two linear axes: the wheel zooms about
// the pointer, a drag pans, Shift+drag zooms to a box; the view never leaves
// the data extents. Our own rather than
// chartjs-plugin-zoom, whose drag pan runs on hammerjs (unmaintained since
// 2016); we need no pinch.

import type { Chart, Plugin } from 'chart.js';
import type { Range } from './aggregate';
import { clampSpan, zoomSpan } from './chartRange';

/** Span kept per wheel notch when zooming in (the inverse when zooming out). */
const WHEEL_ZOOM = 0.85;
/** A press moves this far (CSS px) before it pans or draws a box, so a click stays a click. */
const DRAG_THRESHOLD_PX = 4;
/** The re-aggregation after wheel zooming waits for the wheel to rest. */
const WHEEL_SETTLE_MS = 250;
/** Smallest spans: one second of time, a thousandth of a decade of likelihood. */
const MIN_SPAN = { x: 1000, y: 1e-3 };

interface Press {
  pointerId: number;
  x: number;
  y: number;
  /** The view when the press started. */
  view: Range;
  box: boolean;
  moved: boolean;
  endX: number;
  endY: number;
}

export interface ZoomHooks {
  /** The data extents: the widest view. */
  limits(): Range;
  /** A zoom or pan has ended: time to re-aggregate. */
  settled(): void;
  /** Fill and border of the Shift+drag box. */
  boxColours(): { fill: string; border: string };
}

export class ChartZoom {
  private chart: Chart<'scatter', unknown[]> | null = null;
  private press: Press | null = null;
  /** The click that ends a pan or box must not select what is under it. */
  private swallowClick = false;
  private wheelTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly hooks: ZoomHooks,
  ) {
    canvas.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    canvas.addEventListener('pointerdown', (e) => this.onDown(e));
    canvas.addEventListener('pointermove', (e) => this.onMove(e));
    canvas.addEventListener('pointerup', (e) => this.onUp(e));
    canvas.addEventListener('pointercancel', () => (this.press = null));
    // Capture phase, registered before Chart.js's own listener: the click
    // that ends a pan or box is stopped before Chart.js sees it (it handles
    // events a frame late, so a flag read there would come too late to clear).
    canvas.addEventListener(
      'click',
      (e) => {
        if (!this.swallowClick) return;
        this.swallowClick = false;
        e.stopImmediatePropagation();
      },
      true,
    );
  }

  attach(chart: Chart<'scatter', unknown[]>): void {
    this.chart = chart;
  }

  /** Blocks Chart.js events while dragging; draws the box. */
  readonly plugin: Plugin<'scatter'> = {
    id: 'sessionscopeZoom',
    beforeEvent: () => (this.press?.moved ? false : undefined),
    afterDatasetsDraw: (chart) => {
      const p = this.press;
      if (!p?.box || !p.moved) return;
      const { fill, border } = this.hooks.boxColours();
      const ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = fill;
      ctx.strokeStyle = border;
      ctx.lineWidth = 1;
      const [x, y, w, h] = [Math.min(p.x, p.endX), Math.min(p.y, p.endY), Math.abs(p.endX - p.x), Math.abs(p.endY - p.y)];
      ctx.fillRect(x, y, w, h);
      ctx.strokeRect(x, y, w, h);
      ctx.restore();
    },
  };

  /** Zooms both axes about a canvas point; factor < 1 zooms in (0.25: a quarter of the span). */
  zoomAt(factor: number, px: number, py: number): void {
    const chart = this.chart;
    if (!chart) return;
    const { x, y } = chart.scales;
    const lim = this.hooks.limits();
    this.setView({
      ...pair('x', zoomSpan(x.min, x.max, x.getValueForPixel(px) ?? (x.min + x.max) / 2, factor, lim.xMin, lim.xMax, MIN_SPAN.x)),
      ...pair('y', zoomSpan(y.min, y.max, y.getValueForPixel(py) ?? (y.min + y.max) / 2, factor, lim.yMin, lim.yMax, MIN_SPAN.y)),
    });
  }

  /** Back to the data extents (no redraw: the caller updates). */
  reset(): void {
    const options = this.chart?.options.scales;
    const lim = this.hooks.limits();
    if (!options?.x || !options.y) return;
    Object.assign(options.x, { min: lim.xMin, max: lim.xMax });
    Object.assign(options.y, { min: lim.yMin, max: lim.yMax });
  }

  private setView(view: Range): void {
    const options = this.chart?.options.scales;
    if (!options?.x || !options.y) return;
    Object.assign(options.x, { min: view.xMin, max: view.xMax });
    Object.assign(options.y, { min: view.yMin, max: view.yMax });
    this.chart?.update('none');
  }

  private currentView(): Range | null {
    const s = this.chart?.scales;
    return s?.x && s.y ? { xMin: s.x.min, xMax: s.x.max, yMin: s.y.min, yMax: s.y.max } : null;
  }

  private onWheel(e: WheelEvent): void {
    if (!this.chart || e.deltaY === 0) return;
    e.preventDefault();
    const rect = this.canvas.getBoundingClientRect();
    this.zoomAt(e.deltaY < 0 ? WHEEL_ZOOM : 1 / WHEEL_ZOOM, e.clientX - rect.left, e.clientY - rect.top);
    clearTimeout(this.wheelTimer);
    this.wheelTimer = setTimeout(() => this.hooks.settled(), WHEEL_SETTLE_MS);
  }

  private onDown(e: PointerEvent): void {
    const view = this.currentView();
    if (e.button !== 0 || !view) return;
    const rect = this.canvas.getBoundingClientRect();
    const [x, y] = [e.clientX - rect.left, e.clientY - rect.top];
    this.press = { pointerId: e.pointerId, x, y, view, box: e.shiftKey, moved: false, endX: x, endY: y };
    this.swallowClick = false;
  }

  private onMove(e: PointerEvent): void {
    const p = this.press;
    const chart = this.chart;
    if (!p || !chart || e.pointerId !== p.pointerId) return;
    const rect = this.canvas.getBoundingClientRect();
    [p.endX, p.endY] = [e.clientX - rect.left, e.clientY - rect.top];
    if (!p.moved) {
      if (Math.hypot(p.endX - p.x, p.endY - p.y) < DRAG_THRESHOLD_PX) return;
      p.moved = true;
      // Keep receiving moves outside the canvas; hide the tooltip while dragging.
      this.canvas.setPointerCapture(e.pointerId);
      chart.setActiveElements([]);
      chart.tooltip?.setActiveElements([], { x: 0, y: 0 });
    }
    if (p.box) {
      chart.draw();
      return;
    }
    const { chartArea: area } = chart;
    const lim = this.hooks.limits();
    const dx = ((p.endX - p.x) * (p.view.xMax - p.view.xMin)) / Math.max(1, area.width);
    const dy = ((p.endY - p.y) * (p.view.yMax - p.view.yMin)) / Math.max(1, area.height);
    // Dragging left shows later times; dragging down shows higher (commoner) likelihoods.
    this.setView({
      ...pair('x', clampSpan(p.view.xMin - dx, p.view.xMax - dx, lim.xMin, lim.xMax)),
      ...pair('y', clampSpan(p.view.yMin + dy, p.view.yMax + dy, lim.yMin, lim.yMax)),
    });
  }

  private onUp(e: PointerEvent): void {
    const p = this.press;
    if (!p || e.pointerId !== p.pointerId) return;
    this.press = null;
    if (!p.moved) return;
    // Cleared by that click, or by the next press if no click comes.
    this.swallowClick = true;
    if (p.box) this.zoomToBox(p);
    this.chart?.draw();
    this.hooks.settled();
  }

  private zoomToBox(p: Press): void {
    const chart = this.chart;
    if (!chart || Math.abs(p.endX - p.x) < DRAG_THRESHOLD_PX || Math.abs(p.endY - p.y) < DRAG_THRESHOLD_PX) return;
    const { x, y } = chart.scales;
    const lim = this.hooks.limits();
    const span = (a: number, b: number, min: number): [number, number] => {
      const [lo, hi] = a < b ? [a, b] : [b, a];
      const mid = (lo + hi) / 2;
      return hi - lo >= min ? [lo, hi] : [mid - min / 2, mid + min / 2];
    };
    const [x0, x1] = span(x.getValueForPixel(p.x) ?? x.min, x.getValueForPixel(p.endX) ?? x.max, MIN_SPAN.x);
    const [y0, y1] = span(y.getValueForPixel(p.y) ?? y.min, y.getValueForPixel(p.endY) ?? y.max, MIN_SPAN.y);
    this.setView({
      ...pair('x', clampSpan(x0, x1, lim.xMin, lim.xMax)),
      ...pair('y', clampSpan(y0, y1, lim.yMin, lim.yMax)),
    });
  }
}

function pair(axis: 'x', span: [number, number]): { xMin: number; xMax: number };
function pair(axis: 'y', span: [number, number]): { yMin: number; yMax: number };
function pair(axis: 'x' | 'y', [min, max]: [number, number]): Record<string, number> {
  return { [`${axis}Min`]: min, [`${axis}Max`]: max };
}
