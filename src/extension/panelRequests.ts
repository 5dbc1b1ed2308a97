// The panel's request handler: every message from the webview, checked
// against the current result before it is acted on (details of a session,
// revealing its lines in the editor, stepping through them, rescoring).

import * as vscode from 'vscode';
import type { FromWebview, PanelScoreOptions } from '../protocol';
import { lineSpan, type LineRange } from '../present/lines';
import type { RunSettings } from '../run/workerProtocol';
import type { AnalysisContext, CurrentRun, RunOutcome, StartOptions } from './host';
import type { PanelFeatures } from './panelFeatures';
import type { RunController } from './runController';
import { describeError } from './runMessages';

export class PanelRequests {
  private lastReveal: { runId: number; sessionId: number } | undefined;

  constructor(
    private readonly ctx: AnalysisContext,
    private readonly runs: RunController,
    private readonly features: PanelFeatures,
    /** Starts a run from the columns on (the panel's "Change columns", or "Score again" with nothing to repeat). */
    private readonly start: (opts: StartOptions) => Promise<RunOutcome>,
  ) {}

  /** Handles one validated panel message. Resolves when it is done (tests wait on it). */
  async handle(msg: FromWebview): Promise<void> {
    switch (msg.type) {
      case 'ready':
      case 'rendered':
        return;
      case 'showOutput':
        return this.ctx.host.output.show();
      case 'setMark':
      case 'export':
        return this.features.handle(msg);
      case 'details':
        return this.details(msg.requestId, msg.runId, msg.sessionId);
      case 'reveal':
        return this.reveal(msg.runId, msg.sessionId, msg.scope, true, msg.scope === 'insight' ? msg.insight : undefined);
      case 'step':
        return this.step(msg.direction);
      case 'revealSkipped':
        return this.revealSkipped(msg.runId);
      case 'rescore':
        return this.rescore(msg.runId, msg.options);
      case 'changeMapping':
        await this.start({ interactive: true, pickColumns: true });
        return;
      case 'scoreAgain': {
        // Same settings; the file is read again unless a cancel left the worker its parsed events.
        const last = this.runs.lastRequested;
        if (last) await this.runs.execute(last.settings, this.runs.keptEvents, false);
        else await this.start({ interactive: true });
        return;
      }
    }
  }

  /** Reveals the top session of the current result (the programmatic route, and "reveal when done"). */
  async revealTop(preserveFocus: boolean): Promise<void> {
    const current = this.runs.current;
    const top = current?.report.top;
    if (current && top) await this.reveal(current.runId, top.sessionId, 'window', preserveFocus);
  }

  /** Drops the highlights of the last reveal (a new result, or the analysis closing). */
  clearReveal(): void {
    if (this.lastReveal) this.ctx.host.revealer.clearFor(this.ctx.uri);
    this.lastReveal = undefined;
  }

  private async rescore(runId: number, options: PanelScoreOptions): Promise<void> {
    const current = this.runs.current;
    if (!current || current.runId !== runId) return this.ignored('rescore', runId);
    if (!current.report.result.availableSessionTypes.includes(options.sessionType)) return this.ignored('rescore', runId);
    const { ranking, ...score } = options;
    const settings: RunSettings = { ...current.settings, score: { ...current.settings.score, ...score }, ranking: ranking ?? current.settings.ranking };
    await this.runs.execute(settings, true, false);
  }

  /** The current result, if the request names it and one of its sessions. */
  private validSession(runId: number, sessionId: number): CurrentRun | undefined {
    const current = this.runs.current;
    if (!current || current.runId !== runId || sessionId >= current.report.result.sessions.count) return undefined;
    return current;
  }

  private async details(requestId: number, runId: number, sessionId: number): Promise<void> {
    const notFound = vscode.l10n.t('That session is not in the current result.');
    if (!this.validSession(runId, sessionId)) {
      this.ctx.post({ type: 'details', requestId, details: null, error: notFound });
      return;
    }
    try {
      const details = await this.ctx.worker.details(runId, sessionId);
      this.ctx.post({ type: 'details', requestId, details, error: details ? undefined : notFound });
    } catch (err) {
      this.ctx.post({ type: 'details', requestId, details: null, error: describeError(err).message });
    }
  }

  private async reveal(runId: number, sessionId: number, scope: 'window' | 'session' | 'insight', preserveFocus: boolean, insight?: number): Promise<void> {
    if (!this.validSession(runId, sessionId)) return this.ignored('reveal', runId, sessionId);
    let lines;
    try {
      lines = await this.ctx.worker.lines(runId, sessionId);
    } catch (err) {
      this.ctx.host.output.warn(describeError(err).message);
      return;
    }
    if (!lines || this.runs.current?.runId !== runId) return this.ignored('reveal', runId, sessionId);
    // Records can share a line (a one-line JSON document): tell them apart by their column too.
    const at = (r: LineRange) => `${r[0]}:${r[2] ?? 0}`;
    const windowStarts = new Set(lines.window.map(at));
    const insightLines = scope === 'insight' ? lines.insights?.[insight ?? -1] : undefined;
    if (scope === 'insight' && (!insightLines || insightLines.length === 0)) return this.ignored('reveal', runId, sessionId);
    const outcome = await this.ctx.host.revealer.reveal({
      uri: this.ctx.uri,
      focus: insightLines ?? (scope === 'window' ? lines.window : lines.session),
      highlight: lines.window,
      context: lines.session.filter((r: LineRange) => !windowStarts.has(at(r))),
      panelColumn: this.ctx.panel?.column,
      preserveFocus,
    });
    if (outcome.declined) return;
    const fileName = this.ctx.fileName;
    if (outcome.compressed) {
      this.ctx.host.output.info(vscode.l10n.t('{0} is gzip-compressed: its events stand at lines {1} of the uncompressed text.', fileName, (lineSpan(lines.window) ?? []).join('-')));
    } else if (!outcome.decorated) {
      this.ctx.host.output.info(
        vscode.l10n.t('{0} is larger than 50 MB, which VS Code does not share with extensions: opened at line {1} without highlights.', fileName, lines.window[0]?.[0] ?? 1),
      );
    }
    this.lastReveal = { runId, sessionId };
    this.ctx.host.test.reveal({ file: outcome.file, runId, sessionId, selections: outcome.selections, decorated: outcome.decorated });
    this.ctx.post({ type: 'revealed', runId, sessionId, position: outcome.position ?? 0, total: outcome.total });
  }

  /** Selects the lines of the first skipped rows (as many as the report keeps) in the log file. */
  private async revealSkipped(runId: number): Promise<void> {
    const current = this.runs.current;
    if (!current || current.runId !== runId) return this.ignored('revealSkipped', runId);
    const ranges: LineRange[] = current.report.skipped.first.map((r) => [r.firstLine, r.lastLine]);
    if (ranges.length === 0) return;
    this.clearReveal();
    const outcome = await this.ctx.host.revealer.reveal({ uri: this.ctx.uri, focus: ranges, highlight: ranges, context: [], panelColumn: this.ctx.panel?.column, preserveFocus: false });
    this.ctx.host.test.reveal({ file: outcome.file, runId, sessionId: -1, selections: outcome.selections, decorated: outcome.decorated });
  }

  private step(direction: 1 | -1): void {
    const last = this.lastReveal;
    if (!last || last.runId !== this.runs.current?.runId) return;
    const moved = this.ctx.host.revealer.step(direction);
    if (moved) this.ctx.post({ type: 'revealed', runId: last.runId, sessionId: last.sessionId, position: moved.position, total: moved.total });
  }

  private ignored(what: string, runId: number, sessionId?: number): void {
    this.ctx.host.output.warn(
      sessionId === undefined
        ? vscode.l10n.t('Ignored a {0} request from the panel for run {1}: it is not the current result.', what, runId)
        : vscode.l10n.t('Ignored a {0} request from the panel for run {1}, session {2}: it is not in the current result.', what, runId, sessionId),
    );
  }
}
