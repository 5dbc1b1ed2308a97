// A time read from two columns: a date column and a time-of-day column,
// named together as `DATE+CLOCK` (plaso's l2tcsv writes `date` and `time`).
// Used by the CSV reader (read/csv.ts) and the extension's column checks and
// quick picks, which must not load the reader.

/**
 * The date column and the time-of-day column a time named `A+B` joins, when
 * no column has that very name and both of A and B are columns (`has`).
 */
export function joinedTime(name: string, has: (column: string) => boolean): [string, string] | undefined {
  if (has(name)) return undefined;
  const m = /^(.+)\+(.+)$/.exec(name);
  return m && has(m[1]) && has(m[2]) ? [m[1], m[2]] : undefined;
}

