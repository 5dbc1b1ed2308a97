// Runs dist/cli.js as a user would (a child process, startup included) and
// measures it: wall clock from spawn to exit in this process, CPU time
// (user + system, all threads) and peak RSS from a preload that reports the
// child's own process.cpuUsage() and resourceUsage() when it exits.

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DATA_DIR } from './inputs';
import { MAPPING } from './tasks';

export const CLI = path.resolve('dist/cli.js');

const PRELOAD = `'use strict';
// Written by dist/bench.js: reports this process's CPU time and peak RSS when it exits.
const { isMainThread } = require('node:worker_threads');
const out = process.env.SESSIONSCOPE_BENCH_RUSAGE;
if (isMainThread && out) {
  process.on('exit', () => {
    const u = process.cpuUsage();
    require('node:fs').writeFileSync(out, JSON.stringify({ userUs: u.user, systemUs: u.system, maxRssKb: process.resourceUsage().maxRSS }));
  });
}
`;

export interface CliRun {
  wallMs: number;
  cpuMs: number;
  maxRssBytes: number;
  /** Stage timings the CLI prints on stderr. */
  stages?: { read: number; sessionize: number; train: number; score: number };
  events?: number;
  sessions?: number;
  outBytes: number;
}

export interface CliOptions {
  threads?: number;
  /** `--on-bad-row` (the CLI's default otherwise). */
  onBadRow?: 'skip' | 'stop';
  /** Extra node flags, e.g. --cpu-prof. */
  execArgv?: string[];
}

/** `score FILE` with the bench's columns, params + values, window 3, every session as JSON into bench-data/. */
export function scoreArgs(file: string, out: string, threads?: number): string[] {
  return ['score', file, '--users', MAPPING.users.join(','), '--time', MAPPING.time, '--event', MAPPING.event, '--params', MAPPING.params!,
    '--type', 'cmds_params_values', '--window', '3', '--format', 'json', '--out', out, ...(threads === undefined ? [] : ['--threads', String(threads)])];
}

let cliHelp: string | undefined;

/** Whether dist/cli.js takes `--threads` (the option the CPU target is defined with). */
export function cliHasThreads(): boolean {
  cliHelp ??= spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout ?? '';
  return /--threads\b/.test(cliHelp);
}

export function runCli(file: string, tag: string, opts: CliOptions = {}): Promise<CliRun> {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const preload = path.join(DATA_DIR, 'rusage-preload.cjs');
  if (!fs.existsSync(preload) || fs.readFileSync(preload, 'utf8') !== PRELOAD) fs.writeFileSync(preload, PRELOAD);
  const rusageFile = path.join(DATA_DIR, `rusage-${tag}.json`);
  const out = path.join(DATA_DIR, `out-${tag}.json`);
  fs.rmSync(rusageFile, { force: true });
  fs.rmSync(out, { force: true });
  const args = [...(opts.execArgv ?? []), '--require', preload, CLI, ...scoreArgs(file, out, opts.threads), ...(opts.onBadRow ? ['--on-bad-row', opts.onBadRow] : [])];
  return new Promise((resolve, reject) => {
    let stderr = '';
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SESSIONSCOPE_BENCH_RUSAGE: rusageFile } });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      if (code !== 0) return reject(new Error(`dist/cli.js ${args.slice(3).join(' ')} exited with ${code}:\n${stderr.slice(-2000)}`));
      if (!fs.existsSync(rusageFile)) return reject(new Error(`dist/cli.js (${tag}) left no CPU report (${rusageFile})`));
      const ru = JSON.parse(fs.readFileSync(rusageFile, 'utf8')) as { userUs: number; systemUs: number; maxRssKb: number };
      const st = /read (\d+) ms, sessionize (\d+) ms, train (\d+) ms, score (\d+) ms/.exec(stderr);
      const counts = /sessionscope: (\d+) events, (\d+) sessions/.exec(stderr);
      resolve({
        wallMs,
        cpuMs: (ru.userUs + ru.systemUs) / 1000,
        maxRssBytes: ru.maxRssKb * 1024,
        stages: st ? { read: +st[1], sessionize: +st[2], train: +st[3], score: +st[4] } : undefined,
        events: counts ? +counts[1] : undefined,
        sessions: counts ? +counts[2] : undefined,
        outBytes: outBytes(out),
      });
    });
  });
}

/** Size of the JSON the run wrote; the file is removed (the 5M one is large). */
function outBytes(file: string): number {
  const bytes = fs.statSync(file).size;
  fs.rmSync(file, { force: true });
  return bytes;
}
