// Session marks in the panel: which session carries which mark (the host
// stores them per file, by user values and start), and the mark buttons of
// the details pane.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { PanelMark, SessionMark } from '../src/protocol';
import { h } from './dom';
import type { ResultModel } from './model';

/** Mark codes in the per-session array: 0 = none. */
export const MARK_CODES: readonly (SessionMark | null)[] = [null, 'reviewed', 'benign', 'suspicious'];
export const MARK_LABELS: Record<SessionMark, string> = { reviewed: 'Reviewed', benign: 'Benign', suspicious: 'Suspicious' };
/** Keys that set a mark in the table (again on the same mark clears it); Delete or Backspace clears. */
export const MARK_KEYS: Record<string, SessionMark> = { r: 'reviewed', b: 'benign', s: 'suspicious' };

export function markCode(mark: SessionMark | null): number {
  return Math.max(0, MARK_CODES.indexOf(mark));
}

/** The mark code of every session of the model (0 where unmarked). */
export function marksOf(model: ResultModel, marks: readonly PanelMark[]): Uint8Array {
  const out = new Uint8Array(model.count);
  if (marks.length === 0) return out;
  const tupleIndex = new Map<string, number>();
  model.result.userTuples.forEach((t, k) => tupleIndex.set(JSON.stringify(t), k));
  const wanted = new Map<string, number>();
  for (const m of marks) {
    const tuple = tupleIndex.get(JSON.stringify(m.users));
    if (tuple !== undefined) wanted.set(`${tuple}:${m.start}`, markCode(m.mark));
  }
  if (wanted.size === 0) return out;
  const s = model.result.sessions;
  for (let i = 0; i < model.count; i++) {
    const code = wanted.get(`${s.user[i]}:${s.start[i]}`);
    if (code !== undefined) out[i] = code;
  }
  return out;
}

/** The details pane's mark buttons; the pressed one is the session's mark. */
export class MarkBar {
  readonly root: HTMLElement;
  private readonly buttons = new Map<SessionMark | null, HTMLElement>();
  private current: SessionMark | null = null;

  constructor(onMark: (mark: SessionMark | null) => void) {
    const make = (mark: SessionMark | null, label: string, key: string): HTMLElement => {
      const b = h('vscode-button', { secondary: true, 'data-testid': `mark-${mark ?? 'clear'}`, title: `${label} (key ${key} in the table)` }, label);
      b.addEventListener('click', () => onMark(mark === this.current ? null : mark));
      this.buttons.set(mark, b);
      return b;
    };
    this.root = h(
      'div',
      { class: 'mark-bar', 'data-testid': 'mark-bar', role: 'group', 'aria-label': 'Mark this session' },
      h('span', { class: 'muted' }, 'Mark:'),
      make('reviewed', MARK_LABELS.reviewed, 'R'),
      make('benign', MARK_LABELS.benign, 'B'),
      make('suspicious', MARK_LABELS.suspicious, 'S'),
      make(null, 'Clear', 'Delete'),
    );
    this.root.hidden = true;
  }

  /** Shows the bar for a selected session with this mark, or hides it (no selection). */
  show(mark: SessionMark | null | undefined): void {
    this.root.hidden = mark === undefined;
    this.current = mark ?? null;
    this.root.dataset.mark = this.current ?? '';
    for (const [m, b] of this.buttons) {
      const pressed = m !== null && m === this.current;
      b.setAttribute('aria-pressed', pressed ? 'true' : 'false');
      b.toggleAttribute('secondary', !pressed);
      if (m === null) b.toggleAttribute('disabled', this.current === null);
    }
  }
}
