// Zeek's own log format (LogAscii's default): lines of tab-separated values,
// with no quoting at all (a tab or line break inside a value is written as
// \x09 or \x0a), headed and closed by directive lines that start with '#':
// `#separator \x09`, `#fields` (the column names), `#types`, `#close`, ... .
// '-' is an unset value and '(empty)' an empty set or string.
//
// The CSV reader reads it with csv-parse (tab delimiter, quoting off): each
// directive line arrives as a record and is skipped there, so line numbers
// stay the file's. The fast path is not used: it proves records against
// CSV's quoting rules, which this format does not have.

/** Value of an unset field. */
const UNSET = '-';
/** Value of an empty set, vector or string. */
const EMPTY = '(empty)';

/** A field as the log means it: '' for unset and empty ones. */
export function zeekValue(value: string): string {
  return value === UNSET || value === EMPTY ? '' : value;
}

/** Whether a record read from the file is a directive line (`#fields`, `#close`, ...), not an event. */
export function isDirective(record: string[]): boolean {
  return record.length > 0 && record[0].charCodeAt(0) === 0x23;
}

/** The column names of a `#fields` directive record, else undefined. */
export function fieldsOf(record: string[]): string[] | undefined {
  return record[0] === '#fields' ? record.slice(1) : undefined;
}

/**
 * The header and up to `max` records of a head of the file, values as the
 * log means them; undefined when no `#fields` line comes before the first
 * record.
 */
export function zeekHeadRecords(head: string, max: number): string[][] | undefined {
  let header: string[] | undefined;
  const rows: string[][] = [];
  // The last line of a head cut short may be half a record.
  const lines = head.split('\n');
  if (!head.endsWith('\n')) lines.pop();
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length === 0) continue;
    const record = line.split('\t');
    if (isDirective(record)) {
      header ??= fieldsOf(record);
      continue;
    }
    if (header === undefined) return undefined;
    rows.push(record.map(zeekValue));
    if (rows.length >= max) break;
  }
  return header ? [header, ...rows] : undefined;
}
