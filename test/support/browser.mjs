// Finds a Chromium for the browser-based test tiers without downloading one
// at test time: $SESSIONSCOPE_CHROMIUM, a system Chromium, or the binary that
// the @sparticuz/chromium npm package ships (unpacked on first use).
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

const QUIET_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function resolveChromium() {
  const fromEnv = process.env.SESSIONSCOPE_CHROMIUM;
  if (fromEnv && existsSync(fromEnv)) return { executablePath: fromEnv, args: QUIET_ARGS };
  for (const p of SYSTEM_CANDIDATES) if (existsSync(p)) return { executablePath: p, args: QUIET_ARGS };
  let sparticuz;
  try {
    sparticuz = (await import('@sparticuz/chromium')).default;
  } catch {
    throw new Error(
      'No Chromium found: set SESSIONSCOPE_CHROMIUM, install a system chromium, or run the test setup that installs @sparticuz/chromium.',
    );
  }
  return { executablePath: await sparticuz.executablePath(), args: [...sparticuz.args, ...QUIET_ARGS] };
}

export async function launchBrowser() {
  const { executablePath, args } = await resolveChromium();
  return chromium.launch({ executablePath, args, headless: true });
}
