// Raw LEEF lines (IBM QRadar's Log Event Extended Format), as devices and
// connectors send them over syslog: one event per line,
//
//   [syslog prefix] LEEF:1.0|Vendor|Product|Version|EventID|attributes
//   [syslog prefix] LEEF:2.0|Vendor|Product|Version|EventID|Delimiter|attributes
//
// The header's fields are split at '|' (`\|` and `\\` escaped) and named
// LEEFVersion, DeviceVendor, DeviceProduct, DeviceVersion and EventID, as
// QRadar shows them; the attributes are `key=value` pairs separated by one
// character: LEEF 2.0 names it in the header (`^`, or in hex: `x09`,
// `0x09`; a tab when left empty), LEEF 1.0 uses a tab, though some senders
// write `|` (PAN-OS) or `^`, or both `|` and tabs in one line (CyberArk PTA):
// in a 1.0 line a `|` or `^` directly before `key=` separates too. Each key
// is a column of its own (usrName, src, devTime, cat...), the first of a
// key seen twice kept; the value runs to the next separator and may hold
// blanks and '='. A syslog prefix's time becomes `syslog.time`, and a time
// key without a year is given one (syslogStamp.ts), as for CEF. The record
// is handed to the same record handling as a key=value line (keyValue.ts).

import type { KeyValueFields, KeyValueLine } from './keyValue';
import { firstLineHolds, pipeFields, recordStart } from './pipeHeader';
import { cefTimeWithYear, SYSLOG_TIME, syslogTime, type SyslogYear } from './syslogStamp';

/** The header's fields after `LEEF:`, as QRadar names them. */
export const LEEF_HEADER = ['LEEFVersion', 'DeviceVendor', 'DeviceProduct', 'DeviceVersion', 'EventID'] as const;

/** Where a line's LEEF record starts: `LEEF:<version>|` at the start, or after a blank, a `<PRI>` or a program tag's colon. */
const LEEF_START = /(?:^|[\s>:])LEEF: ?\d+(?:\.\d+)?\|/;

/** LEEF's time keys: the device's time and, as some senders write them, a start and end. */
const LEEF_TIME_KEYS: ReadonlySet<string> = new Set(['devTime', 'startTime', 'endTime']);

/** The index of `LEEF:` in a line, or -1. */
export function leefStart(line: string): number {
  return recordStart(line, LEEF_START, 'LEEF:');
}

/** Whether a text's first non-blank line is a LEEF record (after a syslog prefix, if any). */
export function looksLeef(head: string): boolean {
  return firstLineHolds(head, leefStart);
}

/** A LEEF 2.0 header's delimiter field: one character, or its code in hex (`x09`, `0x5E`); a tab when empty. Undefined: not a delimiter. */
function delimiterOf(field: string): string | undefined {
  if (field === '') return '\t';
  if (field.length === 1) return field;
  const hex = /^0?[xX]([0-9A-Fa-f]{1,4})$/.exec(field);
  if (hex) return String.fromCharCode(parseInt(hex[1], 16));
  return undefined;
}

/** Splits a LEEF 1.0 line's attributes: at tabs, and at a `|` or `^` that a `key=` follows. */
const V1_SEPARATOR = /\t|[|^](?=[A-Za-z_][\w.-]*=)/;

/**
 * One line's LEEF record as fields (see the top of this file), with `pairs`
 * counting the header's and the attributes'; a line with no `LEEF:` record,
 * or whose header is short, comes back with `error` saying so and where
 * (`column`, 1-based). `year` gives a year to times that have none.
 */
export function leefLine(line: string, year?: SyslogYear): KeyValueLine & { error?: { column: number; message: string } } {
  const fields = Object.create(null) as KeyValueFields;
  const at = leefStart(line);
  if (at < 0) return { fields, pairs: 0, error: { column: 1, message: 'no LEEF record on the line (LEEF:<version>|...)' } };
  let i = at + 5;
  if (line.charCodeAt(i) === 0x20) i++;
  const v2 = /^2(\.|\|)/.test(line.slice(i, i + 2));
  // Version, vendor, product, product version, event id; LEEF 2.0 then the delimiter, unless the field after the
  // event id already holds the attributes (a sender that leaves the delimiter field out).
  const { fields: header, end } = pipeFields(line, i, LEEF_HEADER.length + (v2 ? 1 : 0), (got, next) => {
    if (!v2 || got.length !== LEEF_HEADER.length) return false;
    const pipe = line.indexOf('|', next);
    return line.slice(next, pipe < 0 ? line.length : pipe).includes('=');
  });
  i = end;
  if (header.length < LEEF_HEADER.length) {
    return { fields, pairs: 0, error: { column: at + 1, message: `the LEEF header has ${header.length} of its ${LEEF_HEADER.length} fields (Version|Vendor|Product|Version|EventID|, each ended by '|')` } };
  }
  LEEF_HEADER.forEach((name, k) => (fields[name] = header[k]));
  let pairs = LEEF_HEADER.length;
  let delimiter: string | RegExp = V1_SEPARATOR;
  if (v2) {
    const d = header.length > LEEF_HEADER.length ? delimiterOf(header[LEEF_HEADER.length]) : '\t';
    if (d === undefined) return { fields, pairs: 0, error: { column: at + 1, message: `the LEEF 2.0 header's delimiter field is ${JSON.stringify(header[LEEF_HEADER.length].slice(0, 12))}, not one character or its hex code (x09)` } };
    delimiter = d;
  }
  const attributes = line.slice(i).replace(/[\r\n]+$/, '');
  for (const piece of attributes.split(delimiter)) {
    const eq = piece.indexOf('=');
    if (eq <= 0) continue; // no key: text between separators, passed over
    const key = piece.slice(0, eq).trim();
    if (key === '') continue;
    const value = piece.slice(eq + 1);
    if (!(key in fields)) fields[key] = year !== undefined && LEEF_TIME_KEYS.has(key) ? cefTimeWithYear(value, year, key) : value;
    pairs++;
  }
  if (at > 0 && !(SYSLOG_TIME in fields)) {
    const time = syslogTime(line.slice(0, at), year);
    if (time !== undefined) fields[SYSLOG_TIME] = time;
  }
  return { fields, pairs };
}
