// Worker thread that reads one part of a CSV file (see parallel.ts) and posts
// its events back; the typed arrays are transferred, not copied. Started
// ahead of its read (PartReader), it gets the request as its first message.

import { parentPort, workerData } from 'node:worker_threads';
import { BadRowError, LogInputError } from '../types';
import { PartInDoubt, readCsv } from './csv';
import type { PartMessage, PartRequest } from './parallel';

async function main(): Promise<void> {
  const req = (workerData as PartRequest | undefined) ?? (await new Promise<PartRequest>((resolve) => parentPort!.once('message', resolve)));
  const post = (m: PartMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);
  let firstRecordFields = -1;
  try {
    let last = 0;
    const result = await readCsv({
      ...req,
      onBytes: (bytes) => {
        // A message every 4 MB is plenty for a progress bar.
        if (bytes - last >= 1 << 22) {
          last = bytes;
          post({ type: 'bytes', bytes });
        }
      },
      onFirstRecord: (fields) => (firstRecordFields = fields),
    });
    const e = result.events;
    const buffers = [e.timeMs, e.timeNs, e.commandIds, e.paramOffsets, e.paramIds, e.valueIds, e.startLine, e.endLine, ...e.userIds].map((a) => a.buffer as ArrayBuffer);
    post({ type: 'done', result, firstRecordFields }, buffers);
  } catch (err) {
    const input = err instanceof LogInputError;
    post({ type: 'error', message: (err as Error).message, location: input ? err.location : undefined, input, badRow: err instanceof BadRowError, doubt: err instanceof PartInDoubt });
  }
}

void main();
