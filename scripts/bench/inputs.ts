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

/** An Exchange admin log of the generator's `bench` profile (seed 1), as CSV or JSON Lines. */
export function exchangeLog(events: number, format: 'csv' | 'jsonl' = 'csv'): string {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const file = path.join(DATA_DIR, `exchange-${label(events)}.${format}`);
  const opts = { events, seed: SEED, format, profile: 'bench' as const };
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

/** The shapes of a record holding one very long value (longValueLog). */
export type LongValueShape = 'csv, on one line' | 'csv, over lines' | 'json lines';

/** Characters of the long value. */
export const LONG_VALUE_CHARS = 15 * 1024 * 1024;

/**
 * The 10k-event Exchange log (CSV or JSON Lines) with one more record in its
 * middle whose params hold a value of LONG_VALUE_CHARS characters: a script
 * block or an encoded payload pasted into a command, as real logs have. On
 * one line as JSON params in a quoted field, over 100-character lines as a
 * command line in a quoted field, or as a JSON line. What such a record costs
 * a reader that joins or searches it again at every chunk (session 21: 10 s
 * for 15 MB) shows here.
 */
export function longValueLog(shape: LongValueShape): string {
  const json = shape === 'json lines';
  const base = exchangeLog(10_000, json ? 'jsonl' : 'csv');
  const text = fs.readFileSync(base, 'utf8');
  // A record start past the middle (CSV: a line that starts with a time, not a line inside a quoted value).
  const start = json ? /\n\{/g : /\n\d{4}-\d\d-\d\dT[\d:.]+Z?,/g;
  start.lastIndex = text.length >> 1;
  const m = start.exec(text);
  if (!m) throw new Error(`no record start after the middle of ${base}`);
  const at = m.index + 1;
  const time = json ? (JSON.parse(text.slice(at, text.indexOf('\n', at))) as { TimeGenerated: string }).TimeGenerated : m[0].slice(1, -1);
  const user = 'long.value@contoso.com';
  const ip = '203.0.113.9';
  let record: string;
  if (shape === 'csv, on one line') {
    record = `${time},${user},${ip},Set-Content,"[{""Name"":""Value"",""Value"":""${'QUFB'.repeat(LONG_VALUE_CHARS / 4)}""}]"\n`;
  } else if (shape === 'csv, over lines') {
    const line = 'Write-Output "' + 'x'.repeat(83) + '"\n';
    record = `${time},${user},${ip},Invoke-Command,"powershell.exe -Command ""${line.replace(/"/g, '""').repeat(Math.ceil(LONG_VALUE_CHARS / line.length))}"""\n`;
  } else {
    record = JSON.stringify({ TimeGenerated: time, UserId: user, ClientIP: ip, Operation: 'Set-Content', Parameters: [{ Name: 'Value', Value: 'QUFB'.repeat(LONG_VALUE_CHARS / 4) }] }) + '\n';
  }
  const file = path.join(DATA_DIR, `exchange-10k-long-value-${shape.replace(/\W+/g, '-')}.${json ? 'jsonl' : 'csv'}`);
  ensureFile(file, { generator: 'long-value', version: 1, shape, chars: LONG_VALUE_CHARS, at }, (sink) => {
    sink(text.slice(0, at));
    sink(record);
    sink(text.slice(at));
  });
  return file;
}
