// What the timeline draws: the visible sessions split into the rarest ones
// (always individual, clickable points), the aggregated bulk and the ones the
// table's filter dims, turned into Chart.js datasets (one per colour group and
// radius class, so Chart.js resolves options per dataset, not per point).

import type { ChartDataset } from 'chart.js';
import type { CellPoint } from './aggregate';
import { aboveBound, type ResultModel } from './model';
import { withAlpha, type ChartTheme } from './theme';
import { colourOfGroup, groupOf, GROUPS, type ColourMode } from './timelineColours';

/** How many of the rarest visible sessions are always drawn one by one. */
export const RARE_POINTS = 2000;

/** What a dataset holds; the hit-testing and the snapshot go by it. */
export type Kind = 'cells' | 'rare' | 'selected' | 'dimmed';

/** A plotted point: `i` is the session index for individual points, `count` the sessions a cell stands for. */
export interface TimelinePoint {
  x: number;
  y: number;
  i?: number;
  count?: number;
}

export type Dataset = ChartDataset<'scatter', TimelinePoint[]>;

export interface TimelineView {
  model: ResultModel;
  bound: number | null;
  mode: ColourMode;
  selected: number | null;
  /** The table's filter: sessions it excludes are drawn dimmed, in grey cells. */
  filter?: ((index: number) => boolean) | null;
}

/** The drawn sessions by role; all rarest first. */
export interface VisibleSessions {
  rare: Uint32Array;
  others: Uint32Array;
  dimmed: Uint32Array;
}

/** Whether a session is drawn at all: scored and under the bound. */
function plotted(view: TimelineView, i: number): boolean {
  return !Number.isNaN(view.model.log10[i]) && !aboveBound(view.model, i, view.bound);
}

/** Splits visible scored sessions into the always-drawn rarest ones, the rest, and the ones the filter dims. */
export function splitSessions(view: TimelineView): VisibleSessions {
  const { model } = view;
  const filter = view.filter ?? null;
  const rare = new Uint32Array(Math.min(RARE_POINTS, model.count));
  const others = new Uint32Array(model.count);
  const dimmed = new Uint32Array(filter ? model.count : 0);
  let r = 0;
  let o = 0;
  let d = 0;
  for (let i = 0; i < model.count; i++) {
    if (!plotted(view, i)) continue;
    if (filter && !filter(i)) dimmed[d++] = i;
    else if (r < rare.length) rare[r++] = i;
    else others[o++] = i;
  }
  return { rare: rare.subarray(0, r), others: others.subarray(0, o), dimmed: dimmed.subarray(0, d) };
}

/** Sessions drawn and not dimmed (scored, under the bound, matching the filter), rarest first. */
export function visibleByRank(view: TimelineView): number[] {
  const out: number[] = [];
  const filter = view.filter ?? null;
  for (let i = 0; i < view.model.count; i++) if (plotted(view, i) && (!filter || filter(i))) out.push(i);
  return out;
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

/** Sorts points by x in place (ties by y, so equal inputs give equal orders). */
function byX<T extends { x: number; y: number }>(points: T[]): T[] {
  return points.sort((a, b) => a.x - b.x || a.y - b.y);
}

/** Individual points per colour group and radius class. */
function rarePoints(view: TimelineView, rare: Uint32Array): TimelinePoint[][][] {
  const points: TimelinePoint[][][] = Array.from({ length: GROUPS }, () => RADIUS_CLASSES.map(() => []));
  const s = view.model.result.sessions;
  const group = groupOf(view.model, view.mode);
  for (const i of rare) points[group(i)][radiusClass(s.eventCount[i])].push({ x: s.start[i], y: view.model.log10[i], i });
  return points;
}

/** The ring around the selected session: its points (none when it is not drawn) and radius. */
export function selectedRing(view: TimelineView): { data: TimelinePoint[]; radius: number } {
  const i = view.selected;
  if (i === null) return { data: [], radius: 8 };
  const radius = RADIUS_CLASSES[radiusClass(view.model.result.sessions.eventCount[i])] + 4;
  if (!plotted(view, i)) return { data: [], radius };
  return { data: [{ x: view.model.result.sessions.start[i], y: view.model.log10[i], i }], radius };
}

/**
 * All datasets, back to front: dimmed cells, cells per colour group, rare
 * points per group and radius class, and the selection ring (always last).
 * `cells` are the aggregated others per colour group, `dimmedCells` the
 * filter's excluded sessions in one grey group.
 */
export function buildDatasets(
  view: TimelineView,
  theme: ChartTheme,
  rare: Uint32Array,
  cells: CellPoint[][],
  dimmedCells: CellPoint[],
): { datasets: Dataset[]; kinds: Kind[] } {
  // With parsing off Chart.js takes every dataset as sorted by x and binary
  // searches it for the visible range (what it draws and updates): sort them.
  cells.forEach(byX);
  byX(dimmedCells);
  const rareByGroup = rarePoints(view, rare).map((classes) => classes.map(byX));
  const datasets: Dataset[] = [];
  const kinds: Kind[] = [];
  const add = (kind: Kind, d: Dataset): void => {
    datasets.push(d);
    kinds.push(kind);
  };
  if (dimmedCells.length > 0) {
    const grey = withAlpha(theme.other, 0.18);
    add('dimmed', { label: 'dimmed', data: dimmedCells, order: 4, pointRadius: 2, pointHoverRadius: 2, pointHitRadius: 0, pointBorderWidth: 0, backgroundColor: grey, borderColor: grey });
  }
  for (let g = 0; g < GROUPS; g++) {
    if (!cells[g]?.length) continue;
    const colour = withAlpha(colourOfGroup(theme, view.mode, g), 0.4);
    add('cells', { label: `cells ${g}`, data: cells[g], order: 3, pointRadius: 2, pointHoverRadius: 3, pointHitRadius: 2, pointBorderWidth: 0, backgroundColor: colour, borderColor: colour });
  }
  for (let g = 0; g < GROUPS; g++) {
    const colour = colourOfGroup(theme, view.mode, g);
    RADIUS_CLASSES.forEach((radius, c) => {
      // Empty datasets still cost Chart.js a controller each.
      if (rareByGroup[g][c].length === 0) return;
      add('rare', {
        label: `rare ${g}.${c}`,
        data: rareByGroup[g][c],
        order: 2,
        pointRadius: radius,
        pointHoverRadius: radius + 2,
        pointHitRadius: 3,
        pointBorderWidth: 1,
        backgroundColor: withAlpha(colour, 0.75),
        borderColor: colour,
      });
    });
  }
  const ring = selectedRing(view);
  add('selected', {
    label: 'selected',
    data: ring.data,
    order: 1,
    pointRadius: ring.radius,
    pointHoverRadius: ring.radius + 1,
    pointBorderWidth: 2.5,
    backgroundColor: 'rgba(0,0,0,0)',
    borderColor: theme.focus,
  });
  return { datasets, kinds };
}
