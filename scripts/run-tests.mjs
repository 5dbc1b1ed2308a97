#!/usr/bin/env node
// Runs the test tiers in order and says, per tier, how many tests passed and
// failed: unit (plain Mocha), webview (headless Chromium), integration (Mocha
// inside a real VS Code extension host), e2e (Playwright on the real
// workbench). Exits non-zero when the build or any tier failed, ran no test,
// or could not run at all: a missing tier is a failure, never a silent skip.
//
// Usage: node scripts/run-tests.mjs [--no-build] [tier ...]   (default: all tiers)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const bin = (name) => join(ROOT, 'node_modules', '.bin', name);
const hasScript = (name) => Boolean(pkg.scripts?.[name]);

const TIERS = {
  unit: () => existsSync(join(ROOT, 'test/unit/.mocharc.json'))
    ? [bin('mocha'), '--config', 'test/unit/.mocharc.json']
    : 'test/unit/.mocharc.json is missing',
  webview: () => hasScript('test:webview')
    ? ['npm', 'run', '--silent', 'test:webview']
    : existsSync(join(ROOT, 'test/webview/run.mjs'))
      ? [process.execPath, 'test/webview/run.mjs']
      : 'no "test:webview" script and no test/webview/run.mjs',
  integration: () => existsSync(join(ROOT, 'test/integration/index.ts'))
    ? [process.execPath, 'scripts/vscode-test/run-integration.mjs']
    : 'test/integration/index.ts is missing',
  e2e: () => existsSync(join(ROOT, 'test/e2e/.mocharc.json'))
    ? [bin('mocha'), '--config', 'test/e2e/.mocharc.json']
    : 'test/e2e/.mocharc.json is missing',
};

const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const wanted = args.filter((a) => !a.startsWith('--'));
for (const t of wanted) if (!(t in TIERS)) { console.error(`unknown tier '${t}' (tiers: ${Object.keys(TIERS).join(', ')})`); process.exit(2); }
const tiers = wanted.length ? wanted : Object.keys(TIERS);

function run(cmd, cmdArgs) {
  return new Promise((done) => {
    const child = spawn(cmd, cmdArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    const take = (stream) => (chunk) => { stream.write(chunk); output += chunk.toString(); };
    child.stdout.on('data', take(process.stdout));
    child.stderr.on('data', take(process.stderr));
    child.on('error', (err) => { output += `\n${err.message}\n`; done({ code: 127, output }); });
    child.on('close', (code, signal) => done({ code: code ?? (signal ? 128 : 1), output }));
  });
}

const lastMatch = (text, re) => {
  let m; let last;
  const g = new RegExp(re.source, `${re.flags.replace('g', '')}g`);
  while ((m = g.exec(text))) last = m;
  return last;
};

/** Test counts from a runner's own closing lines: Mocha, node:test, or "N passed, N failed". */
export function countsFrom(output) {
  const plain = lastMatch(output, /^\s*(?:\w+:\s*)?(\d+) passed, (\d+) failed/m);
  if (plain) return { passed: Number(plain[1]), failed: Number(plain[2]) };
  const passing = lastMatch(output, /^\s*(\d+) passing\b/m);
  const failing = lastMatch(output, /^\s*(\d+) failing\b/m);
  if (passing || failing) return { passed: Number(passing?.[1] ?? 0), failed: Number(failing?.[1] ?? 0) };
  const pass = lastMatch(output, /^(?:ℹ|#) pass (\d+)/m);
  const fail = lastMatch(output, /^(?:ℹ|#) fail (\d+)/m);
  if (pass || fail) return { passed: Number(pass?.[1] ?? 0), failed: Number(fail?.[1] ?? 0) };
  return undefined;
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const results = [];
let buildFailed = false;

if (build) {
  for (const script of ['build', 'compile-tests']) {
    const started = Date.now();
    console.log(`\n=== ${script} ===`);
    const { code } = await run('npm', ['run', '--silent', script]);
    console.log(`${script}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds(Date.now() - started)}`);
    if (code !== 0) buildFailed = true;
  }
}

if (tiers.some((t) => t === 'integration' || t === 'e2e')) {
  const started = Date.now();
  console.log('\n=== setup: offline VS Code toolchain ===');
  const { code } = await run(process.execPath, ['scripts/vscode-test/setup.mjs']);
  console.log(`setup-vscode: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds(Date.now() - started)}`);
  if (code !== 0) buildFailed = true;
}

for (const tier of tiers) {
  console.log(`\n=== ${tier} ===`);
  const started = Date.now();
  const command = TIERS[tier]();
  if (typeof command === 'string') {
    console.log(`${tier}: did not run: ${command}`);
    results.push({ tier, ran: false, why: command, ms: 0 });
    continue;
  }
  const { code, output } = await run(command[0], command.slice(1));
  const counts = countsFrom(output);
  results.push({ tier, ran: true, code, counts, ms: Date.now() - started });
}

console.log('\n=== summary ===');
let passed = 0;
let failed = 0;
const bad = [];
if (buildFailed) bad.push('build');
for (const r of results) {
  if (!r.ran) {
    console.log(`${r.tier}: did not run (${r.why})`);
    bad.push(r.tier);
    failed += 1;
    continue;
  }
  const c = r.counts;
  passed += c?.passed ?? 0;
  failed += c ? c.failed : 0;
  const ok = r.code === 0 && c && c.passed > 0 && c.failed === 0;
  if (!ok) bad.push(r.tier);
  if (!c) failed += 1;
  const note = !c ? ` (exit ${r.code}; its output has no test counts)` : r.code !== 0 && c.failed === 0 ? ` (but exited ${r.code})` : c.passed + c.failed === 0 ? ' (ran no test)' : '';
  console.log(`${r.tier}: ${c?.passed ?? 0} passed, ${c?.failed ?? 0} failed${note}`);
  console.log(`  ${r.tier} took ${seconds(r.ms)}`);
}
console.log(bad.length ? `not green: ${bad.join(', ')}` : 'all tiers green');
console.log(`total: ${passed} passed, ${failed} failed`);
process.exit(bad.length ? 1 : 0);
