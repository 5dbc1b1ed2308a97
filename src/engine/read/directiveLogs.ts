// Text logs headed by directive lines that start with '#':
// - Zeek's own format (LogAscii's default): tab-separated, `#separator \x09`
//   first, the column names on `#fields`, then `#types`, ..., `#close` at the
//   end; a tab or line break inside a value is written as \x09 or \x0a;
//   '-' is an unset value and '(empty)' an empty set or string. No quoting:
//   every tab separates, so two tabs are an empty field.
// - W3C extended logs (IIS, IIS FTP/SMTP, Incapsula, Akamai, Windows
//   Firewall's pfirewall.log): `#Software:`, `#Version:`, `#Date:` and the
//   column names on `#Fields:` (IIS repeats them when it restarts). Per the
//   W3C format, fields are separated by whitespace, a run of blanks being one
//   separator (W3C writes no empty field: '-' is no value), and a value may be
//   double-quoted ("..." with "" for a quote inside; the quotes are not part
//   of the value). IIS writes a space inside a value as '+'. The date and the
//   time of day are two columns (`date`, `time`), read as one time
//   (joinedTime.ts); a log with `time` and no `date` field (IIS FTP, IIS 6
//   configured so) takes the date from the `#Date:` directive before the
//   record: the `#Date` column below.
//
// The CSV reader reads them with csv-parse, quoting off and one line a
// record: each directive line arrives as a record and is skipped there, so
// line numbers stay the file's. csv-parse splits a W3C line at every space;
// `w3cRecord` makes the W3C fields of it (csv-parse has no option for either
// rule: `ltrim`/`rtrim` keep the empty field between two blanks, and its
// quoting would let an unclosed quote run on over the next lines, while a W3C
// record is one line). The fast path is not used: it proves records against
// CSV's quoting rules, which these formats do not follow.

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

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;

/**
 * The fields of a W3C line: runs of blanks (spaces, tabs) separate; a field
 * that starts with a double quote runs to the quote that is followed by a
 * blank or the line's end, `""` inside it standing for one quote, and is
 * read without its quotes. A quote that is never closed so is text, as is
 * a quote inside a field. With `quoted` false, quotes are text everywhere.
 */
export function w3cFields(line: string, quoted = true): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && isBlank(line.charCodeAt(i))) i++;
    if (i >= n) break;
    if (quoted && line.charCodeAt(i) === 0x22) {
      let value = '';
      let from = i + 1;
      let j = from;
      let closed = -1;
      while (j < n) {
        if (line.charCodeAt(j) !== 0x22) {
          j++;
          continue;
        }
        if (line.charCodeAt(j + 1) === 0x22) {
          value += line.slice(from, j + 1);
          from = j += 2;
        } else if (j + 1 >= n || isBlank(line.charCodeAt(j + 1))) {
          closed = j;
          break;
        } else j++;
      }
      if (closed >= 0) {
        out.push(value + line.slice(from, closed));
        i = closed + 1;
        continue;
      }
    }
    const start = i;
    while (i < n && !isBlank(line.charCodeAt(i))) i++;
    out.push(line.slice(start, i));
  }
  return out;
}

/**
 * A W3C record from csv-parse's split of its line at every space: its W3C
 * fields (`w3cFields`). Most IIS lines have no run of blanks, tab or quote,
 * and come back as they are. When reading the quotes gives another count of
 * fields than `fields` and reading them as text gives that count, the quotes
 * are text (IIS writes a quote inside a value as it is: a user agent `"x`).
 */
export function w3cRecord(pieces: string[], fields?: number): string[] {
  let plain = true;
  for (let k = 0; k < pieces.length && plain; k++) {
    const p = pieces[k];
    if (p.length === 0 || p.charCodeAt(0) === 0x22 || p.includes('\t')) plain = false;
  }
  if (plain) return pieces;
  const line = pieces.length === 1 ? pieces[0] : pieces.join(' ');
  const record = w3cFields(line);
  if (fields === undefined || record.length === fields || !line.includes('"')) return record;
  const asText = w3cFields(line, false);
  return asText.length === fields ? asText : record;
}

/** The fields of a line of a log of this dialect: Zeek's are split at every tab. */
function lineFields(line: string, dialect: Dialect, fields?: number): string[] {
  return dialect === 'w3c' ? w3cRecord(line.split(' '), fields) : line.split(DIALECTS.zeek.delimiter);
}

/**
 * The name of the column a W3C log's records take from the `#Date:`
 * directive before them: its date (`#Date: 2000-10-09 16:44:49` gives
 * `2000-10-09`). With the time-of-day field, `#Date+time` is a record's time
 * in a log with no `date` field. Every record takes the date of the last
 * `#Date:` line before it, even one whose time of day is earlier than the
 * directive's: a file that runs past midnight with no new `#Date:` would
 * have its later records read a day early (IIS rolls its logs daily by
 * default, each new file starting with its directives).
 */
export const DIRECTIVE_DATE = '#Date';

/** The date a W3C `#Date:` directive record gives, else undefined. */
export function directiveDateOf(record: string[], dialect: Dialect): string | undefined {
  return dialect === 'w3c' && record[0].toLowerCase() === '#date:' ? (record[1] ?? '') : undefined;
}

/** Whether a W3C log's records take their date from `#Date:`: its fields have a time of day and no date. */
export function datesFromDirective(fields: string[]): boolean {
  const names = fields.map((f) => f.toLowerCase());
  return names.includes('time') && !names.includes('date');
}

export interface DirectiveHead {
  /** The fields line's column names. */
  header: string[];
  /** Records, values as the log means them. */
  rows: string[][];
  /** W3C with `datesFromDirective`: each row's `#Date:` date ('' before any), when some row has one. */
  dates?: string[];
}

/**
 * The header and up to `max` records of a head of the file; undefined when
 * no fields line comes before the first record.
 */
export function directiveHeadRecords(head: string, dialect: Dialect, max: number): DirectiveHead | undefined {
  let header: string[] | undefined;
  let date: string | undefined;
  const rows: string[][] = [];
  const dates: string[] = [];
  // The last line of a head cut short may be half a record.
  const lines = head.split('\n');
  if (!head.endsWith('\n')) lines.pop();
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length === 0) continue;
    const record = lineFields(line, dialect, header?.length);
    if (record.length === 0) continue;
    if (isDirective(record)) {
      header ??= fieldsOf(record, dialect);
      date = directiveDateOf(record, dialect) ?? date;
      continue;
    }
    if (header === undefined) return undefined;
    rows.push(record.map(directiveValue));
    dates.push(date ?? '');
    if (rows.length >= max) break;
  }
  if (!header) return undefined;
  const dated = dialect === 'w3c' && datesFromDirective(header) && dates.some((d) => d !== '');
  return { header, rows, ...(dated ? { dates } : {}) };
}
