// The session table's columns: which there are, how wide (measured in the
// panel's font), and the drag/keyboard resize of a header's right edge.

import type { ResultModel } from './model';

export type SortKey = 'rank' | 'mark' | 'likelihood' | 'start' | 'events' | 'insights' | 'window' | `user:${number}`;

export interface Column {
  key: SortKey;
  title: string;
  /** Width in CSS px; the last column (the rarest window) also takes any room left. */
  width: number;
  /** The narrowest a drag may make it. */
  min: number;
  numeric?: boolean;
  /** Set by a drag: kept over the default. */
  resized?: boolean;
}

let measureContext: CanvasRenderingContext2D | null = null;

/**
 * Measures texts in the table's font, in px (canvas text metrics; an estimate
 * without a canvas). The page's style is read once per measurer and the
 * canvas font set only when the weight changes: each read of the computed
 * style and each font assignment costs a style pass or a font parse.
 */
function textMeasurer(): (text: string, bold?: boolean) => number {
  measureContext ??= document.createElement('canvas').getContext('2d');
  const style = getComputedStyle(document.body);
  const { fontSize, fontFamily } = style;
  const context = measureContext;
  if (!context) return (text) => text.length * (parseFloat(fontSize) || 13) * 0.6;
  let weight: boolean | undefined;
  return (text, bold = false) => {
    if (weight !== bold) {
      context.font = `${bold ? '600 ' : ''}${fontSize} ${fontFamily}`;
      weight = bold;
    }
    return context.measureText(text).width;
  };
}

/** Cell padding (0.5em each side) plus the resize handle and a little air. */
const CELL_EXTRA = 24;

/**
 * The table's columns, each as wide as its content measured in the panel's
 * font: user columns as their longest value (up to about 40 characters), so
 * an ARN or an IPv6 address is not cut to a stub. The insights come right
 * after the users and before the times, so a wide panel shows them next to
 * who ran the session instead of far to the right. A width the user dragged
 * is kept across results with the same columns.
 */
export function columnsFor(model: ResultModel, previous: Column[]): Column[] {
  const tuples = model.result.userTuples;
  const textWidth = textMeasurer();
  const ch = textWidth('0');
  const fit = (title: string, sample: string): number => Math.ceil(Math.max(textWidth(title, true) + 14, textWidth(sample)) + CELL_EXTRA);
  const userWidth = (k: number, title: string): number => {
    // The longest few values by length, measured (measuring every tuple would cost too much for 100k users).
    const longest = tuples
      .slice(0, 20_000)
      .map((t) => t[k] ?? '(none)')
      .sort((a, b) => b.length - a.length)
      .slice(0, 5);
    const widest = Math.max(textWidth(title, true) + 14, ...longest.map((v) => textWidth(v)));
    return Math.ceil(Math.min(widest, 40 * ch) + CELL_EXTRA);
  };
  const columns: Column[] = [
    { key: 'rank', title: 'Rank', width: fit('Rank', '000,000'), min: Math.ceil(4 * ch + CELL_EXTRA), numeric: true },
    { key: 'mark', title: 'Mark', width: fit('Mark', 'Suspicious'), min: Math.ceil(4 * ch + CELL_EXTRA) },
    { key: 'likelihood', title: 'Likelihood', width: fit('Likelihood', '0.00e-000'), min: Math.ceil(6 * ch + CELL_EXTRA), numeric: true },
    ...model.result.userColumns.map((title, k): Column => ({ key: `user:${k}`, title, width: userWidth(k, title), min: Math.ceil(5 * ch + CELL_EXTRA) })),
    { key: 'insights', title: 'Insights', width: Math.ceil(32 * ch), min: Math.ceil(10 * ch) },
    { key: 'start', title: 'Start (UTC)', width: fit('Start (UTC)', '0000-00-00T00:00:00.000Z'), min: Math.ceil(8 * ch + CELL_EXTRA) },
    { key: 'events', title: 'Events', width: fit('Events', '00,000'), min: Math.ceil(4 * ch + CELL_EXTRA), numeric: true },
    { key: 'window', title: 'Rarest window', width: Math.ceil(24 * ch), min: Math.ceil(18 * ch) },
  ];
  for (const col of columns) {
    const before = previous.find((p) => p.key === col.key && p.title === col.title && p.resized);
    if (before) {
      col.width = before.width;
      col.resized = true;
    }
  }
  return columns;
}

/**
 * Column widths in px for a viewport `available` px wide; the last column
 * takes the room left over unless it was resized. Header, rows and the
 * scroll width all follow one total, so a narrow panel scrolls the table
 * sideways instead of squeezing or spilling it.
 */
export function columnWidths(columns: Column[], available: number): { template: string; total: number } {
  const widths = columns.map((c) => c.width);
  const fixed = widths.slice(0, -1).reduce((a, b) => a + b, 0);
  const last = columns[columns.length - 1];
  widths[widths.length - 1] = last.resized ? last.width : Math.max(last.min, available - fixed);
  return { template: widths.map((w) => `${w}px`).join(' '), total: widths.reduce((a, b) => a + b, 0) };
}

/** Drag (or arrow keys) on a header's right edge sets that column's width, down to its minimum. */
export function wireResizer(handle: HTMLElement, column: () => Column | undefined, changed: () => void): void {
  const setWidth = (width: number): void => {
    const col = column();
    if (!col) return;
    col.width = Math.max(col.min, Math.round(width));
    col.resized = true;
    handle.setAttribute('aria-valuenow', String(col.width));
    changed();
  };
  handle.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    e.stopPropagation();
    const startX = e.clientX;
    const startWidth = column()?.width ?? 0;
    handle.setPointerCapture(e.pointerId);
    handle.classList.add('dragging');
    const move = (ev: PointerEvent): void => setWidth(startWidth + ev.clientX - startX);
    const up = (): void => {
      handle.classList.remove('dragging');
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('pointercancel', up);
  });
  handle.addEventListener('click', (e) => e.stopPropagation());
  handle.addEventListener('keydown', (e) => {
    const step = e.shiftKey ? 50 : 10;
    if (e.key === 'ArrowLeft') setWidth((column()?.width ?? 0) - step);
    else if (e.key === 'ArrowRight') setWidth((column()?.width ?? 0) + step);
    else return;
    e.preventDefault();
  });
}
