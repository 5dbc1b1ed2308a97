#!/usr/bin/env node
// Runs the test tiers in order, each on its standard runner, and judges each by
// its exit code:
//   unit         Mocha (test/unit/.mocharc.json, --fail-zero)
//   webview      @playwright/test, project "webview" (the panel in headless Chromium)
//   integration  @vscode/test-cli (.vscode-test.mjs): Mocha inside a real VS Code extension host
//   e2e          @playwright/test, project "e2e" (the real VS Code workbench)
// The counts it prints come from the runners' own JSON (test/support/mocha-summary.cjs
// for Mocha, Playwright's json reporter), written to $SESSIONSCOPE_SUMMARY_FILE.
// A tier fails when its runner exits non-zero, ran no test, or could not run at
// all (no summary): never a silent skip.
//
// Usage: node scripts/run-tests.mjs [--no-build] [tier ...]   (default: all tiers)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(ROOT, 'node_modules', '.bin', name);
const need = (file) => (existsSync(join(ROOT, file)) ? undefined : `${file} is missing`);

const TIERS = {
  unit: () => need('test/unit/.mocharc.json') ?? [bin('mocha'), '--config', 'test/unit/.mocharc.json'],
  webview: () => need('playwright.config.mjs') ?? [bin('playwright'), 'test', '--project=webview'],
  integration: () => need('.vscode-test.mjs') ?? [bin('vscode-test'), '--config', '.vscode-test.mjs'],
  e2e: () => need('playwright.config.mjs') ?? [bin('playwright'), 'test', '--project=e2e'],
};

const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const wanted = args.filter((a) => !a.startsWith('--'));
for (const t of wanted) if (!(t in TIERS)) { console.error(`unknown tier '${t}' (tiers: ${Object.keys(TIERS).join(', ')})`); process.exit(2); }
const tiers = wanted.length ? wanted : Object.keys(TIERS);

function run(cmd, cmdArgs, env = {}) {
  return new Promise((done) => {
    const child = spawn(cmd, cmdArgs, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, FORCE_COLOR: '0', ...env } });
    child.on('error', (err) => { console.error(`${cmd}: ${err.message}`); done(127); });
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

/** Counts from a runner's JSON summary: Mocha's (mocha-summary.cjs) or Playwright's json reporter. */
export function countsFrom(file) {
  if (!existsSync(file)) return undefined;
  const json = JSON.parse(readFileSync(file, 'utf8'));
  if (json.runner === 'mocha') return { passed: json.passed, failed: json.failed, skipped: json.skipped };
  if (json.stats) {
    const s = json.stats;
    // A flaky test passed only on a retry: the config allows none, so count it as failed.
    return { passed: s.expected, failed: s.unexpected + s.flaky, skipped: s.skipped, errors: json.errors?.length ?? 0 };
  }
  throw new Error(`${file} is neither a Mocha nor a Playwright summary`);
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const results = [];
let buildFailed = false;

if (build) {
  for (const script of ['build', 'compile-tests']) {
    const started = Date.now();
    console.log(`\n=== ${script} ===`);
    const code = await run('npm', ['run', '--silent', script]);
    console.log(`${script}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds(Date.now() - started)}`);
    if (code !== 0) buildFailed = true;
  }
}

if (tiers.some((t) => t === 'integration' || t === 'e2e')) {
  const started = Date.now();
  console.log('\n=== setup: offline VS Code toolchain ===');
  const code = await run(process.execPath, ['scripts/vscode-test/setup.mjs']);
  console.log(`setup-vscode: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds(Date.now() - started)}`);
  if (code !== 0) buildFailed = true;
}

const summaries = mkdtempSync(join(tmpdir(), 'sessionscope-test-summaries-'));
for (const tier of tiers) {
  console.log(`\n=== ${tier} ===`);
  const started = Date.now();
  const command = TIERS[tier]();
  if (typeof command === 'string') {
    console.log(`${tier}: did not run: ${command}`);
    results.push({ tier, ran: false, why: command, ms: 0 });
    continue;
  }
  const summaryFile = join(summaries, `${tier}.json`);
  const code = await run(command[0], command.slice(1), { SESSIONSCOPE_SUMMARY_FILE: summaryFile });
  let counts;
  let why;
  try {
    counts = countsFrom(summaryFile);
  } catch (err) {
    why = err.message;
  }
  results.push({ tier, ran: true, code, counts, why, ms: Date.now() - started });
}
rmSync(summaries, { recursive: true, force: true });

console.log('\n=== summary ===');
let passed = 0;
let failed = 0;
const bad = [];
if (buildFailed) bad.push('build');
for (const r of results) {
  if (!r.ran) {
    console.log(`${r.tier}: did not run (${r.why})`);
    bad.push(r.tier);
    continue;
  }
  const c = r.counts;
  passed += c?.passed ?? 0;
  failed += c?.failed ?? 0;
  const ok = r.code === 0 && c && c.passed > 0 && c.failed === 0;
  if (!ok) bad.push(r.tier);
  const note = !c
    ? ` (exit ${r.code}; the runner wrote no summary${r.why ? `: ${r.why}` : ''}: it could not run)`
    : c.passed + c.failed === 0 ? ` (ran no test; exit ${r.code})`
      : r.code !== 0 && c.failed === 0 ? ` (but exited ${r.code}${c.errors ? `; ${c.errors} error(s) outside tests` : ''})` : '';
  const skipped = c?.skipped ? `, ${c.skipped} skipped` : '';
  console.log(`${r.tier}: ${c?.passed ?? 0} passed, ${c?.failed ?? 0} failed${skipped}${note}`);
  console.log(`  ${r.tier} took ${seconds(r.ms)}`);
}
console.log(bad.length ? `not green: ${bad.join(', ')}` : 'all tiers green');
console.log(`total: ${passed} passed, ${failed} failed`);
process.exit(bad.length ? 1 : 0);
