// Performance targets of issue #9, measured in one run: every row printed
// with PASS, MISS or NOT RUN (with the reason; counts as not passing).
//
//   npm run bench          (build, then node --expose-gc dist/bench.js)
//   npm run bench:docs     (the same with --repeat 3 --write-docs: regenerates the README
//                           performance table and docs/performance.md's results)
//   node --expose-gc dist/bench.js [--quick] [--write-docs] [--repeat N] [--small-runs N]
//        [--sizes 10k,100k,1M,5M] [--distinct 100k] [--skip-distinct] [--yardsticks] [--cpu-prof]
//   node dist/bench.js --summarise-profile FILE.cpuprofile [--top N]
//
// Every measurement is its own process: dist/cli.js run as a user runs it
// (startup included) for the end-to-end rows, a fork of this bundle for the
// csv-parse floor and the training benchmark. Inputs are generated into
// bench-data/ (gitignored). See docs/performance.md.
//
// Over 300 lines: the list of rows and their targets reads best in one place;
// inputs, CLI runs, msticpy, profiles and the report are in scripts/bench/.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliHasThreads, runCli, scoreArgs, type CliRun, type CliOptions } from './bench/cli';
import { brokenQuoteLog, DATA_DIR, distinctLog, exchangeLog, label, longValueLog, type LongValueShape } from './bench/inputs';
import { MSTICPY_ENV, msticpyUnavailable, runMsticpy, type MsticpyRun } from './bench/msticpy';
import { summariseProfile } from './bench/profile';
import { commandToPanelMs, compileTests, panelPostMs, type TierFigure } from './bench/vscode';
import { atLeast, atMost, DOCS_MARKERS, notRun, README_MARKERS, replaceBetween, table, targetsMarkdown, targetsText, under, type TargetRow } from './bench/report';
import { childMain, runChild, type Measured, type Task } from './bench/tasks';
import { SESSION_TYPES } from '../src/engine/types';

const GB = 1024 ** 3;

/** Issue #9's targets (and the peak-RSS one kept from before). */
const TARGETS = {
  cpuRatio1M: 1.15,
  wall1MSeconds: 8,
  msticpySpeedup: 100,
  smallFileMs: 300,
  /** Our reading of "cost linear in events": marginal CPU per event of the largest step over that of the smallest. */
  linearity: 1.5,
  train100kSeconds: 1,
  peakRssBytes: 2.5 * GB,
  /** Ours, not issue #9's: one broken record in a large file costs its read at most half again (it once cost 7x). */
  brokenQuoteRead: 1.5,
  /** Ours: a record with one very long value costs its read at most twice per byte what ordinary records do (it once cost 20-30x). */
  longValueRead: 2,
};

const SMALL_EVENTS = 5000;

interface Args {
  quick: boolean;
  writeDocs: boolean;
  repeat: number;
  smallRuns: number;
  sizes: number[];
  distinct: number[];
  yardsticks: boolean;
  cpuProf: boolean;
  /** Run the two rows measured inside VS Code (the e2e and integration tests that print them). */
  vscode: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, writeDocs: false, repeat: 1, smallRuns: 7, sizes: [10_000, 100_000, 1_000_000, 5_000_000], distinct: [100_000], yardsticks: false, cpuProf: false, vscode: true };
  const list = (v: string | undefined): number[] => (v ?? '').split(',').filter(Boolean).map((x) => parseCount(x));
  for (let i = 0; i < argv.length; i++) {
    switch (argv[i]) {
      case '--quick': args.quick = true; break;
      case '--write-docs': args.writeDocs = true; break;
      case '--repeat': args.repeat = Math.max(1, parseCount(argv[++i])); break;
      case '--small-runs': args.smallRuns = Math.max(1, parseCount(argv[++i])); break;
      case '--sizes': args.sizes = list(argv[++i]); break;
      case '--distinct': args.distinct = list(argv[++i]); break;
      case '--skip-distinct': args.distinct = []; break;
      case '--yardsticks': args.yardsticks = true; break;
      case '--no-vscode': args.vscode = false; break;
      case '--cpu-prof': args.cpuProf = true; break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  if (args.quick) args.sizes = args.sizes.filter((n) => n < 5_000_000);
  args.sizes = [...new Set([...args.sizes, 100_000, 1_000_000])].sort((a, b) => a - b);
  return args;
}

function parseCount(v: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(v.trim());
  if (!m) throw new Error(`not a count: ${v}`);
  return Math.round(Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1e3 : m[2].toLowerCase() === 'm' ? 1e6 : 1));
}

const PROFILE_DIR = path.join(DATA_DIR, 'profiles');
const profArgs = (args: Args, name: string): string[] => {
  if (!args.cpuProf) return [];
  fs.mkdirSync(PROFILE_DIR, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${name}.cpuprofile`];
};

/** Best of `repeat` runs by `key` (each run its own process). */
async function best<T>(repeat: number, run: () => Promise<T>, key: (t: T) => number): Promise<T> {
  const runs: T[] = [];
  for (let r = 0; r < repeat; r++) runs.push(await run());
  return lowest(runs, key);
}

/** The run with the least `key` (the first of equals). */
function lowest<T>(runs: T[], key: (t: T) => number): T {
  return runs.reduce((kept, t) => (key(t) < key(kept) ? t : kept));
}

const step = (s: string): void => {
  process.stdout.write(`[${new Date().toISOString().slice(11, 19)} load ${os.loadavg()[0].toFixed(1)}] ${s}\n`);
};

const sec = (ms: number): string => (ms / 1000).toFixed(2);
const fmtS = (s: number): string => `${s.toFixed(2)} s`;
const fmtMs = (ms: number): string => `${ms.toFixed(0)} ms`;
const fmtX = (x: number): string => `${x.toFixed(2)}x`;

interface ScalePoint {
  events: number;
  bytes: number;
  run: CliRun;
}

function machine(): Record<string, string | number> {
  const git = spawnSync('git', ['describe', '--always', '--dirty'], { encoding: 'utf8' });
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '?',
    memGB: Number((os.totalmem() / GB).toFixed(1)),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    commit: git.status === 0 ? git.stdout.trim() : '?',
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync('dist/cli.js')) throw new Error('dist/cli.js is missing: run `npm run build` first (npm run bench does)');
  const started = new Date();
  const loadStart = os.loadavg();
  const facts = machine();
  step(`machine: ${facts.cpus} cores (${facts.cpuModel}), ${facts.memGB} GB, Node ${facts.node}, ${facts.platform}, commit ${facts.commit}; load average ${loadStart.map((l) => l.toFixed(2)).join(' ')}`);

  // Inputs first, so generating them is not measured with anything else.
  const files = new Map<number, string>();
  for (const n of [SMALL_EVENTS, ...args.sizes]) files.set(n, exchangeLog(n));
  const file = (n: number): string => files.get(n)!;
  const distinct = args.distinct.map((c) => ({ commands: c, ...distinctLog(c) }));

  const rows: TargetRow[] = [];
  const out: string[] = [];

  const f1M = file(1_000_000);
  // 2. Scale curve, default threads (the 1M point is the wall-clock row, the 100k point the msticpy comparison).
  const scale: ScalePoint[] = [];
  const scaleFailures: TargetRow[] = [];
  for (const n of args.sizes) {
    step(`CLI on the ${label(n)} file, params + values, default threads`);
    const opts: CliOptions = { execArgv: profArgs(args, `cli-${label(n)}`) };
    try {
      scale.push({ events: n, bytes: fs.statSync(file(n)).size, run: await best(args.repeat, () => runCli(file(n), label(n), opts), (r) => r.wallMs) });
    } catch (e) {
      // 100k and 1M feed other rows: without them the run cannot go on.
      if (n === 100_000 || n === 1_000_000) throw e;
      const reason = (e as Error).message.trim().split('\n').filter(Boolean).slice(-1)[0] ?? String(e);
      step(`the ${label(n)} run failed: ${reason}`);
      scaleFailures.push({ what: `scale: ${label(n)} events from the CLI`, measured: 'failed', target: 'exit 0', status: 'MISS', note: reason.slice(0, 200) });
    }
  }
  const at = (n: number): CliRun => scale.find((p) => p.events === n)!.run;
  const run1M = at(1_000_000);

  // CPU: end to end on one thread against csv-parse alone, same 1M file. The two are run back to back (taking
  // turns under --repeat): the machine's speed drifts by a tenth or more over the minutes of the scale curve,
  // and a ratio of two runs far apart measured the drift too (session 21: csv-parse alone 6.56 then 5.70 CPU s).
  const threads = cliHasThreads();
  // Without the option the default-threads run of the scale curve is the same configuration: reused, and the row says NOT RUN.
  const floorRuns: Measured[] = [];
  const oneThreadRuns: CliRun[] = [];
  for (let r = 0; r < args.repeat; r++) {
    step('csv-parse alone on the 1M file (a fork, records as arrays)');
    floorRuns.push(await runChild({ kind: 'floor', file: f1M, columns: false }));
    if (!threads) continue;
    step('CLI on the 1M file, params + values, --threads 1');
    oneThreadRuns.push(await runCli(f1M, '1M-threads1', { threads: 1, execArgv: profArgs(args, 'cli-1M-threads1') }));
  }
  const floor = lowest(floorRuns, (m) => m.cpuMs);
  const oneThread = threads ? lowest(oneThreadRuns, (r) => r.cpuMs) : run1M;
  const cpuRatio = oneThread.cpuMs / floor.cpuMs;
  const cpuWhat = '1M events, params + values, CPU time end to end / csv-parse alone (--threads 1)';
  rows.push(threads
    ? atMost(cpuWhat, cpuRatio, TARGETS.cpuRatio1M, fmtX, `${sec(oneThread.cpuMs)} / ${sec(floor.cpuMs)} CPU s`)
    : { ...notRun(cpuWhat, `<= ${fmtX(TARGETS.cpuRatio1M)}`, `dist/cli.js has no --threads option; with default threads: ${sec(oneThread.cpuMs)} / ${sec(floor.cpuMs)} CPU s`, fmtX(cpuRatio)), ratio: cpuRatio / TARGETS.cpuRatio1M });

  rows.push(under('1M events, params + values, wall clock end to end (default threads)', run1M.wallMs / 1000, TARGETS.wall1MSeconds, fmtS,
    `load ${os.loadavg()[0].toFixed(1)} on ${facts.cpus} cores; the target is for an idle machine`));

  // A damaged export: the 1M file with one quote never closed, 90% into it, read under skip.
  step('CLI on the 1M file with one unclosed quote at 90% of it, --on-bad-row skip');
  const broken = brokenQuoteLog(1_000_000);
  const brokenRun = await best(args.repeat, () => runCli(broken.file, '1M-broken-quote', { onBadRow: 'skip' }), (r) => r.wallMs);
  const readOf = (r: CliRun): number => r.stages?.read ?? NaN;
  rows.push(atMost("1M events, one unclosed quote at 90% (skip): read time / the clean file's", readOf(brokenRun) / readOf(run1M), TARGETS.brokenQuoteRead, fmtX,
    `read ${sec(readOf(brokenRun))} s against ${sec(readOf(run1M))} s; ${brokenRun.events ?? '?'} events kept (the quote is on line ${broken.line})`));

  // Ours too: a record holding one 15 MB value, in each shape, against 50k ordinary events (about the same size),
  // read time per MB. A reader that joins or searches such a record again at every read chunk is quadratic in its
  // length (session 21: 10 s for 15 MB with 64 KiB chunks).
  const longWhat = 'one 15 MB value in a record (CSV one line, CSV over lines, JSON line): read per MB / 50k ordinary events';
  const ordinary = new Map<'csv' | 'jsonl', { file: string; run: CliRun }>();
  const perMb = (r: CliRun, file: string): number => readOf(r) / (fs.statSync(file).size / 1e6);
  const longRatios: string[] = [];
  let longWorst = 0;
  for (const shape of ['csv, on one line', 'csv, over lines', 'json lines'] as LongValueShape[]) {
    const format = shape === 'json lines' ? 'jsonl' : 'csv';
    let base = ordinary.get(format);
    if (!base) {
      step(`CLI on 50k ordinary events (${format})`);
      const file = exchangeLog(50_000, format);
      base = { file, run: await best(args.repeat, () => runCli(file, `50k-${format}`), (r) => r.wallMs) };
      ordinary.set(format, base);
    }
    step(`CLI on the 10k log with one 15 MB value (${shape})`);
    const file = longValueLog(shape);
    const run = await best(args.repeat, () => runCli(file, `long-value-${format}-${longRatios.length}`), (r) => r.wallMs);
    const ratio = perMb(run, file) / perMb(base.run, base.file);
    longWorst = Math.max(longWorst, ratio);
    longRatios.push(`${shape} ${fmtX(ratio)} (${perMb(run, file).toFixed(0)} against ${perMb(base.run, base.file).toFixed(0)} ms/MB)`);
  }
  rows.push(atMost(longWhat, longWorst, TARGETS.longValueRead, fmtX, longRatios.join('; ')));

  // 3. msticpy on the 100k file.
  const run100k = at(100_000);
  const msticpyWhat = '100k events, params + values, window 3: msticpy wall / ours';
  const unavailable = msticpyUnavailable();
  let msticpy: MsticpyRun | undefined;
  if (unavailable) rows.push(notRun(msticpyWhat, `>= ${TARGETS.msticpySpeedup}x`, unavailable));
  else {
    step(`msticpy on the 100k file (${process.env[MSTICPY_ENV]})`);
    try {
      // As many runs as ours had, the best kept: both sides measured the same way.
      msticpy = await best(args.repeat, () => runMsticpy(file(100_000), 60 * 60 * 1000), (m) => m.wallMs);
      rows.push(atLeast(msticpyWhat, msticpy.wallMs / run100k.wallMs, TARGETS.msticpySpeedup, (x) => `${x.toFixed(0)}x`,
        `msticpy ${msticpy.version}: ${sec(msticpy.wallMs)} s, ours ${sec(run100k.wallMs)} s; CPU ${sec(msticpy.cpuMs)} s / ${sec(run100k.cpuMs)} s = ${(msticpy.cpuMs / run100k.cpuMs).toFixed(0)}x`));
    } catch (e) {
      rows.push(notRun(msticpyWhat, `>= ${TARGETS.msticpySpeedup}x`, `msticpy run failed: ${(e as Error).message}`));
    }
  }

  // 4. A small file from the CLI, startup included: median of several runs after one warm-up.
  step(`CLI on the ${label(SMALL_EVENTS)} file, ${args.smallRuns} runs after a warm-up`);
  await runCli(file(SMALL_EVENTS), 'small');
  const small: CliRun[] = [];
  for (let i = 0; i < args.smallRuns; i++) small.push(await runCli(file(SMALL_EVENTS), 'small'));
  const smallMedian = median(small.map((r) => r.wallMs));
  rows.push(under(`${label(SMALL_EVENTS)} events from the CLI, wall clock with startup (median of ${args.smallRuns})`, smallMedian, TARGETS.smallFileMs, fmtMs,
    `runs ${small.map((r) => r.wallMs.toFixed(0)).join(', ')} ms; CPU median ${median(small.map((r) => r.cpuMs)).toFixed(0)} ms`));

  // 5. Linearity of the scale curve.
  const fit = linearFit(scale.map((p) => [p.events, p.run.cpuMs]));
  const marginal = scale.slice(1).map((p, i) => ({ from: scale[i].events, to: p.events, usPerEvent: (1000 * (p.run.cpuMs - scale[i].run.cpuMs)) / (p.events - scale[i].events) }));
  if (marginal.length >= 2) {
    const first = marginal[0];
    const last = marginal[marginal.length - 1];
    rows.push(atMost(`scale ${scale.map((p) => label(p.events)).join('/')}: CPU per added event, ${label(last.from)}->${label(last.to)} over ${label(first.from)}->${label(first.to)}`,
      last.usPerEvent / first.usPerEvent, TARGETS.linearity, (x) => x.toFixed(2),
      `slope ${fit.slope.toFixed(2)} CPU us/event, R^2 ${fit.r2.toFixed(4)}${args.sizes.includes(5_000_000) ? '' : '; 5M not run (--quick or --sizes)'}`));
  } else rows.push(notRun('scale curve: CPU per added event', `<= ${TARGETS.linearity}`, 'needs at least three sizes'));
  rows.push(...scaleFailures);

  // 6. Training over many distinct commands.
  const training: Measured[] = [];
  for (const d of distinct) {
    step(`training over ${label(d.commands)} distinct commands (${label(d.events)} events)`);
    training.push(await best(args.repeat, () => runChild({ kind: 'train', file: d.file, commands: d.commands }), (m) => m.ms.total));
  }
  const t100k = training.find((m) => (m.task as { commands: number }).commands === 100_000);
  const trainWhat = '100k distinct commands trained (slowest session type)';
  if (t100k) {
    const slowest = SESSION_TYPES.reduce((a, t) => (t100k.ms[`train_${t}`] > t100k.ms[`train_${a}`] ? t : a));
    rows.push(under(trainWhat, t100k.ms[`train_${slowest}`] / 1000, TARGETS.train100kSeconds, fmtS, `${slowest}; CPU ${sec(t100k.ms[`cpu_train_${slowest}`])} s`));
  }
  else rows.push(notRun(trainWhat, `< ${fmtS(TARGETS.train100kSeconds)}`, '--distinct without 100k, or --skip-distinct'));

  // 7. Memory, and the targets measured by other tiers.
  rows.push(under('1M events, params + values, peak RSS (default threads)', run1M.maxRssBytes / GB, TARGETS.peakRssBytes / GB, (g) => `${g.toFixed(2)} GB`));
  const panelWhat = 'bundled sample, command to panel in a real VS Code';
  const postWhat = '240k sessions, host-thread time to post a result to the panel';
  if (!args.vscode) {
    rows.push(notRun(panelWhat, '< 1 s', '--no-vscode (measured by the e2e tier, test/e2e)'));
    rows.push(notRun(postWhat, '< 50 ms', '--no-vscode (measured by the integration tier, test/integration)'));
  } else {
    step('in VS Code: the e2e test of the bundled sample, then the integration test of a 240k-session post');
    const root = process.cwd();
    // Like every row, the best of --repeat runs (each its own VS Code): a run that printed no figure is passed over
    // while another did, and says why when none did.
    const bestFigure = async (run: () => Promise<TierFigure>): Promise<TierFigure> => {
      const figures: TierFigure[] = [];
      for (let r = 0; r < args.repeat; r++) figures.push(await run());
      const measured = figures.filter((f) => f.value !== undefined);
      return measured.length > 0 ? lowest(measured, (f) => f.value!) : figures[figures.length - 1];
    };
    const panel = await bestFigure(() => commandToPanelMs(root));
    rows.push(panel.value !== undefined ? under(panelWhat, panel.value / 1000, 1, fmtS, 'the first e2e test (test/e2e/panel.e2e.mjs), palette click to the page having drawn the result') : notRun(panelWhat, '< 1 s', panel.problem!));
    const post = (await compileTests(root)) ?? (await bestFigure(() => panelPostMs(root)));
    rows.push(post.value !== undefined ? under(postWhat, post.value, 50, (ms) => `${ms.toFixed(1)} ms`, 'test/integration/transfer.test.ts') : notRun(postWhat, '< 50 ms', post.problem!));
  }

  // Yardsticks (optional): what reading the file costs without csv-parse, csv-parse building objects, and uDSV alone.
  const yardsticks: { name: string; m: Measured }[] = [];
  if (args.yardsticks) {
    step('yardsticks on the 1M file');
    const tasks: [string, Task][] = [['fs stream, bytes only', { kind: 'raw', file: f1M }], ['csv-parse, columns: true', { kind: 'floor', file: f1M, columns: true }],
      ['byte scanner (no csv-parse, no error handling)', { kind: 'scanner', file: f1M }], ['uDSV alone (records as arrays, the fast read path\'s parser)', { kind: 'udsv', file: f1M }]];
    for (const [name, task] of tasks) yardsticks.push({ name, m: await runChild(task) });
  }

  const loadEnd = os.loadavg();
  const cliCmd = `node dist/cli.js ${scoreArgs('FILE', 'OUT.json').join(' ')}`;
  out.push(`Sessionscope bench, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${facts.commit}`);
  out.push(`Machine: ${facts.cpus} cores (${facts.cpuModel}), ${facts.memGB} GB, Node ${facts.node}, ${facts.platform}`);
  const loaded = Math.max(loadStart[0], loadEnd[0]) > 1.2 * Number(facts.cpus);
  out.push(`Load average (1, 5, 15 min): ${loadStart.map((l) => l.toFixed(2)).join(' ')} at start, ${loadEnd.map((l) => l.toFixed(2)).join(' ')} at end${loaded ? '  << LOADED: wall-clock rows are not comparable' : ''}`);
  out.push(`End-to-end runs: ${cliCmd}${threads ? ' [--threads 1]' : ''} (a child process each; CPU = its user + system time, all threads)`);
  out.push('');
  out.push('Scale curve (dist/cli.js, params + values, default threads; the stages are what the CLI prints)');
  out.push(table(['events', 'file MB', 'wall s', 'CPU s', 'CPU us/event', 'k events/s', 'MB/s', 'read', 'sessionize', 'train', 'score', 'sessions', 'peak RSS MB', 'JSON MB'],
    scale.map((p) => [label(p.events), (p.bytes / 1e6).toFixed(0), sec(p.run.wallMs), sec(p.run.cpuMs), ((1000 * p.run.cpuMs) / p.events).toFixed(2),
      (p.events / p.run.wallMs).toFixed(0), (p.bytes / 1e3 / p.run.wallMs).toFixed(1), ...(p.run.stages ? [p.run.stages.read, p.run.stages.sessionize, p.run.stages.train, p.run.stages.score].map(sec) : ['-', '-', '-', '-']),
      String(p.run.sessions ?? '-'), (p.run.maxRssBytes / 1e6).toFixed(0), (p.run.outBytes / 1e6).toFixed(0)]), [0]));
  out.push(`fit CPU = ${fit.intercept.toFixed(0)} ms + ${fit.slope.toFixed(2)} us x events (R^2 ${fit.r2.toFixed(4)}); CPU per added event: ${marginal.map((m) => `${label(m.from)}->${label(m.to)} ${m.usPerEvent.toFixed(2)} us`).join(', ')}`);
  out.push('');
  out.push('CPU comparison on the 1M file (one process each; csv-parse alone and --threads 1 run back to back)');
  out.push(table(['what', 'wall s', 'CPU s', 'peak RSS MB'], [
    ['csv-parse alone (records as arrays, fork of dist/bench.js)', sec(floor.ms.total), sec(floor.cpuMs), (floor.maxRssBytes / 1e6).toFixed(0)],
    [`dist/cli.js ${threads ? '--threads 1' : '(default threads: no --threads option)'}`, sec(oneThread.wallMs), sec(oneThread.cpuMs), (oneThread.maxRssBytes / 1e6).toFixed(0)],
    ['dist/cli.js, default threads', sec(run1M.wallMs), sec(run1M.cpuMs), (run1M.maxRssBytes / 1e6).toFixed(0)],
    ...yardsticks.map((y) => [`yardstick: ${y.name}`, sec(y.m.ms.total), sec(y.m.cpuMs), (y.m.maxRssBytes / 1e6).toFixed(0)]),
  ], [0]));
  if (msticpy) {
    out.push('');
    out.push(`msticpy ${msticpy.version} (pandas ${msticpy.pandas}, Python ${msticpy.python}) on the 100k file, via ${msticpy.api}: ${msticpy.events} events, ${msticpy.sessions} sessions (ours: ${run100k.sessions ?? '?'})`);
    out.push(`  wall ${sec(msticpy.wallMs)} s, CPU ${sec(msticpy.cpuMs)} s; stages (s): ${Object.entries(msticpy.stagesS).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`);
  }
  if (training.length > 0) {
    out.push('');
    out.push('Training over N distinct commands (trainModel only, after reading and sessionizing; a fork each)');
    out.push(table(['commands', 'events', 'sessions', ...SESSION_TYPES.map((t) => `train ${t} s (CPU)`), 'peak RSS MB'], training.map((m) => [
      label((m.task as { commands: number }).commands), label(m.events), String(m.sessions), ...SESSION_TYPES.map((t) => `${sec(m.ms[`train_${t}`])} (${sec(m.ms[`cpu_train_${t}`])})`), (m.maxRssBytes / 1e6).toFixed(0)]), [0]));
  }
  out.push('');
  out.push('Targets');
  out.push(targetsText(rows));
  const text = out.join('\n');
  process.stdout.write('\n' + text);

  const results = { started: started.toISOString(), machine: facts, loadStart, loadEnd, args, targets: TARGETS, rows, scale, floor, oneThread, msticpy, small, training, yardsticks, fit, marginal };
  fs.writeFileSync(path.join(DATA_DIR, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`\nwrote bench-data/results.json\n`);

  if (args.writeDocs) {
    const when = `Measured ${started.toISOString().slice(0, 10)} (${started.toISOString().slice(11, 16)} UTC) by \`npm run bench -- ${[args.quick ? '--quick' : '', `--repeat ${args.repeat}`].filter(Boolean).join(' ')}\`${args.repeat > 1 ? ` (the best of ${args.repeat} runs a row; the 5k row the median of its ${args.smallRuns})` : ''} at ${facts.commit}, on ${facts.cpus} cores (${facts.cpuModel}), load average ${loadStart[0].toFixed(1)} at start and ${loadEnd[0].toFixed(1)} at end${loaded ? ' (LOADED: the wall-clock rows say little; CPU time is steadier)' : ''}.`;
    const mp = msticpy
      ? `\n\nmsticpy row: msticpy ${msticpy.version} (pandas ${msticpy.pandas}, Python ${msticpy.python}) through \`${msticpy.api.split(' (')[0]}\`, run by \`${MSTICPY_ENV}=<python> npm run bench\` (the script is in scripts/bench/msticpy.ts): ${sec(msticpy.wallMs)} s wall, ${sec(msticpy.cpuMs)} CPU s, against ${sec(run100k.wallMs)} s and ${sec(run100k.cpuMs)} CPU s for \`${cliCmd.replace('FILE', 'exchange-100k.csv')}\`.`
      : '';
    replaceBetween('README.md', README_MARKERS, `${when}\n\n${targetsMarkdown(rows)}${mp}`);
    replaceBetween('docs/performance.md', DOCS_MARKERS, `${when}\n\n${targetsMarkdown(rows)}\n\nThe full output of that run:\n\n\`\`\`\n${text.trimEnd()}\n\`\`\``);
    process.stdout.write('rewrote the generated sections of README.md and docs/performance.md\n');
  }
  if (args.cpuProf) {
    for (const f of fs.readdirSync(PROFILE_DIR).filter((f) => f.startsWith('cli-1M')).sort()) process.stdout.write(`\nTop self time: ${f}\n${summariseProfile(path.join(PROFILE_DIR, f), 15)}`);
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Least squares y = intercept + slope * x, with x in events and y in ms (slope reported in us/event). */
function linearFit(points: [number, number][]): { slope: number; intercept: number; r2: number } {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { slope: slope * 1000, intercept: my - slope * mx, r2: sxx > 0 && syy > 0 ? (sxy * sxy) / (sxx * syy) : 1 };
}

if (process.argv[2] === '--child') childMain(process.argv[3]);
else if (process.argv[2] === '--summarise-profile') {
  const top = process.argv[4] === '--top' ? Number(process.argv[5]) : 25;
  process.stdout.write(summariseProfile(process.argv[3], top));
} else {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
