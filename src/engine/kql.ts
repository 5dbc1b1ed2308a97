// The same sessionizing as a Kusto (KQL) query, for Microsoft Sentinel / Log
// Analytics: run it where the logs live, export the result as CSV or JSON,
// and open that in Sessionscope, which reads its rows as sessions already
// (`cmds`, `params`, `begin`, `end` and the user columns).

import type { ColumnMapping, SessionizeOptions } from './types';
import { PLACEHOLDERS, userPartSpecs } from './userColumns';

export interface KqlOptions {
  table: string;
  mapping: ColumnMapping;
  sessionize: SessionizeOptions;
  /** Look-back, e.g. "7d"; omitted means no time filter. */
  lookback?: string;
}

/** A column or table name as a KQL identifier: bracket-quoted, so any name (and no injection) works. */
export function kqlName(name: string): string {
  return `[${kqlString(name)}]`;
}

/** A string as a Kusto string literal (single quotes, backslash escapes). */
function kqlString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * A user entry's value in Kusto: its column as a string, or a coalesced entry's parts in order (userColumns.ts); a
 * part kept to some events applies where the event, or its leading letters and digits, is one of them.
 */
function userValueKql(entry: string, event: string): string {
  const specs = userPartSpecs(entry);
  const parts = specs.map((p) => kqlName(p.column));
  if (parts.length === 1) return `coalesce(tostring(${parts[0]}), '')`;
  const placeholders = [...PLACEHOLDERS].map((p) => `'${p}'`).join(', ');
  const on = (k: number, value: string): string => {
    const events = specs[k].events;
    if (!events) return value;
    const list = events.map(kqlString).join(', ');
    const e = `trim(@'\\s+', tostring(${event}))`;
    return `iff(${e} in (${list}) or extract(@'^([0-9A-Za-z_]+)[^0-9A-Za-z_]', 1, ${e}) in (${list}), ${value}, '')`;
  };
  const names = parts.map((p, k) => on(k, `iff(tolower(trim(@'\\s+', tostring(${p}))) in ('', ${placeholders}), '', tostring(${p}))`));
  return `coalesce(${[...names, ...parts.map((p, k) => on(k, `tostring(${p})`)), "''"].join(', ')})`;
}

const TIMESPAN = /^\d+(\.\d+)?(d|h|m|s|ms)$/;

function minutes(m: number): string {
  return `${m}m`;
}

/**
 * row_window_session starts a new session when a gap or the session length
 * goes past its limits (with Kusto's own boundary rule), or when `restart` is
 * true: here, whenever a user column changes. The input must be sorted first.
 */
export function sessionizeKql(opts: KqlOptions): string {
  const { mapping, sessionize } = opts;
  if (opts.lookback !== undefined && !TIMESPAN.test(opts.lookback)) throw new RangeError(`lookback must be a Kusto timespan such as 7d or 12h, got ${JSON.stringify(opts.lookback)}`);
  const time = kqlName(mapping.time);
  const users = mapping.users.map(kqlName);
  const event = kqlName(mapping.event);
  const lines = [kqlName(opts.table)];
  if (opts.lookback) lines.push(`| where ${time} > ago(${opts.lookback})`);
  // Missing user values are one value of their own, as in the engine; a coalesced entry (`a|b`) is its first part
  // that names someone (not empty, not a placeholder), else its first part with any value.
  lines.push(`| extend ${mapping.users.map((entry, k) => `${users[k]} = ${userValueKql(entry, event)}`).join(', ')}`);
  lines.push(`| sort by ${users.map((u) => `${u} asc`).join(', ')}, ${time} asc`);
  const restart = users.map((u) => `${u} != prev(${u})`).join(' or ');
  lines.push(`| extend begin = row_window_session(${time}, ${minutes(sessionize.maxSessionMinutes)}, ${minutes(sessionize.maxGapMinutes)}, ${restart})`);
  const params = mapping.params ? `, params = make_list(${kqlName(mapping.params)})` : '';
  lines.push(`| summarize cmds = make_list(${event})${params}, end = max(${time}) by ${users.join(', ')}, begin`);
  return lines.join('\n') + '\n';
}
