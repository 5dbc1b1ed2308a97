#!/usr/bin/env node
// Installs the offline toolchain for the integration and e2e tiers once:
// VS Code's server (code-server's npm package) and, when no system Chromium
// exists, the npm-packaged Chromium. Safe to run again: it skips what is done.
// Usage: node scripts/vscode-test/setup.mjs [--chromium] [--force]
import { cacheRoot, ensureSparticuzChromium, ensureVSCodeServer, removeToolchain } from './toolchain.mjs';
import { resolveChromium } from '../../test/support/browser.mjs';

const started = Date.now();
if (process.argv.includes('--force')) removeToolchain();
const vscode = await ensureVSCodeServer();
console.log(`VS Code server: ${vscode}`);
if (process.argv.includes('--chromium')) await ensureSparticuzChromium();
const browser = await resolveChromium();
console.log(`Chromium: ${browser.executablePath}`);
console.log(`toolchain ready in ${((Date.now() - started) / 1000).toFixed(1)} s (cache: ${cacheRoot()})`);
