// The panel's non-result states: empty (nothing scored yet), loading
// (progress of a run) and error. Loading and error show as banners above a
// previous result, so a rescore never blanks the page.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import { h, replaceChildren } from './dom';

export class StatusView {
  readonly empty: HTMLElement;
  readonly loading: HTMLElement;
  readonly error: HTMLElement;
  private readonly loadingText: HTMLElement;
  private readonly bar: HTMLElement;
  private readonly track: HTMLElement;
  private readonly errorText: HTMLElement;
  private readonly errorLocation: HTMLElement;

  private readonly retry: HTMLElement;

  constructor(onShowOutput: () => void, onScoreAgain: () => void = () => undefined) {
    this.empty = h(
      'section',
      { class: 'empty-state', 'data-testid': 'empty' },
      h('h2', {}, 'No log scored yet'),
      h('p', {}, 'Open an audit or event log (CSV, JSON or JSON Lines) and run “Sessionscope: Sessionize and Score Log File” (or “Sessionscope: Open Sample Log” to try it). ' +
        'Sessionscope groups the events into per-user sessions, learns how commands usually follow each other, ' +
        'and plots every session by the likelihood of its rarest run of commands: the lower a point, the rarer the session.'),
    );
    this.loadingText = h('span', { class: 'loading-text', 'data-testid': 'loading-text' });
    this.bar = h('div', { class: 'progress-fill' });
    this.track = h('div', { class: 'progress-track', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100 }, this.bar);
    this.loading = h('section', { class: 'banner loading', 'data-testid': 'loading', hidden: true }, this.loadingText, this.track);
    this.errorText = h('span', { class: 'error-text', 'data-testid': 'error-message' });
    this.errorLocation = h('span', { class: 'muted', 'data-testid': 'error-location' });
    const output = h('vscode-button', { secondary: true, 'data-testid': 'show-output' }, 'Show Output');
    output.addEventListener('click', onShowOutput);
    this.retry = h('vscode-button', { 'data-testid': 'score-again', hidden: true }, 'Score again');
    this.retry.addEventListener('click', onScoreAgain);
    this.error = h('section', { class: 'banner error', 'data-testid': 'error', role: 'alert', hidden: true }, this.errorText, this.errorLocation, this.retry, output);
  }

  /** A percent for reading; null for stages that cannot tell how far they are (an indeterminate bar). */
  showLoading(fileName: string, stage: string, percent: number | null): void {
    if (percent === null || !Number.isFinite(percent)) {
      replaceChildren(this.loadingText, h('strong', {}, fileName), ` — ${stage}…`);
      this.track.classList.add('indeterminate');
      this.bar.style.width = '';
      this.track.removeAttribute('aria-valuenow');
    } else {
      const p = Math.max(0, Math.min(100, percent));
      replaceChildren(this.loadingText, h('strong', {}, fileName), ` — ${stage} (${Math.round(p)}%)`);
      this.track.classList.remove('indeterminate');
      this.bar.style.width = `${p}%`;
      this.track.setAttribute('aria-valuenow', String(Math.round(p)));
    }
    this.loading.hidden = false;
    this.error.hidden = true;
  }

  /** A failed run (red), or a cancelled one (neutral: the user asked for it); "Score again" when the host can. */
  showError(message: string, location?: string, how: { cancelled?: boolean; canRetry?: boolean } = {}): void {
    this.error.className = how.cancelled ? 'banner cancelled' : 'banner error';
    this.error.setAttribute('role', how.cancelled ? 'status' : 'alert');
    this.retry.hidden = how.canRetry !== true;
    this.errorText.textContent = message;
    this.errorLocation.textContent = location ?? '';
    this.error.hidden = false;
    this.loading.hidden = true;
  }

  clearBanners(): void {
    this.loading.hidden = true;
    this.error.hidden = true;
  }
}
