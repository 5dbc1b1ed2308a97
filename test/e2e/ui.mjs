import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Small, condition-based helpers for driving VS Code's real workbench with
// Playwright. Nothing here sleeps for a fixed time: every wait polls a
// condition until a deadline and fails with a message that says what was
// expected and what was seen.

/** An error that ends a waitUntil at once instead of being retried. */
export function fatal(message) {
  return Object.assign(new Error(message), { fatal: true });
}

/** Polls `probe` until it returns a truthy value; throws `message()` (with the last value seen) on timeout. */
export async function waitUntil(probe, { timeout = 30_000, interval = 200, message = () => 'condition not met' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (err) {
      if (err.fatal) throw err; // the probe saw a definite failure: no point waiting on
      lastError = err;
    }
    if (Date.now() > deadline) {
      const seen = lastError ? ` (last error: ${lastError.message.split('\n')[0]})` : last !== undefined ? ` (last seen: ${JSON.stringify(last)})` : '';
      throw new Error(`${message(last)} within ${timeout / 1000} s${seen}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

export async function waitForWorkbench(page, fileName) {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 }).catch(() => {
    throw new Error('the VS Code workbench (.monaco-workbench) did not appear within 60 s');
  });
  if (fileName) await explorerRow(page, fileName).waitFor({ state: 'visible', timeout: 60_000 }).catch(() => {
    throw new Error(`the Explorer did not show ${fileName} within 60 s`);
  });
}

/**
 * Waits until the window's extension host has started and activated its eager extensions, as in a
 * window that has finished opening. The workbench shows seconds before that on this machine; a
 * command run earlier first waits for the extension host to start. Reads the host's log in the
 * server's user data (`<jobDir>/user-data/logs/<session>/exthost<N>/remoteexthost.log`).
 */
export async function waitForExtensionHost(jobDir, { timeout = 60_000 } = {}) {
  const logs = join(jobDir, 'user-data', 'logs');
  const ready = () => {
    if (!existsSync(logs)) return false;
    for (const session of readdirSync(logs)) {
      for (const host of readdirSync(join(logs, session)).filter((d) => /^exthost\d+$/.test(d))) {
        const log = join(logs, session, host, 'remoteexthost.log');
        if (existsSync(log) && readFileSync(log, 'utf8').includes('Eager extensions activated')) return true;
      }
    }
    return false;
  };
  await waitUntil(ready, { timeout, message: () => `the extension host did not report "Eager extensions activated" in ${logs}` });
}

export function explorerRow(page, fileName) {
  return page.locator(`.explorer-folders-view .monaco-list-row[aria-label=${JSON.stringify(fileName)}]`);
}

const quickInput = (page) => page.locator('.quick-input-widget');
const quickInputBox = (page) => page.locator('.quick-input-widget .quick-input-box input');

/**
 * Runs a command from the command palette by its full title ("Category: Title").
 * Returns the attempts it took and `ranAt` and `ranAtEpochMs`, performance.now() and
 * Date.now() just before the click that ran the command.
 * A palette opened before the extension's contributions load never refreshes, so
 * close it and open it again until the row appears.
 */
export async function runFromPalette(page, title, { timeout = 60_000 } = {}) {
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', {
    has: page.locator('.label-name', { hasText: title }),
  });
  const deadline = Date.now() + timeout;
  let attempts = 0;
  while (Date.now() < deadline) {
    attempts++;
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await quickInputBox(page).waitFor({ state: 'visible', timeout: 10_000 });
    await quickInputBox(page).fill(`>${title}`);
    try {
      await row.first().waitFor({ state: 'visible', timeout: 3_000 });
    } catch {
      continue; // not listed yet: reopen the palette
    }
    const ranAt = performance.now();
    const ranAtEpochMs = Date.now();
    await row.first().click();
    await quickInput(page).waitFor({ state: 'hidden', timeout: 10_000 });
    return { attempts, ranAt, ranAtEpochMs };
  }
  const listed = await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts().catch(() => []);
  await page.keyboard.press('Escape');
  throw new Error(
    `the command palette never listed "${title}" after ${attempts} attempts in ${timeout / 1000} s ` +
      `(is it declared in package.json contributes.commands?); rows shown: ${JSON.stringify(listed.slice(0, 8))}`,
  );
}

/**
 * Reloads the window the way VS Code does ("Developer: Reload Window") and waits for the new
 * page's load event. The workbench first writes its UI state (open editors, webviews' saved
 * state) to the browser's storage and only then reloads. A bare page.reload() is the browser's
 * own reload: the web workbench starts that write on 'beforeunload' without waiting for it, so
 * what it restores afterwards (nothing, or an older state) depends on a race with IndexedDB.
 */
export async function reloadWindow(page, { timeout = 60_000 } = {}) {
  const loaded = page.waitForEvent('load', { timeout }).catch(() => {
    throw new Error(`the workbench page did not reload within ${timeout / 1000} s of "Developer: Reload Window"`);
  });
  await runFromPalette(page, 'Developer: Reload Window');
  await loaded;
}

/** Opens a file from the Explorer and waits until it is the active editor tab. */
export async function openFromExplorer(page, fileName) {
  await explorerRow(page, fileName).dblclick();
  await waitUntil(async () => (await activeTab(page).innerText().catch(() => '')).includes(fileName), {
    timeout: 20_000,
    message: () => `${fileName} did not become the active editor tab after double-clicking it in the Explorer`,
  });
}

/** If a file picker (VS Code's simple file dialog) is open, enters `path` in it and accepts. */
export async function answerFileDialog(page, path) {
  const box = quickInputBox(page);
  if (!(await box.isVisible().catch(() => false))) return false;
  await box.fill(path);
  await page.keyboard.press('Enter');
  return true;
}

/** Right-clicks a file in the Explorer and picks a context-menu entry by its label. */
export async function runFromExplorerMenu(page, fileName, label, { timeout = 30_000 } = {}) {
  const item = page.locator('.context-view .monaco-menu .action-item .action-label', { hasText: label });
  await waitUntil(
    async () => {
      await page.keyboard.press('Escape');
      await explorerRow(page, fileName).click({ button: 'right' });
      try {
        await item.first().waitFor({ state: 'visible', timeout: 3_000 });
        return true;
      } catch {
        return false;
      }
    },
    { timeout, interval: 100, message: () => `the Explorer context menu of ${fileName} has no "${label}" entry (is it in contributes.menus["explorer/context"]?)` },
  );
  // A click that lands while the menu is still settling only highlights the entry:
  // then accept the highlighted entry with Enter.
  const menu = page.locator('.context-view .monaco-menu');
  await item.first().click();
  if (await menu.waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false)) return;
  await item.first().hover();
  await page.keyboard.press('Enter');
  await menu.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {
    throw new Error(`the Explorer context menu stayed open after choosing "${label}"`);
  });
}

/** The webview's own document: the workbench nests it in two iframes. */
export function webview(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** The editor tab of a file (exact name, so "Sessionscope: <file>" panels do not match). */
export function editorTab(page, fileName) {
  const exact = new RegExp(`^${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return page.locator('.tabs-container .tab', { has: page.locator('.label-name', { hasText: exact }) });
}

export function activeTab(page) {
  return page.locator('.editor-group-container.active .tab.active');
}

/** Parses the status bar's selection entry: "Ln 5, Col 10 (9 selected)" or "3 selections (42 characters selected)". */
export function parseSelectionStatus(text) {
  const single = /Ln (\d+), Col (\d+)(?: \((\d+) selected\))?/.exec(text);
  if (single) return { selections: 1, line: Number(single[1]), column: Number(single[2]), selected: Number(single[3] ?? 0) };
  const multi = /(\d+) selections(?: \((\d+) characters selected\))?/.exec(text);
  if (multi) return { selections: Number(multi[1]), selected: Number(multi[2] ?? 0) };
  return undefined;
}

/**
 * Waits for a quick pick or input box whose title contains `titlePart`, types
 * `text` into it when given (replacing the proposed value), and accepts it with Enter.
 * Returns the title it had.
 */
export async function answerQuickInput(page, titlePart, text, { timeout = 30_000 } = {}) {
  const title = page.locator('.quick-input-widget .quick-input-title');
  await waitUntil(async () => (await quickInput(page).isVisible()) && (await title.innerText()).includes(titlePart), {
    timeout,
    message: () => `no quick input titled "…${titlePart}…" appeared`,
  });
  const shown = (await title.innerText()).trim();
  if (text !== undefined) await quickInputBox(page).fill(text);
  await page.keyboard.press('Enter');
  // The next step reuses the widget: wait until this title is gone.
  await waitUntil(async () => !(await quickInput(page).isVisible()) || !(await title.innerText()).includes(titlePart), {
    timeout: 10_000,
    message: () => `the quick input "…${titlePart}…" did not accept Enter`,
  });
  return shown;
}
