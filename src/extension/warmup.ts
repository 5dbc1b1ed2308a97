// Warms a pipeline thread (run/workerSpare.ts) while the user looks at a file
// they may score, so the run does not wait for a thread to start and load
// the engine. Files whose kind says "log" (CSV, TSV, JSON Lines) warm it at
// once; a .json, .log or .txt file only from LIKELY_LOG_BYTES up, since
// small ones there are mostly settings and notes. A large log warms none:
// its run starts a thread of its own (largeLog.ts).

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkerSpare } from '../run/workerSpare';
import { activeLogFile } from './commands';
import { largeLogBytes } from './largeLog';

const LOG_KINDS = new Set(['csv', 'tsv', 'jsonl', 'ndjson']);
export const LIKELY_LOG_BYTES = 64 * 1024;

/** Whether looking at `uri` should warm a thread. */
export async function worthWarming(uri: vscode.Uri): Promise<boolean> {
  let size: number;
  try {
    size = (await vscode.workspace.fs.stat(uri)).size;
  } catch {
    return false;
  }
  if (size >= largeLogBytes()) return false;
  return LOG_KINDS.has(path.extname(uri.fsPath).slice(1).toLowerCase()) || size >= LIKELY_LOG_BYTES;
}

/**
 * Warms `spare` now and whenever the active editor or tab becomes a file
 * worth it that has no thread of its own yet (`hasThread`: a file already
 * analysed keeps its thread, and the panel opening beside it must not warm
 * another).
 */
export function warmOnLogFiles(spare: WorkerSpare, hasThread: (uri: vscode.Uri) => boolean): vscode.Disposable {
  const check = (): void => {
    const uri = activeLogFile();
    if (uri && !hasThread(uri)) void worthWarming(uri).then((yes) => yes && !hasThread(uri) && spare.warm());
  };
  check();
  return vscode.Disposable.from(vscode.window.onDidChangeActiveTextEditor(check), vscode.window.tabGroups.onDidChangeTabs(check));
}
