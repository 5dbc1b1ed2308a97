// Finds a Chromium for the browser-based test tiers without downloading one
// at test time, in this order:
//   1. $SESSIONSCOPE_CHROMIUM (a path to a Chromium executable);
//   2. a system Chromium, unless SESSIONSCOPE_SKIP_SYSTEM_CHROMIUM=1;
//   3. the Chromium that the @sparticuz/chromium npm package ships compressed
//      in its tarball: installed into the test toolchain cache on first use
//      (see scripts/vscode-test/toolchain.mjs) and unpacked into the temp dir.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { ensureSparticuzChromium } from '../../scripts/vscode-test/toolchain.mjs';

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

// Without the background-networking flags Chromium keeps dialling hosts that
// this offline machine refuses, many at a time.
const QUIET_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const SPARTICUZ_LEAVE_OUT = new Set(['--single-process', '--disable-web-security', '--allow-running-insecure-content']);

async function loadSparticuz() {
  const dir = await ensureSparticuzChromium();
  const entry = join(dir, 'build', 'index.js');
  if (!existsSync(entry)) throw new Error(`@sparticuz/chromium is installed at ${dir} but has no ${entry}`);
  return (await import(pathToFileURL(entry).href)).default;
}

/** @returns {Promise<{ executablePath: string, args: string[], source: string }>} */
export async function resolveChromium() {
  const fromEnv = process.env.SESSIONSCOPE_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`SESSIONSCOPE_CHROMIUM=${fromEnv} does not exist`);
    return { executablePath: fromEnv, args: QUIET_ARGS, source: 'SESSIONSCOPE_CHROMIUM' };
  }
  if (process.env.SESSIONSCOPE_SKIP_SYSTEM_CHROMIUM !== '1') {
    for (const p of SYSTEM_CANDIDATES) if (existsSync(p)) return { executablePath: p, args: QUIET_ARGS, source: 'system' };
  }
  let sparticuz;
  try {
    sparticuz = await loadSparticuz();
  } catch (err) {
    throw new Error(
      `No Chromium found: set SESSIONSCOPE_CHROMIUM, install a system chromium, or let the test setup install @sparticuz/chromium (it failed: ${err.message})`,
    );
  }
  const executablePath = await sparticuz.executablePath();
  // Its args suit one page per Lambda call. Leave out '--single-process' (closing a
  // browser context then takes the whole browser down, and the tests open many) and
  // the flags that switch off web security, which the panel's tests rely on.
  const args = [...new Set([...sparticuz.args.filter((a) => !SPARTICUZ_LEAVE_OUT.has(a)), ...QUIET_ARGS])];
  return { executablePath, args, source: '@sparticuz/chromium' };
}

export async function launchBrowser(options = {}) {
  const { executablePath, args } = await resolveChromium();
  // The packed Chromium (swiftshader, no sandbox) was seen to die with SIGSEGV
  // while starting: twice in one run of the webview tier on a 2-core machine,
  // not in the runs before and after it. A browser that never started says
  // nothing about the panel, so the launch (only the launch) is tried again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await chromium.launch({ executablePath, args, headless: true, ...options });
    } catch (err) {
      if (attempt >= 3) throw err;
      console.warn(`Chromium did not start (attempt ${attempt}): ${String(err.message).split('\n')[0]}; trying again`);
    }
  }
}
