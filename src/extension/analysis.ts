// One log file under analysis: its panel, its worker (which keeps the parsed
// events between runs), and the two pieces that act on them: the run
// controller (runController.ts: detection, runs, their outcome) and the
// panel's request handler (panelRequests.ts). Before a run the columns are
// settled by mappingResolver.ts.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FromWebview, ToWebview } from '../protocol';
import { CancelledError, PipelineWorker } from '../run/workerClient';
import { CANCELLED, type AnalysisContext, type Host, type RunOutcome, type StartOptions } from './host';
import { isLargeLog } from './largeLog';
import { resolveMapping } from './mappingResolver';
import { SessionscopePanel } from './panel';
import { PanelFeatures } from './panelFeatures';
import { PanelRequests } from './panelRequests';
import { RunController } from './runController';
import { readSettings, runSettingsFrom } from './settings';

export type { Host, RunOutcome, StartOptions } from './host';

/** The pipeline thread's script in the installed extension. */
export function workerScript(extensionUri: vscode.Uri): string {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'worker.js').fsPath;
}

export class LogAnalysis implements AnalysisContext, vscode.Disposable {
  readonly file: string;
  readonly fileName: string;
  readonly worker: PipelineWorker;
  private currentPanel: SessionscopePanel | undefined;
  private readonly runs: RunController;
  private readonly requests: PanelRequests;
  /** Marks and export of the current result. */
  private readonly features: PanelFeatures;
  /** Set at each start: the file counts as large (largeLog.ts). */
  private largeLog = false;

  constructor(
    readonly uri: vscode.Uri,
    readonly host: Host,
  ) {
    this.file = uri.fsPath;
    this.fileName = path.basename(this.file);
    // A large log's run takes the thread started, not warmed, while it was in view (largeLog.ts); the warmed spare stays for a smaller file.
    this.worker = new PipelineWorker(workerScript(host.extensionUri), () => host.spareWorker(this.largeLog));
    this.runs = new RunController(this, {
      resultChanged: () => this.requests.clearReveal(),
      revealTop: () => this.requests.revealTop(false),
      resultPosted: () => this.post(this.features.marksMessage()),
    });
    this.features = new PanelFeatures({
      file: this.file,
      memento: host.memento,
      output: host.output,
      current: () => this.runs.current && { runId: this.runs.current.runId, result: this.runs.current.report.result },
      spans: (r, ids) => this.worker.spans(r, ids),
      post: (m) => this.post(m),
      insightsReady: () => this.runs.whenInsights(),
    });
    this.requests = new PanelRequests(this, this.runs, this.features, (opts) => this.start(opts));
  }

  get running(): boolean {
    return this.runs.running;
  }

  get panel(): SessionscopePanel | undefined {
    return this.currentPanel;
  }

  /** True when this file's panel is the active editor tab. */
  get panelActive(): boolean {
    return this.currentPanel?.webviewPanel.active === true;
  }

  /** Attaches a panel VS Code revived after a window reload. */
  adoptPanel(panel: SessionscopePanel): void {
    this.currentPanel?.dispose();
    this.attach(panel);
  }

  /** Settles the mapping (detecting the columns, asking if need be), then runs. */
  async start(opts: StartOptions): Promise<RunOutcome> {
    // A large log: the thread started, not warmed, for it (or a new one), and (unless a panel shows already) the panel when the read ends.
    this.largeLog = await isLargeLog(this.uri);
    const deferPanel = this.largeLog && this.currentPanel === undefined;
    if (opts.settings) return this.runs.execute(opts.settings, false, opts.revealTop === true, deferPanel);
    // The page loads while the columns are detected: on a small file loading it is the longest step of a run.
    const opened = this.currentPanel === undefined;
    try {
      if (!deferPanel) this.ensurePanel();
    } catch (err) {
      return this.runs.fail(err);
    }
    // Leaving the column choice with nothing scored closes the panel this run opened: it has nothing to show.
    const abandon = (): RunOutcome => {
      if (opened && !this.runs.current) this.currentPanel?.dispose();
      else this.runs.restoreAfterAbandon();
      return CANCELLED;
    };
    let settings = readSettings(this.uri);
    for (const problem of settings.problems) this.host.output.warn(problem);
    let mapping;
    try {
      mapping = await resolveMapping({ file: this.file, memento: this.host.memento, settings, opts, detect: () => this.runs.inspect() });
    } catch (err) {
      if (err instanceof CancelledError) return CANCELLED;
      // A deferred panel opens with the error, as an open one shows it.
      if (deferPanel) this.openForError();
      return this.runs.fail(err);
    }
    if (mapping === 'abandoned') return abandon();
    if (opts.adjust) {
      const adjusted = await opts.adjust(settings);
      if (!adjusted) return abandon();
      settings = adjusted;
    }
    return this.runs.execute(runSettingsFrom(settings, mapping), false, opts.revealTop === true, deferPanel);
  }

  /** Opens the panel to show a failure; when even that fails, the failure's notification and output still say it. */
  private openForError(): void {
    try {
      this.ensurePanel();
    } catch {
      // RunController.fail reports the run's own error either way.
    }
  }

  cancel(): void {
    this.runs.cancel();
  }

  /** Handles one validated panel message. Resolves when it is done (tests wait on it). */
  handleMessage(msg: FromWebview): Promise<void> {
    return this.requests.handle(msg);
  }

  /** Reveals the top session of the current result (the programmatic route). */
  revealTop(preserveFocus: boolean): Promise<void> {
    return this.requests.revealTop(preserveFocus);
  }

  ensurePanel(): SessionscopePanel {
    if (this.currentPanel) {
      this.currentPanel.show();
      return this.currentPanel;
    }
    const panel = SessionscopePanel.create(this.host.extensionUri, this.fileName, vscode.ViewColumn.Beside);
    this.attach(panel);
    return panel;
  }

  post(msg: ToWebview): void {
    this.host.test.posted(msg);
    this.currentPanel?.post(msg);
  }

  dispose(): void {
    this.cancel();
    this.worker.dispose();
    this.requests.clearReveal();
    const panel = this.currentPanel;
    this.currentPanel = undefined;
    panel?.dispose();
  }

  private attach(panel: SessionscopePanel): void {
    this.currentPanel = panel;
    panel.setFileName(this.fileName);
    panel.onMessage(
      (msg) => void this.handleMessage(msg),
      () => this.host.output.warn(vscode.l10n.t('Ignored a malformed message from the panel.')),
    );
    panel.onDidClose(() => void this.host.panels.forget(panel.panelId));
    panel.onDidDispose(() => {
      if (this.currentPanel !== panel) return;
      this.currentPanel = undefined;
      this.host.forget(this);
    });
  }
}
