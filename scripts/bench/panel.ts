// `npm run bench:panel`: the extension against the CLI on the same generated
// log (#13 item 3). The extension's time is measured inside the offline VS
// Code from the scoreFile command to the panel's first render (the
// integration test "panel bench" in test/integration/transfer.test.ts, which
// exists only when this script sets SESSIONSCOPE_BENCH_PANEL_FILE), each run
// in a window of its own, started fresh, as a user's first run. The render is
// timed by the page's clock (Date.now(), the host's clock on this machine):
// the host hears of it one message later, and that figure is printed too.
//
// The CLI is timed twice per run (process start to exit, same file, same
// mapping):
// - in the window: the test spawns it after the window has settled, about
//   two seconds before the extension's run, with the window open and idle.
//   The pair shares the machine's state: on this shared 2-core machine the
//   same CLI run takes 5.4 s one minute and 7.4 s a few minutes later
//   (docs/performance.md), far more than the 1.2x being judged. The ratio
//   (PASS/MISS against 1.2x) is the median of these pairs' ratios.
// - alone: before each window, with no VS Code running, as before; printed,
//   with the ratio of the medians, as a second figure.
//
//   node out/scripts/bench/panel.js [--events N] [--runs N] [--large-log-bytes N]   (defaults 1000000, 3)
//
// --large-log-bytes moves the size from which a log's run opens its panel
// when the read ends and takes a thread started, not warmed, for it
// (src/extension/largeLog.ts, 128 MB): a line above the file's size measures
// it the way a smaller file goes.

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
    console.log(`run ${k}/${runs} CLI alone:     ${(cli / 1000).toFixed(2)} s (process start to exit, no VS Code running)`);
    const figures = await runExtension(root, file);
    extFigures.push(figures);
    console.log(`run ${k}/${runs} CLI in window: ${seconds(figures.cliInWindowMs)} (the window open and idle, ~2 s before the extension's run${cliStageText(figures.cliStages)})`);
    console.log(`run ${k}/${runs} extension:     ${describe(figures)}`);
  }
  const pairs = extFigures.map((f) => f.ms / f.cliInWindowMs);
  const pairRatio = median(pairs);
  const cliMedian = median(cliMs);
  const extMedian = median(extFigures.map((f) => f.ms));
  console.log(`CLI alone:     ${seconds(cliMedian)} median of ${runs} (${cliMs.map((m) => (m / 1000).toFixed(2)).join(', ')})`);
  console.log(`CLI in window: ${seconds(median(extFigures.map((f) => f.cliInWindowMs)))} median of ${runs} (${extFigures.map((f) => (f.cliInWindowMs / 1000).toFixed(2)).join(', ')})`);
  console.log(`extension:     ${seconds(extMedian)} median of ${runs} (${extFigures.map((f) => (f.ms / 1000).toFixed(2)).join(', ')}; scoreFile command to the panel's first render)`);
  console.log(`ratio, extension / CLI alone, of the medians: ${(extMedian / cliMedian).toFixed(2)}x (printed for comparison; the runs are about half a minute apart)`);
  console.log(
    `ratio, extension / CLI in the same window, median of ${runs} pairs: ${ratioText(pairRatio)}x (${pairs.map((r) => r.toFixed(2)).join(', ')}) ` +
      `(target <= ${TARGET_RATIO}x): ${pairRatio <= TARGET_RATIO ? 'PASS' : 'MISS'}`,
  );
  if (extFigures.every((f) => f.clock === 'page' && f.heardMs !== undefined)) {
    const heard = extFigures.map((f) => (f.heardMs as number) / f.cliInWindowMs);
    console.log(`ratio, to when the host heard of the render (one message later), median of ${runs} pairs: ${median(heard).toFixed(2)}x (${heard.map((r) => r.toFixed(2)).join(', ')}) (printed for comparison)`);
  } else {
    console.log('the page\'s clock was not usable in every run: those runs were judged at the host hearing of the render');
  }
}

/** The ratio to two decimals, or four where two would hide which side of the target it is on (1.2003 is not 1.20). */
function ratioText(r: number): string {
  const two = r.toFixed(2);
  return Number(two) === TARGET_RATIO && r !== TARGET_RATIO ? r.toFixed(4) : two;
}

/** The CLI's own stage times, as its summary on stderr gave them. */
function cliStageText(stages: Record<string, number> | undefined): string {
  if (!stages || stages.read === undefined) return '';
  const s = (k: string): string => ((stages[k] ?? 0) / 1000).toFixed(1);
  const scoring = (stages.sessionize ?? 0) + (stages.train ?? 0) + (stages.score ?? 0);
  return `; its read ${s('read')} s, sessionize + train + score ${(scoring / 1000).toFixed(1)} s, insights ${(((stages.baseline ?? 0) + (stages.sessions ?? 0)) / 1000).toFixed(1)} s`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

interface PanelFigures {
  ms: number; clock?: 'page' | 'host'; heardMs?: number; wayMs?: number; backMs?: number; cliInWindowMs: number; cliStages?: Record<string, number>; spareThread?: boolean; largeSpareThread?: boolean; panelDuringRead?: boolean | null; spareAfter?: number | null; commandMs?: number; events: number; sessions: number; postMs?: number; drawMs?: number; inflateMs?: number; packed?: boolean; timings?: Record<string, number>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The CLI's arguments: the bench's mapping given, as the extension's run is given it. */
function cliArgs(root: string, file: string): string[] {
  return [
    path.join(root, 'dist', 'cli.js'), 'score', file,
    '--users', MAPPING.users.join(','), '--time', MAPPING.time, '--event', MAPPING.event, '--params', MAPPING.params ?? '',
    '--on-bad-row', 'stop', '--top', '15',
  ];
}

async function runCli(root: string, file: string): Promise<number> {
  const cli = await run(process.execPath, cliArgs(root, file));
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
    SESSIONSCOPE_BENCH_PANEL_CLI: JSON.stringify({ node: process.execPath, args: cliArgs(root, file) }),
    ...(process.argv.includes('--large-log-bytes') ? { SESSIONSCOPE_BENCH_PANEL_LARGE_BYTES: String(argValue('--large-log-bytes', NaN)) } : {}),
  });
  const line = ext.out.split('\n').find((l) => l.includes('PANEL_BENCH '));
  if (!line) throw new Error(`the extension's run printed no PANEL_BENCH line (exit ${ext.code}):\n${ext.out.slice(-3000)}`);
  const figures = JSON.parse(line.slice(line.indexOf('PANEL_BENCH ') + 'PANEL_BENCH '.length)) as PanelFigures;
  if (typeof figures.cliInWindowMs !== 'number') throw new Error(`the extension's run did not time the CLI in its window:\n${line}`);
  return figures;
}

function describe(figures: PanelFigures): string {
  const t = figures.timings ?? {};
  return (
    `${(figures.ms / 1000).toFixed(2)} s (scoreFile command to the panel's first render${figures.clock === 'page' ? `, by the page's clock; the host heard of it at ${seconds(figures.heardMs ?? NaN)}` : ', as the host heard of it'}; the command resolved at ${((figures.commandMs ?? NaN) / 1000).toFixed(2)} s, with the insights; worker: read ${((t.readMs ?? 0) / 1000).toFixed(1)} s, ` +
    `total ${((t.totalMs ?? 0) / 1000).toFixed(1)} s; result postMessage ${figures.postMs?.toFixed(1) ?? '?'} ms on the host thread${figures.wayMs !== undefined ? `, ${figures.wayMs.toFixed(0)} ms on its way to the page` : ''}; ` +
    `the page drew it in ${figures.drawMs?.toFixed(0) ?? '?'} ms${figures.packed ? `, inflating it (packed) in ${figures.inflateMs?.toFixed(0) ?? '?'} ms of those` : ''}; ` +
    `${figures.sessions.toLocaleString('en-US')} sessions; ${figures.spareThread ? `a spare thread${figures.largeSpareThread ? ' (started for the large log, its code not warmed)' : ''} was waiting when the run began` : 'no spare thread was waiting: the run started one'}${figures.panelDuringRead === false ? '; the panel opened when the read ended' : figures.panelDuringRead ? '; the panel open during the read' : ''}` +
    `${figures.spareAfter != null ? '; a new spare thread was waiting after the run (its warm-up may have shared the cores)' : ''})`
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
