// Raw CEF lines (ArcSight Common Event Format), as security appliances send
// them over syslog: one event per line,
//
//   [syslog prefix] CEF:Version|Device Vendor|Device Product|Device Version|Device Event Class ID|Name|Severity|Extension
//
// The seven header fields are split at '|' (`\|` and `\\` escaped) and named
// as Sentinel's CommonSecurityLog names them (CEFVersion, DeviceVendor,
// DeviceProduct, DeviceVersion, DeviceEventClassID, Name, Severity, with
// Name kept under CEF's own word); the extension is `key=value` pairs whose
// values may hold blanks, a value running to the blank before the next
// `key=` (`\=`, `\\`, `\n` and `\r` escaped). Each key is a column under
// its own CEF name (suser, src, act, rt...), and a custom field (cs1...)
// also under the name its label gives it. A syslog prefix before `CEF:`
// (a `<PRI>`, a timestamp, a host) is passed over but for its time, which
// becomes the column `syslog.time` (syslogStamp.ts: some senders write no
// rt, start or end). The record is handed to
// the same record handling as a key=value line (keyValue.ts).

import type { KeyValueFields, KeyValueLine } from './keyValue';
import { firstLineHolds, pipeFields, recordStart } from './pipeHeader';
import { CEF_TIME_KEYS, cefTimeWithYear, SYSLOG_TIME, syslogTime, type SyslogYear } from './syslogStamp';

/** The header's fields after `CEF:`, as Sentinel's CommonSecurityLog names them. */
export const CEF_HEADER = ['CEFVersion', 'DeviceVendor', 'DeviceProduct', 'DeviceVersion', 'DeviceEventClassID', 'Name', 'Severity'] as const;

/**
 * Where a line's CEF record starts: `CEF:<digits>|` at the start, or after a
 * blank, a syslog `<PRI>` or a program tag's colon (F5's `ASM:CEF:0|`); a
 * blank after the colon is taken too (Barracuda's `CEF: 0|`).
 */
const CEF_START = /(?:^|[\s>:])CEF: ?\d+\|/;

/** The index of `CEF:` in a line, or -1. */
export function cefStart(line: string): number {
  return recordStart(line, CEF_START, 'CEF:');
}

/** Whether a text's first non-blank line is a CEF record (after a syslog prefix, if any). */
export function looksCef(head: string): boolean {
  return firstLineHolds(head, cefStart);
}

const BACKSLASH = 0x5c;

/**
 * The text with CEF's extension escapes read: `\=`, `\\`, `\|`, and `\n`/`\r`
 * as line breaks. A value in double quotes with none inside (Barracuda's
 * `duser="-"`) is read without them: CEF values are not quoted, so they
 * are the writer's, not the value's.
 */
function unescapeValue(raw: string): string {
  const s = raw.length >= 2 && raw.charCodeAt(0) === 0x22 && raw.charCodeAt(raw.length - 1) === 0x22 && raw.indexOf('"', 1) === raw.length - 1 ? raw.slice(1, -1) : raw;
  if (s.indexOf('\\') < 0) return s;
  return s.replace(/\\([=\\|nr])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
}

/** A character of an extension key: CEF's names (suser, cs1Label, deviceCustomDate1, ad.something, ad.Target[0]). */
function keyChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2e || c === 0x2d || c === 0x5b || c === 0x5d;
}

const blankChar = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;

/** CEF's custom fields, whose meaning the sender gives in a `<key>Label` pair (cs1 and cs1Label=Rule). */
const CUSTOM_KEY = /^(?:c6a|cfp|cn|cs|flexDate|flexNumber|flexString|deviceCustomDate|deviceCustomFloatingPoint|deviceCustomIPv6Address|deviceCustomNumber|deviceCustomString)\d$/;

/**
 * Each custom field with a label is also a column named by its label
 * (`cs2Label=userName cs2=admin` gives `userName` = `admin`), as an analyst
 * reads it: FortiWeb names the administrator so, F5 the attack type. The
 * field stays under its own key too; a label that is already a key (or names
 * another custom field) adds nothing.
 */
function labelCustomFields(fields: KeyValueFields): void {
  for (const key of Object.keys(fields)) {
    if (!CUSTOM_KEY.test(key)) continue;
    const label = fields[key + 'Label']?.trim();
    if (!label || label in fields || CUSTOM_KEY.test(label)) continue;
    fields[label] = fields[key];
  }
}

/**
 * One line's CEF record as fields (see the top of this file). Returns the
 * fields with `pairs` counting the header's and the extension's; a line with
 * no `CEF:` record, or whose header is short of its seven fields, comes back
 * with `error` saying so and where (`column`, 1-based). `year` gives a
 * year to a syslog prefix's time that has none.
 */
export function cefLine(line: string, year?: SyslogYear): KeyValueLine & { error?: { column: number; message: string } } {
  const fields = Object.create(null) as KeyValueFields;
  const at = cefStart(line);
  if (at < 0) return { fields, pairs: 0, error: { column: 1, message: 'no CEF record on the line (CEF:<version>|...)' } };
  // The header: seven fields up to the seventh unescaped '|'.
  let i = at + 4;
  if (line.charCodeAt(i) === 0x20) i++;
  const { fields: header, end } = pipeFields(line, i, CEF_HEADER.length);
  i = end;
  if (header.length < CEF_HEADER.length) {
    return { fields, pairs: 0, error: { column: at + 1, message: `the CEF header has ${header.length} of its 7 fields (Version|Device Vendor|Device Product|Device Version|Device Event Class ID|Name|Severity|, each ended by '|')` } };
  }
  CEF_HEADER.forEach((name, k) => (fields[name] = header[k]));
  let pairs = CEF_HEADER.length;
  // The extension: each unescaped '=' ends a key (the run of key characters before it, after a blank or the start);
  // a value runs to the blank before the next key.
  const ext = line.slice(i);
  const keys: { key: string; keyAt: number; valueAt: number }[] = [];
  for (let j = 0; j < ext.length; j++) {
    if (ext.charCodeAt(j) !== 0x3d) continue;
    let bs = 0;
    for (let k = j - 1; k >= 0 && ext.charCodeAt(k) === BACKSLASH; k--) bs++;
    if (bs % 2 === 1) continue; // \= is part of a value
    // The key: the run of key characters before the '=', after a blank or the start (else the '=' is inside a value,
    // a URL's query). Scanned back from the '=' only as far as the run goes, so a line of many '=' costs its length.
    let keyAt = j;
    while (keyAt > 0 && keyChar(ext.charCodeAt(keyAt - 1))) keyAt--;
    if (keyAt === j || (keyAt > 0 && !blankChar(ext.charCodeAt(keyAt - 1)))) continue;
    keys.push({ key: ext.slice(keyAt, j), keyAt, valueAt: j + 1 });
  }
  for (let k = 0; k < keys.length; k++) {
    const end = k + 1 < keys.length ? keys[k + 1].keyAt : ext.length;
    const key = keys[k].key;
    // trimEnd, not /\s+$/: the expression takes time quadratic in a run of blanks inside a value (fuzz: 30 s a line).
    const value = unescapeValue(ext.slice(keys[k].valueAt, end).trimEnd());
    if (!(key in fields)) fields[key] = year !== undefined && CEF_TIME_KEYS.has(key) ? cefTimeWithYear(value, year, key) : value;
    pairs++;
  }
  if (at > 0 && !(SYSLOG_TIME in fields)) {
    const time = syslogTime(line.slice(0, at), year);
    if (time !== undefined) fields[SYSLOG_TIME] = time;
  }
  labelCustomFields(fields);
  return { fields, pairs };
}
