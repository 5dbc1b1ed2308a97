// Throughput and memory benchmark of the engine on generated Exchange logs.
//
//   npm run bench                       (build, then node --expose-gc dist/bench.js)
//   node --expose-gc dist/bench.js [--sizes 100000,1000000] [--distinct 1000,10000,100000]
//                                  [--repeat N] [--cpu-prof] [--skip-distinct]
//   node dist/bench.js --summarise-profile FILE.cpuprofile [--top N]
//
// Each measured configuration runs in a fresh child process (a fork of this
// file with `--child <task>`) so its peak RSS is its own. Inputs are
// generated deterministically into bench-data/ (gitignored) and reused while
// their recorded options match. Results: a table on stdout and
// bench-data/results.json. See docs/performance.md.

import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse';
import { loadLog, scoreLog } from '../src/engine/pipeline';
import { trainModel } from '../src/engine/model/train';
import { sessionize } from '../src/engine/sessionize';
import { DEFAULT_SESSIONIZE, SESSION_TYPES, type ColumnMapping, type SessionType } from '../src/engine/types';
import { generateDistinctCommandsCsv, generateLog, type Sink } from './gen-lib';

const DATA_DIR = path.resolve('bench-data');
const PROFILE_DIR = path.join(DATA_DIR, 'profiles');
const SEED = 1;
const MAPPING: ColumnMapping = { users: ['UserId', 'ClientIP'], time: 'TimeGenerated', event: 'Operation', params: 'Parameters' };
const GB = 1024 ** 3;

const TARGETS = {
  e2eSeconds1M: 15,
  floorRatio: 1.3,
  peakRssBytes: 2.5 * GB,
  train100kSeconds: 3,
};

// ---------------------------------------------------------------- tasks (child side)

type Task =
  | { kind: 'pipeline'; file: string; sessionType: SessionType }
  | { kind: 'floor'; file: string; columns: boolean }
  | { kind: 'raw'; file: string }
  | { kind: 'scanner'; file: string }
  | { kind: 'train'; file: string; commands: number };

interface Measured {
  task: Task;
  events: number;
  bytes: number;
  sessions?: number;
  /** Milliseconds per stage; `total` is end to end (wall clock around the whole job). */
  ms: Record<string, number>;
  /** CPU milliseconds (user + system, all threads): `read` (loadLog), `model` (scoreLog), `total`. Less sensitive than wall clock to other load. */
  cpuMs: Record<string, number>;
  maxRssBytes: number;
  heapUsedBytes: number;
  /** 1-minute load average when the run started: other work on the machine skews the times. */
  loadAvg?: number;
}

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

let cpu0 = 0;
let cpuMarks: Record<string, number> = {};

async function runTask(task: Task): Promise<Measured> {
  const bytes = fs.statSync(task.file).size;
  cpu0 = cpuNow();
  cpuMarks = {};
  const t0 = performance.now();
  switch (task.kind) {
    case 'raw': {
      let read = 0;
      for await (const chunk of fs.createReadStream(task.file, { highWaterMark: 1 << 20 })) read += (chunk as Buffer).length;
      return done(task, 0, read, { total: performance.now() - t0 });
    }
    case 'scanner': {
      const records = await byteScanner(task.file);
      return done(task, records, bytes, { total: performance.now() - t0 });
    }
    case 'floor': {
      const records = task.columns ? await csvParseColumns(task.file) : await csvParseArrays(task.file);
      return done(task, records, bytes, { total: performance.now() - t0 });
    }
    case 'pipeline': {
      const mapping = task.sessionType === 'cmds_only' ? { ...MAPPING, params: undefined } : MAPPING;
      const log = await loadLog({ file: task.file, mapping, read: { onBadRow: 'stop' } });
      cpuMarks.read = cpuNow() - cpu0;
      const scored = scoreLog(log, DEFAULT_SESSIONIZE, { sessionType: task.sessionType });
      cpuMarks.model = cpuNow() - cpu0 - cpuMarks.read;
      const total = performance.now() - t0;
      const { readMs, sessionizeMs, trainMs, scoreMs, totalMs } = scored.timings;
      return done(task, log.events.count, bytes, { read: readMs, sessionize: sessionizeMs, train: trainMs, score: scoreMs, engineTotal: totalMs, total },
        scored.sessions.count);
    }
    case 'train': {
      const log = await loadLog({ file: task.file, mapping: MAPPING, read: { onBadRow: 'stop' } });
      const t1 = performance.now();
      const sessions = sessionize(log.events, DEFAULT_SESSIONIZE);
      const t2 = performance.now();
      const ms: Record<string, number> = { read: t1 - t0, sessionize: t2 - t1 };
      for (const type of SESSION_TYPES) {
        (globalThis as { gc?: () => void }).gc?.();
        const s = performance.now();
        trainModel(log.events, sessions, type);
        ms[`train_${type}`] = performance.now() - s;
      }
      ms.total = performance.now() - t0;
      return done(task, log.events.count, bytes, ms, sessions.count);
    }
  }
}

function done(task: Task, events: number, bytes: number, ms: Record<string, number>, sessions?: number): Measured {
  const cpuMs = { ...cpuMarks, total: cpuNow() - cpu0 };
  return { task, events, bytes, sessions, ms, cpuMs, maxRssBytes: process.resourceUsage().maxRSS * 1024, heapUsedBytes: process.memoryUsage().heapUsed };
}

/** csv-parse and nothing else: records as arrays, counted as they stream out (no on_record hook: it builds an info object per record). */
function csvParseArrays(file: string): Promise<number> {
  let records = 0;
  const parser = parse();
  return new Promise((resolve, reject) => {
    parser.on('error', reject);
    parser.on('data', () => {
      records++;
    });
    parser.on('end', () => resolve(records - 1));
    fs.createReadStream(file, { highWaterMark: 1 << 20 }).on('error', reject).pipe(parser);
  });
}

/** csv-parse with `columns: true`, records consumed as a stream of objects. */
async function csvParseColumns(file: string): Promise<number> {
  let records = 0;
  const parser = fs.createReadStream(file, { highWaterMark: 1 << 20 }).pipe(parse({ columns: true }));
  for await (const record of parser) if (record) records++;
  return records;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Not a floor but a yardstick: a minimal RFC 4180 scanner over the raw bytes
 * (indexOf for quoted fields, every field decoded to a string, doubled quotes
 * undone). It shows how far below csv-parse a reader written for this job
 * can go; no error handling.
 */
async function byteScanner(file: string): Promise<number> {
  let records = 0;
  let carry: Buffer = Buffer.alloc(0);
  const fields: string[] = [];
  const scan = (buf: Buffer, final: boolean): number => {
    const end = buf.length;
    let pos = 0;
    for (;;) {
      if (pos >= end) return pos;
      fields.length = 0;
      let p = pos;
      for (;;) {
        if (buf[p] === QUOTE) {
          let q = p + 1;
          let escaped = false;
          let r: number;
          for (;;) {
            r = buf.indexOf(QUOTE, q);
            if (r < 0 || (r + 1 >= end && !final)) return pos;
            if (buf[r + 1] !== QUOTE) break;
            escaped = true;
            q = r + 2;
          }
          const text = buf.toString('utf8', p + 1, r);
          fields.push(escaped ? text.replaceAll('""', '"') : text);
          p = r + 1;
        } else {
          let q = p;
          while (q < end) {
            const c = buf[q];
            if (c === COMMA || c === LF || c === CR) break;
            q++;
          }
          if (q >= end && !final) return pos;
          fields.push(buf.toString('utf8', p, q));
          p = q;
        }
        if (p < end && buf[p] === COMMA) {
          p++;
          continue;
        }
        if (p < end && buf[p] === CR) p++;
        if (p < end && buf[p] === LF) p++;
        else if (p >= end && !final) return pos;
        records++;
        pos = p;
        break;
      }
    }
  };
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    const buf = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    carry = buf.subarray(scan(buf, false));
  }
  if (carry.length > 0) scan(carry, true);
  return records - 1;
}

// ---------------------------------------------------------------- inputs

class FileSink {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly fd: number) {}
  write: Sink = (chunk) => {
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size >= 1 << 20) this.flush();
  };
  flush(): void {
    if (this.size === 0) return;
    fs.writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

/** Writes `file` with `produce` unless it is there already from the same recipe. */
function ensureFile(file: string, recipe: object, produce: (sink: Sink) => void): void {
  const metaFile = file + '.meta.json';
  const meta = JSON.stringify(recipe);
  if (fs.existsSync(file) && fs.existsSync(metaFile)) {
    const saved = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as { recipe: string; bytes: number };
    if (saved.recipe === meta && saved.bytes === fs.statSync(file).size) return;
  }
  const t0 = performance.now();
  process.stdout.write(`generating ${path.relative(process.cwd(), file)} ... `);
  const fd = fs.openSync(file + '.tmp', 'w');
  const sink = new FileSink(fd);
  try {
    produce(sink.write);
    sink.flush();
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(file + '.tmp', file);
  const bytes = fs.statSync(file).size;
  fs.writeFileSync(metaFile, JSON.stringify({ recipe: meta, bytes }));
  process.stdout.write(`${mb(bytes)} MB in ${sec(performance.now() - t0)} s\n`);
}

function exchangeLog(events: number): string {
  const file = path.join(DATA_DIR, `exchange-${label(events)}.csv`);
  const opts = { events, seed: SEED, format: 'csv' as const, profile: 'bench' as const };
  ensureFile(file, { generator: 'exchange', version: 1, ...opts }, (sink) => generateLog(opts, sink));
  return file;
}

function distinctLog(commands: number): { file: string; events: number } {
  const events = Math.min(1_000_000, Math.max(100_000, commands * 10));
  const file = path.join(DATA_DIR, `distinct-${label(commands)}-cmds.csv`);
  const opts = { commands, events, seed: SEED };
  ensureFile(file, { generator: 'distinct', version: 1, ...opts }, (sink) => generateDistinctCommandsCsv(opts, sink));
  return { file, events };
}

// ---------------------------------------------------------------- parent side

interface Args {
  sizes: number[];
  distinct: number[];
  repeat: number;
  cpuProf: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { sizes: [100_000, 1_000_000], distinct: [1_000, 10_000, 100_000], repeat: 1, cpuProf: false };
  const list = (v: string | undefined): number[] => (v ?? '').split(',').filter(Boolean).map((x) => parseCount(x));
  for (let i = 0; i < argv.length; i++) {
    switch (argv[i]) {
      case '--sizes': args.sizes = list(argv[++i]); break;
      case '--distinct': args.distinct = list(argv[++i]); break;
      case '--skip-distinct': args.distinct = []; break;
      case '--repeat': args.repeat = Math.max(1, parseCount(argv[++i])); break;
      case '--cpu-prof': args.cpuProf = true; break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  return args;
}

function parseCount(v: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(v.trim());
  if (!m) throw new Error(`not a count: ${v}`);
  return Math.round(Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1e3 : m[2].toLowerCase() === 'm' ? 1e6 : 1));
}

function runChild(task: Task, cpuProf: boolean, name: string): Promise<Measured> {
  const execArgv = ['--expose-gc'];
  if (cpuProf) {
    fs.mkdirSync(PROFILE_DIR, { recursive: true });
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${name}.cpuprofile`);
  }
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child', JSON.stringify(task)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: Measured | undefined;
    child.on('message', (m) => {
      result = m as Measured;
    });
    child.on('error', reject);
    child.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`${name}: child exited with ${code}`))));
  });
}

/** Runs a task `repeat` times (each in its own process) and keeps the fastest. */
async function measure(task: Task, args: Args, name: string): Promise<Measured> {
  let best: Measured | undefined;
  for (let r = 0; r < args.repeat; r++) {
    const loadAvg = os.loadavg()[0];
    const m = { ...(await runChild(task, args.cpuProf && r === 0, name)), loadAvg };
    if (!best || m.ms.total < best.ms.total) best = m;
  }
  return best!;
}

interface SizeResult {
  events: number;
  file: string;
  bytes: number;
  raw: Measured;
  floorArrays: Measured;
  floorColumns: Measured;
  scanner: Measured;
  pipelines: Record<SessionType, Measured>;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const started = new Date().toISOString();
  const sizes: SizeResult[] = [];
  for (const events of args.sizes) {
    const file = exchangeLog(events);
    const bytes = fs.statSync(file).size;
    const tag = label(events);
    process.stdout.write(`measuring ${tag}: raw read, csv-parse floors, byte scanner`);
    const raw = await measure({ kind: 'raw', file }, args, `raw-${tag}`);
    const floorArrays = await measure({ kind: 'floor', file, columns: false }, args, `floor-arrays-${tag}`);
    const floorColumns = await measure({ kind: 'floor', file, columns: true }, args, `floor-columns-${tag}`);
    const scanner = await measure({ kind: 'scanner', file }, args, `scanner-${tag}`);
    const pipelines = {} as Record<SessionType, Measured>;
    for (const type of SESSION_TYPES) {
      process.stdout.write(`, ${type}`);
      pipelines[type] = await measure({ kind: 'pipeline', file, sessionType: type }, args, `pipeline-${type}-${tag}`);
    }
    process.stdout.write('\n');
    sizes.push({ events, file, bytes, raw, floorArrays, floorColumns, scanner, pipelines });
  }
  const training: Measured[] = [];
  for (const commands of args.distinct) {
    const { file } = distinctLog(commands);
    process.stdout.write(`measuring training over ${label(commands)} distinct commands\n`);
    training.push(await measure({ kind: 'train', file, commands }, args, `train-${label(commands)}`));
  }
  const report = render(sizes, training);
  process.stdout.write('\n' + report.text);
  const results = {
    started,
    machine: { loadAvgAtEnd: os.loadavg(), cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, totalMemBytes: os.totalmem(), node: process.version, platform: `${os.platform()} ${os.release()}` },
    args,
    targets: TARGETS,
    checks: report.checks,
    sizes,
    training,
  };
  fs.writeFileSync(path.join(DATA_DIR, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`\nwrote ${path.relative(process.cwd(), path.join(DATA_DIR, 'results.json'))}\n`);
  if (args.cpuProf) {
    for (const f of fs.readdirSync(PROFILE_DIR).filter((f) => f.startsWith('pipeline-cmds_params_values')).sort()) {
      process.stdout.write(`\nTop self time: ${f}\n${summariseProfile(path.join(PROFILE_DIR, f), 15)}`);
    }
  }
}

// ---------------------------------------------------------------- report

interface Check {
  what: string;
  measured: string;
  target: string;
  pass: boolean;
}

function render(sizes: SizeResult[], training: Measured[]): { text: string; checks: Check[] } {
  const out: string[] = [];
  const checks: Check[] = [];
  const stages = ['read', 'sessionize', 'train', 'score', 'total'] as const;

  out.push('Floors (one process each)');
  const floorRow = (s: SizeResult, name: string, m: Measured, events: boolean): string[] => [label(s.events), mb(s.bytes), name, sec(m.ms.total),
    sec(m.cpuMs.total), events ? rate(s.events / 1e3, m.ms.total) : '-', rate(s.bytes / 1e6, m.ms.total), mb(m.maxRssBytes), (m.loadAvg ?? 0).toFixed(1)];
  out.push(table(['size', 'file MB', 'reader', 'seconds', 'CPU s', 'k events/s', 'MB/s', 'peak RSS MB', 'load'], sizes.flatMap((s) => [
    floorRow(s, 'fs stream, bytes only', s.raw, false),
    floorRow(s, 'csv-parse, arrays', s.floorArrays, true),
    floorRow(s, 'csv-parse, columns: true', s.floorColumns, true),
    floorRow(s, 'yardstick: byte scanner (no csv-parse)', s.scanner, true),
  ])));

  out.push('', 'Seconds per stage (end to end = wall clock of loadLog + scoreLog in a fresh process)');
  const timeRows: string[][] = [];
  for (const s of sizes) {
    const floor = Math.min(s.floorArrays.ms.total, s.floorColumns.ms.total);
    const floorCpu = Math.min(s.floorArrays.cpuMs.total, s.floorColumns.cpuMs.total);
    for (const type of SESSION_TYPES) {
      const m = s.pipelines[type];
      const ratio = m.ms.total / floor;
      const ratioCpu = m.cpuMs.total / floorCpu;
      const marks: string[] = [];
      if (s.events === 1_000_000 && type === 'cmds_params_values') {
        const e2e = m.ms.total / 1000;
        const e2eCpu = m.cpuMs.total / 1000;
        const n = checks.length;
        checks.push({ what: '1M events, params + values, end to end (wall clock)', measured: `${e2e.toFixed(2)} s`, target: `< ${TARGETS.e2eSeconds1M} s`, pass: e2e < TARGETS.e2eSeconds1M });
        checks.push({ what: '1M events, params + values, end to end (CPU time)', measured: `${e2eCpu.toFixed(2)} s`, target: `< ${TARGETS.e2eSeconds1M} s`, pass: e2eCpu < TARGETS.e2eSeconds1M });
        checks.push({ what: '1M events, params + values, end to end / csv-parse alone (wall)', measured: ratio.toFixed(2), target: `<= ${TARGETS.floorRatio}`, pass: ratio <= TARGETS.floorRatio });
        checks.push({ what: '1M events, params + values, end to end / csv-parse alone (CPU)', measured: ratioCpu.toFixed(2), target: `<= ${TARGETS.floorRatio}`, pass: ratioCpu <= TARGETS.floorRatio });
        checks.push({ what: '1M events, params + values, peak RSS', measured: `${(m.maxRssBytes / GB).toFixed(2)} GB`, target: `< ${TARGETS.peakRssBytes / GB} GB`, pass: m.maxRssBytes < TARGETS.peakRssBytes });
        marks.push(...checks.slice(n).map((c) => (c.pass ? 'PASS' : 'MISS')));
      }
      timeRows.push([label(s.events), type, ...stages.map((st) => sec(m.ms[st])), sec(m.cpuMs.total), ratio.toFixed(2), ratioCpu.toFixed(2),
        mb(m.maxRssBytes), String(m.sessions ?? ''), (m.loadAvg ?? 0).toFixed(1),
        marks.length ? `e2e ${marks[0]} (CPU ${marks[1]}), ratio ${marks[2]} (CPU ${marks[3]}), RSS ${marks[4]}` : '']);
    }
  }
  out.push(table(['size', 'session type', 'read', 'sessionize', 'train', 'score', 'end to end', 'CPU s', 'x floor', 'x floor CPU', 'peak RSS MB', 'sessions', 'load', 'targets'], timeRows));

  out.push('', 'Throughput per stage: k events/s | MB/s (MB of the file, so stages compare with the floors)');
  out.push(table(['size', 'session type', ...stages.map((s) => (s === 'total' ? 'end to end' : s))], sizes.flatMap((s) => SESSION_TYPES.map((type) => {
    const m = s.pipelines[type];
    return [label(s.events), type, ...stages.map((st) => `${rate(s.events / 1e3, m.ms[st])} | ${rate(s.bytes / 1e6, m.ms[st])}`)];
  }))));

  if (training.length > 0) {
    out.push('', 'Training time over N distinct commands (trainModel only, after loading and sessionizing)');
    const rows = training.map((m) => {
      const commands = (m.task as { commands: number }).commands;
      const worst = Math.max(...SESSION_TYPES.map((t) => m.ms[`train_${t}`]));
      let mark = '';
      if (commands === 100_000) {
        const pass = worst / 1000 < TARGETS.train100kSeconds;
        checks.push({ what: '100k distinct commands trained (slowest session type)', measured: `${(worst / 1000).toFixed(2)} s`, target: `< ${TARGETS.train100kSeconds} s`, pass });
        mark = pass ? 'PASS' : 'MISS';
      }
      return [label(commands), label(m.events), String(m.sessions), ...SESSION_TYPES.map((t) => sec(m.ms[`train_${t}`])), mb(m.maxRssBytes),
        (m.loadAvg ?? 0).toFixed(1), mark];
    });
    out.push(table(['commands', 'events', 'sessions', ...SESSION_TYPES.map((t) => `train ${t}`), 'peak RSS MB', 'load', 'target < 3 s'], rows));
  }

  if (checks.length > 0) {
    out.push('', 'Targets');
    out.push(table(['', 'what', 'measured', 'target'], checks.map((c) => [c.pass ? 'PASS' : 'MISS', c.what, c.measured, c.target])));
  }
  return { text: out.join('\n') + '\n', checks };
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function label(n: number): string {
  if (n >= 1e6 && n % 1e6 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 1e3 === 0) return `${n / 1e3}k`;
  return String(n);
}

const sec = (ms: number | undefined): string => (ms === undefined ? '-' : (ms / 1000).toFixed(2));
const mb = (bytes: number): string => (bytes / 1e6).toFixed(0);
const rate = (amount: number, ms: number | undefined): string => (ms === undefined || ms <= 0 ? '-' : (amount / (ms / 1000)).toFixed(0));

// ---------------------------------------------------------------- CPU profiles

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Self time per function (summed over its nodes) from a V8 .cpuprofile. */
export function summariseProfile(file: string, top: number): string {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  prof.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const url = n.callFrame.url.replace(/^.*\/(node_modules\/|src\/|scripts\/)/, '$1');
    const key = `${n.callFrame.functionName || '(anonymous)'}  ${url}:${n.callFrame.lineNumber + 1}`;
    const dt = prof.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([k, us]) => [`${(us / 1000).toFixed(0)} ms`, `${((100 * us) / total).toFixed(1)}%`, k]);
  return table(['self', 'share', 'function  location'], rows) + '\n';
}

// ---------------------------------------------------------------- entry

if (process.argv[2] === '--child') {
  runTask(JSON.parse(process.argv[3]) as Task).then(
    (m) => (process.send ? process.send(m, () => process.exit(0)) : process.stdout.write(JSON.stringify(m, null, 2) + '\n')),
    (e: unknown) => {
      process.stderr.write(`bench child failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    },
  );
} else if (process.argv[2] === '--summarise-profile') {
  const top = process.argv[3 + 1] === '--top' ? Number(process.argv[5]) : 25;
  process.stdout.write(summariseProfile(process.argv[3], top));
} else {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
