// The two bench rows measured inside VS Code, run by the bench through the
// test tiers that measure them (the offline VS Code of docs/testing.md):
// the host-thread time to post a 240k-session result (the integration test
// "posts a 240k-session result", test/integration/transfer.test.ts) and the
// command-to-panel time for the bundled sample (the first e2e test,
// test/e2e/panel.e2e.mjs). Each prints its figure; this reads it back.

import { spawn } from 'node:child_process';
import * as path from 'node:path';

export interface TierFigure {
  value?: number;
  /** Why there is no figure (the tier failed, or printed none). */
  problem?: string;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', (e) => resolve({ code: 1, out: out + String(e) }));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

function figure(out: string, code: number, pattern: RegExp, what: string): TierFigure {
  const m = pattern.exec(out);
  if (m) return { value: Number(m[1]) };
  const tail = out.trim().split('\n').slice(-3).join(' | ');
  return { problem: `${what} printed no figure (exit ${code}): ${tail.slice(0, 300)}` };
}

const bin = (root: string, name: string): string => path.join(root, 'node_modules', '.bin', name);

/** Compiles the tests the integration tier runs (out/test), as `npm run test:integration` does. */
export async function compileTests(root: string): Promise<TierFigure | undefined> {
  const r = await run('npm', ['run', '--silent', 'compile-tests'], { ...process.env }, root);
  return r.code === 0 ? undefined : { problem: `npm run compile-tests failed (exit ${r.code})` };
}

/** Milliseconds the host thread spent posting a 240k-session result, as the integration test printed them. */
export async function panelPostMs(root: string): Promise<TierFigure> {
  const r = await run(bin(root, 'vscode-test'), ['--config', path.join(root, '.vscode-test.mjs')], {
    ...process.env,
    SESSIONSCOPE_OFFLINE_VSCODE: process.env.SESSIONSCOPE_OFFLINE_VSCODE ?? '1',
    SESSIONSCOPE_INTEGRATION_GREP: '240k',
  }, root);
  return figure(r.out, r.code, /host-thread postMessage of the result ([\d.]+) ms/, 'the integration test');
}

/** Milliseconds from the palette click to the page having drawn the bundled sample's result, as the e2e test printed them. */
export async function commandToPanelMs(root: string): Promise<TierFigure> {
  const r = await run(bin(root, 'playwright'), ['test', '--project=e2e', '-g', 'scores the sample log from the command palette'], { ...process.env }, root);
  return figure(r.out, r.code, /command-to-panel for the bundled sample: (\d+) ms/, 'the e2e test');
}
