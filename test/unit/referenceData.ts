// Locates ../shared/reference (the reference's results on public demo data).
// Parity tests read it where it lies; outside CI its absence skips them, in CI it fails.

import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The project root: the nearest folder above this file (or the cwd) with the manifest. */
function projectRoot(): string {
  for (const from of [__dirname, process.cwd()]) {
    let dir = from;
    for (;;) {
      if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'src', 'engine'))) return dir;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return process.cwd();
}

/** `../shared/reference` beside the checkout, or where SESSIONSCOPE_REFERENCE points. */
export const REFERENCE_DIR = process.env.SESSIONSCOPE_REFERENCE ?? path.resolve(projectRoot(), '..', 'shared', 'reference');
export const REFERENCE_CSV = path.join(REFERENCE_DIR, 'demo_exchange_data.csv');
export const REFERENCE_JSON = path.join(REFERENCE_DIR, 'demo_exchange_reference.json');

export type Nullable = number | null;

export interface ReferenceSession {
  UserId: string | null;
  ClientIP: string | null;
  start: string;
  end: string;
  number_events: number;
  cmds: string[];
}

export interface ReferenceType {
  sessions: ReferenceSession[];
  scores: Record<string, (Nullable | string[] | null)[]>;
  model: {
    prior_probs: Record<string, number>;
    trans_probs: Record<string, Record<string, number>>;
    param_cond_cmd_probs?: Record<string, Record<string, number>>;
    modellable_params?: string[];
    value_cond_param_probs?: Record<string, Record<string, number>>;
  };
}

export interface Reference {
  user_identifier_cols: string[];
  time_col: string;
  max_session_time_mins: number;
  max_event_separation_mins: number;
  session_types: Record<'cmds_only' | 'cmds_params_only' | 'cmds_params_values', ReferenceType>;
}

export function referenceAvailable(): boolean {
  return existsSync(REFERENCE_CSV) && existsSync(REFERENCE_JSON);
}

/**
 * Skips the suite when the reference is absent on a contributor's clone, but
 * fails under CI=true: parity must never pass by not running.
 */
export function requireReference(ctx: Mocha.Context): void {
  if (referenceAvailable()) return;
  if (process.env.CI === 'true') throw new Error(`parity reference missing at ${REFERENCE_DIR} (required in CI)`);
  console.warn(`    (skipped: no reference data at ${REFERENCE_DIR})`);
  ctx.skip();
}

export function loadReference(): Reference {
  return JSON.parse(readFileSync(REFERENCE_JSON, 'utf8')) as Reference;
}
