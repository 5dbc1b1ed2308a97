// Looks at the head of a log and guesses its format and which columns hold
// the time, the user identifiers, the event and its params, with the
// evidence for each guess (name match and value shape).

import { parse } from 'csv-parse';
import * as path from 'node:path';
import type { Detection } from '../api';
import { LogInputError, type LogFormat } from '../types';
import { flattenPaths, type JsonShape } from './json';
import { inspectSource, readHead, type SourceInfo } from './source';
import { chooseUsers, decideTimeFormat, detectPreSessionized, doubtsOf, guessColumns, statsOf } from './guess';

const HEAD_BYTES = 256 * 1024;
const SAMPLE_RECORDS = 200;

export interface FormatGuess {
  format: LogFormat;
  jsonShape?: JsonShape;
  delimiter?: string;
}

const DELIMITERS = [',', ';', '\t', '|'];

/** The delimiter that splits the header line most often (outside quotes). */
export function detectDelimiter(head: string): string {
  const counts = new Map(DELIMITERS.map((d) => [d, 0]));
  let inQuotes = false;
  for (let i = 0; i < head.length; i++) {
    const ch = head[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** JSON Lines when the first line is a whole object on its own; else one JSON document. */
export function detectJsonShape(head: string): JsonShape {
  const lines = head.split('\n');
  const first = lines.find((l) => l.trim().length > 0)?.trim() ?? '';
  if (!first.startsWith('{')) return 'document';
  try {
    const v: unknown = JSON.parse(first);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'document';
    // A whole document on one line ({"value": [{..}, ..]}) is not one JSON Lines record.
    const onlyLine = lines.filter((l) => l.trim().length > 0).length === 1;
    const holdsRecords = Object.values(v).some((x) => Array.isArray(x) && x.length > 0 && x.every((r) => r !== null && typeof r === 'object'));
    return onlyLine && holdsRecords ? 'document' : 'lines';
  } catch {
    return 'document';
  }
}

export function detectFormat(file: string, head: string): FormatGuess {
  const ext = path.extname(file).toLowerCase();
  const firstChar = head.trimStart()[0];
  if (ext === '.jsonl' || ext === '.ndjson') return { format: 'jsonl', jsonShape: 'lines' };
  if (ext === '.json' || firstChar === '[' || firstChar === '{') {
    const shape = detectJsonShape(head);
    return { format: shape === 'lines' ? 'jsonl' : 'json', jsonShape: shape };
  }
  return { format: 'csv', delimiter: ext === '.tsv' ? '\t' : detectDelimiter(head) };
}

/** Parses up to `max` CSV records from the head, ignoring a record cut at its end. */
function csvHeadRecords(head: string, delimiter: string, max: number): Promise<string[][]> {
  return new Promise((resolve) => {
    const rows: string[][] = [];
    const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, to: max + 1 });
    parser.on('data', (r: string[]) => rows.push(r));
    parser.on('error', () => resolve(rows));
    parser.on('end', () => resolve(rows));
    // Cut at the last newline so a half record is less likely; a cut quoted field just errors at the end.
    const cut = head.length === HEAD_BYTES ? head.slice(0, head.lastIndexOf('\n') + 1) : head;
    parser.end(cut);
  });
}

function jsonHeadRecords(head: string, shape: JsonShape, max: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  if (shape === 'lines') {
    for (const line of head.split('\n')) {
      if (out.length >= max) break;
      const t = line.trim();
      if (!t) continue;
      try {
        const v: unknown = JSON.parse(t);
        if (v && typeof v === 'object' && !Array.isArray(v)) out.push(v as Record<string, unknown>);
      } catch {
        // a cut last line or a bad line: detection works on the rest
      }
    }
    return out;
  }
  // A document: find complete objects of the records array by balanced scanning.
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  let recordDepth = -1;
  for (let i = 0; i < head.length && out.length < max; i++) {
    const c = head[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (recordDepth < 0 && c === '[') recordDepth = depth + 1;
      if (depth === recordDepth && c === '{') start = i;
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === recordDepth && start >= 0 && c === '}') {
        try {
          out.push(JSON.parse(head.slice(start, i + 1)) as Record<string, unknown>);
        } catch {
          // skip
        }
        start = -1;
      }
    }
  }
  return out;
}

export async function inspectLog(file: string, opts: { format?: LogFormat } = {}): Promise<Detection> {
  const info: SourceInfo = await inspectSource(file);
  if (info.size - info.bomBytes <= 0) throw new LogInputError('the file is empty', { file, line: 1 });
  const head = await readHead(file, info, HEAD_BYTES);
  if (head.trim().length === 0) throw new LogInputError('the file holds only blank space', { file, line: 1 });
  const fmt = opts.format ? { ...detectFormat(file, head), format: opts.format } : detectFormat(file, head);
  let columns: string[];
  let records: Map<string, unknown>[];
  if (fmt.format === 'csv') {
    const delimiter = fmt.delimiter ?? detectDelimiter(head);
    fmt.delimiter = delimiter;
    const rows = await csvHeadRecords(head, delimiter, SAMPLE_RECORDS);
    if (rows.length === 0) throw new LogInputError('no header row found', { file, line: 1 });
    columns = rows[0];
    records = rows.slice(1).map((r) => new Map(columns.map((c, i) => [c, r[i]])));
  } else {
    const shape = fmt.jsonShape ?? (fmt.format === 'jsonl' ? 'lines' : detectJsonShape(head));
    const objs = jsonHeadRecords(head, shape, SAMPLE_RECORDS);
    if (objs.length === 0) throw new LogInputError('no JSON records found at the start of the file', { file, line: 1 });
    records = objs.map((o) => flattenPaths(o));
    const seen = new Set<string>();
    for (const r of records) for (const k of r.keys()) seen.add(k);
    columns = [...seen];
  }
  const stats = statsOf(records, columns);
  const guessed = guessColumns(columns, records, stats);
  const { guesses } = guessed;
  const samples: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const c of columns) samples[c] = stats.get(c)!.samples;
  const users = chooseUsers(guesses.users, stats, records.length);
  const time = guesses.time[0]?.column;
  const timeFormat = time ? decideTimeFormat(time, stats.get(time)!) : {};
  const mapping = {
    users,
    time,
    event: guesses.event[0]?.column,
    params: guesses.params[0]?.column,
    timeFormat: timeFormat.format,
  };
  const doubts = doubtsOf(guessed, users, stats, records.length);
  const pre = detectPreSessionized(columns, stats, guesses, users);
  // Pre-sessionized rows carry their commands in an array column: the per-event doubts do not apply.
  const confident = pre !== undefined || doubts.length === 0;
  if (timeFormat.doubt) doubts.push(timeFormat.doubt);
  return {
    file,
    format: fmt.format,
    delimiter: fmt.delimiter,
    encoding: info.encoding,
    columns,
    samples,
    guesses,
    rejected: guessed.rejected,
    mapping,
    confident,
    doubts,
    preSessionized: pre,
  };
}
