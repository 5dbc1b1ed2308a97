// The webview panel host: builds the HTML, keeps what the panel must show so
// a reloaded webview (hidden and shown again, or revived after a window
// reload) gets it back on its "ready", and validates everything it posts.

import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { isPanelId, parseFromWebview, type FromWebview, type PanelState, type SentToWebview, type ToWebview } from '../protocol';
import { renderPanelHtml } from '../webviewHtml';
import type { RenderedResult } from './host';

export const PANEL_VIEW_TYPE = 'sessionscope.panel';

/** Pages get the read-only test hooks only while the extension runs in test mode. */
let testHooks = false;
export function setPanelTestHooks(enabled: boolean): void {
  testHooks = enabled;
}

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export class SessionscopePanel implements vscode.Disposable {
  /** The number of the last message sent (SentToWebview). */
  private seq = 0;
  /** The last result, and the last status message (loading/error) that came after it, if any, as they were sent. */
  private result: SentToWebview | undefined;
  /** The insights of that result, when they came after it. */
  private insights: SentToWebview | undefined;
  private status: SentToWebview | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  /** Runs the page has drawn, and who waits for one. */
  private renderedRun = 0;
  private readonly renderWaiters = new Map<number, () => void>();
  /**
   * Milliseconds the host thread spent in the last `postMessage` of a result
   * (VS Code serializes the message there: JSON for the small part, the
   * session columns' buffers as binary); undefined before one was sent.
   */
  lastResultPostMs: number | undefined;
  /** When (epoch ms, the host's clock) the last result was posted. */
  private lastResultPostedAt: number | undefined;
  /** What the page said of the last result it drew: its time from receiving it to drawing it (inflating included), its session count and whether they came packed. */
  lastDrawn: Omit<RenderedResult, 'postMs'> = {};

  static create(extensionUri: vscode.Uri, fileName: string, column: vscode.ViewColumn): SessionscopePanel {
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, title(fileName), { viewColumn: column, preserveFocus: true }, panelOptions(extensionUri));
    return new SessionscopePanel(panel, extensionUri, randomUUID());
  }

  /**
   * Takes over a panel VS Code restored after a reload. The id comes from the
   * webview's saved state; a missing or malformed one gets a fresh id, under
   * which the host has nothing stored.
   */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, state: unknown): SessionscopePanel {
    panel.webview.options = panelOptions(extensionUri);
    const saved = (state as PanelState | undefined)?.panelId;
    return new SessionscopePanel(panel, extensionUri, isPanelId(saved) ? saved : randomUUID());
  }

  private constructor(
    readonly webviewPanel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    /** The key of this panel's file and run settings in the extension's storage. */
    readonly panelId: string,
  ) {
    webviewPanel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    webviewPanel.webview.html = html(webviewPanel.webview, extensionUri);
    // First in the page's queue: the page files its state under this id.
    this.post({ type: 'panel', panelId });
  }

  get column(): vscode.ViewColumn | undefined {
    return this.webviewPanel.viewColumn;
  }

  setFileName(fileName: string): void {
    this.webviewPanel.title = title(fileName);
  }

  /**
   * Calls `handler` with every well-formed message; malformed ones are
   * dropped. "ready" is answered here: a page that loaded before the
   * messages sent to it got there, or lost them (without
   * retainContextWhenHidden a hidden webview loses its page, and says
   * "ready" again when shown), gets the panel id, the last result and status.
   */
  onMessage(handler: (msg: FromWebview) => void, onMalformed: () => void): void {
    this.disposables.push(
      this.webviewPanel.webview.onDidReceiveMessage((raw: unknown) => {
        const msg = parseFromWebview(raw);
        if (!msg) return onMalformed();
        if (msg.type === 'rendered') {
          this.renderedRun = Math.max(this.renderedRun, msg.runId);
          this.lastDrawn = {
            drawMs: msg.drawMs,
            inflateMs: msg.inflateMs,
            sessions: msg.sessions,
            packed: msg.packed,
            renderedAt: performance.now(),
            postedAt: this.lastResultPostedAt,
            receivedAt: msg.receivedAt,
            drawnAt: msg.drawnAt,
            heardAt: Date.now(),
          };
          for (const [runId, done] of this.renderWaiters) if (runId <= msg.runId) done();
        }
        if (msg.type === 'ready') {
          this.post({ type: 'panel', panelId: this.panelId });
          this.replay();
        }
        handler(msg);
      }),
    );
  }

  onDidDispose(handler: () => void): void {
    this.disposables.push(this.webviewPanel.onDidDispose(handler));
  }

  /**
   * Resolves when the page has drawn this run (or a later one), when it is not
   * showing (a hidden page draws when shown), or after `timeoutMs`: progress
   * covers the panel's first render without ever hanging on it.
   */
  whenRendered(runId: number, timeoutMs: number): Promise<void> {
    if (this.renderedRun >= runId || this.disposed || !this.webviewPanel.visible) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.renderWaiters.delete(runId);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.renderWaiters.set(runId, done);
    });
  }

  /** The user closed the panel (not the extension disposing it, e.g. while the window reloads). */
  onDidClose(handler: () => void): void {
    this.disposables.push(
      this.webviewPanel.onDidDispose(() => {
        if (!this.disposed) handler();
      }),
    );
  }

  /**
   * Sends a message, also while the page is still loading (it gets it once
   * loaded; a run that ends first need not wait for the page's "ready" and
   * a reply); results and statuses are also kept for the next "ready".
   */
  post(msg: ToWebview): void {
    const sent: SentToWebview = { ...msg, seq: ++this.seq };
    if (sent.type === 'result') {
      this.result = sent;
      this.insights = undefined;
      this.status = undefined;
    } else if (sent.type === 'insights') {
      this.insights = sent;
    } else if (sent.type === 'loading' || sent.type === 'error') {
      this.status = sent;
    }
    if (!this.disposed) this.send(sent);
  }

  /** Posts to the page; the session columns of a result go as typed arrays (binary, no JSON). */
  private send(msg: SentToWebview): void {
    if (msg.type !== 'result') {
      void this.webviewPanel.webview.postMessage(msg);
      return;
    }
    const t0 = performance.now();
    this.lastResultPostedAt = Date.now();
    void this.webviewPanel.webview.postMessage(msg);
    this.lastResultPostMs = performance.now() - t0;
  }

  show(column?: vscode.ViewColumn): void {
    this.webviewPanel.reveal(column, true);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const done of [...this.renderWaiters.values()]) done();
    for (const d of this.disposables) d.dispose();
    this.webviewPanel.dispose();
  }

  private replay(): void {
    for (const msg of [this.result, this.insights, this.status]) if (msg) this.send(msg);
  }
}

function title(fileName: string): string {
  return vscode.l10n.t('Sessionscope: {0}', fileName);
}

/** The page's bundles, read once per extension host (they change only with the extension). */
let bundles: { dist: string; script: string; style: string } | undefined;

function pageBundles(dist: vscode.Uri): { script: string; style: string } {
  if (bundles?.dist !== dist.fsPath) {
    bundles = {
      dist: dist.fsPath,
      script: readFileSync(vscode.Uri.joinPath(dist, 'webview.js').fsPath, 'utf8'),
      style: readFileSync(vscode.Uri.joinPath(dist, 'webview.css').fsPath, 'utf8'),
    };
  }
  return bundles;
}

function html(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  return renderPanelHtml({
    ...pageBundles(dist),
    distUri: webview.asWebviewUri(dist).toString(),
    cspSource: webview.cspSource,
    nonce: randomBytes(16).toString('hex'),
    testHooks,
  });
}
