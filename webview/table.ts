// The session table: every scored session of the result, filtered, bounded
// and sorted in memory, with only the rows in view in the DOM (fixed row
// height), so 200k sessions cost the same to show as 50.

import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { h, replaceChildren } from './dom';
import { formatCount, formatLikelihood, formatUtc, truncate } from './format';
import { aboveBound, combinedFilter, insightKindLabel, windowText, type ResultModel } from './model';

export const ROW_HEIGHT = 24;
const OVERSCAN = 8;

type SortKey = 'rank' | 'likelihood' | 'start' | 'events' | 'insights' | 'window' | `user:${number}`;

/** The kind filter's values besides a kind name: every session, or those with any insight. */
const ALL_KINDS = '';
const ANY_KIND = '*';
type SortDir = 1 | -1;

interface Column {
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

export interface TableCallbacks {
  onSelect(index: number): void;
  onReveal(index: number): void;
  onFilterChange(text: string): void;
  /** The insight kind filter changed: '' all sessions, '*' any insight, else a kind name. */
  onKindFilterChange(kind: string): void;
}

export class SessionTable {
  readonly root: HTMLElement;
  private readonly filterBox: HTMLElementTagNameMap['vscode-textfield'];
  private readonly kindBox: HTMLElementTagNameMap['vscode-single-select'];
  private kindFilter = ALL_KINDS;

  /** The insight kind filter's value ('' all, '*' any insight, or a kind). */
  get kind(): string {
    return this.kindFilter;
  }
  private readonly countLabel: HTMLElement;
  private readonly header: HTMLElement;
  private readonly headerRow: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly sizer: HTMLElement;
  private readonly layer: HTMLElement;
  private model: ResultModel | null = null;
  private bound: number | null = null;
  private filter = '';
  private sort: { key: SortKey; dir: SortDir } = { key: 'rank', dir: 1 };
  private rows: Uint32Array = new Uint32Array(0);
  /** Row position of each session index in `rows`, -1 when filtered out. */
  private positionOf = new Int32Array(0);
  private selected: number | null = null;
  private columns: Column[] = [];
  private renderPending = 0;
  private filterTimer = 0;
  private readonly sortKeyCache = new Map<SortKey, ArrayLike<number> | string[]>();

  constructor(private readonly cb: TableCallbacks) {
    this.filterBox = h('vscode-textfield', {
      'data-testid': 'table-filter',
      placeholder: 'Filter by user or command',
      'aria-label': 'Filter sessions by user or command',
    });
    this.filterBox.addEventListener('input', () => this.onFilterInput());
    this.kindBox = h('vscode-single-select', { 'data-testid': 'insight-kind-filter', 'aria-label': 'Filter sessions by insight kind', class: 'kind-filter' });
    this.kindBox.addEventListener('change', () => {
      if (this.kindBox.value === this.kindFilter) return;
      this.kindFilter = this.kindBox.value;
      this.cb.onKindFilterChange(this.kindFilter);
      this.viewport.scrollTop = 0;
      this.recompute();
    });
    this.countLabel = h('span', { class: 'table-count', 'data-testid': 'table-count', 'aria-live': 'polite' });
    this.headerRow = h('div', { class: 'table-header-row', role: 'row' });
    this.header = h('div', { class: 'table-header', role: 'rowgroup' }, this.headerRow);
    this.sizer = h('div', { class: 'table-sizer' });
    this.layer = h('div', { class: 'table-layer', role: 'rowgroup' });
    this.viewport = h('div', { class: 'table-viewport', tabindex: 0, 'data-testid': 'session-table-body', id: 'session-table-body' }, this.sizer, this.layer);
    this.viewport.addEventListener('scroll', () => {
      // The header scrolls sideways with the rows.
      if (this.header.scrollLeft !== this.viewport.scrollLeft) this.header.scrollLeft = this.viewport.scrollLeft;
      this.scheduleRender();
    });
    this.viewport.addEventListener('keydown', (e) => this.onKey(e));
    this.layer.addEventListener('click', (e) => this.onRowEvent(e, false));
    this.layer.addEventListener('dblclick', (e) => this.onRowEvent(e, true));
    new ResizeObserver(() => {
      this.applyColumnWidths();
      this.scheduleRender();
    }).observe(this.viewport);
    const grid = h('div', { class: 'table-grid', role: 'grid', 'aria-label': 'Sessions, rarest first', 'aria-multiselectable': 'false' }, this.header, this.viewport);
    this.root = h(
      'section',
      { class: 'session-table', 'data-testid': 'session-table' },
      h('div', { class: 'table-toolbar' }, this.filterBox, this.kindBox, this.countLabel),
      grid,
    );
  }

  setModel(model: ResultModel, bound: number | null, filter: string, selected: number | null): void {
    this.model = model;
    this.bound = bound;
    this.filter = filter;
    this.selected = selected;
    this.sortKeyCache.clear();
    if (this.filterBox.value !== filter) this.filterBox.value = filter;
    this.syncKinds(model);
    this.columns = columnsFor(model, this.columns);
    this.applyColumnWidths();
    this.renderHeader();
    this.recompute();
  }

  /** The kind choices of this result; a kind the result does not know falls back to all sessions. */
  private syncKinds(model: ResultModel): void {
    const kinds = model.result.insightKinds;
    if (this.kindFilter !== ALL_KINDS && this.kindFilter !== ANY_KIND && !kinds.includes(this.kindFilter)) this.kindFilter = ALL_KINDS;
    replaceChildren(
      this.kindBox,
      h('vscode-option', { value: ALL_KINDS, selected: this.kindFilter === ALL_KINDS }, 'All sessions'),
      h('vscode-option', { value: ANY_KIND, selected: this.kindFilter === ANY_KIND }, 'Any insight'),
      ...kinds.map((k) => h('vscode-option', { value: k, selected: this.kindFilter === k }, insightKindLabel(k))),
    );
    this.kindBox.value = this.kindFilter;
  }

  setBound(bound: number | null): void {
    this.bound = bound;
    this.recompute();
  }

  setSelected(index: number | null, scroll = true): void {
    this.selected = index;
    if (scroll) this.scrollToSelected();
    this.scheduleRender();
  }

  /** Gives keyboard focus to the rows, as after a click on one. */
  focus(): void {
    this.viewport.focus();
    this.root.scrollIntoView({ block: 'nearest' });
  }

  // ---- rows ---------------------------------------------------------------

  private recompute(): void {
    const model = this.model;
    if (!model) return;
    const pass = combinedFilter(model, this.filter, this.kindFilter);
    const rows = new Uint32Array(model.count);
    let n = 0;
    let hidden = 0;
    let beyondLimit = 0;
    // Sessions come in rank order, so the first `limit` that pass are the most anomalous ones.
    const limit = model.result.tableRows ?? Infinity;
    for (let i = 0; i < model.count; i++) {
      if (Number.isNaN(model.log10[i])) continue;
      if (aboveBound(model, i, this.bound)) {
        hidden++;
        continue;
      }
      if (pass !== null && !pass(i)) continue;
      if (n < limit) rows[n++] = i;
      else beyondLimit++;
    }
    this.rows = this.sorted(rows.subarray(0, n));
    this.positionOf = new Int32Array(model.count).fill(-1);
    this.rows.forEach((i, pos) => (this.positionOf[i] = pos));
    this.sizer.style.height = `${this.rows.length * ROW_HEIGHT}px`;
    this.countLabel.textContent = countText(this.rows.length, model.scoredCount, hidden, beyondLimit, pass !== null);
    // Rows at once, not on the next frame: the count and the rows never disagree.
    this.renderRows();
  }

  private sorted(rows: Uint32Array): Uint32Array {
    const { key, dir } = this.sort;
    if (key === 'rank') return dir === 1 ? rows : rows.slice().reverse();
    const values = this.sortValues(key);
    const out = rows.slice();
    out.sort((a, b) => {
      const va = values[a];
      const vb = values[b];
      const c = va < vb ? -1 : va > vb ? 1 : 0;
      return c * dir || a - b;
    });
    return out;
  }

  /** Per-session sort values, computed once per result and column. */
  private sortValues(key: SortKey): ArrayLike<number> | string[] {
    const cached = this.sortKeyCache.get(key);
    if (cached) return cached;
    const model = this.model as ResultModel;
    const s = model.result.sessions;
    let values: ArrayLike<number> | string[];
    if (key === 'likelihood') values = model.log10;
    else if (key === 'start') values = s.start;
    else if (key === 'events') values = s.eventCount;
    else if (key === 'insights') values = Float64Array.from(s.insightScore, (v) => v ?? Infinity);
    else if (key === 'window') values = Array.from({ length: model.count }, (_, i) => windowText(model.result, i).toLowerCase());
    else values = userColumnOrder(model, Number(key.slice(5)));
    this.sortKeyCache.set(key, values);
    return values;
  }

  // ---- rendering ----------------------------------------------------------

  private renderHeader(): void {
    const cells = this.columns.map((col, k) => {
      const active = this.sort.key === col.key;
      const sort = h(
        'button',
        { class: 'th-sort', type: 'button', title: `Sort by ${col.title}` },
        col.title,
        active ? h('span', { class: 'sort-indicator', 'aria-hidden': 'true' }, this.sort.dir === 1 ? '▲' : '▼') : null,
      );
      sort.addEventListener('click', () => this.toggleSort(col.key));
      const resizer = h('span', {
        class: 'col-resizer',
        role: 'separator',
        tabindex: 0,
        'aria-orientation': 'vertical',
        'aria-label': `Resize column ${col.title}`,
        'aria-valuenow': Math.round(col.width),
        'aria-valuemin': col.min,
        'data-testid': 'column-resizer',
        title: `Drag to resize ${col.title} (arrow keys with focus)`,
      });
      this.wireResizer(resizer, k);
      return h(
        'div',
        {
          class: 'th',
          role: 'columnheader',
          'data-sort-key': col.key,
          'aria-sort': active ? (this.sort.dir === 1 ? 'ascending' : 'descending') : 'none',
        },
        sort,
        resizer,
      );
    });
    replaceChildren(this.headerRow, ...cells);
  }

  /** Drag (or arrow keys) on a header's right edge sets that column's width, down to its minimum. */
  private wireResizer(handle: HTMLElement, k: number): void {
    const setWidth = (width: number): void => {
      const col = this.columns[k];
      if (!col) return;
      col.width = Math.max(col.min, Math.round(width));
      col.resized = true;
      handle.setAttribute('aria-valuenow', String(col.width));
      this.applyColumnWidths();
    };
    handle.addEventListener('pointerdown', (e) => {
      e.preventDefault();
      e.stopPropagation();
      const startX = e.clientX;
      const startWidth = this.columns[k]?.width ?? 0;
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
      if (e.key === 'ArrowLeft') setWidth((this.columns[k]?.width ?? 0) - step);
      else if (e.key === 'ArrowRight') setWidth((this.columns[k]?.width ?? 0) + step);
      else return;
      e.preventDefault();
    });
  }

  /**
   * Column widths in px; the last column takes the room left over. Header,
   * rows and the scroll width all follow one total, so a narrow panel scrolls
   * the table sideways instead of squeezing or spilling it.
   */
  private applyColumnWidths(): void {
    if (this.columns.length === 0) return;
    const available = this.viewport.clientWidth || 0;
    const widths = this.columns.map((c) => c.width);
    const fixed = widths.slice(0, -1).reduce((a, b) => a + b, 0);
    const last = this.columns[this.columns.length - 1];
    widths[widths.length - 1] = last.resized ? last.width : Math.max(last.min, available - fixed);
    const total = widths.reduce((a, b) => a + b, 0);
    this.root.style.setProperty('--table-columns', widths.map((w) => `${w}px`).join(' '));
    this.root.style.setProperty('--table-width', `${total}px`);
  }

  private toggleSort(key: SortKey): void {
    this.sort = this.sort.key === key ? { key, dir: this.sort.dir === 1 ? -1 : 1 } : { key, dir: 1 };
    this.renderHeader();
    this.recompute();
  }

  private scheduleRender(): void {
    if (this.renderPending) return;
    this.renderPending = requestAnimationFrame(() => {
      this.renderPending = 0;
      this.renderRows();
    });
  }

  /** Renders now; tests and the first paint call it without waiting for a frame. */
  renderRows(): void {
    const model = this.model;
    if (!model) return;
    const height = this.viewport.clientHeight || 400;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.rows.length, first + Math.ceil(height / ROW_HEIGHT) + 2 * OVERSCAN);
    const rows: HTMLElement[] = [];
    for (let pos = first; pos < last; pos++) rows.push(this.renderRow(model, this.rows[pos], pos));
    this.layer.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    if (this.rows.length === 0) rows.push(h('div', { class: 'table-empty' }, this.filter ? 'No session matches the filter.' : 'No sessions to show.'));
    replaceChildren(this.layer, ...rows);
  }

  private renderRow(model: ResultModel, i: number, pos: number): HTMLElement {
    const { result } = model;
    const s = result.sessions;
    const tuple = result.userTuples[s.user[i]] ?? [];
    const win = windowText(result, i);
    const cells: HTMLElement[] = [
      cell(String(i + 1), 'num'),
      cell(formatLikelihood(s.likelihood[i], s.logLikelihood[i]), 'num'),
      ...result.userColumns.map((_, k) => cell(tuple[k] ?? '(none)', tuple[k] === null ? 'missing' : '', tuple[k] ?? 'No value in this column')),
      cell(formatUtc(s.start[i]), 'time'),
      cell(formatCount(s.eventCount[i]), 'num'),
      insightCell(model, i),
      cell(truncate(win, 400), 'window', win),
    ];
    const selected = i === this.selected;
    return h(
      'div',
      {
        class: selected ? 'tr selected' : 'tr',
        role: 'row',
        'data-testid': 'session-row',
        'data-session-id': s.id[i],
        'data-rank': i + 1,
        'data-index': i,
        'aria-rowindex': pos + 2,
        'aria-selected': selected ? 'true' : 'false',
      },
      ...cells,
    );
  }

  // ---- interaction --------------------------------------------------------

  private onFilterInput(): void {
    clearTimeout(this.filterTimer);
    // Filtering 200k sessions takes a few ms; wait for a pause in typing anyway.
    this.filterTimer = window.setTimeout(() => {
      this.filter = this.filterBox.value;
      this.cb.onFilterChange(this.filter);
      this.viewport.scrollTop = 0;
      this.recompute();
    }, 120);
  }

  private onRowEvent(e: MouseEvent, reveal: boolean): void {
    const row = (e.target as Element | null)?.closest<HTMLElement>('[data-index]');
    if (!row) return;
    const index = Number(row.dataset.index);
    this.viewport.focus();
    if (reveal) this.cb.onReveal(index);
    else this.cb.onSelect(index);
  }

  private onKey(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (e.key in moves) this.moveSelection(moves[e.key]);
    else if (e.key === 'Home') this.selectPosition(0);
    else if (e.key === 'End') this.selectPosition(this.rows.length - 1);
    else if (e.key === 'Enter' && this.selected !== null) this.cb.onReveal(this.selected);
    else return;
    e.preventDefault();
  }

  private moveSelection(delta: number): void {
    const current = this.selected === null ? -1 : this.positionOf[this.selected] ?? -1;
    this.selectPosition(current < 0 ? 0 : current + delta);
  }

  private selectPosition(pos: number): void {
    if (this.rows.length === 0) return;
    const clamped = Math.max(0, Math.min(this.rows.length - 1, pos));
    this.cb.onSelect(this.rows[clamped]);
  }

  private scrollToSelected(): void {
    if (this.selected === null) return;
    const pos = this.positionOf[this.selected] ?? -1;
    if (pos < 0) return;
    const top = pos * ROW_HEIGHT;
    const view = this.viewport;
    if (top < view.scrollTop) view.scrollTop = top;
    else if (top + ROW_HEIGHT > view.scrollTop + view.clientHeight) view.scrollTop = top + ROW_HEIGHT - view.clientHeight;
  }
}

/** The top insight's text and how many more; beyond the rows that carry text, the kinds. */
function insightCell(model: ResultModel, i: number): HTMLElement {
  const s = model.result.sessions;
  const count = s.insightCount[i] ?? 0;
  if (count === 0) return h('div', { class: 'td insights muted', role: 'gridcell', 'data-testid': 'insight-cell' }, '');
  const kinds = model.result.insightKinds.filter((_, k) => (s.insightKinds[i] & (1 << k)) !== 0).map(insightKindLabel);
  const top = s.topInsight[i];
  const more = top ? count - 1 : count;
  const text = (top ?? kinds.join(', ')) + (more > 0 ? (top ? ` (+${more} more)` : ` (${count})`) : '');
  return h('div', { class: 'td insights', role: 'gridcell', 'data-testid': 'insight-cell', title: `${text}\nKinds: ${kinds.join(', ')}` }, truncate(text, 400));
}

function cell(text: string, cls: string, title?: string): HTMLElement {
  return h('div', { class: cls ? `td ${cls}` : 'td', role: 'gridcell', title }, text);
}

let measureContext: CanvasRenderingContext2D | null = null;

/** Width of a text in the table's font, in px (canvas text metrics; an estimate without a canvas). */
function textWidth(text: string, bold = false): number {
  measureContext ??= document.createElement('canvas').getContext('2d');
  const style = getComputedStyle(document.body);
  if (!measureContext) return text.length * (parseFloat(style.fontSize) || 13) * 0.6;
  measureContext.font = `${bold ? '600 ' : ''}${style.fontSize} ${style.fontFamily}`;
  return measureContext.measureText(text).width;
}

/** Cell padding (0.5em each side) plus the resize handle and a little air. */
const CELL_EXTRA = 24;

/**
 * The table's columns, each as wide as its content measured in the panel's
 * font: user columns as their longest value (up to about 40 characters), so
 * an ARN or an IPv6 address is not cut to a stub. A width the user dragged is
 * kept across results with the same columns.
 */
function columnsFor(model: ResultModel, previous: Column[]): Column[] {
  const tuples = model.result.userTuples;
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
    { key: 'likelihood', title: 'Likelihood', width: fit('Likelihood', '0.00e-000'), min: Math.ceil(6 * ch + CELL_EXTRA), numeric: true },
    ...model.result.userColumns.map((title, k): Column => ({ key: `user:${k}`, title, width: userWidth(k, title), min: Math.ceil(5 * ch + CELL_EXTRA) })),
    { key: 'start', title: 'Start (UTC)', width: fit('Start (UTC)', '0000-00-00T00:00:00.000Z'), min: Math.ceil(8 * ch + CELL_EXTRA) },
    { key: 'events', title: 'Events', width: fit('Events', '00,000'), min: Math.ceil(4 * ch + CELL_EXTRA), numeric: true },
    { key: 'insights', title: 'Insights', width: Math.ceil(36 * ch), min: Math.ceil(10 * ch) },
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

/** Sort position of each session's value in user column k (missing values last). */
function userColumnOrder(model: ResultModel, k: number): Uint32Array {
  const tuples = model.result.userTuples;
  const order = tuples.map((_, t) => t).sort((a, b) => compareNullable(tuples[a][k], tuples[b][k]));
  const tupleRank = new Uint32Array(tuples.length);
  order.forEach((t, r) => (tupleRank[t] = r));
  const user = model.result.sessions.user;
  const out = new Uint32Array(model.count);
  for (let i = 0; i < model.count; i++) out[i] = tupleRank[user[i]];
  return out;
}

function compareNullable(a: string | null | undefined, b: string | null | undefined): number {
  if (a == null) return b == null ? 0 : 1;
  if (b == null) return -1;
  return a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });
}

function countText(shown: number, scored: number, hidden: number, beyondLimit: number, filtered: boolean): string {
  const listed = beyondLimit > 0 ? ` · the first ${formatCount(shown)} listed (setting sessionscope.tableRows)` : '';
  const bounded = hidden > 0 ? ` · ${formatCount(hidden)} above the upper bound` : '';
  if (filtered) {
    const matched = shown + beyondLimit;
    return `${formatCount(matched)} ${matched === 1 ? 'matches' : 'match'} the filter, of ${formatCount(scored)} scored sessions${bounded}${listed}`;
  }
  let text = `${formatCount(shown)} of ${formatCount(scored)} scored sessions${bounded}`;
  if (beyondLimit > 0) text += ` · ${formatCount(beyondLimit)} more not listed (setting sessionscope.tableRows)`;
  return text;
}
