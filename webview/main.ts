// Entry point of the Sessionscope panel. It owns the panel state and wires
// the views to each other and to the extension host through the typed
// protocol; the views never post messages themselves.
//
// Over 300 lines: it is the one place that routes every message and every
// view callback; the views themselves live in their own files.

import './styles.css';
import { pageColumnsRestored, type PanelMark, type PanelResult, type PanelScoreOptions, type PanelState, type SessionMark, type ToWebview } from '../src/protocol';
import { ControlsView } from './controls';
import { DetailsView } from './detailsPane';
import { h } from './dom';
import { renderLegend } from './legend';
import { MARK_CODES, MarkBar, marksOf } from './marks';
import { buildModel, findSession, combinedFilter, sessionIdentity, type ResultModel } from './model';
import { StatusView } from './status';
import { SummaryView } from './summary';
import { SessionTable } from './table';
import './testHooks';
import { readySessions } from './unpack';
import { Timeline, type ColourMode } from './timeline';
import { observeTheme } from './theme';
import { getVsCodeApi, type VsCodeApi } from './vscodeApi';

/** A message from the host; `seq` is its number (SentToWebview), missing in the webview tests' own messages. */
type Incoming = ToWebview & { seq?: number };

/** The performance mark set each time the page has drawn a run. */
const RENDERED_MARK = 'sessionscope:rendered';

class App {
  private model: ResultModel | null = null;
  private state: PanelState;
  private selected: number | null = null;
  private detailsRequest = 0;
  private readonly status: StatusView;
  private readonly summary: SummaryView;
  private readonly controls: ControlsView;
  private readonly timeline: Timeline;
  private readonly legend: HTMLElement;
  private readonly table: SessionTable;
  private readonly details: DetailsView;
  private readonly resultView: HTMLElement;
  private readonly markBar: MarkBar;
  /** The host's marks for the file shown, and each session's mark code in the current model. */
  private marks: { filePath: string; list: PanelMark[] } = { filePath: '', list: [] };
  private markCodes: Uint8Array = new Uint8Array(0);

  constructor(
    root: HTMLElement,
    private readonly vscode: VsCodeApi,
  ) {
    this.state = vscode.getState() ?? {};
    this.status = new StatusView(
      () => this.vscode.postMessage({ type: 'showOutput' }),
      () => this.vscode.postMessage({ type: 'scoreAgain' }),
    );
    this.summary = new SummaryView({
      onChangeMapping: () => this.vscode.postMessage({ type: 'changeMapping' }),
      onRevealSkipped: () => {
        if (this.model) this.vscode.postMessage({ type: 'revealSkipped', runId: this.model.result.runId });
      },
      onSelect: (i) => this.select(i, { scrollTable: false }),
    });
    this.controls = new ControlsView({
      onRescore: (options) => this.rescore(options),
      onColourMode: (mode) => this.setColourMode(mode),
      onBound: (bound) => this.setBound(bound),
      onResetZoom: () => this.timeline.resetZoom(),
    });
    const canvas = h('canvas', {
      'aria-label':
        'Timeline of sessions by start time and rarest-window likelihood. Arrow keys: Up and Down step through the sessions by rank, ' +
        'Left and Right by start time; Home selects the rarest; Enter reveals the selected session in the log.',
      role: 'application',
      'aria-roledescription': 'chart',
      tabindex: 0,
      'data-testid': 'timeline-canvas',
    });
    this.timeline = new Timeline(
      canvas,
      (i) => this.select(i, { reveal: true }),
      (runId) => this.onRendered(runId),
      (i, reveal) => this.select(i, { reveal }),
    );
    this.legend = h('ul', { class: 'legend', 'data-testid': 'legend' });
    this.table = new SessionTable({
      onSelect: (i) => this.select(i),
      onReveal: (i) => this.select(i, { reveal: true }),
      onFilterChange: (filter) => {
        this.saveState({ filter });
        if (this.model) this.timeline.setFilter(combinedFilter(this.model, filter, this.table.kind));
      },
      onKindFilterChange: (kind) => {
        if (this.model) this.timeline.setFilter(combinedFilter(this.model, this.state.filter ?? '', kind));
      },
      onMark: (i, mark) => this.setMark(i, mark),
      onExport: (indices, format, destination, scope) => {
        const model = this.model;
        if (!model) return;
        const sessionIds = Array.from(indices, (i) => model.result.sessions.id[i]);
        this.vscode.postMessage({ type: 'export', runId: model.result.runId, sessionIds, format, destination, scope });
      },
    });
    this.details = new DetailsView({
      onReveal: (scope) => this.reveal(scope),
      onRevealInsight: (index) => this.revealInsight(index),
      onStep: (direction) => this.vscode.postMessage({ type: 'step', direction }),
    });
    this.markBar = new MarkBar((mark) => {
      if (this.selected !== null) this.setMark(this.selected, mark);
    });
    this.details.root.querySelector('.details-actions')?.after(this.markBar.root);
    this.resultView = h(
      'main',
      { class: 'result-view', 'data-testid': 'result-view', hidden: true },
      skipLink('Skip to the session table', 'skip-to-table', () => this.table.focus()),
      skipLink('Skip to the session details', 'skip-to-details', () => this.details.focus()),
      this.summary.root,
      this.controls.root,
      h('section', { class: 'timeline', 'data-testid': 'timeline' }, this.legend, h('div', { class: 'chart-box' }, canvas)),
      h('div', { class: 'lower' }, this.table.root, this.details.root),
    );
    root.append(this.status.loading, this.status.error, this.status.empty, this.resultView);
    observeTheme(() => this.onThemeChange());
    // Only in pages the host or the tests built with test hooks (extension in test mode).
    if (document.body.hasAttribute('data-test-hooks')) {
      window.__sessionscope = Object.freeze({
        timeline: () => this.timeline.snapshot(),
        pointPosition: (id: number) => this.timeline.pointPosition(id),
      });
    }
  }

  /** Set while a packed result is inflated; messages that arrive meanwhile wait in `waiting`, in order. */
  private unpacking: Promise<void> | undefined;
  private readonly waiting: Incoming[] = [];

  /** The `seq` of the last result and of the last status (loading, error) handled. */
  private readonly handledSeq = { result: -1, status: -1 };

  receive(message: Incoming): void {
    if (this.unpacking) this.waiting.push(message);
    else this.handle(message);
  }

  /**
   * True for a result or status this page has handled already: the host sends
   * them again on "ready" with their first `seq` (SentToWebview), and this
   * page had them from before it said so. A message without `seq` (the
   * webview tests' own) is always new.
   */
  private repeated(message: Incoming): boolean {
    const kind = message.type === 'result' ? 'result' : message.type === 'loading' || message.type === 'error' ? 'status' : undefined;
    if (kind === undefined || message.seq === undefined) return false;
    if (message.seq === this.handledSeq[kind]) return true;
    this.handledSeq[kind] = message.seq;
    return false;
  }

  private drain(): void {
    this.unpacking = undefined;
    while (this.waiting.length > 0 && !this.unpacking) this.handle(this.waiting.shift()!);
  }

  private handle(message: Incoming): void {
    if (this.repeated(message)) return;
    switch (message.type) {
      case 'panel':
        if (this.state.panelId !== message.panelId) this.saveState({ panelId: message.panelId });
        return;
      case 'loading':
        this.status.empty.hidden = true;
        this.status.showLoading(message.fileName, message.stage, message.percent);
        return;
      case 'error':
        this.status.empty.hidden = true;
        this.status.showError(message.message, message.location, { cancelled: message.cancelled, canRetry: message.canRetry });
        this.controls.rescoreFailed();
        return;
      case 'result':
        this.resultStarted = performance.now();
        this.resultReceivedAt = Date.now();
        this.resultPacked = message.result.sessions.packed !== undefined;
        this.inflateMs = undefined;
        if (!message.result.sessions.packed) {
          this.showResult({ ...message.result, sessions: pageColumnsRestored(message.result.sessions) });
          return;
        }
        // A large result comes deflated: later messages wait until it is shown, so none applies to the result before it.
        // Whatever fails on the way is said in the panel, and the waiting messages are handled after it either way.
        this.unpacking = readySessions(message.result.sessions)
          .then((sessions) => {
            this.inflateMs = this.resultStarted === undefined ? undefined : performance.now() - this.resultStarted;
            this.showResult({ ...message.result, sessions });
          })
          .catch((err: unknown) => this.handle({ type: 'error', message: `The result could not be read: ${err instanceof Error ? err.message : String(err)}`, canRetry: true }));
        void this.unpacking.finally(() => this.drain());
        return;
      case 'details':
        this.onDetails(message);
        return;
      case 'revealed':
        if (message.runId === this.model?.result.runId) this.details.setRevealed(message.sessionId, message.position, message.total);
        return;
      case 'marks':
        this.marks = { filePath: message.filePath, list: message.marks };
        this.applyMarks();
        return;
      case 'insights':
        this.onInsights(message);
        return;
    }
  }

  /** The insights of the result shown (they follow a reference-ranked result): cells, kind filter, sort and colours follow. */
  private onInsights(message: Extract<Incoming, { type: 'insights' }>): void {
    const model = this.model;
    if (!model || model.result.runId !== message.runId || !model.result.insightsPending) return;
    delete model.result.insightsPending;
    if (message.columns) Object.assign(model.result.sessions, message.columns);
    else model.result.insightsError = message.error;
    this.summary.render(model);
    this.table.insightsChanged();
    // The chart depends on insights only when coloured by them or filtered by their kind.
    const mode = this.colourMode();
    if (mode === 'insight' || this.table.kind !== '') {
      renderLegend(this.legend, model, mode, (m, g) => this.timeline.colourOfGroup(m, g));
      this.timeline.setView({ model, bound: this.bound(), mode, selected: this.selected, filter: combinedFilter(model, this.state.filter ?? '', this.table.kind) });
    }
  }

  // ---- result -----------------------------------------------------------

  private showResult(result: PanelResult): void {
    if (this.state.filePath !== undefined && this.state.filePath !== result.summary.filePath) {
      // Another file: its session ids and likelihoods mean nothing here.
      this.state = { ...this.state, upperBound: null, selected: null, filter: '' };
    }
    const model = buildModel(result);
    this.model = model;
    // By identity: ids and ranks change with the settings, and a session of another user must never come back selected.
    const wanted = this.state.selected;
    this.selected = wanted ? findSession(model, wanted) : null;
    this.saveState({ filePath: result.summary.filePath, selected: this.selected === null ? null : wanted });
    this.status.clearBanners();
    this.status.empty.hidden = true;
    this.resultView.hidden = false;
    const bound = this.bound();
    this.summary.render(model);
    this.controls.sync(model, bound, this.colourMode());
    renderLegend(this.legend, model, this.colourMode(), (m, g) => this.timeline.colourOfGroup(m, g));
    this.markCodes = this.marksFor(model);
    this.table.setModel(model, bound, this.state.filter ?? '', this.selected, this.markCodes);
    this.showMarkBar();
    this.timeline.setView({ model, bound, mode: this.colourMode(), selected: this.selected, filter: combinedFilter(model, this.state.filter ?? '', this.table.kind) });
    if (this.selected === null) this.details.showPlaceholder();
    else this.requestDetails(this.selected);
  }

  /** Whether the last result came packed, and how long inflating it took (said with "rendered"). */
  private resultPacked = false;
  private inflateMs: number | undefined;
  /** When the last result message began to be handled (its draw time goes back with "rendered"). */
  private resultStarted: number | undefined;
  /** The same moment by the clock (epoch ms), which the host's clock can be set against on one machine. */
  private resultReceivedAt: number | undefined;

  /** The chart has drawn a run: tell the host once, with the page's draw time, which ends its progress notification. */
  private onRendered(runId: number): void {
    if (document.body.dataset.renderedRun === String(runId)) return;
    document.body.dataset.renderedRun = String(runId);
    const drawMs = this.resultStarted === undefined ? undefined : performance.now() - this.resultStarted;
    this.resultStarted = undefined;
    // When the page drew it, for the end-to-end tier's command-to-panel time (the test's own polling notices it later).
    performance.clearMarks(RENDERED_MARK);
    performance.mark(RENDERED_MARK, { detail: { runId } });
    this.vscode.postMessage({
      type: 'rendered',
      runId,
      drawMs,
      inflateMs: this.inflateMs,
      sessions: this.model?.count,
      packed: this.resultPacked,
      receivedAt: this.resultReceivedAt,
      drawnAt: Date.now(),
    });
  }

  private bound(): number | null {
    return this.state.upperBound ?? null;
  }

  private colourMode(): ColourMode {
    return this.state.colorBy ?? 'user';
  }

  // ---- selection and requests -------------------------------------------

  private select(index: number, how: { reveal?: boolean; scrollTable?: boolean } = {}): void {
    const model = this.model;
    if (!model) return;
    const changed = index !== this.selected;
    this.selected = index;
    this.saveState({ selected: sessionIdentity(model, index) });
    this.markBar.show(MARK_CODES[this.markCodes[index]] ?? null);
    if (changed) {
      this.table.setSelected(index, how.scrollTable !== false);
      this.timeline.setSelected(index);
      this.requestDetails(index);
    }
    if (how.reveal) this.reveal('window');
  }

  // ---- marks --------------------------------------------------------------

  /** Asks the host to mark a session (null clears); the host's `marks` reply updates the table and details. */
  private setMark(index: number, mark: SessionMark | null): void {
    const model = this.model;
    if (!model) return;
    this.vscode.postMessage({ type: 'setMark', runId: model.result.runId, sessionId: model.result.sessions.id[index], mark });
  }

  /** The marks this page knows for the sessions of `model`'s file. */
  private marksFor(model: ResultModel): Uint8Array {
    // Marks of another file (a reply racing a new result) never land on this one's sessions.
    const list = this.marks.filePath === model.result.summary.filePath ? this.marks.list : [];
    return marksOf(model, list);
  }

  private applyMarks(): void {
    const model = this.model;
    if (!model) return;
    this.markCodes = this.marksFor(model);
    this.table.setMarks(this.markCodes);
    this.showMarkBar();
  }

  /** The mark bar of the selected session (none selected: hidden). */
  private showMarkBar(): void {
    this.markBar.show(this.selected === null ? undefined : (MARK_CODES[this.markCodes[this.selected]] ?? null));
  }

  private requestDetails(index: number): void {
    const model = this.model;
    if (!model) return;
    this.detailsRequest++;
    this.details.showLoading();
    this.vscode.postMessage({
      type: 'details',
      requestId: this.detailsRequest,
      runId: model.result.runId,
      sessionId: model.result.sessions.id[index],
    });
  }

  private onDetails(message: Extract<ToWebview, { type: 'details' }>): void {
    // Replies to superseded requests arrive late when the user clicks quickly.
    if (message.requestId !== this.detailsRequest || !this.model) return;
    if (message.details === null) {
      this.details.showError(message.error ?? 'The session is no longer available; rescore the file.');
      return;
    }
    this.details.show(message.details, this.model.result.userColumns);
  }

  private reveal(scope: 'window' | 'session'): void {
    const model = this.model;
    if (!model || this.selected === null) return;
    this.vscode.postMessage({ type: 'reveal', runId: model.result.runId, sessionId: model.result.sessions.id[this.selected], scope });
  }

  private revealInsight(insight: number): void {
    const model = this.model;
    if (!model || this.selected === null) return;
    this.vscode.postMessage({ type: 'reveal', runId: model.result.runId, sessionId: model.result.sessions.id[this.selected], scope: 'insight', insight });
  }

  private rescore(options: PanelScoreOptions): void {
    if (!this.model) return;
    this.vscode.postMessage({ type: 'rescore', runId: this.model.result.runId, options });
  }

  // ---- view settings ------------------------------------------------------

  private setBound(bound: number | null): void {
    this.saveState({ upperBound: bound });
    this.table.setBound(bound);
    this.timeline.setBound(bound);
  }

  private setColourMode(mode: ColourMode): void {
    this.saveState({ colorBy: mode });
    this.timeline.setColourMode(mode);
    if (this.model) renderLegend(this.legend, this.model, mode, (m, g) => this.timeline.colourOfGroup(m, g));
  }

  private onThemeChange(): void {
    this.timeline.refreshTheme();
    if (this.model) renderLegend(this.legend, this.model, this.colourMode(), (m, g) => this.timeline.colourOfGroup(m, g));
  }

  private saveState(patch: Partial<PanelState>): void {
    this.state = { ...this.state, ...patch };
    this.vscode.setState(this.state);
  }
}

/** A link shown only while it has keyboard focus, that moves the focus past the chart. */
function skipLink(label: string, testId: string, go: () => void): HTMLElement {
  const a = h('a', { class: 'skip-link', href: '#', 'data-testid': testId }, label);
  a.addEventListener('click', (e) => {
    e.preventDefault();
    go();
  });
  return a;
}

function isToWebview(data: unknown): data is ToWebview {
  return typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string';
}

function start(): void {
  const root = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));
  const vscode = getVsCodeApi();
  const app = new App(root, vscode);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isToWebview(event.data)) app.receive(event.data);
  });
  vscode.postMessage({ type: 'ready' });
}

start();
