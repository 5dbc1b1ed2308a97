// Opens VS Code's real web workbench (served by server.mjs) in headless
// Chromium as an extension development window, for both the integration tier
// (with an extensionTestsPath: a Mocha run inside the extension host) and the
// e2e tier (Playwright drives the UI).
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from '../../test/support/browser.mjs';
import { startServer, tail } from './server.mjs';

/** A fresh folder for one job: server data, logs, screenshots. Under $SESSIONSCOPE_TEST_JOBS or the temp dir. */
export function makeJobDir(prefix) {
  const base = process.env.SESSIONSCOPE_TEST_JOBS || join(tmpdir(), 'sessionscope-vscode-jobs');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${prefix}-`));
}

/** The workbench URL that opens `workspace` with the extension under development (and optionally its tests). */
export function workbenchUrl({ origin, workspace, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://${origin}${resolve(p)}`;
  const payload = [['extensionDevelopmentPath', remote(extensionDevelopmentPath)]];
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const params = new URLSearchParams();
  if (workspace) {
    const abs = resolve(workspace);
    params.set(abs.endsWith('.code-workspace') ? 'workspace' : 'folder', abs);
  }
  params.set('payload', JSON.stringify(payload));
  return `http://${origin}/?${params}`;
}

// The workbench's logger prints both its own log and the extension host's
// console (forwarded while extension tests run) as
// console.log('%c INFO', '<css>', fmt, ...args). Nothing marks which side a
// line came from, so the workbench's own routine lines, known noise on an
// offline machine, are kept out of stdout (they still go to the console log).
const STYLED_PREFIX = /^%c\s*/;
const WORKBENCH_NOISE = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket \(renderer-/,
  /^Updating additional builtin extensions cache/,
  /^ChatSessionStore:/,
  /^Creation of workbench contribution '.*' took \d+ms/,
  /^\[Service Worker\]/,
  /ENOTFOUND|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|extensionquery|gallery/i,
  /vsda/,
];

async function formatConsole(msg) {
  let values;
  try {
    values = await Promise.all(msg.args().map((a) => a.jsonValue()));
  } catch {
    return { text: msg.text(), relay: false };
  }
  if (values.length >= 2 && typeof values[0] === 'string' && STYLED_PREFIX.test(values[0])) {
    const label = values[0].replace(STYLED_PREFIX, '').trim();
    const rest = values.slice(2);
    const body = rest.length ? format(...rest) : '';
    const relay = !WORKBENCH_NOISE.some((re) => re.test(body));
    return { text: /^(INFO|LOG)$/.test(label) ? body : `${label} ${body}`, relay, label };
  }
  return { text: values.length ? format(...values) : msg.text(), relay: false };
}

/**
 * Starts a server and a browser, opens the workbench and returns handles for the caller
 * (the e2e tier). Console output of the extension host goes to `onExtensionHostLine`,
 * everything else to <jobDir>/workbench-console.log.
 */
export async function openWorkbench({
  workspace,
  extensionDevelopmentPath,
  extensionTestsPath,
  jobDir = makeJobDir('workbench'),
  settings,
  env,
  onExtensionHostLine = (line) => process.stdout.write(`${line}\n`),
  onAutomationExit,
  viewport = { width: 1400, height: 900 },
}) {
  const server = await startServer({ jobDir, settings, env });
  let browser;
  try {
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    // No Playwright action may wait forever: a hung click must fail the test with a message.
    page.setDefaultTimeout(30_000);
    const consoleLog = join(jobDir, 'workbench-console.log');
    page.on('console', async (msg) => {
      const { text, relay, label } = await formatConsole(msg);
      appendFileSync(consoleLog, `[${msg.type()}${label ? ` ${label}` : ''}] ${text}\n`);
      if (relay) onExtensionHostLine(text);
    });
    page.on('pageerror', (err) => appendFileSync(consoleLog, `[pageerror] ${err.stack || err}\n`));
    // The workbench calls this when the extension tests settle: 0 passed, 1 failed.
    await page.exposeFunction('codeAutomationExit', (code) => onAutomationExit?.(Number(code)));
    const url = workbenchUrl({ origin: server.origin, workspace, extensionDevelopmentPath, extensionTestsPath });
    appendFileSync(consoleLog, `[harness] opening ${url}\n`);
    await page.goto(url);
    const close = async () => {
      await browser.close().catch(() => {});
      await server.stop();
    };
    return { page, context, browser, server, jobDir, url, consoleLog, close };
  } catch (err) {
    await browser?.close().catch(() => {});
    await server.stop();
    throw err;
  }
}

/**
 * Runs an extension's Mocha suite (extensionTestsPath's run()) in the real workbench.
 * Resolves to the exit code the workbench reports (0 = all passed). Keeps the job folder
 * (server log, console log, screenshot) when the run fails, and says where it is.
 */
export async function runExtensionTests({ extensionDevelopmentPath, extensionTestsPath, workspace, env, timeoutMs }) {
  const limit = timeoutMs ?? Number(process.env.SESSIONSCOPE_TEST_TIMEOUT_MS || 10 * 60_000);
  const jobDir = makeJobDir('integration');
  const started = Date.now();
  let settle;
  const exitCode = new Promise((r) => { settle = r; });
  let wb;
  let code;
  try {
    wb = await openWorkbench({ workspace, extensionDevelopmentPath, extensionTestsPath, jobDir, env, onAutomationExit: (c) => settle(c) });
    let timer;
    const timeout = new Promise((r) => { timer = setTimeout(() => r('timeout'), limit); });
    const crashed = new Promise((r) => wb.page.once('crash', () => r('crash')));
    code = await Promise.race([exitCode, timeout, crashed]);
    clearTimeout(timer);
    if (code === 'timeout' || code === 'crash') {
      process.stderr.write(
        code === 'timeout'
          ? `\nThe extension tests did not finish within ${limit / 1000} s (no codeAutomationExit from the workbench).\n`
          : '\nThe workbench page crashed before the extension tests finished.\n',
      );
      code = 1;
    }
    if (code !== 0) await wb.page.screenshot({ path: join(jobDir, 'failure.png') }).catch(() => {});
  } catch (err) {
    process.stderr.write(`\nCould not run the extension tests in the workbench: ${err.stack || err}\n`);
    code = 1;
  } finally {
    await wb?.close();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (code === 0 && !process.env.SESSIONSCOPE_KEEP_JOBS) {
    rmSync(jobDir, { recursive: true, force: true });
  } else {
    process.stderr.write(
      `\nworkbench run exited ${code} after ${seconds} s; kept logs in ${jobDir}\n` +
        `  server log:  ${join(jobDir, 'server.log')}\n` +
        `  console log: ${join(jobDir, 'workbench-console.log')}\n` +
        (code !== 0 ? `  screenshot:  ${join(jobDir, 'failure.png')}\n` : '') +
        (code !== 0 ? `--- last server log lines ---\n${tail(join(jobDir, 'server.log'), 15)}\n` : ''),
    );
  }
  return code;
}
