// The exported session table as CSV, JSON or a Markdown table for a ticket.
// No 'vscode' here: the host builds the rows, this file only formats them.
// Every value is log text, which is hostile: CSV cells are formula-guarded
// (as the CLI's reports are), Markdown cells escaped and kept on one line.

import { stringify } from 'csv-stringify/sync';
import { guardFormula } from './report';
import type { ExportFormat, SessionMark } from '../protocol';

export interface ExportRow {
  /** 1-based rank in the result's ranking. */
  rank: number;
  /** Rarest-window likelihood; null without a window. May underflow to 0: see log10Likelihood. */
  likelihood: number | null;
  log10Likelihood: number | null;
  users: (string | null)[];
  /** Epoch ms, UTC. */
  start: number;
  end: number;
  events: number;
  /** The rarest window's commands, in order. */
  window: string[];
  /** First and last line of the session's records in the log; undefined when not looked up. */
  lines?: [number, number];
  mark: SessionMark | null;
  /** The session's insights in words (the top one's text when the result carries it, else their kinds). */
  insights: string;
}

export interface ExportTable {
  userColumns: string[];
  rows: ExportRow[];
}

export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', json: 'json', markdown: 'md' };

export function formatExport(table: ExportTable, format: ExportFormat): string {
  switch (format) {
    case 'csv':
      return toCsv(table);
    case 'json':
      return toJson(table);
    case 'markdown':
      return toMarkdown(table);
  }
}

/** The likelihood as text, exact in exponent even where the number underflows to 0 ("1.00e-2000"). */
export function likelihoodText(likelihood: number | null, log10: number | null): string {
  if (likelihood === null || log10 === null || !Number.isFinite(log10)) return '';
  if (likelihood > 0 && Number.isFinite(likelihood)) return likelihood.toExponential(2);
  const exponent = Math.floor(log10);
  return `${(10 ** (log10 - exponent)).toFixed(2)}e${exponent}`;
}

function utc(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

function header(userColumns: string[]): string[] {
  return ['Rank', 'Likelihood', ...userColumns, 'Start (UTC)', 'End (UTC)', 'Events', 'Rarest window', 'File lines', 'Mark', 'Insights'];
}

function cells(row: ExportRow, userCount: number): string[] {
  const users = Array.from({ length: userCount }, (_, k) => row.users[k] ?? '');
  return [
    String(row.rank),
    likelihoodText(row.likelihood, row.log10Likelihood),
    ...users,
    utc(row.start),
    utc(row.end),
    String(row.events),
    row.window.join(' → '),
    row.lines ? (row.lines[0] === row.lines[1] ? String(row.lines[0]) : `${row.lines[0]}-${row.lines[1]}`) : '',
    row.mark ?? '',
    row.insights,
  ];
}

/** RFC 4180 (csv-stringify), `\n` line ends; every cell, headers too (column names come from the log), formula-guarded. */
function toCsv(table: ExportTable): string {
  const n = table.userColumns.length;
  const records = [header(table.userColumns), ...table.rows.map((r) => cells(r, n))].map((r) => r.map(guardFormula));
  return stringify(records);
}

function toJson(table: ExportTable): string {
  const sessions = table.rows.map((r) => ({
    rank: r.rank,
    likelihood: r.likelihood,
    log10Likelihood: r.log10Likelihood,
    users: Object.fromEntries(table.userColumns.map((c, k) => [c, r.users[k] ?? null])),
    start: utc(r.start),
    end: utc(r.end),
    events: r.events,
    rarestWindow: r.window,
    fileLines: r.lines ? { first: r.lines[0], last: r.lines[1] } : null,
    mark: r.mark,
    insights: r.insights,
  }));
  return JSON.stringify({ userColumns: table.userColumns, sessions }, null, 2) + '\n';
}

/**
 * One Markdown table cell: on one line (every line break, including U+2028/9,
 * becomes a space) and with Markdown punctuation backslash-escaped, so a
 * value can neither end its cell (`|`) nor turn into a link, markup or HTML.
 */
export function markdownCell(value: string): string {
  return value
    .replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, ' ')
    .replace(/[\\`*_[\]<>|#~&]/g, (c) => `\\${c}`)
    // Other control characters (tabs, escapes) become spaces too; a code point test, not a regex of control characters.
    .replace(/./gsu, (c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? ' ' : c));
}

function toMarkdown(table: ExportTable): string {
  const n = table.userColumns.length;
  const head = header(table.userColumns);
  const line = (values: string[]): string => `| ${values.map(markdownCell).join(' | ')} |`;
  const rule = `|${head.map((_, k) => (k === 0 || k === n + 4 ? ' ---: ' : ' --- ')).join('|')}|`;
  return [line(head), rule, ...table.rows.map((r) => line(cells(r, n)))].join('\n') + '\n';
}
