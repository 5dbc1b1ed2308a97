// The runs of one log file: column detection and scoring in the worker under
// a cancellable progress notification, their outcome (result, cancel or
// error) in the panel and the output channel, and the current result that
// the panel's requests are checked against. One run at a time: a newer run
// or a cancel supersedes the one in flight.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Detection } from '../engine/stages';
import { runOptionsProblem } from '../engine/options';
import { pageInsightColumns, type PanelResult, type PanelSessions } from '../protocol';
import { CancelledError, type PipelineWorker, type WorkerProgress } from '../run/workerClient';

type InsightsOutcome = Parameters<NonNullable<PipelineWorker['onInsights']>>[1];
import type { RunReport, RunSettings } from '../run/workerProtocol';
import { CANCELLED, type AnalysisContext, type CurrentRun, type RunOutcome } from './host';
import { describeError, describeProgress, hasUsefulStack, logRun, skippedSamples, stageLabel } from './runMessages';
import { readSettings } from './settings';

/** Longest the progress waits for the panel to draw a result. */
const RENDER_WAIT_MS = 120_000;
/** Longest a reference-ranked result's insights wait for the panel to draw it before they are asked for anyway. */
const INSIGHTS_WAIT_MS = 5_000;

/** What the controller asks of the analysis once a result is in. */
export interface RunHooksForPanel {
  /** A new result replaced the last: reveals of the old one no longer apply. */
  resultChanged(): void;
  /** Reveal the top session of the current result, focusing the editor. */
  revealTop(): Promise<void>;
  /** A result went to the panel (what goes with it: the marks). */
  resultPosted(): void;
}

export class RunController {
  private currentRun: CurrentRun | undefined;
  /** Identity of the run in flight; a newer run or a cancel replaces it. */
  private activeRun: object | undefined;
  /** Settings of the last run asked for, for "Score again" after a cancel or an error. */
  private requested: { settings: RunSettings; reuseLog: boolean } | undefined;
  /** The last cancel stopped scoring without ending the worker: it still holds the parsed events. */
  private eventsKept = false;

  /** Waiting for the current run's insights (whenInsights). */
  private insightWaiters: (() => void)[] = [];

  constructor(
    private readonly ctx: AnalysisContext,
    private readonly hooks: RunHooksForPanel,
  ) {
    ctx.worker.onInsights = (runId, outcome) => this.insightsArrived(runId, outcome);
    // A thread that died owes the current result its insights: say so rather than wait for ever.
    ctx.worker.onGone = (err) => {
      if (this.currentRun?.insightsPending) this.insightsArrived(this.currentRun.runId, { error: err });
    };
  }

  /** Resolves once the current result has its insights (or they failed, or the result was replaced). */
  whenInsights(): Promise<void> {
    if (!this.currentRun?.insightsPending) return Promise.resolve();
    return new Promise((resolve) => this.insightWaiters.push(resolve));
  }

  private setCurrent(run: CurrentRun | undefined): void {
    this.currentRun = run;
    if (!run?.insightsPending) this.settleInsightWaiters();
  }

  private settleInsightWaiters(): void {
    const waiters = this.insightWaiters;
    this.insightWaiters = [];
    for (const w of waiters) w();
  }

  /**
   * A reference-ranked result went to the panel without its insights; here
   * they are: into the host's copy (exports, marks, a re-sent result) and to
   * the page. A failure is said in the output and the panel.
   */
  private insightsArrived(runId: number, outcome: InsightsOutcome): void {
    const cur = this.currentRun;
    // Another run's (the host asks only after taking a result in, so none come early): nothing to do.
    if (!cur || cur.runId !== runId) return;
    if (!cur.insightsPending) return;
    cur.insightsPending = false;
    const result = cur.report.result;
    if ('columns' in outcome) {
      Object.assign(result.sessions, outcome.columns);
      delete result.insightsPending;
      cur.insightColumns = pageInsightColumns(outcome.columns);
      this.ctx.post({ type: 'insights', runId, columns: cur.insightColumns });
    } else {
      const message = vscode.l10n.t('The insights of the sessions could not be judged: {0}', outcome.error.message);
      this.ctx.host.output.error(`${this.ctx.file}: ${message}`);
      cur.insightError = message;
      this.ctx.post({ type: 'insights', runId, error: message });
    }
    this.settleInsightWaiters();
  }

  /** Asks the worker for a run's insights, unless they came already; a failure to ask is that run's insight error. */
  private askInsights(runId: number): void {
    if (this.currentRun?.runId !== runId || !this.currentRun.insightsPending) return;
    this.ctx.worker.judgeInsights(runId).then(
      (owed) => {
        // Nothing owed while the host still waits (the thread lost the run): say so rather than wait for ever.
        if (!owed) this.insightsArrived(runId, { error: new Error(vscode.l10n.t('the scored sessions are no longer held')) });
      },
      (err: unknown) => {
        // A cancel or a newer run: that run owns the panel now.
        if (err instanceof CancelledError) return;
        this.insightsArrived(runId, { error: err instanceof Error ? err : new Error(String(err)) });
      },
    );
  }

  get running(): boolean {
    return this.activeRun !== undefined;
  }

  /** The result the panel shows, while the worker still holds its data. */
  get current(): CurrentRun | undefined {
    return this.currentRun;
  }

  get lastRequested(): { settings: RunSettings; reuseLog: boolean } | undefined {
    return this.requested;
  }

  /** True when the worker kept the parsed events through the last cancel ("Score again" then need not read). */
  get keptEvents(): boolean {
    return this.eventsKept;
  }

  cancel(): void {
    if (!this.activeRun) return;
    this.activeRun = undefined;
    this.eventsKept = false;
    const cancelling = this.ctx.worker.cancel();
    void cancelling.then(({ kept }) => {
      if (this.activeRun === undefined) this.eventsKept = kept;
    });
  }

  /**
   * Detects the columns in the worker, inside a cancellable progress
   * notification: detection reads and parses the head of the file, which can
   * be slow (a huge first record, a slow disk). Cancelling stops the worker
   * and rejects with CancelledError, as cancelling a run does.
   */
  async inspect(): Promise<Detection> {
    this.cancel();
    const detecting = {};
    this.activeRun = detecting;
    const stage = vscode.l10n.t('Detecting columns');
    this.ctx.post({ type: 'loading', fileName: this.ctx.fileName, stage, percent: 0 });
    const started = Date.now();
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Sessionscope: {0}', this.ctx.fileName), cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => {
            if (this.activeRun === detecting) this.cancel();
          });
          progress.report({ message: stage });
          return this.ctx.worker.inspect(this.ctx.file);
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
   * Reads (or, with reuseLog, reuses) the log and scores it with these
   * settings. With `deferPanel` (a large log with no panel yet, largeLog.ts)
   * the panel opens when a read in two halves ends (at its first progress
   * when one thread reads), or with the error that ends the run; until then
   * the notification alone shows the progress, and says so.
   */
  async execute(settings: RunSettings, reuseLog: boolean, revealTop: boolean, deferPanel = false): Promise<RunOutcome> {
    // The options command and the programmatic route may bring any number: the one definition decides (engine/limits.ts).
    const problem = runOptionsProblem(settings);
    if (problem) return this.fail(new RangeError(problem));
    this.cancel();
    this.requested = { settings, reuseLog };
    const run = {};
    this.activeRun = run;
    const runId = this.ctx.host.nextRunId();
    const test = this.ctx.host.test;
    test.progress(undefined);
    const panelLater = deferPanel && !reuseLog && this.ctx.panel === undefined;
    let panelOpened = !panelLater;
    // Opens the deferred panel once; a panel the user closes after that stays closed, as for any run.
    const openPanel = (): void => {
      if (panelOpened) return;
      panelOpened = true;
      this.ctx.ensurePanel();
    };
    try {
      if (!panelLater) this.ctx.ensurePanel();
    } catch (err) {
      this.activeRun = undefined;
      return this.fail(err);
    }
    this.ctx.post({ type: 'loading', fileName: this.ctx.fileName, stage: stageLabel(reuseLog ? 'score' : 'read'), percent: 0 });

    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Sessionscope: {0}', this.ctx.fileName), cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => {
          if (this.activeRun === run) this.cancel();
        });
        let reported = 0;
        const onProgress = (p: WorkerProgress): void => {
          // Past the read, or a read on one thread (not a large CSV in two halves: a core is free for the page).
          if (!panelOpened && (p.stage !== 'read' || p.twoThreads === false)) {
            try {
              openPanel();
            } catch {
              // Said when the run ends: finish and fail open it again, and report what stops it.
              panelOpened = false;
            }
          }
          const { overall, readPercent, stage, message } = describeProgress(p, !panelOpened);
          progress.report({ increment: Math.max(0, overall - reported), message });
          reported = Math.max(reported, overall);
          this.ctx.post({ type: 'loading', fileName: this.ctx.fileName, stage, percent: p.stage === 'read' ? readPercent : null });
          test.progress({ stage: p.stage, percent: readPercent, message, panel: this.ctx.panel !== undefined });
        };
        const started = Date.now();
        try {
          const report = await this.ctx.worker.run({ runId, file: this.ctx.file, reuseLog, ...settings }, onProgress);
          if (this.activeRun !== run) return CANCELLED;
          // Before the run counts as ended: should opening it fail, the catch below reports that.
          openPanel();
          this.activeRun = undefined;
          progress.report({ increment: Math.max(0, 95 - reported), message: vscode.l10n.t('Drawing the panel') });
          reported = Math.max(reported, 95);
          return await this.finish(runId, report, settings, revealTop, (message) => progress.report({ message }));
        } catch (err) {
          if (this.activeRun !== run) {
            // Undefined: cancelled by the user; another run: superseded, and that run now owns the panel.
            if (this.activeRun === undefined && err instanceof CancelledError) this.cancelled(Date.now() - started);
            return CANCELLED;
          }
          this.activeRun = undefined;
          // The worker dropped the last result when this run began.
          this.setCurrent(undefined);
          // The error shows in the panel as for any run (and in a notification, which fail gives even without one).
          try {
            openPanel();
          } catch {
            // fail still says it in the notification and the output.
          }
          return this.fail(err);
        }
      },
    );
  }

  private async finish(runId: number, report: RunReport, settings: RunSettings, revealTop: boolean, say: (message: string) => void): Promise<RunOutcome> {
    const result = report.result;
    result.summary.skippedSamples = skippedSamples(report);
    if (report.reusedLog) {
      // Nothing was read: the worker's read time is the earlier run's.
      const t = result.summary.timingsMs;
      result.summary.timingsMs = { ...t, read: 0, total: t.sessionize + t.train + t.score };
      result.summary.eventsReused = true;
    }
    this.setCurrent({ runId, report, settings, insightsPending: result.insightsPending === true });
    const panel = this.ctx.panel;
    // Every setting of this run, mapping included, so a window reload scores the same way again. The memento holds
    // it at once; writing it through to storage (a round trip to the workbench, 60-70 ms here) need not hold the result back.
    const saved = panel ? this.ctx.host.panels.save(panel.panelId, this.ctx.file, settings) : Promise.resolve();
    this.hooks.resultChanged();
    this.ctx.host.test.error(undefined);
    this.postResult(result, report.pageSessions);
    logRun(this.ctx.host.output, this.ctx.file, report, settings);
    await saved;
    // The notification lasts until the panel has drawn the result: posting and drawing a large one takes seconds.
    const rendered = this.ctx.panel?.whenRendered(runId, RENDER_WAIT_MS) ?? Promise.resolve();
    // The insights are judged once the page has drawn the result: judged at once, they took a core from the
    // result's way to the page (1M events: post to render 0.6-0.7 s instead of 0.9-1.4 s; docs/performance.md).
    if (this.currentRun?.runId === runId && this.currentRun.insightsPending) {
      let timer: NodeJS.Timeout | undefined;
      void Promise.race([rendered, new Promise<void>((r) => (timer = setTimeout(r, INSIGHTS_WAIT_MS)))]).then(() => {
        clearTimeout(timer);
        this.askInsights(runId);
      });
    }
    await rendered;
    // ... and has its insights (asked for above: they come within a second of the render for a million events,
    // later where nearly every command is new).
    if (this.currentRun?.runId === runId && this.currentRun.insightsPending) say(vscode.l10n.t("Judging each session's insights"));
    await this.whenInsights();
    this.ctx.host.test.result(this.ctx.file, runId, report, { postMs: this.ctx.panel?.lastResultPostMs, ...this.ctx.panel?.lastDrawn });
    if (revealTop) await this.hooks.revealTop();
    return {
      ok: true,
      runId,
      sessions: result.summary.sessions,
      events: result.summary.events,
      sessionType: result.options.sessionType,
      topSessionId: report.top?.sessionId,
    };
  }

  private cancelled(afterMs: number): void {
    this.ctx.host.output.info(vscode.l10n.t('{0}: cancelled after {1} ms.', this.ctx.file, afterMs));
    // The worker dropped the last result when this run began (it may still hold the parsed events): what the panel shows can no longer answer requests.
    this.setCurrent(undefined);
    this.ctx.post({ type: 'error', message: vscode.l10n.t('Cancelled: {0} was not scored.', this.ctx.fileName), cancelled: true, canRetry: this.requested !== undefined });
  }

  /** Says why a run failed: in the output channel, the panel and an error notification. */
  fail(err: unknown): RunOutcome {
    this.eventsKept = false;
    const { message, location } = describeError(err);
    const where = location ? location.replace(/: $/, '') : undefined;
    const output = this.ctx.host.output;
    output.error(location ? `${location}${message}` : message);
    if (hasUsefulStack(err)) output.error(err.stack!);
    this.ctx.host.test.error({ message, location: where });
    this.ctx.post({ type: 'error', message, location: where, canRetry: this.requested !== undefined });
    const shortWhere = where ? path.basename(where) : this.ctx.fileName;
    const showOutput = vscode.l10n.t('Show Output');
    void vscode.window
      .showErrorMessage(vscode.l10n.t('Sessionscope could not score {0}: {1}', shortWhere, message), showOutput)
      .then((choice) => {
        if (choice === showOutput) output.show();
      });
    return { ok: false, cancelled: false, error: message, location: where };
  }

  /** The user left the quick picks: put the panel back to what it showed. */
  restoreAfterAbandon(): void {
    const cur = this.currentRun;
    if (cur) {
      this.postResult(cur.report.result, cur.report.pageSessions);
      // The page form was made before the insights: they follow it again.
      if (cur.insightColumns) this.ctx.post({ type: 'insights', runId: cur.runId, columns: cur.insightColumns });
      else if (cur.insightError) this.ctx.post({ type: 'insights', runId: cur.runId, error: cur.insightError });
    }
    else this.ctx.post({ type: 'error', message: vscode.l10n.t('Nothing was scored: the choice was abandoned.') });
  }

  /** The result with the table size the settings ask for (read now, so a changed setting applies on the next send). */
  private postResult(result: PanelResult, sessions: PanelSessions): void {
    this.ctx.post({ type: 'result', result: { ...result, sessions, tableRows: readSettings(this.ctx.uri).tableRows } });
    this.hooks.resultPosted();
  }
}
