// Logs for the training benchmark: sessions that walk over a chosen number of
// distinct command names, with a sparse transition table like real logs.

import { DOMAIN, DOMAIN_CONTROLLERS } from './directory';
import { csvField, isoSeconds } from './format';
import { CSV_HEADER, MINUTE, type Sink } from './options';
import { Rng } from './rng';

export interface DistinctOptions {
  /** Number of distinct command names. */
  commands: number;
  events: number;
  seed: number | string;
}

/** `Cmd-000123`: zero padded so names sort like numbers. */
export function commandName(i: number): string {
  return `Cmd-${String(i).padStart(6, '0')}`;
}

const DISTINCT_PARAMS = ['Identity', 'ErrorAction', 'Force', 'Confirm', 'DomainController', 'Mode', 'Scope', 'Level'];
const DISTINCT_VALUES: Record<string, readonly string[]> = {
  ErrorAction: ['Stop', 'SilentlyContinue'],
  Force: ['True'],
  Confirm: ['False'],
  DomainController: DOMAIN_CONTROLLERS,
  Mode: ['Audit', 'Enforce', 'Off'],
  Scope: ['Organization', 'User', 'Group'],
  Level: ['1', '2', '3', '4', '5'],
};

/**
 * A CSV log whose sessions walk over `commands` distinct commands (every one
 * appears): each command has a few fixed successors, so the transition table
 * stays sparse like real logs. Sessions are 8 events, 5 s apart; accounts
 * are reused every 10 minutes.
 */
export function generateDistinctCommandsCsv(opts: DistinctOptions, sink: Sink): { events: number; sessions: number } {
  const rng = new Rng(opts.seed);
  const n = opts.commands;
  const users = Math.max(50, Math.ceil(opts.events / 8 / 500));
  const base = Date.parse('2024-01-01T00:00:00Z');
  const stride = 7919 % n === 0 ? 1 : 7919;
  sink(CSV_HEADER + '\n');
  const parts: string[] = [];
  let written = 0;
  let session = 0;
  while (written < opts.events) {
    const user = `user${String(session % users).padStart(5, '0')}@${DOMAIN}`;
    const start = base + Math.floor(session / users) * 10 * MINUTE;
    let cmd = (session * stride) % n;
    for (let k = 0; k < 8 && written < opts.events; k++) {
      const params: string[] = [`{"Name":"Identity","Value":"obj-${rng.int(0, 9999)}"}`];
      for (let j = rng.int(0, 2); j > 0; j--) {
        const name = DISTINCT_PARAMS[1 + ((cmd + j) % (DISTINCT_PARAMS.length - 1))];
        params.push(`{"Name":"${name}","Value":"${rng.pick(DISTINCT_VALUES[name])}"}`);
      }
      parts.push(`${isoSeconds(start + k * 5000)},${user},,${commandName(cmd)},${csvField('[' + params.join(',') + ']')}\n`);
      written++;
      cmd = (cmd * 31 + 17 + rng.int(0, 3) * 101) % n;
      if (parts.length >= 4096) sink(parts.splice(0).join(''));
    }
    session++;
  }
  sink(parts.join(''));
  return { events: written, sessions: session };
}
