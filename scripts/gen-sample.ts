// Writes a deterministic Exchange Online admin audit log.
//
//   node dist/gen-sample.js [--events N] [--seed S] [--format csv|jsonl|json]
//                           [--profile sample|bench] [--days D] [--out FILE|-]
//                           [--anomalies FILE|none] [--distinct-commands K] [--insight-attacks]
//
// With no flags it regenerates the committed sample
// (media/sample/exchange-admin-sample.csv and its .anomalies.json sidecar).
// Output is written in chunks as it is produced, so a million events need
// no more memory than a thousand.

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  SAMPLE_ANOMALIES_PATH,
  SAMPLE_DEFAULTS,
  SAMPLE_PATH,
  anomaliesSidecar,
  generateDistinctCommandsCsv,
  generateLog,
  type GenFormat,
  type GenOptions,
  type GenProfile,
} from './gen-lib';

interface Args {
  gen: GenOptions;
  out: string;
  anomalies: string | undefined;
  distinctCommands: number | undefined;
}

const USAGE = `usage: gen-sample [--events N] [--seed S] [--format csv|jsonl|json] [--profile sample|bench]
                  [--days D] [--out FILE|-] [--anomalies FILE|none] [--distinct-commands K] [--insight-attacks]`;

function parseArgs(argv: string[]): Args {
  const gen: GenOptions = { ...SAMPLE_DEFAULTS };
  let out: string | undefined;
  let anomalies: string | undefined;
  let distinctCommands: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) fail(`${flag} needs a value`);
      return v;
    };
    const count = (): number => {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 1) fail(`${flag} needs a positive integer`);
      return v;
    };
    switch (flag) {
      case '--events': gen.events = count(); break;
      case '--seed': { const v = value(); gen.seed = /^\d+$/.test(v) ? Number(v) : v; break; }
      case '--format': gen.format = oneOf(value(), ['csv', 'jsonl', 'json'], flag) as GenFormat; break;
      case '--profile': gen.profile = oneOf(value(), ['sample', 'bench'], flag) as GenProfile; break;
      case '--days': gen.days = count(); break;
      case '--out': out = value(); break;
      case '--anomalies': anomalies = value(); break;
      case '--distinct-commands': distinctCommands = count(); break;
      case '--insight-attacks': gen.insightAttacks = true; break;
      case '-h': case '--help': process.stdout.write(USAGE + '\n'); process.exit(0); break;
      default: fail(`unknown argument ${flag}`);
    }
  }
  out ??= gen.format === 'csv' ? SAMPLE_PATH : SAMPLE_PATH.replace(/\.csv$/, `.${gen.format}`);
  if (anomalies === undefined && out !== '-' && distinctCommands === undefined) {
    anomalies = out === SAMPLE_PATH ? SAMPLE_ANOMALIES_PATH : out.replace(/\.[^./\\]*$/, '') + '.anomalies.json';
  }
  if (anomalies === 'none') anomalies = undefined;
  return { gen, out, anomalies, distinctCommands };
}

function oneOf(v: string, allowed: string[], flag: string): string {
  if (!allowed.includes(v)) fail(`${flag} must be one of ${allowed.join(', ')}`);
  return v;
}

function fail(message: string): never {
  process.stderr.write(`gen-sample: ${message}\n${USAGE}\n`);
  process.exit(2);
}

/** Buffers chunks and writes them synchronously once they reach ~1 MB. */
class FileSink {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly fd: number) {}

  write = (chunk: string): void => {
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size >= 1 << 20) this.flush();
  };

  flush(): void {
    if (this.size === 0) return;
    const buf = Buffer.from(this.parts.join(''));
    this.parts = [];
    this.size = 0;
    let off = 0;
    while (off < buf.length) {
      try {
        off += fs.writeSync(this.fd, buf, off);
      } catch (err) {
        // A non-blocking stdout pipe can be momentarily full.
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      }
    }
  }
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const toStdout = args.out === '-';
  if (!toStdout) fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
  const fd = toStdout ? 1 : fs.openSync(args.out, 'w');
  const sink = new FileSink(fd);
  try {
    if (args.distinctCommands !== undefined) {
      const r = generateDistinctCommandsCsv({ commands: args.distinctCommands, events: args.gen.events, seed: args.gen.seed }, sink.write);
      sink.flush();
      if (!toStdout) process.stderr.write(`${args.out}: ${r.events} events, ${r.sessions} sessions over ${args.distinctCommands} commands\n`);
      return;
    }
    const report = generateLog(args.gen, sink.write);
    sink.flush();
    if (args.anomalies) fs.writeFileSync(args.anomalies, anomaliesSidecar(args.gen, report));
    if (!toStdout) {
      process.stderr.write(`${args.out}: ${report.events} events, ${report.lines} lines, ${(report.bytes / 1e6).toFixed(1)} MB, ` +
        `${report.last} .. ${report.first}, ${report.anomalies.length} anomalies` + (args.anomalies ? ` (${args.anomalies})` : '') + '\n');
    }
  } finally {
    if (!toStdout) fs.closeSync(fd);
  }
}

main();
