// The summary line, the column mapping, skipped rows and the list of sessions
// that have no likelihood (too short for a window), which the chart leaves out.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import { OPTIONS, type SessionType } from '../src/engine/options';
import type { PanelResult } from '../src/protocol';
import { h, replaceChildren } from './dom';
import { formatCount, formatMs, formatUtc, plural } from './format';
import type { ResultModel } from './model';

const NAN_LIST_LIMIT = 200;

/** A session type as the panel names it (its label in engine/options.ts). */
export function sessionTypeLabel(type: SessionType): string {
  return OPTIONS.sessionType.choices[type].label;
}

export interface SummaryCallbacks {
  onChangeMapping(): void;
  onSelect(index: number): void;
  /** "Show the first skipped lines" in the skip warning. */
  onRevealSkipped(): void;
}

export class SummaryView {
  readonly root: HTMLElement;
  private readonly line: HTMLElement;
  private readonly mapping: HTMLElement;
  private readonly extras: HTMLElement;

  constructor(private readonly cb: SummaryCallbacks) {
    this.line = h('div', { class: 'summary-line', 'data-testid': 'summary' });
    this.mapping = h('div', { class: 'mapping-line', 'data-testid': 'mapping' });
    this.extras = h('div', { class: 'summary-extras' });
    this.root = h('header', { class: 'summary' }, this.line, this.mapping, this.extras);
  }

  render(model: ResultModel): void {
    const r = model.result;
    replaceChildren(this.line, ...joinParts(summaryParts(r)));
    replaceChildren(this.mapping, ...this.mappingParts(r));
    replaceChildren(this.extras, this.skipWarning(r), skippedRows(r), insightsState(r), this.nanSessions(model));
  }

  private mappingParts(r: PanelResult): Node[] {
    const m = r.mapping;
    const change = h('vscode-button', { secondary: true, 'data-testid': 'change-mapping' }, 'Change columns…');
    change.addEventListener('click', () => this.cb.onChangeMapping());
    const field = (label: string, value: string | undefined): HTMLElement =>
      h('span', { class: 'mapping-field' }, `${label}: `, h('code', {}, value ?? '—'));
    // Detection's doubts sit on the columns line itself, where the user checks the mapping.
    const doubts = (m.doubts ?? []).map((d) => h('div', { class: 'mapping-doubt', role: 'status', 'data-testid': 'mapping-doubt' }, h('span', { 'aria-hidden': 'true' }, '⚠ '), `Unsure: ${d}`));
    // Notes are about the data the columns hold (a zone read as UTC), not the choice: said, not flagged as a doubt.
    const notes = (m.notes ?? []).map((d) => h('div', { class: 'mapping-note', role: 'note', 'data-testid': 'mapping-note' }, h('span', { 'aria-hidden': 'true' }, 'ℹ '), `Note: ${d}`));
    return [
      h('span', { class: 'muted' }, 'Columns '),
      field('user', m.users.join(', ')),
      field('time', m.timeFormat ? `${m.time} (${m.timeFormat})` : m.time),
      field('event', m.event),
      field('params', m.params),
      change,
      ...doubts,
      ...notes,
    ];
  }

  /** Too many skipped rows: a banner in plain sight, not a collapsed footnote. */
  private skipWarning(r: PanelResult): HTMLElement | null {
    const text = r.summary.skipWarning;
    if (!text) return null;
    const show = h('vscode-button', { secondary: true, 'data-testid': 'reveal-skipped' }, 'Show the first skipped lines');
    show.addEventListener('click', () => this.cb.onRevealSkipped());
    return h('div', { class: 'skip-warning', role: 'alert', 'data-testid': 'skip-warning' }, h('span', { class: 'codicon-warning', 'aria-hidden': 'true' }, '⚠'), h('span', {}, text), show);
  }

  private nanSessions(model: ResultModel): HTMLElement | null {
    const n = model.nanIndices.length;
    if (n === 0) return null;
    const s = model.result.sessions;
    const items = model.nanIndices.slice(0, NAN_LIST_LIMIT).map((i) => {
      const b = h(
        'button',
        { type: 'button', class: 'link-button', 'data-session-id': s.id[i] },
        `${model.userLabels[s.user[i]]} · ${formatUtc(s.start[i])} · ${plural(s.eventCount[i], 'event')}`,
      );
      b.addEventListener('click', () => this.cb.onSelect(i));
      return h('li', {}, b);
    });
    if (n > NAN_LIST_LIMIT) items.push(h('li', { class: 'muted' }, `and ${formatCount(n - NAN_LIST_LIMIT)} more`));
    return h(
      'details',
      { class: 'nan-sessions', 'data-testid': 'nan-sessions' },
      h('summary', {}, `${plural(n, 'session')} without a likelihood (too few commands for a window; not plotted)`),
      h('ul', {}, ...items),
    );
  }
}

function summaryParts(r: PanelResult): (string | HTMLElement)[] {
  const s = r.summary;
  const o = r.options;
  const t = s.timingsMs;
  return [
    h('strong', { title: s.filePath }, s.fileName),
    plural(s.events, 'event'),
    plural(s.sessions, 'session'),
    plural(s.users, 'user'),
    plural(s.distinctCommands, 'distinct command'),
    sessionTypeLabel(o.sessionType),
    `window ${o.window}, tokens ${o.useTokens ? 'on' : 'off'}, geomean ${o.geomean ? 'on' : 'off'}`,
    `max session ${s.maxSessionMinutes} min, max gap ${s.maxGapMinutes} min, ${s.boundary} boundary`,
    h(
      'span',
      {
        title: `${s.eventsReused ? 'read: the events of the last run, not read again' : `read ${formatMs(t.read)}`}, sessionize ${formatMs(t.sessionize)}, train ${formatMs(t.train)}, score ${formatMs(t.score)}`,
        'data-testid': 'summary-time',
      },
      s.eventsReused ? `${formatMs(t.total)} total (rescored, events reused)` : `${formatMs(t.total)} total`,
    ),
    `${plural(s.skippedRows, 'skipped row')}${s.skippedRows > 0 ? ` (${plural(s.skippedLines, 'line')})` : ''}`,
    `${plural(s.nanSessions, 'session')} without a likelihood`,
  ];
}

function joinParts(parts: (string | HTMLElement)[]): Node[] {
  const out: Node[] = [];
  parts.forEach((p, k) => {
    if (k > 0) out.push(h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '));
    out.push(typeof p === 'string' ? h('span', {}, p) : p);
  });
  return out;
}

function skippedRows(r: PanelResult): HTMLElement | null {
  const s = r.summary;
  if (s.skippedRows === 0) return null;
  return h(
    'details',
    { class: 'skipped-rows', 'data-testid': 'skipped-rows', title: s.skippedSamples.join('\n') },
    h('summary', {}, `${formatCount(s.skippedRows)} rows skipped while reading (${formatCount(s.skippedLines)} lines)`),
    h('ul', {}, ...s.skippedSamples.map((sample) => h('li', {}, sample))),
  );
}

/** Insights that follow the result: said while they are judged, and when they could not be. */
function insightsState(r: PanelResult): HTMLElement | null {
  if (r.insightsError) return h('div', { class: 'insights-state error', role: 'alert', 'data-testid': 'insights-state' }, r.insightsError);
  if (r.insightsPending) return h('div', { class: 'insights-state muted', role: 'status', 'data-testid': 'insights-state' }, 'Judging each session\u2019s insights\u2026');
  return null;
}
