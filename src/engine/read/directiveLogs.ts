// Text logs headed by directive lines that start with '#', whose values are
// written as they are, with no quoting at all:
// - Zeek's own format (LogAscii's default): tab-separated, `#separator \x09`
//   first, the column names on `#fields`, then `#types`, ..., `#close` at the
//   end; a tab or line break inside a value is written as \x09 or \x0a;
//   '-' is an unset value and '(empty)' an empty set or string.
// - W3C extended logs (IIS): space-separated, `#Software:`, `#Version:`,
//   `#Date:` and the column names on `#Fields:` (IIS repeats them when it
//   restarts); a space inside a value is written as '+'; '-' is no value.
//   The date and the time of day are two columns (`date`, `time`), read as
//   one time (joinedTime.ts).
//
// The CSV reader reads them with csv-parse (quoting off): each directive line
// arrives as a record and is skipped there, so line numbers stay the file's.
// The fast path is not used: it proves records against CSV's quoting rules,
// which these formats do not have.

export type Dialect = 'zeek' | 'w3c';

export const DIALECTS: Record<Dialect, { delimiter: string; label: string }> = {
  zeek: { delimiter: '\t', label: 'Zeek TSV' },
  w3c: { delimiter: ' ', label: 'W3C extended log' },
};

/** Which dialect a file's head is written in, if any. */
export function dialectOf(head: string): Dialect | undefined {
  if (head.startsWith('#separator \\x09')) return 'zeek';
  if (/^#(Software|Version|Date|Fields|Remark):/i.test(head)) return 'w3c';
  return undefined;
}

/** Why a log of this dialect cannot be read: no line names its columns. */
export function noFieldsMessage(dialect: Dialect): string {
  return `a ${DIALECTS[dialect].label} without a fields line (#fields, #Fields:) before its first record: its columns are not named`;
}

/** Value of an unset field (both dialects). */
const UNSET = '-';
/** Value of an empty set, vector or string (Zeek). */
const EMPTY = '(empty)';

/** A field as the log means it: '' for unset and empty ones. */
export function directiveValue(value: string): string {
  return value === UNSET || value === EMPTY ? '' : value;
}

/** Whether a record read from the file is a directive line (`#fields`, `#Date:`, ...), not an event. */
export function isDirective(record: string[]): boolean {
  return record.length > 0 && record[0].charCodeAt(0) === 0x23;
}

/** The column names of a fields directive record (`#fields` / `#Fields:`), else undefined. */
export function fieldsOf(record: string[], dialect: Dialect): string[] | undefined {
  const named = dialect === 'zeek' ? record[0] === '#fields' : record[0].toLowerCase() === '#fields:';
  if (!named) return undefined;
  const fields = record.slice(1);
  // IIS may end the line with a blank (`... sc-win32-status `).
  while (fields.length > 0 && fields[fields.length - 1] === '') fields.pop();
  return fields;
}

/** A W3C record with blanks after its last field: those are no fields (as on its #Fields line). */
export function trimmedRecord(record: string[], dialect: Dialect, fields: number): string[] {
  if (dialect !== 'w3c' || record.length <= fields) return record;
  let n = record.length;
  while (n > fields && record[n - 1] === '') n--;
  return n === record.length ? record : record.slice(0, n);
}

/**
 * The header and up to `max` records of a head of the file, values as the
 * log means them; undefined when no fields line comes before the first
 * record.
 */
export function directiveHeadRecords(head: string, dialect: Dialect, max: number): string[][] | undefined {
  const delimiter = DIALECTS[dialect].delimiter;
  let header: string[] | undefined;
  const rows: string[][] = [];
  // The last line of a head cut short may be half a record.
  const lines = head.split('\n');
  if (!head.endsWith('\n')) lines.pop();
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length === 0) continue;
    const record = line.split(delimiter);
    if (isDirective(record)) {
      header ??= fieldsOf(record, dialect);
      continue;
    }
    if (header === undefined) return undefined;
    rows.push(trimmedRecord(record, dialect, header.length).map(directiveValue));
    if (rows.length >= max) break;
  }
  return header ? [header, ...rows] : undefined;
}
