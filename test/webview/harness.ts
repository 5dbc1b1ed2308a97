// Serves the panel exactly as the extension host builds it (renderPanelHtml +
// the esbuild bundle) from 127.0.0.1, opens it in headless Chromium with a
// stand-in for acquireVsCodeApi, and talks to it the way VS Code does.
//
// Test files import `test` (and `expect` if they like) from here, not from
// @playwright/test: this `test` fails every test whose panel pages saw an
// uncaught error or a console error, and offers the `panels` fixture
// (`test('…', async ({ panels }) => { const panel = await panels.open(); … })`).
// The older per-file helpers (panelFixture(), startServer + launchBrowser +
// openPanel in test.beforeAll) still work with it. See docs/testing.md.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { test as base, type Browser, type Page } from '@playwright/test';
import type { FromWebview, PanelState, ToWebview } from '../../src/protocol';
import { renderPanelHtml } from '../../src/webviewHtml';
import type {} from '../../webview/testHooks';
import type { TimelineSnapshot } from '../../webview/timeline';
import { launchBrowser } from '../support/browser.mjs';

declare global {
  interface Window {
    __posted: FromWebview[];
    __state: PanelState | undefined;
    __dialogs: number;
    __cspViolations: string[];
    __pwned?: number;
  }
}

const DIST = resolve('dist');
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml' };

export interface PanelServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves /panel.html (a fresh nonce per request, like the host) and /dist/*. */
export async function startServer(extraPages: Record<string, string> = {}): Promise<PanelServer> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    void (async () => {
      if (url.pathname === '/panel.html') {
        const nonce = randomBytes(16).toString('base64url');
        const [script, style] = await Promise.all([readFile(join(DIST, 'webview.js'), 'utf8'), readFile(join(DIST, 'webview.css'), 'utf8')]);
        const html = renderPanelHtml({
          script,
          style,
          distUri: `${origin}/dist`,
          cspSource: origin,
          nonce,
          testHooks: true,
        });
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
        return;
      }
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204).end();
        return;
      }
      if (extraPages[url.pathname] !== undefined) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(extraPages[url.pathname]);
        return;
      }
      const file = normalize(join(DIST, url.pathname.replace(/^\/dist\//, '')));
      if (!url.pathname.startsWith('/dist/') || !file.startsWith(DIST)) {
        res.writeHead(404).end();
        return;
      }
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise((done) => server.close(() => done())) };
}

export { launchBrowser };

/** VS Code's theme variables, a representative subset (dark and light). */
export const DARK_THEME: Record<string, string> = {
  '--vscode-font-family': '-apple-system, BlinkMacSystemFont, "Segoe UI", Ubuntu, "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': '"Droid Sans Mono", "monospace", monospace',
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-editor-foreground': '#cccccc',
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-panel-border': '#2b2b2b',
  '--vscode-editorWidget-border': '#313131',
  '--vscode-list-activeSelectionBackground': '#04395e',
  '--vscode-list-activeSelectionForeground': '#ffffff',
  '--vscode-list-inactiveSelectionBackground': '#37373d',
  '--vscode-list-hoverBackground': '#2a2d2e',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
  '--vscode-input-background': '#313131',
  '--vscode-input-foreground': '#cccccc',
  '--vscode-input-border': '#3c3c3c',
  '--vscode-dropdown-background': '#313131',
  '--vscode-dropdown-foreground': '#cccccc',
  '--vscode-dropdown-border': '#3c3c3c',
  '--vscode-checkbox-background': '#313131',
  '--vscode-checkbox-border': '#3c3c3c',
  '--vscode-settings-dropdownBackground': '#313131',
  '--vscode-settings-dropdownBorder': '#3c3c3c',
  '--vscode-settings-checkboxBackground': '#313131',
  '--vscode-textLink-foreground': '#4daafc',
  '--vscode-errorForeground': '#f85149',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-terminal-ansiCyan': '#11a8cd',
  '--vscode-terminal-ansiMagenta': '#bc3fbc',
  '--vscode-editorHoverWidget-background': '#202020',
  '--vscode-editorHoverWidget-border': '#454545',
  '--vscode-editor-findMatchHighlightBackground': 'rgba(234, 92, 0, 0.33)',
  '--vscode-editorLineNumber-foreground': '#6e7681',
  '--vscode-progressBar-background': '#0078d4',
  '--vscode-keybindingTable-headerBackground': 'rgba(204, 204, 204, 0.04)',
};

export const LIGHT_THEME: Record<string, string> = {
  ...DARK_THEME,
  '--vscode-editor-background': '#ffffff',
  '--vscode-editor-foreground': '#3b3b3b',
  '--vscode-foreground': '#3b3b3b',
  '--vscode-descriptionForeground': '#717171',
  '--vscode-panel-border': '#e5e5e5',
  '--vscode-editorWidget-border': '#e5e5e5',
  '--vscode-list-activeSelectionBackground': '#e8e8e8',
  '--vscode-list-activeSelectionForeground': '#000000',
  '--vscode-list-inactiveSelectionBackground': '#e4e6f1',
  '--vscode-list-hoverBackground': '#f2f2f2',
  '--vscode-charts-blue': '#1a85ff',
  '--vscode-charts-red': '#e51400',
  '--vscode-editorHoverWidget-background': '#f8f8f8',
  '--vscode-editorHoverWidget-foreground': '#3b3b3b',
  '--vscode-editorHoverWidget-border': '#c8c8c8',
  '--vscode-button-secondaryBackground': '#e5e5e5',
  '--vscode-button-secondaryForeground': '#3b3b3b',
  '--vscode-input-background': '#ffffff',
  '--vscode-input-foreground': '#3b3b3b',
  '--vscode-input-border': '#cecece',
  '--vscode-dropdown-background': '#ffffff',
  '--vscode-dropdown-foreground': '#3b3b3b',
  '--vscode-dropdown-border': '#cecece',
  '--vscode-checkbox-background': '#f8f8f8',
  '--vscode-checkbox-border': '#cecece',
  '--vscode-settings-checkboxBackground': '#f8f8f8',
  '--vscode-settings-dropdownBackground': '#ffffff',
  '--vscode-settings-dropdownBorder': '#cecece',
  '--vscode-textLink-foreground': '#005fb8',
  '--vscode-editor-findMatchHighlightBackground': 'rgba(234, 92, 0, 0.22)',
  '--vscode-editorLineNumber-foreground': '#6e7681',
  '--vscode-keybindingTable-headerBackground': 'rgba(59, 59, 59, 0.04)',
};

export interface OpenOptions {
  initialState?: PanelState;
  theme?: { vars: Record<string, string>; bodyClass: string };
  viewport?: { width: number; height: number };
}

/** Pages opened by openPanel and not closed yet, and those closed since the last check: `failOnPageErrors` checks them after every test. */
const openPages = new Set<PanelPage>();
const closedDuringTest: PanelPage[] = [];

/** The panel in a page, with helpers that speak the protocol. */
export class PanelPage {
  readonly errors: string[] = [];
  /** How many of `errors` the hook has already reported. */
  private reported = 0;
  dialogs = 0;

  /** Errors not reported yet by the after-each hook. */
  takeErrors(): string[] {
    const fresh = this.errors.slice(this.reported);
    this.reported = this.errors.length;
    return fresh;
  }

  constructor(readonly page: Page) {
    page.on('pageerror', (e) => this.errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(m.text());
    });
    page.on('dialog', (d) => {
      this.dialogs++;
      void d.dismiss();
    });
  }

  /**
   * Posts like VS Code does: JSON text crosses to the page much faster than
   * Playwright's own serialisation, and typed arrays (a result's session
   * columns) arrive as typed arrays of the same kind, as VS Code delivers them.
   */
  async send(message: ToWebview & { seq?: number }): Promise<void> {
    // window.postMessage dispatches in a later task: resolve only once the
    // event has reached a listener added after the panel's own, so the panel
    // has handled it (its handler is synchronous) before the test looks.
    await this.page.evaluate(
      (json) =>
        new Promise<void>((resolve) => {
          const after = (): void => {
            window.removeEventListener('message', after);
            resolve();
          };
          window.addEventListener('message', after);
          window.postMessage(JSON.parse(json, (window as unknown as { __reviveTyped: (k: string, v: unknown) => unknown }).__reviveTyped), '*');
        }),
      toPageJson(message),
    );
  }

  posted(): Promise<FromWebview[]> {
    return this.page.evaluate(() => window.__posted);
  }

  async clearPosted(): Promise<void> {
    await this.page.evaluate(() => {
      window.__posted.length = 0;
    });
  }

  /** Waits until the panel has posted a message of this type, and returns the last one. */
  async waitForPosted<T extends FromWebview['type']>(type: T): Promise<Extract<FromWebview, { type: T }>> {
    await this.page.waitForFunction((t) => window.__posted.some((m) => m.type === t), type, { timeout: 10_000 });
    const all = await this.posted();
    return all.filter((m): m is Extract<FromWebview, { type: T }> => m.type === type).pop() as Extract<FromWebview, { type: T }>;
  }

  state(): Promise<PanelState | undefined> {
    return this.page.evaluate(() => window.__state);
  }

  snapshot(): Promise<TimelineSnapshot> {
    return this.page.evaluate(() => {
      const hooks = window.__sessionscope;
      if (!hooks) throw new Error('panel test hooks missing');
      return hooks.timeline();
    });
  }

  async waitForRender(runId: number): Promise<void> {
    await this.page.waitForFunction((id) => document.body.dataset.renderedRun === String(id), runId, { timeout: 20_000 });
  }

  /**
   * Posts a result and returns the milliseconds from postMessage until the
   * chart has drawn it and the browser has reached the next frame. The JSON is
   * parsed in the page first, so only the panel's own work (and the message
   * clone VS Code also pays) is timed.
   */
  async timeResult(message: Extract<ToWebview, { type: 'result' }>): Promise<number> {
    await this.page.evaluate((json) => {
      (window as unknown as { __pending: unknown }).__pending = JSON.parse(json, (window as unknown as { __reviveTyped: (k: string, v: unknown) => unknown }).__reviveTyped);
    }, toPageJson(message));
    return this.page.evaluate(async (runId) => {
      const pending = (window as unknown as { __pending: unknown }).__pending;
      const t0 = performance.now();
      window.postMessage(pending, '*');
      await new Promise<void>((done) => {
        const check = (): void => {
          if (document.body.dataset.renderedRun === String(runId)) requestAnimationFrame(() => done());
          else setTimeout(check, 2);
        };
        check();
      });
      return performance.now() - t0;
    }, message.result.runId);
  }

  cspViolations(): Promise<string[]> {
    return this.page.evaluate(() => window.__cspViolations);
  }

  async applyTheme(theme: { vars: Record<string, string>; bodyClass: string }): Promise<void> {
    await this.page.evaluate((t) => {
      for (const [k, v] of Object.entries(t.vars)) document.documentElement.style.setProperty(k, v);
      document.body.className = t.bodyClass;
    }, theme);
  }
}

/** JSON with typed arrays tagged by kind (NaN as null), for reviveTyped in the page. */
export function toPageJson(message: unknown): string {
  return JSON.stringify(message, (_key, value: unknown) =>
    ArrayBuffer.isView(value) && !(value instanceof DataView)
      ? { __typed: value.constructor.name, values: Array.from(value as unknown as ArrayLike<number>) }
      : value instanceof ArrayBuffer
        ? { __typed: 'ArrayBuffer', values: Array.from(new Uint8Array(value)) }
        : value,
  );
}

/** The page side of toPageJson: window.__reviveTyped, a JSON.parse reviver (installed before the panel loads). */
function installTypedReviver(): void {
  const kinds: Record<string, { from(a: ArrayLike<number>): unknown }> = { Int32Array, Uint32Array, Float64Array, Float32Array, Uint8Array, Int16Array, Uint16Array, Int8Array };
  (window as unknown as { __reviveTyped: (k: string, v: unknown) => unknown }).__reviveTyped = (_key, value) => {
    const tagged = value as { __typed?: string; values?: (number | null)[] } | null;
    if (tagged === null || typeof tagged !== 'object' || typeof tagged.__typed !== 'string' || !Array.isArray(tagged.values)) return value;
    if (tagged.__typed === 'ArrayBuffer') return Uint8Array.from(tagged.values as number[]).buffer;
    const kind = kinds[tagged.__typed];
    return kind ? kind.from(tagged.values.map((x) => x ?? Number.NaN)) : value;
  };
}

/** Installs the acquireVsCodeApi stand-in before any page script runs. */
function installVsCodeStub(initialState: PanelState | undefined): void {
  window.__posted = [];
  window.__state = initialState;
  window.__dialogs = 0;
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  let acquired = false;
  Object.defineProperty(window, 'acquireVsCodeApi', {
    value: () => {
      // VS Code allows one acquisition per page; a second one is a bug.
      if (acquired) throw new Error('acquireVsCodeApi called twice');
      acquired = true;
      return {
        postMessage: (m: FromWebview) => window.__posted.push(JSON.parse(JSON.stringify(m)) as FromWebview),
        getState: () => window.__state,
        setState: (s: PanelState) => {
          window.__state = JSON.parse(JSON.stringify(s)) as PanelState;
          return s;
        },
      };
    },
  });
}

export async function openPanel(browser: Browser, server: PanelServer, options: OpenOptions = {}): Promise<PanelPage> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 860 } });
  const page = await context.newPage();
  const panel = new PanelPage(page);
  openPages.add(panel);
  await page.addInitScript(installTypedReviver);
  await page.addInitScript(installVsCodeStub, options.initialState);
  await page.goto(`${server.origin}/panel.html`);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  await panel.applyTheme(options.theme ?? { vars: DARK_THEME, bodyClass: 'vscode-dark' });
  return panel;
}

export async function closePanel(panel: PanelPage): Promise<void> {
  if (openPages.delete(panel)) closedDuringTest.push(panel);
  await panel.page.context().close();
}

/**
 * The hooks a panel test file needs: one server and browser for the file,
 * and every panel opened through `open` closed after its test. Call it inside
 * a test.describe (the `panels` fixture below does the same per test).
 */
export function panelFixture(): { open: (options?: OpenOptions) => Promise<PanelPage> } {
  let browser: Browser | undefined;
  let server: PanelServer | undefined;
  const opened: PanelPage[] = [];
  base.beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  base.afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  base.afterEach(async () => {
    // Every test doubles as a CSP check (page errors: the automatic fixture below).
    const violations: string[] = [];
    for (const p of opened.splice(0)) {
      violations.push(...(await p.cspViolations()));
      await closePanel(p);
    }
    assert.deepEqual(violations, [], 'CSP violations');
  });
  return {
    open: async (options = {}) => {
      const p = await openPanel(browser!, server!, options);
      opened.push(p);
      return p;
    },
  };
}

export interface Panels {
  /** Opens the panel in a new browser context; closed again after the test. */
  open(options?: OpenOptions): Promise<PanelPage>;
}

/**
 * @playwright/test with the webview tier's fixtures:
 * - `browser` (worker): the Chromium test/support/browser.mjs finds and launches
 *   (its launch, never a test, is tried again when Chromium dies starting);
 * - `panelServer` (worker): the panel served as the host builds it;
 * - `panels` (test): open panels, closed after the test;
 * - `failOnPageErrors` (automatic): after every test, fails it on an uncaught
 *   error or console error in any panel page opened during it.
 */
export const test = base.extend<{ panels: Panels; failOnPageErrors: void }, { panelServer: PanelServer }>({
  browser: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function asks for from this pattern
    async ({}, use) => {
      const browser = (await launchBrowser()) as Browser;
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  panelServer: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function asks for from this pattern
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  panels: async ({ browser, panelServer }, use) => {
    const opened: PanelPage[] = [];
    await use({
      open: async (options = {}) => {
        const p = await openPanel(browser, panelServer, options);
        opened.push(p);
        return p;
      },
    });
    for (const p of opened) await closePanel(p);
  },
  failOnPageErrors: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function asks for from this pattern
    async ({}, use) => {
      await use();
      const errors = [...openPages, ...closedDuringTest.splice(0)].flatMap((p) => p.takeErrors());
      if (errors.length > 0) throw new Error(`uncaught errors in the panel page:\n${errors.join('\n')}`);
    },
    { auto: true },
  ],
});

export { expect } from '@playwright/test';
