// Details of the selected session: its whole command sequence with the
// rarest window highlighted, per-step probabilities, and the buttons that
// take the hunter to the log lines.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { PanelInsight, PanelSessionDetails, PanelSessionStep } from '../src/protocol';
import { h, replaceChildren } from './dom';
import { insightKindLabel } from './model';
import { formatDuration, formatLikelihood, formatProbability, formatUtc, plural, truncate } from './format';

/** Steps rendered before a "show all" button; sessions can hold thousands of events. */
const STEP_LIMIT = 500;
const PARAM_CHARS = 60;

export interface DetailsCallbacks {
  onReveal(scope: 'window' | 'session'): void;
  /** Reveal the events of the details' insight number `index`. */
  onRevealInsight(index: number): void;
  onStep(direction: 1 | -1): void;
}

export class DetailsView {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private readonly head: HTMLElement;
  private readonly position: HTMLElement;
  private readonly buttons: HTMLElement[];
  private details: PanelSessionDetails | null = null;

  constructor(private readonly cb: DetailsCallbacks) {
    this.position = h('span', { class: 'reveal-position', 'data-testid': 'reveal-position', 'aria-live': 'polite' });
    this.buttons = [
      button('Reveal rarest window', 'reveal-window', () => this.cb.onReveal('window')),
      button('Show all events of this session', 'reveal-session', () => this.cb.onReveal('session'), true),
      button('Previous event', 'step-previous', () => this.cb.onStep(-1), true),
      button('Next event', 'step-next', () => this.cb.onStep(1), true),
    ];
    this.body = h('div', { class: 'details-body' });
    // The header stays put above the scrolling steps, so scrolling the rarest window into view never clips it.
    this.head = h('div', { class: 'details-head' });
    this.root = h(
      'section',
      { class: 'details', 'data-testid': 'details', 'aria-label': 'Session details', id: 'session-details', tabindex: -1 },
      h('div', { class: 'details-actions' }, ...this.buttons, this.position),
      this.head,
      this.body,
    );
    this.showPlaceholder();
  }

  /** Moves keyboard focus to the pane (the skip link) and brings it into view. */
  focus(): void {
    this.root.focus();
    this.root.scrollIntoView({ block: 'nearest' });
  }

  showPlaceholder(): void {
    this.details = null;
    this.setEnabled(false);
    this.position.textContent = '';
    replaceChildren(this.head);
    replaceChildren(this.body, h('p', { class: 'muted' }, 'Select a session in the timeline or the table to see its commands.'));
  }

  showLoading(): void {
    this.setEnabled(true);
    this.position.textContent = '';
    replaceChildren(this.head);
    replaceChildren(this.body, h('p', { class: 'muted', 'data-testid': 'details-loading' }, 'Loading session details…'));
  }

  showError(message: string): void {
    replaceChildren(this.body, h('p', { class: 'error-text', 'data-testid': 'details-error' }, message));
  }

  show(details: PanelSessionDetails, userColumns: string[]): void {
    this.details = details;
    this.setEnabled(true);
    this.renderDetails(details, userColumns, STEP_LIMIT);
  }

  /**
   * The editor now shows event `position` (1-based) of the `total` events
   * revealed, or all of them at once (position 0, right after a reveal).
   */
  setRevealed(sessionId: number, position: number, total: number): void {
    if (this.details?.sessionId !== sessionId) return;
    this.position.textContent = position === 0 ? `${plural(total, 'event')} selected` : `Event ${position} of ${total}`;
  }

  private setEnabled(enabled: boolean): void {
    for (const b of this.buttons) b.toggleAttribute('disabled', !enabled);
  }

  private renderDetails(d: PanelSessionDetails, userColumns: string[], limit: number): void {
    const users = userColumns.map((col, k) => h('div', { class: 'details-user-field' }, h('span', { class: 'muted' }, `${col} `), d.users[k] ?? '(none)'));
    const inWindow = d.steps.filter((s) => s.inRarestWindow).length;
    const likelihood =
      d.likelihood === null
        ? 'no rarest window (too few commands for the window length)'
        : `rarest window (${plural(inWindow, 'step')}) likelihood ${formatLikelihood(d.likelihood, null)}`;
    const header = h(
      'div',
      { class: 'details-header' },
      h('div', { class: 'details-user', 'data-testid': 'details-user' }, ...users),
      h(
        'div',
        { class: 'muted' },
        `${formatUtc(d.start)} → ${formatUtc(d.end)} (${formatDuration(d.end - d.start)}) · ${plural(d.steps.length, 'event')} · ${likelihood}` +
          (d.sessionLikelihood === null ? '' : ` · session likelihood ${formatLikelihood(d.sessionLikelihood, null)}`),
      ),
    );
    const insights = renderInsights(d, (i) => this.cb.onRevealInsight(i));
    const shown = d.steps.slice(0, limit).map((step, k) => renderStep(step, k));
    const more =
      d.steps.length > limit
        ? moreButton(d.steps.length - limit, () => this.renderDetails(d, userColumns, Number.POSITIVE_INFINITY))
        : null;
    const end = h('li', { class: 'step end-step' }, h('span', { class: 'step-line' }, ''), h('span', { class: 'step-command muted' }, 'END'), h('span', { class: 'step-probs' }, `p(end) ${formatProbability(d.endProbability)}`));
    const list = h('ol', { class: 'steps', 'data-testid': 'details-steps' });
    for (const item of shown.concat(more ? [] : [end])) list.appendChild(item);
    // The insights stay with the header, above the scrolling steps: they say why the session is here.
    replaceChildren(this.head, header, insights);
    replaceChildren(this.body, list, more);
    // Long sessions: bring the rarest window, the reason the session is here, into view.
    // Scrolls only the details pane (scrollIntoView could move the whole page).
    const first = limit === STEP_LIMIT ? list.querySelector('.in-window') : null;
    if (first) {
      const offset = first.getBoundingClientRect().top - this.body.getBoundingClientRect().top;
      if (offset > this.body.clientHeight - 60) this.body.scrollTop = offset - 60;
    }
  }
}

function evidenceText(evidence: PanelInsight['evidence']): string {
  return Object.entries(evidence)
    .filter(([, v]) => v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en-US') : String(v)}`)
    .join(' · ');
}

/** The session's insights, most surprising first; each one reveals its events in the editor. */
function renderInsights(d: PanelSessionDetails, onReveal: (index: number) => void): HTMLElement {
  const score = d.insightScore === null ? '' : ` · insight score ${d.insightScore.toFixed(1)} · reference rank ${d.referenceRank.toLocaleString('en-US')}`;
  const title = h('div', { class: 'insights-title' }, h('strong', {}, d.insights.length === 0 ? 'No insights' : plural(d.insights.length, 'insight')), h('span', { class: 'muted' }, score));
  const list = h('ol', { class: 'insights', 'data-testid': 'details-insights' });
  d.insights.forEach((insight, index) => {
    const lines = insight.lines.length === 1 ? `line ${insight.lines[0]}` : `${insight.lines.length} lines`;
    const text = h(
      'button',
      { type: 'button', class: 'insight-text link-button', 'data-testid': 'details-insight', 'data-kind': insight.kind, title: `Reveal ${lines} in the log file` },
      insight.text,
    );
    text.addEventListener('click', () => onReveal(index));
    list.appendChild(
      h(
        'li',
        { class: 'insight' },
        h('span', { class: 'insight-kind muted' }, insightKindLabel(insight.kind)),
        text,
        h('span', { class: 'insight-evidence muted', 'data-testid': 'insight-evidence' }, `${evidenceText(insight.evidence)} · p ${formatProbability(insight.probability)} · ${lines}`),
      ),
    );
  });
  return h('div', { class: 'details-insights' }, title, d.insights.length > 0 ? list : null);
}

function renderStep(step: PanelSessionStep, k: number): HTMLElement {
  const lines = step.endLine > step.line ? `${step.line}–${step.endLine}` : String(step.line);
  const params = step.params.map(([name, value]) => {
    const full = `${name}=${value}`;
    return h('span', { class: 'param', title: full.length > PARAM_CHARS ? full : undefined }, truncate(full, PARAM_CHARS));
  });
  const probs = [`p(${k === 0 ? 'start' : 'step'}) ${formatProbability(step.transitionProbability)}`];
  if (step.paramsProbability !== null) probs.push(`p(params) ${formatProbability(step.paramsProbability)}`);
  return h(
    'li',
    {
      class: step.inRarestWindow ? 'step in-window' : 'step',
      'data-testid': 'details-step',
      'data-in-window': step.inRarestWindow ? 'true' : 'false',
      title: step.inRarestWindow ? 'Part of the rarest window' : undefined,
    },
    h('span', { class: 'step-line', title: `Line ${lines}` }, lines),
    h('span', { class: 'step-command' }, step.command),
    h('span', { class: 'step-probs' }, probs.join(' · ')),
    params.length > 0 ? h('span', { class: 'step-params' }, ...params) : null,
  );
}

function button(label: string, testId: string, onClick: () => void, secondary = false): HTMLElement {
  const b = h('vscode-button', { 'data-testid': testId, secondary }, label);
  b.addEventListener('click', () => {
    if (!b.hasAttribute('disabled')) onClick();
  });
  return b;
}

function moreButton(hidden: number, onClick: () => void): HTMLElement {
  const b = h('vscode-button', { secondary: true, 'data-testid': 'details-show-all' }, `Show ${hidden} more steps`);
  b.addEventListener('click', onClick);
  return b;
}
