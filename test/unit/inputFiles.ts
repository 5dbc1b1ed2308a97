// Helpers for reader tests: log files written to a temporary folder, and the
// located LogInputError a bad one must give.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LogInputError } from '../../src/engine/types';

/** A writer of numbered files (`<n>-<name>`) in a new temporary folder, which it names as `dir`. */
export function tempFiles(prefix: string): ((name: string, content: string | Buffer) => string) & { dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  let n = 0;
  const write = (name: string, content: string | Buffer): string => {
    const p = path.join(dir, `${n++}-${name}`);
    writeFileSync(p, content);
    return p;
  };
  return Object.assign(write, { dir });
}

/** Awaits `p`, which must fail with a LogInputError matching `pattern` at `line` and `column` when given. */
export async function rejectsWith(p: Promise<unknown>, pattern: RegExp, line?: number, column?: number): Promise<LogInputError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof LogInputError, `expected LogInputError, got ${String((e as Error)?.stack ?? e)}`);
    assert.match(e.message, pattern);
    if (line !== undefined) assert.equal(e.location?.line, line, `line of: ${e.describe()}`);
    if (column !== undefined) assert.equal(e.location?.column, column, `column of: ${e.describe()}`);
    return e;
  }
  assert.fail('expected an error');
}
