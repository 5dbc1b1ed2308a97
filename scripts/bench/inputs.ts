// Benchmark inputs: generated deterministically into bench-data/ (gitignored)
// and reused while the recipe recorded beside each file is unchanged.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateDistinctCommandsCsv, generateLog, type Sink } from '../gen-lib';

export const DATA_DIR = path.resolve('bench-data');
const SEED = 1;

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
  process.stdout.write(`${(bytes / 1e6).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}

/** An Exchange admin log of the generator's `bench` profile (seed 1). */
export function exchangeLog(events: number): string {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const file = path.join(DATA_DIR, `exchange-${label(events)}.csv`);
  const opts = { events, seed: SEED, format: 'csv' as const, profile: 'bench' as const };
  ensureFile(file, { generator: 'exchange', version: 1, ...opts }, (sink) => generateLog(opts, sink));
  return file;
}

/** Sessions of 8 events over `commands` distinct commands (every one appears): 100k-1M events. */
export function distinctLog(commands: number): { file: string; events: number } {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const events = Math.min(1_000_000, Math.max(100_000, commands * 10));
  const file = path.join(DATA_DIR, `distinct-${label(commands)}-cmds.csv`);
  const opts = { commands, events, seed: SEED };
  ensureFile(file, { generator: 'distinct', version: 1, ...opts }, (sink) => generateDistinctCommandsCsv(opts, sink));
  return { file, events };
}

/**
 * The `events` Exchange log with one quote opened and never closed, at the
 * start of a user field about 90% into the file (a damaged export): what a
 * broken record costs a large read.
 */
export function brokenQuoteLog(events: number): { file: string; line: number } {
  const clean = exchangeLog(events);
  const file = path.join(DATA_DIR, `exchange-${label(events)}-broken-quote.csv`);
  const text = fs.readFileSync(clean);
  const record = /\n\d{4}-\d\d-\d\dT[\d:.]+Z?,/g;
  record.lastIndex = Math.floor(text.length * 0.9);
  const m = record.exec(text.toString('latin1'));
  if (!m) throw new Error(`no record start after 90% of ${clean}`);
  const at = m.index + m[0].length;
  ensureFile(file, { generator: 'broken-quote', version: 1, events, at }, (sink) => {
    sink(text.subarray(0, at).toString('utf8'));
    sink('"');
    sink(text.subarray(at).toString('utf8'));
  });
  let line = 1;
  for (let i = text.indexOf(0x0a); i >= 0 && i < at; i = text.indexOf(0x0a, i + 1)) line++;
  return { file, line };
}

export function label(n: number): string {
  if (n >= 1e6 && n % 1e6 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 1e3 === 0) return `${n / 1e3}k`;
  return String(n);
}
