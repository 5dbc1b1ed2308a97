// Hit-testing of the timeline: what is under the pointer. The tooltip lists
// every individual session there (rarest first, six then "+N more"), or
// describes the aggregated cells; a click picks the rarest session under the
// pointer, or else zooms in on the cell there.

import type { TooltipItem } from 'chart.js';
import { formatDuration, formatLikelihood, formatUtc, truncateMiddle } from './format';
import { windowText } from './model';
import type { Kind, TimelinePoint, TimelineView } from './timelineDatasets';

/** Sessions listed one per line when points overlap; the rest are counted. */
const TOOLTIP_SESSIONS = 6;
/** Longest tooltip line: a narrow chart must hold the tooltip. */
const TOOLTIP_CHARS = 64;

/** Individual sessions among the points, rarest first, each once (the selection ring repeats one). */
export function sessionsUnder(points: readonly TimelinePoint[]): number[] {
  const seen = new Set<number>();
  for (const p of points) if (p.i !== undefined) seen.add(p.i);
  return [...seen].sort((a, b) => a - b);
}

/** A point under the pointer and the kind of dataset it is in. */
export interface Hit {
  kind: Kind;
  point: TimelinePoint;
}

/** What a click does: select the rarest session under it, zoom in on a cell (the hit's index), or nothing. */
export function clickTarget(hits: readonly Hit[]): { session: number } | { cell: number } | null {
  const sessions = sessionsUnder(hits.filter((h) => h.kind === 'rare' || h.kind === 'selected').map((h) => h.point));
  if (sessions.length > 0) return { session: sessions[0] };
  const cell = hits.findIndex((h) => h.kind === 'cells');
  return cell >= 0 ? { cell } : null;
}

const pointOf = (item: TooltipItem<'scatter'>): TimelinePoint => item.raw as TimelinePoint;

/**
 * The tooltip's text, built from all items under the pointer at once. Chart.js
 * asks for the title first, then each item's lines, then the after-body: the
 * title keeps the items so the lines can read them all.
 */
export class TooltipText {
  private items: TooltipItem<'scatter'>[] = [];

  constructor(private readonly view: () => TimelineView | null) {}

  title(items: TooltipItem<'scatter'>[]): string {
    this.items = items;
    const view = this.view();
    if (!view || items.length === 0) return '';
    const sessions = sessionsUnder(items.map(pointOf));
    if (sessions.length > 1) return `${sessions.length} sessions here (a click selects the rarest)`;
    if (sessions.length === 1) return truncateMiddle(view.model.userLabels[view.model.result.sessions.user[sessions[0]]] ?? '', TOOLTIP_CHARS);
    const cells = items.reduce((n, item) => n + (pointOf(item).count ?? 0), 0);
    return `${cells} sessions`;
  }

  /** One session gets its details, several one line each (the first TOOLTIP_SESSIONS), cells a note. */
  lines(item: TooltipItem<'scatter'>): string[] {
    const view = this.view();
    if (!view) return [];
    const items = this.items.includes(item) ? this.items : [item];
    const sessions = sessionsUnder(items.map(pointOf));
    if (sessions.length === 0) {
      // Only cells: one note, on the first item.
      return item === items[0] ? ['Aggregated ordinary sessions', 'Click or zoom in to see them one by one'] : [];
    }
    // The first item that is a session speaks for all of them (rarest first); the others add nothing.
    if (pointOf(item).i === undefined || items.find((it) => pointOf(it).i !== undefined) !== item) return [];
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

  more(items: TooltipItem<'scatter'>[]): string[] {
    const n = sessionsUnder(items.map(pointOf)).length;
    return n > TOOLTIP_SESSIONS ? [`+${n - TOOLTIP_SESSIONS} more`] : [];
  }
}
