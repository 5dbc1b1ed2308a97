// How an event becomes bytes: CSV (the Sentinel export shape, Parameters as
// JSON, some of it pretty-printed), JSONL or a JSON array.

import { CSV_HEADER, type GenFormat } from './options';
import type { GenEvent } from './session';

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

function paramsJson(params: ReadonlyArray<readonly [string, string]>, pretty: boolean): string {
  const arr = params.map(([Name, Value]) => ({ Name, Value }));
  return pretty ? JSON.stringify(arr, null, 2) : JSON.stringify(arr);
}

interface Formatter {
  head: string;
  record(e: GenEvent, first: boolean): string;
  tail: string;
}

export function formatter(format: GenFormat): Formatter {
  const asObject = (e: GenEvent): string =>
    JSON.stringify({
      TimeGenerated: isoSeconds(e.timeMs),
      UserId: e.user,
      ClientIP: e.ip,
      Operation: e.op,
      Parameters: e.params.map(([Name, Value]) => ({ Name, Value })),
    });
  if (format === 'jsonl') return { head: '', record: (e) => asObject(e) + '\n', tail: '' };
  if (format === 'json') return { head: '[\n', record: (e, first) => (first ? '  ' : ',\n  ') + asObject(e), tail: '\n]\n' };
  return {
    head: CSV_HEADER + '\n',
    record: (e) => `${isoSeconds(e.timeMs)},${csvField(e.user)},${csvField(e.ip)},${e.op},${csvField(paramsJson(e.params, e.pretty))}\n`,
    tail: '',
  };
}

export function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
