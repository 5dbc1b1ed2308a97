// Export of the session table: the rows listed (the table's filter, sort and
// row limit) or every matching session, as CSV, JSON or a Markdown table, to
// the clipboard or a file. The host formats and writes; this only asks.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { ExportFormat } from '../src/protocol';
import { h, replaceChildren } from './dom';
import { formatCount } from './format';

export type ExportScope = 'listed' | 'matched';

export class ExportBar {
  readonly root: HTMLElement;
  private readonly format: HTMLElementTagNameMap['vscode-single-select'];
  private readonly scope: HTMLElementTagNameMap['vscode-single-select'];

  constructor(onExport: (format: ExportFormat, destination: 'clipboard' | 'file', scope: ExportScope) => void) {
    this.format = h(
      'vscode-single-select',
      { 'data-testid': 'export-format', 'aria-label': 'Export format', class: 'export-format' },
      h('vscode-option', { value: 'csv', selected: true }, 'CSV'),
      h('vscode-option', { value: 'json' }, 'JSON'),
      h('vscode-option', { value: 'markdown' }, 'Markdown table'),
    );
    this.scope = h('vscode-single-select', { 'data-testid': 'export-scope', 'aria-label': 'Sessions to export', class: 'export-scope' });
    const go = (destination: 'clipboard' | 'file') => (): void =>
      onExport((this.format.value || 'csv') as ExportFormat, destination, this.scope.value === 'matched' ? 'matched' : 'listed');
    const copy = h('vscode-button', { secondary: true, 'data-testid': 'export-copy', title: 'Copy the sessions to the clipboard' }, 'Copy');
    copy.addEventListener('click', go('clipboard'));
    const save = h('vscode-button', { secondary: true, 'data-testid': 'export-save', title: 'Save the sessions to a file' }, 'Save…');
    save.addEventListener('click', go('file'));
    this.root = h('div', { class: 'export-bar', 'data-testid': 'export-bar', role: 'group', 'aria-label': 'Export sessions' }, h('span', { class: 'muted' }, 'Export'), this.scope, this.format, copy, save);
    this.setCounts(0, 0);
  }

  /** The two scopes with their sizes: the rows listed now, and every session that matches (beyond the row limit too). */
  setCounts(listed: number, matched: number): void {
    const keep = this.scope.value === 'matched' && matched !== listed ? 'matched' : 'listed';
    const options = [h('vscode-option', { value: 'listed', selected: keep === 'listed' }, `the ${formatCount(listed)} listed, in table order`)];
    if (matched !== listed) options.push(h('vscode-option', { value: 'matched', selected: keep === 'matched' }, `all ${formatCount(matched)} matching`));
    replaceChildren(this.scope, ...options);
    this.scope.value = keep;
  }
}
