// The session table: every scored session of the result, filtered, bounded
// and sorted in memory, with only the rows in view in the DOM (fixed row
// height), so 200k sessions cost the same to show as 50.
//
// Over 300 lines as one class: filter, bounds, selection and the virtual
// scroll share the visible-rows state; columns, rows and sorting are in
// tableColumns.ts, tableRows.ts and tableSort.ts.

import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { ExportFormat, SessionMark } from '../src/protocol';
import { h, replaceChildren } from './dom';
import { ExportBar, type ExportScope } from './exportBar';
import { MARK_CODES, MARK_KEYS, markCode } from './marks';
import { aboveBound, combinedFilter, insightKindLabel, type ResultModel } from './model';
import { columnWidths, columnsFor, wireResizer, type Column, type SortKey } from './tableColumns';
import { countText, renderRow } from './tableRows';
import { sortRows, sortValues, type SortDir, type SortValues } from './tableSort';

export const ROW_HEIGHT = 24;
const OVERSCAN = 8;

/** The kind filter's values besides a kind name: every session, or those with any insight. */
const ALL_KINDS = '';
const ANY_KIND = '*';
const BENIGN = markCode('benign');

export interface TableCallbacks {
  onSelect(index: number): void;
  onReveal(index: number): void;
  onFilterChange(text: string): void;
  /** The insight kind filter changed: '' all sessions, '*' any insight, else a kind name. */
  onKindFilterChange(kind: string): void;
  /** A mark key on the selected row: the session's new mark (null clears it). */
  onMark(index: number, mark: SessionMark | null): void;
  /** Export these sessions (indices, in table order). */
  onExport(indices: Uint32Array, format: ExportFormat, destination: 'clipboard' | 'file', scope: ExportScope): void;
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
  private readonly sortKeyCache = new Map<SortKey, SortValues | null>();
  /** Mark code per session (marks.ts), 0 = none. */
  private marks: Uint8Array = new Uint8Array(0);
  private hideBenign = false;
  private readonly hideBenignBox: HTMLElementTagNameMap['vscode-checkbox'];
  private readonly exportBar: ExportBar;
  /** Every session that passes the filters, in rank order, the row limit aside (what "all matching" exports). */
  private matched: Uint32Array = new Uint32Array(0);

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
    this.hideBenignBox = h('vscode-checkbox', { 'data-testid': 'hide-benign', label: 'Hide benign' });
    this.hideBenignBox.addEventListener('change', () => {
      this.hideBenign = this.hideBenignBox.checked;
      this.recompute();
    });
    this.exportBar = new ExportBar((format, destination, scope) => this.cb.onExport(this.exportRows(scope), format, destination, scope));
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
      h('div', { class: 'table-toolbar' }, this.filterBox, this.kindBox, this.hideBenignBox, this.countLabel),
      this.exportBar.root,
      grid,
    );
  }

  /** A new result with its sessions' marks (marks.ts codes): one pass over the rows for both. */
  setModel(model: ResultModel, bound: number | null, filter: string, selected: number | null, marks: Uint8Array): void {
    this.model = model;
    this.bound = bound;
    this.filter = filter;
    this.selected = selected;
    this.sortKeyCache.clear();
    this.marks = marks.length === model.count ? marks : new Uint8Array(model.count);
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

  /** The result's insights came (after it): the insight filter, sort and cells follow. */
  insightsChanged(): void {
    this.sortKeyCache.delete('insights');
    this.recompute();
  }

  /** The mark of every session (marks.ts codes); rows, sort and "Hide benign" follow. */
  setMarks(marks: Uint8Array): void {
    this.marks = marks;
    this.sortKeyCache.delete('mark');
    this.recompute();
  }

  /** The rows an export covers, in table order: those listed, or every matching session. */
  private exportRows(scope: ExportScope): Uint32Array {
    return scope === 'listed' ? this.rows.slice() : this.sorted(this.matched);
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
    // Every passing session, in rank order: the first `limit` are the most anomalous ones, listed; all of them match.
    const rows = new Uint32Array(model.count);
    let matched = 0;
    let hidden = 0;
    let benignHidden = 0;
    for (let i = 0; i < model.count; i++) {
      if (Number.isNaN(model.log10[i])) continue;
      if (aboveBound(model, i, this.bound)) {
        hidden++;
        continue;
      }
      if (pass !== null && !pass(i)) continue;
      if (this.hideBenign && this.marks[i] === BENIGN) {
        benignHidden++;
        continue;
      }
      rows[matched++] = i;
    }
    const n = Math.min(matched, model.result.tableRows ?? Infinity);
    const beyondLimit = matched - n;
    this.matched = rows.slice(0, matched);
    this.rows = this.sorted(rows.subarray(0, n));
    this.positionOf = new Int32Array(model.count).fill(-1);
    this.rows.forEach((i, pos) => (this.positionOf[i] = pos));
    this.sizer.style.height = `${this.rows.length * ROW_HEIGHT}px`;
    this.countLabel.textContent = countText({ shown: this.rows.length, scored: model.scoredCount, hidden, beyondLimit, benignHidden, filtered: pass !== null });
    this.exportBar.setCounts(this.rows.length, this.matched.length);
    // Rows at once, not on the next frame: the count and the rows never disagree.
    this.renderRows();
  }

  private sorted(rows: Uint32Array): Uint32Array {
    const { key, dir } = this.sort;
    if (!this.sortKeyCache.has(key)) this.sortKeyCache.set(key, sortValues(this.model as ResultModel, key, this.marks));
    return sortRows(rows, dir, this.sortKeyCache.get(key) ?? null);
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
      wireResizer(resizer, () => this.columns[k], () => this.applyColumnWidths());
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

  private applyColumnWidths(): void {
    if (this.columns.length === 0) return;
    const { template, total } = columnWidths(this.columns, this.viewport.clientWidth || 0);
    this.root.style.setProperty('--table-columns', template);
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
    for (let pos = first; pos < last; pos++) {
      const i = this.rows[pos];
      rows.push(renderRow(model, i, pos, i === this.selected, this.marks[i] ?? 0));
    }
    this.layer.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    if (this.rows.length === 0) rows.push(h('div', { class: 'table-empty' }, this.filter ? 'No session matches the filter.' : 'No sessions to show.'));
    replaceChildren(this.layer, ...rows);
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
    else if (this.selected !== null && !e.ctrlKey && !e.metaKey && !e.altKey && (e.key.toLowerCase() in MARK_KEYS || e.key === 'Delete' || e.key === 'Backspace')) {
      const wanted = MARK_KEYS[e.key.toLowerCase()] ?? null;
      this.cb.onMark(this.selected, wanted !== null && MARK_CODES[this.marks[this.selected]] === wanted ? null : wanted);
    } else return;
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
