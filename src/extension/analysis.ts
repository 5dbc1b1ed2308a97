// One log file under analysis: its panel, its worker (which keeps the parsed
// events), the current result, and the runs that produce it. Every message
// from the panel is checked against the current result before it is acted on.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Detection } from '../engine/api';
import { limitsProblem } from '../engine/limits';
import { formatLocation, type ColumnMapping, type PipelineStage } from '../engine/types';
import type { FromWebview, PanelResult, PanelScoreOptions, ToWebview } from '../protocol';
import { describeMapping, fitsColumns, isComplete, pickMapping, recallMapping, rememberMapping, suggestedMapping } from './columns';
import { lineSpan } from './lineSpan';
import type { Output } from './output';
import { SessionscopePanel } from './panel';
import { PanelFeatures } from './panelFeatures';
import type { PanelStore } from './panelStore';
import type { Revealer } from './reveal';
import { CancelledError, PipelineWorker, WorkerExitError, WorkerFailure, type WorkerProgress } from './runner';
import { readSettings, runSettingsFrom, type Settings } from './settings';
import type { TestState } from './testState';
import type { LineRange, RunReport, RunSettings } from './workerProtocol';

/** What the extension shares with every analysis. */
export interface Host {
  extensionUri: vscode.Uri;
  memento: vscode.Memento;
  /** Files and run settings of the open panels, for their revival after a reload. */
  panels: PanelStore;
  output: Output;
  revealer: Revealer;
  test: TestState;
  nextRunId(): number;
  forget(analysis: LogAnalysis): void;
}

export type RunOutcome =
  | { ok: true; runId: number; sessions: number; events: number; sessionType: string; topSessionId?: number }
  | { ok: false; cancelled: boolean; error?: string; location?: string };

/** How a run was asked for. */
export interface StartOptions {
  /** Columns given by the caller (a test, or the options command). */
  mapping?: ColumnMapping;
  /**
   * Settings over the configuration's, asked for after the columns (the
   * options command) or given by a caller. Undefined means the user gave up.
   */
  adjust?: (settings: Settings) => Settings | undefined | Thenable<Settings | undefined>;
  /** May ask the user for columns with quick picks. */
  interactive: boolean;
  /** Ask for the columns even when they are known. */
  pickColumns?: boolean;
  /** Reveal the top session's rarest window when done (focusing the editor). */
  revealTop?: boolean;
  /** Where the column quick picks sit in a longer walk of steps (Score with Options). */
  columnSteps?: { first: number; total: number };
  /** Run exactly these settings (a revived panel's last run): no detection, no questions. */
  settings?: RunSettings;
}

interface Current {
  runId: number;
  report: RunReport;
  settings: RunSettings;
}

const CANCELLED: RunOutcome = { ok: false, cancelled: true };
/** Longest the progress waits for the panel to draw a result. */
const RENDER_WAIT_MS = 120_000;

export class LogAnalysis implements vscode.Disposable {
  readonly file: string;
  readonly fileName: string;
  private panel: SessionscopePanel | undefined;
  private readonly worker: PipelineWorker;
  private current: Current | undefined;
  /** Identity of the run in flight; a newer run or a cancel replaces it. */
  private activeRun: object | undefined;
  private lastReveal: { runId: number; sessionId: number } | undefined;
  /** Settings of the last run asked for, for "Score again" after a cancel or an error. */
  private lastRequested: { settings: RunSettings; reuseLog: boolean } | undefined;
  private readonly features: PanelFeatures;

  constructor(
    readonly uri: vscode.Uri,
    private readonly host: Host,
  ) {
    this.file = uri.fsPath;
    this.fileName = path.basename(this.file);
    this.worker = new PipelineWorker(vscode.Uri.joinPath(host.extensionUri, 'dist', 'worker.js').fsPath);
    this.features = new PanelFeatures({ file: this.file, memento: host.memento, output: host.output, current: () => this.current && { runId: this.current.runId, result: this.current.report.result }, lines: (r, s) => this.worker.lines(r, s), post: (m) => this.post(m) });
  }

  get running(): boolean {
    return this.activeRun !== undefined;
  }

  /** Attaches a panel VS Code revived after a window reload. */
  adoptPanel(panel: SessionscopePanel): void {
    this.panel?.dispose();
    this.attach(panel);
  }

  /** Detects columns, settles the mapping, and runs. */
  async start(opts: StartOptions): Promise<RunOutcome> {
    if (opts.settings) return this.execute(opts.settings, false, opts.revealTop === true);
    let settings = readSettings(this.uri);
    for (const problem of settings.problems) this.host.output.warn(problem);
    let mapping: ColumnMapping | undefined;
    try {
      const resolved = await this.resolveMapping(settings, opts);
      if (resolved === 'cancelled') return CANCELLED;
      mapping = resolved;
    } catch (err) {
      return err instanceof CancelledError ? CANCELLED : this.fail(err);
    }
    if (opts.adjust) {
      const adjusted = await opts.adjust(settings);
      if (!adjusted) {
        this.restoreAfterAbandon();
        return CANCELLED;
      }
      settings = adjusted;
    }
    return this.execute(runSettingsFrom(settings, mapping), false, opts.revealTop === true);
  }

  cancel(): void {
    if (!this.activeRun) return;
    this.activeRun = undefined;
    void this.worker.cancel();
  }

  /** Handles one validated panel message. Resolves when it is done (tests wait on it). */
  async handleMessage(msg: FromWebview): Promise<void> {
    switch (msg.type) {
      case 'ready':
      case 'rendered':
        return;
      case 'showOutput':
        return this.host.output.show();
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
      case 'scoreAgain':
        // The events of a cancelled or failed run are gone: read the file again, with the same settings.
        if (this.lastRequested) await this.execute(this.lastRequested.settings, false, false);
        else await this.start({ interactive: true });
        return;
    }
  }

  /** Reveals the top session of the current result (the programmatic route). */
  async revealTop(preserveFocus: boolean): Promise<void> {
    const top = this.current?.report.top;
    if (this.current && top) await this.reveal(this.current.runId, top.sessionId, 'window', preserveFocus);
  }

  /** True when this file's panel is the active editor tab. */
  get panelActive(): boolean {
    return this.panel?.webviewPanel.active === true;
  }

  dispose(): void {
    this.cancel();
    this.worker.dispose();
    if (this.lastReveal) this.host.revealer.clearFor(this.uri);
    const panel = this.panel;
    this.panel = undefined;
    panel?.dispose();
  }

  // ---- columns ---------------------------------------------------------------

  /**
   * Detects the columns in the worker, inside a cancellable progress
   * notification: detection reads and parses the head of the file, which can
   * be slow (a huge first record, a slow disk). Cancelling stops the worker
   * and rejects with CancelledError, as cancelling a run does.
   */
  private async inspect(): Promise<Detection> {
    this.cancel();
    const detecting = {};
    this.activeRun = detecting;
    const stage = vscode.l10n.t('Detecting columns');
    this.post({ type: 'loading', fileName: this.fileName, stage, percent: 0 });
    const started = Date.now();
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Sessionscope: {0}', this.fileName), cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => {
            if (this.activeRun === detecting) this.cancel();
          });
          progress.report({ message: stage });
          return this.worker.inspect(this.file);
        },
      );
    } catch (err) {
      // Cancelled by the user (not superseded by a newer start): the worker and what it held are gone.
      if (err instanceof CancelledError && this.activeRun === undefined) this.cancelled(Date.now() - started);
      throw err;
    } finally {
      if (this.activeRun === detecting) this.activeRun = undefined;
    }
  }

  /**
   * The caller's mapping, else the one remembered for the file, else the
   * detector's (with the settings' columns over it) when it is sure or the
   * settings name every role, else the user's choice. Undefined lets the
   * engine read pre-sessionized rows its own way.
   */
  private async resolveMapping(settings: Settings, opts: StartOptions): Promise<ColumnMapping | undefined | 'cancelled'> {
    if (opts.mapping) return opts.mapping;
    const detection = await this.inspect();
    const remembered = recallMapping(this.host.memento, this.file);
    const suggested = suggestedMapping(detection, settings.columns);
    if (!opts.pickColumns) {
      if (remembered && fitsColumns(remembered, detection)) return settings.columns.timeFormat ? { ...remembered, timeFormat: settings.columns.timeFormat } : remembered;
      if (detection.preSessionized) return undefined;
      if (isComplete(suggested) && (detection.confident || isComplete(settings.columns))) return suggested;
    }
    if (!opts.interactive) {
      throw new MappingError(vscode.l10n.t('Could not tell which columns hold the users, the time and the event. Run "Score with Options..." to choose them.'));
    }
    const picked = await pickMapping(detection, remembered && fitsColumns(remembered, detection) ? remembered : suggested, opts.columnSteps);
    if (!picked) {
      this.restoreAfterAbandon();
      return 'cancelled';
    }
    await rememberMapping(this.host.memento, this.file, picked);
    return picked;
  }

  /** The user left the quick picks: put the panel back to what it showed. */
  private restoreAfterAbandon(): void {
    if (this.current) this.postResult(this.current.report.result);
    else this.post({ type: 'error', message: vscode.l10n.t('Nothing was scored: the choice was abandoned.') });
  }

  // ---- runs ------------------------------------------------------------------

  private async execute(settings: RunSettings, reuseLog: boolean, revealTop: boolean): Promise<RunOutcome> {
    // The options command and the programmatic route may bring any number: the one definition decides (engine/limits.ts).
    const problem = limitsProblem({
      window: settings.score.window,
      maxSessionMinutes: settings.sessionize.maxSessionMinutes,
      maxGapMinutes: settings.sessionize.maxGapMinutes,
    });
    if (problem) return this.fail(new RangeError(problem));
    this.cancel();
    this.lastRequested = { settings, reuseLog };
    const run = {};
    this.activeRun = run;
    const runId = this.host.nextRunId();
    this.host.test.lastProgress = undefined;
    try {
      this.ensurePanel();
    } catch (err) {
      this.activeRun = undefined;
      return this.fail(err);
    }
    this.post({ type: 'loading', fileName: this.fileName, stage: stageLabel(reuseLog ? 'score' : 'read'), percent: 0 });

    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Sessionscope: {0}', this.fileName), cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => {
          if (this.activeRun === run) this.cancel();
        });
        let reported = 0;
        // Reading fills the first 70% of the bar, the later stages and the panel's drawing the rest.
        const onProgress = (p: WorkerProgress): void => {
          const readPercent = p.totalBytes > 0 ? Math.min(100, Math.floor((p.bytesRead / p.totalBytes) * 100)) : 0;
          const overall = p.stage === 'read' ? Math.floor(readPercent * 0.7) : LATER_STAGES[p.stage];
          const stage = stageLabel(p.stage);
          const message = p.stage === 'read' ? vscode.l10n.t('{0} ({1}%)', stage, readPercent) : stage;
          progress.report({ increment: Math.max(0, overall - reported), message });
          reported = Math.max(reported, overall);
          this.post({ type: 'loading', fileName: this.fileName, stage, percent: p.stage === 'read' ? readPercent : null });
          this.host.test.lastProgress = { stage: p.stage, percent: readPercent };
        };
        const started = Date.now();
        try {
          const report = await this.worker.run({ runId, file: this.file, reuseLog, ...settings }, onProgress);
          if (this.activeRun !== run) return CANCELLED;
          this.activeRun = undefined;
          progress.report({ increment: Math.max(0, 95 - reported), message: vscode.l10n.t('Drawing the panel') });
          reported = Math.max(reported, 95);
          return await this.finish(runId, report, settings, revealTop);
        } catch (err) {
          if (this.activeRun !== run) {
            // Undefined: cancelled by the user; another run: superseded, and that run now owns the panel.
            if (this.activeRun === undefined && err instanceof CancelledError) this.cancelled(Date.now() - started);
            return CANCELLED;
          }
          this.activeRun = undefined;
          // The worker dropped the last result when this run began.
          this.current = undefined;
          return this.fail(err);
        }
      },
    );
  }

  private async finish(runId: number, report: RunReport, settings: RunSettings, revealTop: boolean): Promise<RunOutcome> {
    const result = report.result;
    result.summary.skippedSamples = report.skipped.first.map((r) =>
      r.column === undefined
        ? vscode.l10n.t('line {0}: {1}', r.line, r.reason)
        : vscode.l10n.t('line {0}, column {1}: {2}', r.line, r.column, r.reason),
    );
    if (report.reusedLog) {
      // Nothing was read: the worker's read time is the earlier run's.
      const t = result.summary.timingsMs;
      result.summary.timingsMs = { ...t, read: 0, total: t.sessionize + t.train + t.score };
      result.summary.eventsReused = true;
    }
    this.current = { runId, report, settings };
    // Every setting of this run, mapping included, so a window reload scores the same way again.
    if (this.panel) await this.host.panels.save(this.panel.panelId, this.file, settings);
    if (this.lastReveal) this.host.revealer.clearFor(this.uri);
    this.lastReveal = undefined;
    this.host.test.lastError = undefined;
    this.postResult(result);
    this.logRun(report, settings);
    // The notification lasts until the panel has drawn the result: posting and drawing a large one takes seconds.
    await this.panel?.whenRendered(runId, RENDER_WAIT_MS);
    const top = report.top;
    this.host.test.lastResult = {
      filePath: this.file,
      runId,
      sessions: result.summary.sessions,
      events: result.summary.events,
      sessionType: result.options.sessionType,
      ranking: result.ranking,
      topReferenceRanks: result.sessions.referenceRank.slice(0, 10),
      topInsightCounts: result.sessions.insightCount.slice(0, 10),
      topSessionId: top?.sessionId,
      topInsightLines: top?.insights,
      topRarestWindowLines: top ? lineSpan(top.window) : undefined,
      topWindowEventLines: top?.window,
      topSessionEventLines: top?.session,
    };
    if (revealTop) await this.revealTop(false);
    return {
      ok: true,
      runId,
      sessions: result.summary.sessions,
      events: result.summary.events,
      sessionType: result.options.sessionType,
      topSessionId: top?.sessionId,
    };
  }

  private cancelled(afterMs: number): void {
    this.host.output.info(vscode.l10n.t('{0}: cancelled after {1} ms.', this.file, afterMs));
    // The worker and the events it held are gone; what the panel shows can no longer answer requests.
    this.current = undefined;
    this.post({ type: 'error', message: vscode.l10n.t('Cancelled: {0} was not scored.', this.fileName), cancelled: true, canRetry: this.lastRequested !== undefined });
  }

  private fail(err: unknown): RunOutcome {
    const { message, location } = describeError(err);
    const where = location ? location.replace(/: $/, '') : undefined;
    this.host.output.error(location ? `${location}${message}` : message);
    if (err instanceof Error && !(err instanceof WorkerFailure) && !(err instanceof MappingError) && err.stack) this.host.output.error(err.stack);
    this.host.test.lastError = { message, location: where };
    this.post({ type: 'error', message, location: where, canRetry: this.lastRequested !== undefined });
    const shortWhere = where ? path.basename(where) : this.fileName;
    const showOutput = vscode.l10n.t('Show Output');
    void vscode.window
      .showErrorMessage(vscode.l10n.t('Sessionscope could not score {0}: {1}', shortWhere, message), showOutput)
      .then((choice) => {
        if (choice === showOutput) this.host.output.show();
      });
    return { ok: false, cancelled: false, error: message, location: where };
  }

  /** The result with the table size the settings ask for (read now, so a changed setting applies on the next send). */
  private postResult(result: PanelResult): void {
    this.post({ type: 'result', result: { ...result, tableRows: readSettings(this.uri).tableRows } });
    this.post(this.features.marksMessage());
  }

  private logRun(report: RunReport, settings: RunSettings): void {
    const r = report.result;
    const s = r.summary;
    const t = report.timings;
    const out = this.host.output;
    out.info(vscode.l10n.t('Scored {0} ({1}, {2} bytes){3}', this.file, report.format, report.bytes, report.reusedLog ? vscode.l10n.t(', events reused from the last run') : ''));
    out.info('  ' + vscode.l10n.t('columns: {0}', describeMapping(report.mapping)));
    out.info(
      '  ' +
        vscode.l10n.t(
          'settings: session type {0} (asked: {1}), window {2}, tokens {3}, geometric mean {4}, max session {5} min, max gap {6} min, boundary {7}, bad rows: {8}',
          r.options.sessionType,
          settings.score.sessionType,
          r.options.window,
          onOff(r.options.useTokens),
          onOff(r.options.geomean),
          s.maxSessionMinutes,
          s.maxGapMinutes,
          s.boundary,
          settings.read.onBadRow ?? 'skip',
        ),
    );
    out.info('  ' + vscode.l10n.t('ranking: {0}; insights for every session', r.ranking));
    out.info(
      '  ' +
        vscode.l10n.t(
          '{0} events, {1} sessions ({2} without a window), {3} users, {4} distinct commands',
          s.events,
          s.sessions,
          s.nanSessions,
          s.users,
          s.distinctCommands,
        ),
    );
    if (report.skipped.count > 0) {
      out.warn('  ' + vscode.l10n.t('skipped {0} rows ({1} lines); the first: {2}', report.skipped.count, report.skipped.lines, s.skippedSamples.join('; ')));
      if (s.skipWarning) out.warn('  ' + s.skipWarning);
    }
    out.info(
      '  ' +
        vscode.l10n.t(
          'timings: read {0} ms, sessionize {1} ms, train {2} ms, score {3} ms, total {4} ms',
          ms(t.readMs),
          ms(t.sessionizeMs),
          ms(t.trainMs),
          ms(t.scoreMs),
          ms(t.totalMs),
        ),
    );
  }

  private async rescore(runId: number, options: PanelScoreOptions): Promise<void> {
    const current = this.current;
    if (!current || current.runId !== runId) return this.ignored('rescore', runId);
    if (!current.report.result.availableSessionTypes.includes(options.sessionType)) return this.ignored('rescore', runId);
    const { ranking, ...score } = options;
    const settings: RunSettings = { ...current.settings, score: { ...current.settings.score, ...score }, ranking: ranking ?? current.settings.ranking };
    await this.execute(settings, true, false);
  }

  // ---- details and reveal ------------------------------------------------------

  /** The current result, if the request names it and one of its sessions. */
  private validSession(runId: number, sessionId: number): Current | undefined {
    const current = this.current;
    if (!current || current.runId !== runId || sessionId >= current.report.result.sessions.count) return undefined;
    return current;
  }

  private async details(requestId: number, runId: number, sessionId: number): Promise<void> {
    if (!this.validSession(runId, sessionId)) {
      this.post({ type: 'details', requestId, details: null, error: vscode.l10n.t('That session is not in the current result.') });
      return;
    }
    try {
      const details = await this.worker.details(runId, sessionId);
      this.post({ type: 'details', requestId, details, error: details ? undefined : vscode.l10n.t('That session is not in the current result.') });
    } catch (err) {
      this.post({ type: 'details', requestId, details: null, error: describeError(err).message });
    }
  }

  private async reveal(runId: number, sessionId: number, scope: 'window' | 'session' | 'insight', preserveFocus: boolean, insight?: number): Promise<void> {
    if (!this.validSession(runId, sessionId)) return this.ignored('reveal', runId, sessionId);
    let lines;
    try {
      lines = await this.worker.lines(runId, sessionId);
    } catch (err) {
      this.host.output.warn(describeError(err).message);
      return;
    }
    if (!lines || this.current?.runId !== runId) return this.ignored('reveal', runId, sessionId);
    // Records can share a line (a one-line JSON document): tell them apart by their column too.
    const at = (r: LineRange) => `${r[0]}:${r[2] ?? 0}`;
    const windowStarts = new Set(lines.window.map(at));
    const insightLines = scope === 'insight' ? lines.insights?.[insight ?? -1] : undefined;
    if (scope === 'insight' && (!insightLines || insightLines.length === 0)) return this.ignored('reveal', runId, sessionId);
    const outcome = await this.host.revealer.reveal({
      uri: this.uri,
      focus: insightLines ?? (scope === 'window' ? lines.window : lines.session),
      highlight: lines.window,
      context: lines.session.filter((r: LineRange) => !windowStarts.has(at(r))),
      panelColumn: this.panel?.column,
      preserveFocus,
    });
    if (outcome.declined) return;
    if (outcome.compressed) {
      this.host.output.info(vscode.l10n.t('{0} is gzip-compressed: its events stand at lines {1} of the uncompressed text.', this.fileName, (lineSpan(lines.window) ?? []).join('-')));
    } else if (!outcome.decorated) {
      this.host.output.info(
        vscode.l10n.t(
          '{0} is larger than 50 MB, which VS Code does not share with extensions: opened at line {1} without highlights.',
          this.fileName,
          lines.window[0]?.[0] ?? 1,
        ),
      );
    }
    this.lastReveal = { runId, sessionId };
    this.host.test.lastReveal = { file: outcome.file, runId, sessionId, selections: outcome.selections, decorated: outcome.decorated };
    this.post({ type: 'revealed', runId, sessionId, position: outcome.position ?? 0, total: outcome.total });
  }

  /** Selects the lines of the first skipped rows (as many as the report keeps) in the log file. */
  private async revealSkipped(runId: number): Promise<void> {
    const current = this.current;
    if (!current || current.runId !== runId) return this.ignored('revealSkipped', runId);
    const ranges: LineRange[] = current.report.skipped.first.map((r) => [r.firstLine, r.lastLine]);
    if (ranges.length === 0) return;
    if (this.lastReveal) this.host.revealer.clearFor(this.uri);
    this.lastReveal = undefined;
    const outcome = await this.host.revealer.reveal({ uri: this.uri, focus: ranges, highlight: ranges, context: [], panelColumn: this.panel?.column, preserveFocus: false });
    this.host.test.lastReveal = { file: outcome.file, runId, sessionId: -1, selections: outcome.selections, decorated: outcome.decorated };
  }

  private step(direction: 1 | -1): void {
    const last = this.lastReveal;
    if (!last || last.runId !== this.current?.runId) return;
    const moved = this.host.revealer.step(direction);
    if (moved) this.post({ type: 'revealed', runId: last.runId, sessionId: last.sessionId, position: moved.position, total: moved.total });
  }

  private ignored(what: string, runId: number, sessionId?: number): void {
    this.host.output.warn(
      sessionId === undefined
        ? vscode.l10n.t('Ignored a {0} request from the panel for run {1}: it is not the current result.', what, runId)
        : vscode.l10n.t('Ignored a {0} request from the panel for run {1}, session {2}: it is not in the current result.', what, runId, sessionId),
    );
  }

  // ---- panel -------------------------------------------------------------------

  private ensurePanel(): SessionscopePanel {
    if (this.panel) {
      this.panel.show();
      return this.panel;
    }
    const panel = SessionscopePanel.create(this.host.extensionUri, this.fileName, vscode.ViewColumn.Beside);
    this.attach(panel);
    return panel;
  }

  private attach(panel: SessionscopePanel): void {
    this.panel = panel;
    panel.setFileName(this.fileName);
    panel.onMessage(
      (msg) => void this.handleMessage(msg),
      () => this.host.output.warn(vscode.l10n.t('Ignored a malformed message from the panel.')),
    );
    panel.onDidClose(() => void this.host.panels.forget(panel.panelId));
    panel.onDidDispose(() => {
      if (this.panel !== panel) return;
      this.panel = undefined;
      this.host.forget(this);
    });
  }

  private post(msg: ToWebview): void {
    this.host.test.recordPosted(msg);
    this.panel?.post(msg);
  }
}

/** The columns could not be settled without asking. */
class MappingError extends Error {}

function describeError(err: unknown): { message: string; location?: string } {
  if (err instanceof WorkerFailure) {
    const loc = err.detail.location;
    return { message: err.detail.message, location: loc ? formatLocation(loc) : undefined };
  }
  if (err instanceof WorkerExitError) return { message: vscode.l10n.t('the scoring thread stopped unexpectedly (exit code {0}); the file may be too large for the memory available.', err.exitCode) };
  if (err instanceof Error) return { message: err.message };
  return { message: String(err) };
}

/** Where each stage after reading starts on the notification's bar. */
const LATER_STAGES: Record<PipelineStage, number> = { read: 0, sessionize: 72, train: 80, score: 86 };

function stageLabel(stage: PipelineStage): string {
  switch (stage) {
    case 'read':
      return vscode.l10n.t('Reading');
    case 'sessionize':
      return vscode.l10n.t('Sessionizing');
    case 'train':
      return vscode.l10n.t('Training');
    case 'score':
      return vscode.l10n.t('Scoring');
  }
}

function onOff(b: boolean): string {
  return b ? vscode.l10n.t('on') : vscode.l10n.t('off');
}

function ms(x: number): string {
  return x.toFixed(0);
}
