// What the integration tests share: the extension's commands as a test calls
// them (the test API snapshot, a programmatic score) and a poll for a state.

import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/extension/analysis';
import type { ScoreFileOptions } from '../../src/extension/commands';
import type { TestSnapshot } from '../../src/extension/testApi';

/** The `_testApi` command (test mode only): the last run, reveal and posts, after doing `action`. */
export function testApi<T extends TestSnapshot = TestSnapshot>(action?: unknown): Promise<T> {
  return Promise.resolve(vscode.commands.executeCommand<T>('sessionscope._testApi', action));
}

/** Scores `file` through the command's programmatic route (no quick picks). */
export function score(file: string, options: ScoreFileOptions): Promise<RunOutcome> {
  return Promise.resolve(vscode.commands.executeCommand<RunOutcome>('sessionscope.scoreFile', vscode.Uri.file(file), options));
}

/** Polls `probe` every 25 ms until it gives a value; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
