// Click-through: shows a session's events in the log file, one selection per
// event record, the rarest window highlighted and the rest of the session
// fainter. Files over VS Code's sync limit are opened with `vscode.open`
// at the first event: the extension cannot see or decorate them.

import { stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import { lineSpan, type LineRange } from '../present/lines';

/** VS Code does not sync documents above this size to extensions. */
export const SYNC_LIMIT_BYTES = 50 * 1024 * 1024;

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
  /** False when the file was opened without decorations (too large), or not opened (compressed). */
  decorated: boolean;
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

  async reveal(req: RevealRequest): Promise<RevealOutcome> {
    this.clear();
    if (req.focus.length === 0) return { file: req.uri.fsPath, selections: [], decorated: false, total: 0 };
    if (/\.gz$/i.test(req.uri.fsPath)) return { file: req.uri.fsPath, selections: [], decorated: false, compressed: true, total: req.focus.length };
    const openDoc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === req.uri.toString());
    if (!openDoc && (await fileSize(req.uri)) > SYNC_LIMIT_BYTES) return this.revealLarge(req);

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
    if (this.last?.editor.document.uri.toString() === uri.toString()) this.clear();
  }

  clear(): void {
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

  private async revealLarge(req: RevealRequest): Promise<RevealOutcome> {
    const [start, end] = lineSpan(req.focus) ?? [1, 1];
    // Line lengths are unknown without the document: select up to the start of the line after the last record.
    const selection = new vscode.Range(start - 1, 0, end, 0);
    await vscode.commands.executeCommand('vscode.open', req.uri, {
      selection,
      viewColumn: besidePanel(req.panelColumn),
      preserveFocus: req.preserveFocus,
    } satisfies vscode.TextDocumentShowOptions);
    return { file: req.uri.fsPath, selections: [], decorated: false, total: req.focus.length };
  }
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
