// A log large enough that its first run goes another way: the panel opens
// when the read ends (the notification shows the read's progress until
// then), and the run takes a pipeline thread started while the file was in
// view with its code not warmed (warmup.ts), or a new one, never the warmed
// spare. The panel waits only for
// a read in two halves (a large CSV, engine/read/parallel.ts), which keeps
// both cores busy; a read on one thread (JSON, JSON Lines, gzip, other line
// formats) leaves a core for the page, which then opens at the read's first
// progress.
//
// Both measured in `npm run bench:panel` on the 1M-event file (282 MB),
// four alternating rounds of each build in one session (docs/performance.md,
// "The panel's page and the spare thread during a large read"): the page
// loading beside the two reader threads took their CPU on two cores and
// the read ended 1.2-2.4 s after the CLI's in the same window; opened when
// the read ends, the page loads beside the single-threaded stages that
// follow, on the core the read no longer uses. The spare, warmed and idle
// before the run, read slower than a fresh thread. With both, the command
// to its first render took 1.16-1.22x the CLI's time, against 1.27-1.63x
// (in later runs of five pairs, medians 1.20-1.24x). At 149 MB, just over
// the line, this way was still 0-0.18 s quicker. A thread started while the
// log is in view, not warmed, saves the new thread's start (0.1-0.15 s);
// eight alternating rounds each gave pair ratios of median 1.18x with it,
// 1.24x with a new thread (session 20, docs/performance.md).
//
// Below the line the page's load is what a run waits for (on the bundled
// sample, most of the command's second), and a fresh thread's start
// (0.1-0.15 s) would matter: those runs keep opening the panel at once and
// taking the spare. The line sits where the stages after the read (about
// 5 ms per MB here) are long enough to hide most of the page's load (about
// 0.8 s).

import * as vscode from 'vscode';

export const LARGE_LOG_BYTES = 128 * 1024 * 1024;

let threshold = LARGE_LOG_BYTES;

/** The size from which a log counts as large. */
export function largeLogBytes(): number {
  return threshold;
}

/** Test mode only (the test API): a lower line, so a test need not write 128 MB. Undefined restores the default. */
export function setLargeLogBytes(bytes: number | undefined): void {
  threshold = bytes ?? LARGE_LOG_BYTES;
}

/** Whether the file counts as large; false when it cannot be read (the run then says why). */
export async function isLargeLog(uri: vscode.Uri): Promise<boolean> {
  try {
    return (await vscode.workspace.fs.stat(uri)).size >= threshold;
  } catch {
    return false;
  }
}
