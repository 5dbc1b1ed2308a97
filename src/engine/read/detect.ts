// Looks at the head of a log and guesses its format and which columns hold
// the time, the user identifiers, the event and its params, with the
// evidence for each guess (name match and value shape).

import { parse } from 'csv-parse';
import * as path from 'node:path';
import type { ColumnGuess, Detection } from '../api';
import { valueText } from '../params';
import { LogInputError, type LogFormat } from '../types';
import { flattenPaths, type JsonShape } from './json';
import { inspectSource, readHead, type SourceInfo } from './source';
import { toInstant } from './time';

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

interface NameRule {
  names: string[];
  score: number;
}

const TIME_NAMES: NameRule[] = [
  { names: ['timegenerated', 'timestamp', '@timestamp', 'eventtime', 'creationtime', 'createddatetime', 'activitydatetime'], score: 1 },
  { names: ['time', 'datetime', 'date', '_time', 'ts', 'starttime', 'eventtimestamp', 'utctime', 'logtime', 'begin'], score: 0.8 },
];
const USER_NAMES: NameRule[] = [
  { names: ['userid', 'user', 'username', 'userprincipalname', 'upn', 'useridentity.arn', 'accountname', 'account', 'subjectusername', 'initiatedby.user.userprincipalname', 'actor', 'principal', 'identity'], score: 1 },
  { names: ['useridentity.principalid', 'useridentity.username', 'targetusername', 'userkey', 'caller', 'accountupn'], score: 0.8 },
  { names: ['clientip', 'sourceipaddress', 'ipaddress', 'clientipaddress', 'srcip', 'sourceip', 'callipaddress'], score: 0.7 },
  { names: ['computer', 'host', 'hostname', 'devicename', 'machine'], score: 0.6 },
];
const EVENT_NAMES: NameRule[] = [
  { names: ['operation', 'eventname', 'operationname', 'action', 'activity', 'activitydisplayname', 'command', 'cmd', 'op'], score: 1 },
  { names: ['executablename', 'processname', 'process', 'newprocessname', 'image', 'event', 'eventtype', 'category', 'eventid', 'cmds'], score: 0.8 },
];
const PARAM_NAMES: NameRule[] = [
  { names: ['parameters', 'requestparameters', 'params', 'commandline', 'arguments', 'processcommandline'], score: 1 },
  { names: ['modifiedproperties', 'extendedproperties', 'additionaldetails', 'targetresources'], score: 0.6 },
];

function nameScore(column: string, rules: NameRule[]): number {
  const lower = column.toLowerCase();
  const last = lower.split('.').pop()!;
  for (const r of rules) {
    if (r.names.includes(lower)) return r.score;
  }
  for (const r of rules) {
    if (r.names.includes(last)) return r.score * 0.9;
  }
  return 0;
}

interface ColumnStats {
  present: number;
  distinct: Set<string>;
  times: number;
  jsonLike: number;
  arraysOfStrings: number;
  samples: string[];
}

function statsOf(records: Map<string, unknown>[], columns: string[]): Map<string, ColumnStats> {
  const stats = new Map<string, ColumnStats>();
  for (const c of columns) stats.set(c, { present: 0, distinct: new Set(), times: 0, jsonLike: 0, arraysOfStrings: 0, samples: [] });
  for (const rec of records) {
    for (const c of columns) {
      const v = rec.get(c);
      if (v === undefined || v === null || v === '') continue;
      const st = stats.get(c)!;
      st.present++;
      const text = valueText(v);
      st.distinct.add(text);
      if (st.samples.length < 5 && !st.samples.includes(text)) st.samples.push(text.length > 120 ? text.slice(0, 120) + '…' : text);
      if ((typeof v === 'string' || typeof v === 'number') && looksLikeTime(v)) st.times++;
      const t = text.trimStart();
      if (typeof v === 'object' || t.startsWith('[') || t.startsWith('{')) st.jsonLike++;
      if (isArrayOfStrings(v)) st.arraysOfStrings++;
    }
  }
  return stats;
}

function looksLikeTime(v: string | number): boolean {
  if (typeof v === 'number') return v > 9e8 && v < 1e14; // 1998..5138 as epoch s or ms
  if (/^\d+(\.\d+)?$/.test(v.trim())) return looksLikeTime(Number(v));
  return toInstant(v) !== undefined;
}

function isArrayOfStrings(v: unknown): boolean {
  let arr: unknown = v;
  if (typeof v === 'string' && v.trimStart().startsWith('[')) {
    try {
      arr = JSON.parse(v);
    } catch {
      return false;
    }
  }
  return Array.isArray(arr) && arr.length > 0 && arr.every((x) => typeof x === 'string');
}

function pct(n: number, d: number): string {
  return `${Math.round((100 * n) / Math.max(1, d))}%`;
}

function rank(columns: string[], score: (c: string) => ColumnGuess | undefined): ColumnGuess[] {
  return columns
    .map(score)
    .filter((g): g is ColumnGuess => g !== undefined && g.score > 0)
    .sort((a, b) => b.score - a.score);
}

/** Ranks columns for each role from their names and the shape of their values. */
export function guessColumns(columns: string[], records: Map<string, unknown>[]): Detection['guesses'] {
  const stats = statsOf(records, columns);
  const n = records.length;
  const time = rank(columns, (c) => {
    const st = stats.get(c)!;
    const share = st.present ? st.times / st.present : 0;
    const byName = nameScore(c, TIME_NAMES);
    const evidence: string[] = [];
    if (byName) evidence.push(`name matches a time column (${c})`);
    if (st.present) evidence.push(`${pct(st.times, st.present)} of ${st.present} sampled values parse as times`);
    // A time-named column with some bad values is still the time column: reading then reports the bad rows.
    if (share < 0.9 && !(byName && share >= 0.3) && !(byName && !st.present)) return undefined;
    return { column: c, score: 0.5 * byName + 0.5 * share, evidence };
  });
  const timeCol = time[0]?.column;
  const users = rank(columns, (c) => {
    if (c === timeCol) return undefined;
    const st = stats.get(c)!;
    const byName = nameScore(c, USER_NAMES);
    if (!byName) return undefined;
    const distinct = st.distinct.size;
    const evidence = [`name matches a user/host/address column (${c})`, `${distinct} distinct values in ${n} sampled rows`];
    // A user column repeats: neither unique per row nor constant (unless the sample is tiny).
    const repeats = distinct > 0 && (distinct < st.present || st.present < 5);
    return { column: c, score: byName * (repeats ? 1 : 0.6), evidence };
  });
  const event = rank(columns, (c) => {
    if (c === timeCol) return undefined;
    const st = stats.get(c)!;
    const byName = nameScore(c, EVENT_NAMES);
    if (!byName || st.present === 0) return undefined;
    const share = st.present / Math.max(1, n);
    const evidence = [`name matches an event column (${c})`, `${st.distinct.size} distinct values, present in ${pct(st.present, n)} of rows`];
    return { column: c, score: byName * (0.5 + 0.5 * share) * (st.jsonLike > st.present / 2 ? 0.3 : 1), evidence };
  });
  const params = rank(columns, (c) => {
    const st = stats.get(c)!;
    const byName = nameScore(c, PARAM_NAMES);
    if (!byName) return undefined;
    const evidence = [`name matches a params column (${c})`];
    if (st.present) evidence.push(`${pct(st.jsonLike, st.present)} of values are JSON objects/arrays`);
    return { column: c, score: byName * (st.jsonLike > 0 || /commandline/i.test(c) ? 1 : 0.5), evidence };
  });
  return { time, users, event, params };
}

/** Users for the default mapping: the best user column, plus an address column when the best is not one. */
function chooseUsers(users: ColumnGuess[]): string[] {
  if (users.length === 0) return [];
  const isAddress = (g: ColumnGuess) => nameScore(g.column, [USER_NAMES[2]]) > 0;
  const best = users.find((g) => !isAddress(g)) ?? users[0];
  const out = [best.column];
  const address = users.find((g) => isAddress(g) && g.column !== best.column);
  if (address && !isAddress(best)) out.push(address.column);
  return out;
}

function detectPreSessionized(columns: string[], stats: Map<string, ColumnStats>, guesses: Detection['guesses']): Detection['preSessionized'] {
  const cmds = columns.find((c) => /^(cmds|commands)$/i.test(c) && stats.get(c)!.arraysOfStrings > 0);
  if (!cmds) return undefined;
  const begin = columns.find((c) => /^(begin|start|sessionstart)$/i.test(c)) ?? guesses.time[0]?.column;
  if (!begin) return undefined;
  const end = columns.find((c) => /^(end|sessionend)$/i.test(c));
  const params = columns.find((c) => /^params$/i.test(c) && c !== cmds);
  return { commands: cmds, begin, end, params, users: chooseUsers(guesses.users) };
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
  const guesses = guessColumns(columns, records);
  const stats = statsOf(records, columns);
  const samples: Record<string, string[]> = {};
  for (const c of columns) samples[c] = stats.get(c)!.samples;
  const users = chooseUsers(guesses.users);
  const mapping = {
    users,
    time: guesses.time[0]?.column,
    event: guesses.event[0]?.column,
    params: guesses.params[0]?.column,
  };
  const confident = (guesses.time[0]?.score ?? 0) >= 0.7 && (guesses.event[0]?.score ?? 0) >= 0.6 && users.length > 0;
  return {
    file,
    format: fmt.format,
    delimiter: fmt.delimiter,
    encoding: info.encoding,
    columns,
    samples,
    guesses,
    mapping,
    confident,
    preSessionized: detectPreSessionized(columns, stats, guesses),
  };
}
