// Entry point: registers the commands, the panel serializer and, in test
// mode, the test hook.

import * as vscode from 'vscode';
import { LogAnalysis, workerScript, type Host, type RunOutcome } from './analysis';
import { COMMANDS, OPTION_STEPS, SAMPLE_PATH, applyOptions, asScoreFileOptions, pickScoreSettings, resolveTarget } from './commands';
import { Output } from './output';
import { PANEL_VIEW_TYPE, SessionscopePanel, setPanelTestHooks } from './panel';
import { PanelStore } from './panelStore';
import { Revealer } from './reveal';
import { NO_TEST_RECORDER } from './host';
import { registerTestApi, TestState } from './testApi';
import { SPARE_IDLE_MS, WorkerSpare } from '../run/workerSpare';
import { warmOnLogFiles } from './warmup';

/** False in a production bundle (esbuild.mjs --production), which then leaves the test API out. */
declare const SESSIONSCOPE_TEST_API: boolean;

/**
 * The test hooks (the `_testApi` command, the webview's `window.__sessionscope`)
 * exist only when VS Code runs the extension's tests, or when a test runner
 * sets SESSIONSCOPE_TEST_MODE=1 (the end-to-end tier, which drives a
 * development window). Never in a user's window.
 */
function inTestMode(context: vscode.ExtensionContext): boolean {
  return context.extensionMode === vscode.ExtensionMode.Test || process.env.SESSIONSCOPE_TEST_MODE === '1';
}

export function activate(context: vscode.ExtensionContext): void {
  const testMode = inTestMode(context);
  setPanelTestHooks(testMode);
  const output = new Output();
  const panels = new PanelStore(context.workspaceState);
  const revealer = new Revealer();
  const test = SESSIONSCOPE_TEST_API && testMode ? new TestState() : undefined;
  const analyses = new Map<string, LogAnalysis>();
  const spare = new WorkerSpare(workerScript(context.extensionUri));
  // A large log's run takes a thread started while the log is in view, its code not warmed (largeLog.ts).
  const largeSpare = new WorkerSpare(workerScript(context.extensionUri), SPARE_IDLE_MS, false);
  let runCounter = 0;

  const host: Host = {
    extensionUri: context.extensionUri,
    memento: context.workspaceState,
    panels,
    output,
    revealer,
    test: test ?? NO_TEST_RECORDER,
    spareWorker: (large) => (large ? largeSpare : spare).take(),
    nextRunId: () => ++runCounter,
    forget: (analysis) => {
      if (analyses.get(analysis.file) === analysis) analyses.delete(analysis.file);
      analysis.dispose();
    },
  };

  const analysisFor = (uri: vscode.Uri): LogAnalysis => {
    let analysis = analyses.get(uri.fsPath);
    if (!analysis) {
      analysis = new LogAnalysis(uri, host);
      analyses.set(uri.fsPath, analysis);
    }
    return analysis;
  };

  /** The resource a command was invoked on, the file of the active panel, the active editor's file, or a picked one. */
  const target = (arg: unknown): Promise<vscode.Uri | undefined> => {
    const fromPanel = arg instanceof vscode.Uri ? undefined : [...analyses.values()].find((a) => a.panelActive);
    return fromPanel ? Promise.resolve(fromPanel.uri) : resolveTarget(arg);
  };

  const scoreFile = async (arg?: unknown, second?: unknown): Promise<RunOutcome | undefined> => {
    const options = asScoreFileOptions(second) ?? asScoreFileOptions(arg);
    const uri = await target(arg);
    if (!uri) return undefined;
    if (!options) return analysisFor(uri).start({ interactive: true });
    return analysisFor(uri).start({
      interactive: false,
      mapping: options.mapping,
      adjust: (settings) => applyOptions(settings, options),
      revealTop: options.revealTop,
    });
  };

  const scoreWithOptions = async (arg?: unknown): Promise<RunOutcome | undefined> => {
    const uri = await target(arg);
    if (!uri) return undefined;
    // One walk of steps: the columns (1-4 of 11), then the settings (5-11 of 11).
    return analysisFor(uri).start({
      interactive: true,
      pickColumns: true,
      columnSteps: { first: 1, total: OPTION_STEPS.columns + OPTION_STEPS.settings },
      adjust: (settings) => pickScoreSettings(settings, OPTION_STEPS.columns),
    });
  };

  const openSample = async (): Promise<void> => {
    const uri = vscode.Uri.joinPath(context.extensionUri, ...SAMPLE_PATH);
    await vscode.window.showTextDocument(uri, { preview: false });
    const score = vscode.l10n.t('Sessionize and Score');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('A sample of Exchange admin audit events. Score it to find the rarest sessions.'), score)
      .then((choice) => {
        if (choice === score) void vscode.commands.executeCommand(COMMANDS.scoreFile, uri);
      });
  };

  // SESSIONSCOPE_TEST_API first: the constant lets esbuild drop this branch, and with it the test API, from a production bundle.
  if (SESSIONSCOPE_TEST_API && test) context.subscriptions.push(registerTestApi(COMMANDS.testApi, test, analyses, () => output.lines(), context.workspaceState, { spare, largeSpare }));
  context.subscriptions.push(
    output,
    revealer,
    spare,
    largeSpare,
    warmOnLogFiles({ spare, largeSpare }, (uri) => analyses.get(uri.fsPath)?.worker.alive === true),
    { dispose: () => [...analyses.values()].forEach((a) => a.dispose()) },
    vscode.commands.registerCommand(COMMANDS.scoreFile, scoreFile),
    vscode.commands.registerCommand(COMMANDS.scoreWithOptions, scoreWithOptions),
    vscode.commands.registerCommand(COMMANDS.openSample, openSample),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => output.show()),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
        // The webview's state only names the panel; which file it scored, and how, is the host's own record.
        const panel = SessionscopePanel.revive(webviewPanel, context.extensionUri, state);
        const found = panels.lookup(panel.panelId);
        if (!found.ok) {
          const message =
            found.reason === 'missing'
              ? vscode.l10n.t('The log file of this panel is no longer there ({0}). Run "Sessionize and Score Log File" on it again.', found.filePath ?? '')
              : vscode.l10n.t('This panel cannot be restored: its file and settings are not known in this workspace. Run "Sessionize and Score Log File" again.');
          panel.post({ type: 'error', message });
          // The error is sent when the webview says "ready", which only a panel listening for messages hears.
          panel.onMessage(() => undefined, () => undefined);
          panel.onDidClose(() => void panels.forget(panel.panelId));
          panel.onDidDispose(() => panel.dispose());
          return;
        }
        const analysis = analysisFor(vscode.Uri.file(found.panel.filePath));
        analysis.adoptPanel(panel);
        // The same settings as the run the panel showed (Score with Options, panel rescores), not today's configuration.
        void analysis.start({ interactive: false, settings: found.panel.settings });
      },
    }),
  );
}

export function deactivate(): void {}
