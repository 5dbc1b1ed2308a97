// The reference's results on public demo data, committed in
// test/fixtures/reference/ (source and licence in its README). The copy is the
// source: when it is missing the parity tests fail, they never skip.

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

/** test/fixtures/reference in the checkout. */
export const REFERENCE_DIR = path.join(projectRoot(), 'test', 'fixtures', 'reference');
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

/** Fails the suite when the committed reference is missing: parity must never pass by not running. */
export function requireReference(_ctx?: Mocha.Context): void {
  if (!referenceAvailable()) throw new Error(`parity reference missing at ${REFERENCE_DIR} (it is committed in test/fixtures/reference/)`);
}

export function loadReference(): Reference {
  return JSON.parse(readFileSync(REFERENCE_JSON, 'utf8')) as Reference;
}
