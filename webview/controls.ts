// Rescoring controls (session type, window, tokens, geomean), colour mode,
// the likelihood upper bound and the zoom reset.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import * as v from 'valibot';
import { LIMITS } from '../src/engine/limits';
import { OPTIONS } from '../src/engine/options';
import { PanelScoreOptionsSchema, type PanelResult, type PanelScoreOptions, type PanelSessionType } from '../src/protocol';
import { h, replaceChildren } from './dom';
import { formatFromLog10, parseBound } from './format';
import type { ResultModel } from './model';
import { sessionTypeLabel } from './summary';
import type { ColourMode } from './timeline';

/** The window lengths offered: the shortest allowed up to 10 (the settings take up to LIMITS.window.max). */
const WINDOW_LENGTHS = Array.from({ length: 10 - LIMITS.window.min + 1 }, (_, i) => LIMITS.window.min + i);
/** The smallest positive double is about 1e-324; a bound below that would read as 0. */
const MIN_BOUND_LOG10 = -300;

export interface ControlsCallbacks {
  onRescore(options: PanelScoreOptions): void;
  onColourMode(mode: ColourMode): void;
  onBound(bound: number | null): void;
  onResetZoom(): void;
}

type Select = HTMLElementTagNameMap['vscode-single-select'];
type Checkbox = HTMLElementTagNameMap['vscode-checkbox'];

export class ControlsView {
  readonly root: HTMLElement;
  private readonly sessionType: Select;
  private readonly windowLength: Select;
  private readonly tokens: Checkbox;
  private readonly geomean: Checkbox;
  private readonly ranking: Select;
  private readonly colourMode: Select;
  private readonly boundSlider: HTMLInputElement;
  private readonly boundText: HTMLElementTagNameMap['vscode-textfield'];
  private readonly status: HTMLElement;
  private sliderRange = { min: -10, max: 0 };
  private sliderFrame = 0;

  constructor(private readonly cb: ControlsCallbacks) {
    this.sessionType = h('vscode-single-select', { 'data-testid': 'session-type', 'aria-label': 'Session type' });
    this.windowLength = h('vscode-single-select', { 'data-testid': 'window-length', 'aria-label': 'Window length' });
    replaceChildren(this.windowLength, ...WINDOW_LENGTHS.map((n) => h('vscode-option', { value: n }, String(n))));
    this.tokens = h('vscode-checkbox', { 'data-testid': 'use-tokens', label: 'Start/end tokens' });
    this.geomean = h('vscode-checkbox', { 'data-testid': 'geomean', label: 'Geometric mean' });
    this.ranking = h(
      'vscode-single-select',
      { 'data-testid': 'ranking', 'aria-label': 'Ranking', title: 'Reference: the rarest window. Insight: the rarest window plus what is new or unusual for the account.' },
      ...OPTIONS.ranking.values.map((r) => h('vscode-option', { value: r }, OPTIONS.ranking.choices[r].label)),
    );
    for (const el of [this.sessionType, this.windowLength, this.tokens, this.geomean, this.ranking]) {
      el.addEventListener('change', () => this.rescore());
    }
    this.colourMode = h(
      'vscode-single-select',
      { 'data-testid': 'colour-mode', 'aria-label': 'Colour points by' },
      h('vscode-option', { value: 'user' }, 'User'),
      h('vscode-option', { value: 'band' }, 'Score band'),
      h('vscode-option', { value: 'insight' }, 'Insight kind'),
    );
    this.colourMode.addEventListener('change', () => {
      const v = this.colourMode.value;
      this.cb.onColourMode(v === 'band' || v === 'insight' ? v : 'user');
    });
    this.boundSlider = h('input', { type: 'range', class: 'bound-slider', 'data-testid': 'upper-bound-slider', step: '0.1', 'aria-label': 'Likelihood upper bound (log10)' });
    this.boundSlider.addEventListener('input', () => this.onSlider());
    this.boundText = h('vscode-textfield', { 'data-testid': 'upper-bound', placeholder: 'none', 'aria-label': 'Likelihood upper bound', class: 'bound-text' });
    this.boundText.addEventListener('change', () => this.onBoundText());
    const reset = h('vscode-button', { secondary: true, 'data-testid': 'reset-zoom' }, 'Reset zoom');
    reset.addEventListener('click', () => this.cb.onResetZoom());
    this.status = h('span', { class: 'muted', 'data-testid': 'rescore-status', 'aria-live': 'polite' });
    this.root = h(
      'div',
      { class: 'controls' },
      group('Session type', this.sessionType),
      group('Window', this.windowLength),
      this.tokens,
      this.geomean,
      group('Ranking', this.ranking),
      this.status,
      h('span', { class: 'spacer' }),
      group('Colour by', this.colourMode),
      group('Likelihood ≤', this.boundSlider, this.boundText),
      reset,
    );
  }

  /** Shows a result's options without posting a rescore. */
  sync(model: ResultModel, bound: number | null, mode: ColourMode): void {
    const r = model.result;
    this.syncSessionTypes(r);
    this.windowLength.value = String(r.options.window);
    this.tokens.checked = r.options.useTokens;
    this.geomean.checked = r.options.geomean;
    this.ranking.value = r.ranking;
    this.colourMode.value = mode;
    this.status.textContent = '';
    const ext = model.extents;
    this.sliderRange = { min: Math.max(MIN_BOUND_LOG10, Math.floor(ext.yMin)), max: Math.max(Math.ceil(ext.yMax), Math.floor(ext.yMin) + 1) };
    this.boundSlider.min = String(this.sliderRange.min);
    this.boundSlider.max = String(this.sliderRange.max);
    this.showBound(bound);
  }

  rescoreFailed(): void {
    this.status.textContent = '';
  }

  private syncSessionTypes(r: PanelResult): void {
    const options = r.availableSessionTypes.map((t: PanelSessionType) =>
      h('vscode-option', { value: t, selected: t === r.options.sessionType }, sessionTypeLabel(t)),
    );
    replaceChildren(this.sessionType, ...options);
    this.sessionType.value = r.options.sessionType;
    this.sessionType.toggleAttribute('disabled', r.availableSessionTypes.length < 2);
  }

  /** The controls' options, or null when they are not what the host takes (the same schema checks both sides). */
  private currentOptions(): PanelScoreOptions | null {
    const options = {
      sessionType: this.sessionType.value,
      window: Number(this.windowLength.value),
      useTokens: this.tokens.checked,
      geomean: this.geomean.checked,
      ranking: this.ranking.value,
    };
    const result = v.safeParse(PanelScoreOptionsSchema, options);
    return result.success ? result.output : null;
  }

  private rescore(): void {
    const options = this.currentOptions();
    if (!options) return;
    this.status.textContent = 'Rescoring…';
    this.cb.onRescore(options);
  }

  private showBound(bound: number | null): void {
    const log = bound === null ? this.sliderRange.max : Math.log10(bound);
    this.boundSlider.value = String(Math.min(this.sliderRange.max, Math.max(this.sliderRange.min, log)));
    this.boundText.value = bound === null ? '' : formatFromLog10(Math.log10(bound), 1);
  }

  /** Slider input comes faster than a 200k rebound; apply the latest value once per frame. */
  private onSlider(): void {
    if (this.sliderFrame) return;
    this.sliderFrame = requestAnimationFrame(() => {
      this.sliderFrame = 0;
      this.applySlider();
    });
  }

  private applySlider(): void {
    const log = Number(this.boundSlider.value);
    // The right end of the slider means "no bound".
    const bound = log >= this.sliderRange.max ? null : Math.pow(10, log);
    this.boundText.value = bound === null ? '' : formatFromLog10(log, 1);
    this.cb.onBound(bound);
  }

  private onBoundText(): void {
    const parsed = parseBound(this.boundText.value);
    this.boundText.toggleAttribute('invalid', parsed === undefined);
    if (parsed === undefined) return;
    this.showBound(parsed);
    this.cb.onBound(parsed);
  }
}

function group(label: string, ...controls: HTMLElement[]): HTMLElement {
  return h('div', { class: 'control-group', role: 'group', 'aria-label': label }, h('span', { class: 'control-label' }, label), ...controls);
}
