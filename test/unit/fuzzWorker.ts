// The fuzz tier's reading thread (see fuzz.test.ts): reads one generated file
// with the engine and answers with a canonical summary of what it read, or
// the error it threw. In a thread so that the test can time-box every read,
// even one stuck in a synchronous loop, by terminating it.

import { parentPort } from 'node:worker_threads';
import { loadLog } from '../../src/engine/pipeline';
import { LogInputError, type BadRowPolicy, type LogFormat } from '../../src/engine/types';

export interface FuzzRequest {
  id: number;
  file: string;
  format: LogFormat;
  onBadRow: BadRowPolicy;
  /** Two-halves CSV read threshold: 0 splits whatever can be split, Infinity reads in one piece. */
  minBytes: number;
}

export type FuzzReply =
  | { id: number; ok: true; summary: string }
  | { id: number; ok: false; logInputError: boolean; name: string; message: string; where: string; stack?: string };

const MAPPING = { users: ['user'], time: 'time', event: 'op', params: 'params' };

async function read(req: FuzzRequest): Promise<FuzzReply> {
  try {
    const log = await loadLog({ file: req.file, mapping: MAPPING, read: { format: req.format, onBadRow: req.onBadRow }, parallel: { minBytes: req.minBytes } });
    const e = log.events;
    // Everything the engine keeps of the file, in a form two reads can be compared by.
    const summary = JSON.stringify({
      count: e.count,
      userColumns: e.userColumns,
      userValues: e.userValues,
      userIds: e.userIds.map((a) => Array.from(a)),
      timeMs: Array.from(e.timeMs),
      timeNs: Array.from(e.timeNs),
      commandNames: e.commandNames,
      commandIds: Array.from(e.commandIds),
      paramNames: e.paramNames,
      valueStrings: e.valueStrings,
      paramOffsets: Array.from(e.paramOffsets),
      paramIds: Array.from(e.paramIds),
      valueIds: Array.from(e.valueIds),
      startLine: Array.from(e.startLine),
      endLine: Array.from(e.endLine),
      hasParams: e.hasParams,
      skipped: log.skipped,
    });
    return { id: req.id, ok: true, summary };
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    return {
      id: req.id,
      ok: false,
      logInputError: err instanceof LogInputError,
      name: error.name,
      message: error.message,
      where: err instanceof LogInputError ? JSON.stringify(err.location ?? null) : '',
      stack: error.stack,
    };
  }
}

parentPort?.on('message', (req: FuzzRequest) => {
  void read(req).then((reply) => parentPort!.postMessage(reply));
});
