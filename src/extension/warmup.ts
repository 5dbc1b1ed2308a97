// Warms a pipeline thread (run/workerSpare.ts) while the user looks at a file
// they may score, so the run does not wait for a thread to start and load
// the engine. Files whose kind says "log" (CSV, TSV, JSON Lines) warm it at
// once; a .json, .log or .txt file only from LIKELY_LOG_BYTES up, since
// small ones there are mostly settings and notes. A large log (largeLog.ts)
// starts another thread instead, its code not warmed: the warmed spare, idle,
// read a large log slower than a new thread, and a new thread's start
// (0.1-0.15 s) is saved all the same.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkerSpare } from '../run/workerSpare';
import { activeLogFile } from './commands';
import { largeLogBytes } from './largeLog';

const LOG_KINDS = new Set(['csv', 'tsv', 'jsonl', 'ndjson']);
export const LIKELY_LOG_BYTES = 64 * 1024;

/** Which thread looking at `uri` should start: the warmed spare, the large log's (not warmed), or none. */
export async function threadToWarm(uri: vscode.Uri): Promise<'spare' | 'largeSpare' | undefined> {
  let size: number;
  try {
    size = (await vscode.workspace.fs.stat(uri)).size;
  } catch {
    return undefined;
  }
  if (size >= largeLogBytes()) return 'largeSpare';
  return LOG_KINDS.has(path.extname(uri.fsPath).slice(1).toLowerCase()) || size >= LIKELY_LOG_BYTES ? 'spare' : undefined;
}

/**
 * Starts a spare thread (threadToWarm says which) now and whenever the active
 * editor or tab becomes a file worth it that has no thread of its own yet
 * (`hasThread`: a file already analysed keeps its thread, and the panel
 * opening beside it must not warm another).
 */
export function warmOnLogFiles(spares: { spare: WorkerSpare; largeSpare: WorkerSpare }, hasThread: (uri: vscode.Uri) => boolean): vscode.Disposable {
  const check = (): void => {
    const uri = activeLogFile();
    if (uri && !hasThread(uri)) {
      void threadToWarm(uri).then((which) => {
        if (which && !hasThread(uri)) spares[which].warm();
      });
    }
  };
  check();
  return vscode.Disposable.from(vscode.window.onDidChangeActiveTextEditor(check), vscode.window.tabGroups.onDidChangeTabs(check));
}
