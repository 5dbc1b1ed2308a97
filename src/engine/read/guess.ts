// Ranks a log's columns for each role (time, users, event, params) from
// their names and the statistics of their sampled values, with the evidence
// for each guess.

import type { ColumnGuess, Detection } from '../api';
import { valueText } from '../params';
import { toInstant } from './time';

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

export interface ColumnStats {
  present: number;
  distinct: Set<string>;
  times: number;
  jsonLike: number;
  arraysOfStrings: number;
  samples: string[];
}

export function statsOf(records: Map<string, unknown>[], columns: string[]): Map<string, ColumnStats> {
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
export function chooseUsers(users: ColumnGuess[]): string[] {
  if (users.length === 0) return [];
  const isAddress = (g: ColumnGuess) => nameScore(g.column, [USER_NAMES[2]]) > 0;
  const best = users.find((g) => !isAddress(g)) ?? users[0];
  const out = [best.column];
  const address = users.find((g) => isAddress(g) && g.column !== best.column);
  if (address && !isAddress(best)) out.push(address.column);
  return out;
}

export function detectPreSessionized(columns: string[], stats: Map<string, ColumnStats>, guesses: Detection['guesses']): Detection['preSessionized'] {
  const cmds = columns.find((c) => /^(cmds|commands)$/i.test(c) && stats.get(c)!.arraysOfStrings > 0);
  if (!cmds) return undefined;
  const begin = columns.find((c) => /^(begin|start|sessionstart)$/i.test(c)) ?? guesses.time[0]?.column;
  if (!begin) return undefined;
  const end = columns.find((c) => /^(end|sessionend)$/i.test(c));
  const params = columns.find((c) => /^params$/i.test(c) && c !== cmds);
  return { commands: cmds, begin, end, params, users: chooseUsers(guesses.users) };
}

