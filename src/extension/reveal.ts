// Click-through: shows a session's events in the log file, one selection per
// event record, the rarest window highlighted and the rest of the session
// fainter. Files over VS Code's sync limit are opened with `vscode.open`,
// one event selected at a time (Previous/Next move on): the extension cannot
// see, multi-select or decorate them. The user is told so before they open.

import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LineRange } from '../present/lines';

/** False in a production bundle (esbuild.mjs --production): the test hooks below are then never read. */
declare const SESSIONSCOPE_TEST_API: boolean;

/** VS Code does not sync documents above this size to extensions. */
export const SYNC_LIMIT_BYTES = 50 * 1024 * 1024;
const MB = 1024 * 1024;

/** Test-mode hooks: a lower size limit (so a small fixture takes the large-file path), and the answer to the question asked before opening. */
export const revealTestHooks: {
  syncLimitBytes?: number;
  /** When set, the question is not shown: it is recorded in `asked` and answered with `answer`. */
  confirm?: { answer: boolean; asked: string[] };
} = {};

export interface RevealRequest {
  uri: vscode.Uri;
  /** Events to select, in session order; `step` walks through them. */
  focus: LineRange[];
  /** Events of the rarest window, highlighted strongly. */
  highlight: LineRange[];
  /** Other events of the session, highlighted faintly. */
  context: LineRange[];
  /** Column of the panel; the log opens beside it when no editor shows it. */
  panelColumn?: vscode.ViewColumn;
  preserveFocus: boolean;
}

export interface RevealOutcome {
  file: string;
  /** The selections now in the editor, 1-based lines; empty when the file was too large to select in. */
  selections: { startLine: number; endLine: number }[];
  /** False when the file was opened without decorations (too large), or not opened (compressed, or the user declined). */
  decorated: boolean;
  /** 1-based event shown alone (a file too large to select every event in); absent when all are selected. */
  position?: number;
  /** The user chose not to open a file over the size limit. */
  declined?: boolean;
  /** The log is gzip-compressed: there is no text to show lines in. */
  compressed?: boolean;
  total: number;
}

export class Revealer implements vscode.Disposable {
  private readonly windowDecoration = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('sessionscope.rarestWindowBackground'),
    overviewRulerColor: new vscode.ThemeColor('sessionscope.rarestWindowOverviewRuler'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
  });
  private readonly sessionDecoration = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('sessionscope.sessionEventBackground'),
    overviewRulerColor: new vscode.ThemeColor('sessionscope.sessionEventOverviewRuler'),
    overviewRulerLane: vscode.OverviewRulerLane.Center,
  });
  /** The last reveal; `position` is the event shown alone (0-based), -1 while all of them are selected. */
  private last: { editor: vscode.TextEditor; ranges: vscode.Range[]; position: number } | undefined;
  /** The last reveal in a file over the limit: its events are shown one at a time with `vscode.open`. */
  private lastLarge: { uri: vscode.Uri; ranges: vscode.Range[]; position: number; column: vscode.ViewColumn } | undefined;
  /** Files over the limit the user agreed to open this session (asked once per file). */
  private readonly largeConfirmed = new Set<string>();

  async reveal(req: RevealRequest): Promise<RevealOutcome> {
    this.clear();
    if (req.focus.length === 0) return { file: req.uri.fsPath, selections: [], decorated: false, total: 0 };
    if (/\.gz$/i.test(req.uri.fsPath)) return { file: req.uri.fsPath, selections: [], decorated: false, compressed: true, total: req.focus.length };
    const openDoc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === req.uri.toString());
    const size = openDoc ? 0 : await fileSize(req.uri);
    if (size > ((SESSIONSCOPE_TEST_API ? revealTestHooks.syncLimitBytes : undefined) ?? SYNC_LIMIT_BYTES)) return this.revealLarge(req, size);

    const document = openDoc ?? (await vscode.workspace.openTextDocument(req.uri));
    const shown = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const editor = await vscode.window.showTextDocument(document, {
      viewColumn: shown?.viewColumn ?? besidePanel(req.panelColumn),
      preserveFocus: req.preserveFocus,
    });
    const ranges = req.focus.map((r) => toRange(document, r));
    editor.setDecorations(this.windowDecoration, req.highlight.map((r) => toRange(document, r)));
    editor.setDecorations(this.sessionDecoration, req.context.map((r) => toRange(document, r)));
    editor.selections = ranges.map((r) => new vscode.Selection(r.start, r.end));
    // The whole span when it fits (a newest-first log lists the first event last); else its top.
    editor.revealRange(ranges.reduce((span, r) => span.union(r)), vscode.TextEditorRevealType.InCenter);
    this.last = { editor, ranges, position: -1 };
    return { file: req.uri.fsPath, selections: selectionsOf(editor), decorated: true, total: ranges.length };
  }

  /**
   * Moves to the next or previous event of the last reveal: right after the
   * reveal (every event selected) Next shows the first event and Previous the
   * last. Returns the new 1-based position, or undefined when nothing is
   * revealed or the editor is gone.
   */
  step(direction: 1 | -1): { position: number; total: number } | undefined {
    const large = this.lastLarge;
    if (large) {
      const total = large.ranges.length;
      large.position = (large.position + direction + total) % total;
      void openAt(large.uri, large.ranges[large.position], large.column, true);
      return { position: large.position + 1, total };
    }
    const last = this.last;
    if (!last || !vscode.window.visibleTextEditors.includes(last.editor)) return undefined;
    const total = last.ranges.length;
    if (total === 0) return undefined;
    last.position = last.position < 0 ? (direction === 1 ? 0 : total - 1) : (last.position + direction + total) % total;
    const range = last.ranges[last.position];
    last.editor.selection = new vscode.Selection(range.start, range.end);
    last.editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
    return { position: last.position + 1, total };
  }

  /** Clears the highlights if the last reveal was in this file. */
  clearFor(uri: vscode.Uri): void {
    if (this.last?.editor.document.uri.toString() === uri.toString() || this.lastLarge?.uri.toString() === uri.toString()) this.clear();
  }

  clear(): void {
    this.lastLarge = undefined;
    if (this.last) {
      this.last.editor.setDecorations(this.windowDecoration, []);
      this.last.editor.setDecorations(this.sessionDecoration, []);
    }
    this.last = undefined;
  }

  dispose(): void {
    this.windowDecoration.dispose();
    this.sessionDecoration.dispose();
  }

  /**
   * A file over the limit: VS Code does not share it with extensions, so it
   * cannot be multi-selected or decorated. Say so (once per file) before
   * opening it, then select the first event's record alone, never a block
   * that runs over other users' lines; Previous/Next open the others.
   */
  private async revealLarge(req: RevealRequest, size: number): Promise<RevealOutcome> {
    const file = req.uri.fsPath;
    if (!this.largeConfirmed.has(file)) {
      if (!(await confirmLarge(file, size, req.focus.length))) return { file, selections: [], decorated: false, declined: true, total: req.focus.length };
      this.largeConfirmed.add(file);
    }
    // Line lengths are unknown without the document: a column past the end is clamped to the line's end by the editor.
    const ranges = req.focus.map(([start, end, startColumn, endColumn]) =>
      startColumn && endColumn
        ? new vscode.Range(start - 1, startColumn - 1, end - 1, endColumn)
        : new vscode.Range(start - 1, 0, end - 1, LINE_END),
    );
    const column = besidePanel(req.panelColumn);
    await openAt(req.uri, ranges[0], column, req.preserveFocus);
    this.lastLarge = { uri: req.uri, ranges, position: 0, column };
    return { file, selections: [], decorated: false, position: 1, total: ranges.length };
  }
}

/** A character position past any line's end (the editor clamps it). */
const LINE_END = 1_000_000_000;

async function openAt(uri: vscode.Uri, selection: vscode.Range, viewColumn: vscode.ViewColumn, preserveFocus: boolean): Promise<void> {
  await vscode.commands.executeCommand('vscode.open', uri, { selection, viewColumn, preserveFocus } satisfies vscode.TextDocumentShowOptions);
}

/** What opening a file over the limit will do, asked before it happens; true to go on. */
async function confirmLarge(file: string, size: number, events: number): Promise<boolean> {
  const confirmMb = vscode.workspace.getConfiguration('workbench').get<number>('editorLargeFileConfirmation');
  const parts = [
    vscode.l10n.t(
      '{0} is {1} MB, over the 50 MB VS Code shares with extensions: Sessionscope cannot highlight in it or select all {2} events at once.',
      path.basename(file),
      (size / MB).toFixed(0),
      events,
    ),
    vscode.l10n.t('It opens at the first event with that record selected; Previous event and Next event in the panel select the others, one at a time.'),
  ];
  if (typeof confirmMb === 'number' && size > confirmMb * MB) {
    parts.push(vscode.l10n.t('VS Code first asks whether to open a file over {0} MB (setting workbench.editorLargeFileConfirmation): choose "Open Anyway" there.', confirmMb));
  }
  const detail = parts.join(' ');
  const hook = SESSIONSCOPE_TEST_API ? revealTestHooks.confirm : undefined;
  if (hook) {
    hook.asked.push(detail);
    return hook.answer;
  }
  const open = vscode.l10n.t('Open at the Event');
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Open a large log file?'), { modal: true, detail }, open);
  return choice === open;
}

async function fileSize(uri: vscode.Uri): Promise<number> {
  try {
    return (await stat(uri.fsPath)).size;
  } catch {
    return 0;
  }
}

function besidePanel(panelColumn: vscode.ViewColumn | undefined): vscode.ViewColumn {
  return panelColumn !== undefined && panelColumn > vscode.ViewColumn.One ? panelColumn - 1 : vscode.ViewColumn.Beside;
}

/**
 * The record's own characters when its columns are known (records sharing a
 * line); else from the first character of its first line to the end of its last.
 */
function toRange(document: vscode.TextDocument, [start, end, startColumn, endColumn]: LineRange): vscode.Range {
  const last = Math.max(0, document.lineCount - 1);
  const first = Math.min(Math.max(start - 1, 0), last);
  const endLine = Math.min(Math.max(end - 1, first), last);
  const lineEnd = document.lineAt(endLine).range.end.character;
  if (startColumn && endColumn) return new vscode.Range(first, startColumn - 1, endLine, Math.min(endColumn, lineEnd));
  return new vscode.Range(first, 0, endLine, lineEnd);
}

function selectionsOf(editor: vscode.TextEditor): { startLine: number; endLine: number }[] {
  return editor.selections.map((s) => ({ startLine: s.start.line + 1, endLine: s.end.line + 1 }));
}
