// The panel's export (clipboard or file) and session marks, on the host side.
// Requests name sessions of the current result by id; the rows, identities
// and marks are always taken from the host's own result and storage, never
// from what the (untrusted) webview says about them.

import * as path from 'node:path';
import { realpathSync } from 'node:fs';
import * as vscode from 'vscode';
import { EXPORT_EXTENSIONS, formatExport, type ExportRow } from '../present/exportFormats';
import type { PanelFeaturesFromWebview, PanelResult, SessionIdentity, ToWebview } from '../protocol';
import { identityKey, MarkStore } from './marks';
import type { Output } from './output';

/** False in a production bundle (esbuild.mjs --production): the test hooks below are then never read. */
declare const SESSIONSCOPE_TEST_API: boolean;

/** File lines are looked up (one worker request for all of them) for this many exported sessions at most. */
export const EXPORT_LINES_LIMIT = 5_000;

export interface FeatureContext {
  file: string;
  memento: vscode.Memento;
  output: Output;
  current(): { runId: number; result: PanelResult } | undefined;
  /** First and last file line of each session, from the worker in one request (null: the run is gone). */
  spans(runId: number, sessionIds: number[]): Promise<([number, number] | null)[] | null>;
  post(msg: ToWebview): void;
  /** Resolves once the current result has its insights (they may follow the result). */
  insightsReady(): Promise<void>;
}

/** Test-mode hooks: the save dialog's answer, and what the last export did. */
export const exportTestHooks: {
  /** When set (test mode only), the save dialog is not shown and this is the user's answer (undefined: cancelled). */
  saveAnswer?: { path: string | undefined };
  last?: { destination: 'clipboard' | 'file'; rows: number; file?: string; refused?: string };
} = {};

export class PanelFeatures {
  private readonly marks: MarkStore;

  constructor(private readonly ctx: FeatureContext) {
    this.marks = new MarkStore(ctx.memento);
  }

  /** The marks of this file, for the panel. */
  marksMessage(): ToWebview {
    return { type: 'marks', filePath: this.ctx.file, marks: this.marks.list(this.ctx.file) };
  }

  async handle(msg: PanelFeaturesFromWebview): Promise<void> {
    const current = this.ctx.current();
    if (!current || current.runId !== msg.runId) {
      this.ctx.output.warn(vscode.l10n.t('Ignored a {0} request from the panel for run {1}: it is not the current result.', msg.type, msg.runId));
      return;
    }
    if (msg.type === 'setMark') return this.setMark(current.result, msg.sessionId, msg.mark);
    return this.export(current.runId, current.result, msg);
  }

  private async setMark(result: PanelResult, sessionId: number, mark: Parameters<MarkStore['set']>[2]): Promise<void> {
    const index = result.sessions.id.indexOf(sessionId);
    if (index < 0) return;
    try {
      await this.marks.set(this.ctx.file, identityOf(result, index), mark);
    } catch (err) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Sessionscope could not keep the mark: {0}', err instanceof Error ? err.message : String(err)));
    }
    this.ctx.post(this.marksMessage());
  }

  private async export(runId: number, result: PanelResult, msg: Extract<PanelFeaturesFromWebview, { type: 'export' }>): Promise<void> {
    const s = result.sessions;
    const indexById = new Map<number, number>();
    for (let i = 0; i < s.count; i++) indexById.set(s.id[i], i);
    const indices = msg.sessionIds.map((id) => indexById.get(id)).filter((i): i is number => i !== undefined);
    const marks = new Map(this.marks.list(this.ctx.file).map((m) => [identityKey(m), m.mark]));
    // A result goes before its insights (reference ranking): the rows need them.
    await this.ctx.insightsReady();
    const spans = (await this.ctx.spans(runId, indices.slice(0, EXPORT_LINES_LIMIT).map((i) => s.id[i])).catch(() => null)) ?? [];
    const rows: ExportRow[] = [];
    for (const [n, i] of indices.entries()) {
      const identity = identityOf(result, i);
      const lines = spans[n] ?? undefined;
      const ln = s.logLikelihood[i];
      const lik = s.likelihood[i];
      rows.push({
        rank: i + 1,
        likelihood: Number.isNaN(lik) ? null : lik,
        log10Likelihood: Number.isNaN(ln) ? null : ln / Math.LN10,
        users: identity.users,
        start: s.start[i],
        end: s.end[i],
        events: s.eventCount[i],
        window: Array.from(s.windowCommands.subarray(s.windowOffsets[i], s.windowOffsets[i + 1]), (c) => result.commands[c] ?? '?'),
        lines,
        mark: marks.get(identityKey(identity)) ?? null,
        insights: insightText(result, i),
      });
    }
    const text = formatExport({ userColumns: result.userColumns, rows }, msg.format);
    const linesNote =
      rows.length > EXPORT_LINES_LIMIT ? ' ' + vscode.l10n.t('File lines are given for the first {0} sessions only.', EXPORT_LINES_LIMIT) : '';
    const what = msg.scope === 'listed' ? vscode.l10n.t('{0} listed sessions', rows.length) : vscode.l10n.t('{0} matching sessions', rows.length);
    if (msg.destination === 'clipboard') {
      await vscode.env.clipboard.writeText(text);
      exportTestHooks.last = { destination: 'clipboard', rows: rows.length };
      void vscode.window.showInformationMessage(vscode.l10n.t('Copied {0} as {1}.', what, msg.format.toUpperCase()) + linesNote);
      return;
    }
    const target = await this.askTarget(msg.format);
    if (!target) return;
    if (samePath(target.fsPath, this.ctx.file)) {
      exportTestHooks.last = { destination: 'file', rows: 0, refused: target.fsPath };
      void vscode.window.showErrorMessage(vscode.l10n.t('Sessionscope does not write over the log file it scored ({0}); choose another file.', path.basename(this.ctx.file)));
      return;
    }
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
    exportTestHooks.last = { destination: 'file', rows: rows.length, file: target.fsPath };
    this.ctx.output.info(vscode.l10n.t('Exported {0} to {1}.', what, target.fsPath));
    void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0} to {1}.', what, path.basename(target.fsPath)) + linesNote);
  }

  private async askTarget(format: keyof typeof EXPORT_EXTENSIONS): Promise<vscode.Uri | undefined> {
    const hook = SESSIONSCOPE_TEST_API ? exportTestHooks.saveAnswer : undefined;
    if (hook) return hook.path === undefined ? undefined : vscode.Uri.file(hook.path);
    const ext = EXPORT_EXTENSIONS[format];
    const base = path.basename(this.ctx.file).replace(/\.(csv|jsonl?|ndjson)(\.gz)?$/i, '');
    return vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(path.join(path.dirname(this.ctx.file), `${base}-sessions.${ext}`)),
      filters: { [format.toUpperCase()]: [ext] },
      title: vscode.l10n.t('Export sessions'),
    });
  }
}

function identityOf(result: PanelResult, index: number): SessionIdentity {
  return { users: [...(result.userTuples[result.sessions.user[index]] ?? [])], start: result.sessions.start[index] };
}

/** The top insight's text when the result carries it, else the kinds; "+N more" as the table says it. */
function insightText(result: PanelResult, i: number): string {
  const s = result.sessions;
  const count = s.insightCount[i] ?? 0;
  if (count === 0) return '';
  const kinds = result.insightKinds.filter((_, k) => (s.insightKinds[i] & (1 << k)) !== 0);
  const top = s.topInsight[i];
  if (top) return count > 1 ? `${top} (+${count - 1} more: ${kinds.join(', ')})` : top;
  return `${count} insight${count === 1 ? '' : 's'}: ${kinds.join(', ')}`;
}

/** The same file, through symlinks and (on case-insensitive systems) letter case. */
function samePath(a: string, b: string): boolean {
  const real = (p: string): string => {
    try {
      return realpathSync.native(p);
    } catch {
      return path.resolve(p);
    }
  };
  const [x, y] = [real(a), real(b)];
  return process.platform === 'win32' || process.platform === 'darwin' ? x.toLowerCase() === y.toLowerCase() : x === y;
}
