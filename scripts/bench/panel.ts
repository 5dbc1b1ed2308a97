// `npm run bench:panel`: the extension against the CLI on the same generated
// log (#13 item 3). The CLI's wall time (process start to exit) is compared
// with the extension's, measured inside the offline VS Code from the
// scoreFile command to the panel's first render (the integration test
// "panel bench" in test/integration/transfer.test.ts, which exists only when
// this script sets SESSIONSCOPE_BENCH_PANEL_FILE). Prints both, the ratio and
// PASS/MISS against 1.2x. Both sides run `--runs` times (default 3), one
// after the other in turn, so a slow spell of the machine falls on both;
// the ratio is of the medians, every run is printed.
//
//   node out/scripts/bench/panel.js [--events N] [--runs N]   (defaults 1000000, 3)

import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { exchangeLog } from './inputs';
import { MAPPING } from './tasks';

const TARGET_RATIO = 1.2;

function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; out: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, out, ms: performance.now() - t0 }));
  });
}

async function main(): Promise<void> {
  const events = argValue('--events', 1_000_000);
  const file = exchangeLog(events);
  const root = path.resolve(__dirname, '../../..');
  console.log(`bench:panel on ${path.relative(process.cwd(), file)} (${events.toLocaleString('en-US')} events)`);

  const runs = Math.max(1, Math.floor(argValue('--runs', 3)));
  const cliMs: number[] = [];
  const extFigures: PanelFigures[] = [];
  for (let k = 1; k <= runs; k++) {
    const cli = await runCli(root, file);
    cliMs.push(cli);
    console.log(`run ${k}/${runs} CLI:       ${(cli / 1000).toFixed(2)} s (process start to exit)`);
    const figures = await runExtension(root, file);
    extFigures.push(figures);
    console.log(`run ${k}/${runs} extension: ${describe(figures)}`);
  }
  const cliMedian = median(cliMs);
  const extMedian = median(extFigures.map((f) => f.ms));
  console.log(`CLI:       ${(cliMedian / 1000).toFixed(2)} s median of ${runs} (${cliMs.map((m) => (m / 1000).toFixed(2)).join(', ')})`);
  console.log(`extension: ${(extMedian / 1000).toFixed(2)} s median of ${runs} (${extFigures.map((f) => (f.ms / 1000).toFixed(2)).join(', ')}; scoreFile command to the panel's first render)`);
  const ratio = extMedian / cliMedian;
  console.log(`ratio:     ${ratio.toFixed(2)}x of the medians (target <= ${TARGET_RATIO}x): ${ratio <= TARGET_RATIO ? 'PASS' : 'MISS'}`);
}

interface PanelFigures {
  ms: number; commandMs?: number; events: number; sessions: number; postMs?: number; drawMs?: number; inflateMs?: number; packed?: boolean; timings?: Record<string, number>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function runCli(root: string, file: string): Promise<number> {
  const cli = await run(process.execPath, [
    path.join(root, 'dist', 'cli.js'), 'score', file,
    '--users', MAPPING.users.join(','), '--time', MAPPING.time, '--event', MAPPING.event, '--params', MAPPING.params ?? '',
    '--on-bad-row', 'stop', '--top', '15',
  ]);
  if (cli.code !== 0) throw new Error(`the CLI failed (exit ${cli.code}):\n${cli.out.slice(-2000)}`);
  return cli.ms;
}

async function runExtension(root: string, file: string): Promise<PanelFigures> {
  const ext = await run(path.join(root, 'node_modules', '.bin', 'vscode-test'), ['--config', path.join(root, '.vscode-test.mjs')], {
    ...process.env,
    SESSIONSCOPE_OFFLINE_VSCODE: process.env.SESSIONSCOPE_OFFLINE_VSCODE ?? '1',
    SESSIONSCOPE_INTEGRATION_GREP: 'panel bench',
    SESSIONSCOPE_INTEGRATION_TIMEOUT_MS: '1800000',
    SESSIONSCOPE_BENCH_PANEL_FILE: file,
    SESSIONSCOPE_BENCH_PANEL_MAPPING: JSON.stringify({ ...MAPPING, users: [...MAPPING.users] }),
  });
  const line = ext.out.split('\n').find((l) => l.includes('PANEL_BENCH '));
  if (!line) throw new Error(`the extension's run printed no PANEL_BENCH line (exit ${ext.code}):\n${ext.out.slice(-3000)}`);
  return JSON.parse(line.slice(line.indexOf('PANEL_BENCH ') + 'PANEL_BENCH '.length)) as PanelFigures;
}

function describe(figures: PanelFigures): string {
  const t = figures.timings ?? {};
  return (
    `${(figures.ms / 1000).toFixed(2)} s (scoreFile command to the panel's first render; the command resolved at ${((figures.commandMs ?? NaN) / 1000).toFixed(2)} s, with the insights; worker: read ${((t.readMs ?? 0) / 1000).toFixed(1)} s, ` +
    `total ${((t.totalMs ?? 0) / 1000).toFixed(1)} s; result postMessage ${figures.postMs?.toFixed(1) ?? '?'} ms on the host thread; ` +
    `the page drew it in ${figures.drawMs?.toFixed(0) ?? '?'} ms${figures.packed ? `, inflating it (packed) in ${figures.inflateMs?.toFixed(0) ?? '?'} ms of those` : ''}; ` +
    `${figures.sessions.toLocaleString('en-US')} sessions)`
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
