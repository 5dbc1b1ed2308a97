// One row of the session table, and the count line above it. Every value is
// log text: it reaches the DOM as text nodes and attributes only.

import { h } from './dom';
import { formatCount, formatLikelihood, formatUtc, truncate } from './format';
import { MARK_CODES, MARK_LABELS } from './marks';
import { insightKindLabel, windowText, type ResultModel } from './model';
import type { SortKey } from './tableColumns';

export function renderRow(model: ResultModel, i: number, pos: number, selected: boolean, mark: number): HTMLElement {
  const { result } = model;
  const s = result.sessions;
  const tuple = result.userTuples[s.user[i]] ?? [];
  const win = windowText(result, i);
  const markName = MARK_CODES[mark] ?? null;
  const cells: HTMLElement[] = [
    cell('rank', String(i + 1), 'num'),
    markName
      ? h('div', { class: `td mark mark-${markName}`, role: 'gridcell', 'data-col': 'mark', 'data-testid': 'mark-cell' }, h('span', { class: 'mark-badge' }, MARK_LABELS[markName]))
      : h('div', { class: 'td mark', role: 'gridcell', 'data-col': 'mark', 'data-testid': 'mark-cell' }),
    cell('likelihood', formatLikelihood(s.likelihood[i], s.logLikelihood[i]), 'num'),
    ...result.userColumns.map((_, k) => cell(`user:${k}`, tuple[k] ?? '(none)', tuple[k] === null ? 'missing' : '', tuple[k] ?? 'No value in this column')),
    insightCell(model, i),
    cell('start', formatUtc(s.start[i]), 'time'),
    cell('events', formatCount(s.eventCount[i]), 'num'),
    cell('window', truncate(win, 400), 'window', win),
  ];
  return h(
    'div',
    {
      class: selected ? 'tr selected' : 'tr',
      role: 'row',
      'data-testid': 'session-row',
      'data-session-id': s.id[i],
      'data-rank': i + 1,
      'data-index': i,
      'data-mark': markName ?? undefined,
      'aria-rowindex': pos + 2,
      'aria-selected': selected ? 'true' : 'false',
    },
    ...cells,
  );
}

/** The top insight's text and how many more; beyond the rows that carry text, the kinds. */
function insightCell(model: ResultModel, i: number): HTMLElement {
  const s = model.result.sessions;
  const count = s.insightCount[i] ?? 0;
  if (model.result.insightsPending) return h('div', { class: 'td insights muted', role: 'gridcell', 'data-col': 'insights', 'data-testid': 'insight-cell', title: 'Being judged' }, '\u2026');
  if (count === 0) return h('div', { class: 'td insights muted', role: 'gridcell', 'data-col': 'insights', 'data-testid': 'insight-cell' }, '');
  const kinds = model.result.insightKinds.filter((_, k) => (s.insightKinds[i] & (1 << k)) !== 0).map(insightKindLabel);
  const top = s.topInsight[i];
  const more = top ? count - 1 : count;
  const text = (top ?? kinds.join(', ')) + (more > 0 ? (top ? ` (+${more} more)` : ` (${count})`) : '');
  return h('div', { class: 'td insights', role: 'gridcell', 'data-col': 'insights', 'data-testid': 'insight-cell', title: `${text}\nKinds: ${kinds.join(', ')}` }, truncate(text, 400));
}

/** A cell; `col` is its column's key (tests and styles find a column by it, not by position). */
function cell(col: SortKey, text: string, cls: string, title?: string): HTMLElement {
  return h('div', { class: cls ? `td ${cls}` : 'td', role: 'gridcell', 'data-col': col, title }, text);
}

export interface CountFigures {
  shown: number;
  scored: number;
  /** Above the likelihood upper bound. */
  hidden: number;
  /** Matching, but beyond the sessionscope.tableRows limit. */
  beyondLimit: number;
  /** Marked benign and hidden by "Hide benign". */
  benignHidden: number;
  filtered: boolean;
}

export function countText({ shown, scored, hidden, beyondLimit, benignHidden, filtered }: CountFigures): string {
  const listed = beyondLimit > 0 ? ` · the first ${formatCount(shown)} listed (setting sessionscope.tableRows)` : '';
  const bounded = hidden > 0 ? ` · ${formatCount(hidden)} above the upper bound` : '';
  const benign = benignHidden > 0 ? ` · ${formatCount(benignHidden)} benign hidden` : '';
  if (filtered) {
    const matched = shown + beyondLimit;
    return `${formatCount(matched)} ${matched === 1 ? 'matches' : 'match'} the filter, of ${formatCount(scored)} scored sessions${bounded}${benign}${listed}`;
  }
  let text = `${formatCount(shown)} of ${formatCount(scored)} scored sessions${bounded}${benign}`;
  if (beyondLimit > 0) text += ` · ${formatCount(beyondLimit)} more not listed (setting sessionscope.tableRows)`;
  return text;
}
