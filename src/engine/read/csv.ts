// Streaming CSV reader on csv-parse. Records are consumed inside csv-parse's
// on_record hook (and dropped there), so no per-record object is queued, and
// each record's file lines are known: csv-parse's `lines` counter at the hook
// is the line the record ends on, and the next record starts on the line after.

import { parse, type CsvError } from 'csv-parse';
import { LogInputError, type BadRowPolicy, type ColumnMapping, type EventTable, type SessionTable, type SkipReport } from '../types';
import { cellPathColumn } from './jsonScan';
import { EventSink } from './sink';
import { readText, type ByteRange, type SourceInfo } from './source';

export interface CsvReadRequest {
  file: string;
  info: SourceInfo;
  delimiter: string;
  mapping: ColumnMapping;
  policy: BadRowPolicy;
  /** Turns records into events; a plain EventSink unless rows are sessions already. */
  sink?: EventSink;
  /** Read only these bytes (a part of a file split for parallel reading). */
  range?: ByteRange;
  /** With `range`: the header (the part starts after it) and the file line the part starts on. */
  header?: string[];
  firstLine?: number;
  /** Called with the field count of the first record read (checks a split). */
  onFirstRecord?: (fields: number) => void;
  onBytes?: (bytes: number) => void;
  signal?: AbortSignal;
}

export interface ReadResult {
  events: EventTable;
  skipped: SkipReport;
  /** Data records seen (kept + skipped). */
  records: number;
  /** Sessions given by the file (pre-sessionized input). */
  sessions?: SessionTable;
}

/** Column name -> 0-based field index, or a clear error naming what is missing. */
export function resolveColumns(header: string[], mapping: ColumnMapping, file: string): { users: number[]; time: number; event: number; params: number } {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (!index.has(h)) index.set(h, i);
  });
  const find = (name: string, role: string): number => {
    const i = index.get(name) ?? index.get(name.trim()) ?? cellPathColumn(index, name);
    if (i === undefined) {
      const shown = header.slice(0, 30).map((h) => JSON.stringify(h)).join(', ');
      throw new LogInputError(`the ${role} column ${JSON.stringify(name)} is not in the header; columns are ${shown}`, { file, line: 1 });
    }
    return i;
  };
  return {
    users: mapping.users.map((u) => find(u, 'user')),
    time: find(mapping.time, 'time'),
    event: find(mapping.event, 'event'),
    params: mapping.params === undefined ? -1 : find(mapping.params, 'params'),
  };
}

function csvErrorMessage(err: CsvError): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed (unbalanced double quote)';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a double quote inside a field is not escaped as ""';
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return 'the row has a different number of fields than the header';
    default:
      return err.message;
  }
}

export async function readCsv(req: CsvReadRequest): Promise<ReadResult> {
  const { file, mapping } = req;
  const sink = req.sink ?? new EventSink(file, mapping, req.policy);
  let header: string[] | undefined = req.header;
  let cols: ReturnType<typeof resolveColumns> | undefined = header ? resolveColumns(header, mapping, file) : undefined;
  if (cols) sink.setPositions(cols, header);
  let prevEnd = (req.firstLine ?? 1) - 1;
  let records = 0;
  const users: (string | undefined)[] = new Array(mapping.users.length);
  let failure: unknown;
  let sawRecord = false;

  // Lines are counted here, not taken from csv-parse's per-record info: that
  // info object is built for every record and costs more than the counting.
  // Blank lines come through as [''] records, so every line belongs to one record.
  const onRecord = (record: string[]): void => {
    const start = prevEnd + 1;
    let end = start;
    for (let f = 0; f < record.length; f++) {
      const field = record[f];
      for (let at = field.indexOf('\n'); at >= 0; at = field.indexOf('\n', at + 1)) end++;
    }
    prevEnd = end;
    if (failure !== undefined) return;
    if (!sawRecord) {
      sawRecord = true;
      req.onFirstRecord?.(record.length);
    }
    try {
      if (record.length === 1 && record[0] === '') return; // blank line
      if (header === undefined) {
        header = record;
        cols = resolveColumns(header, mapping, file);
        sink.setPositions(cols, header);
        return;
      }
      records++;
      const c = cols!;
      if (record.length !== header.length) {
        sink.bad(start, `expected ${header.length} fields as in the header, found ${record.length}`, {
          field: '',
          column: Math.min(record.length, header.length) + 1,
        });
        return;
      }
      for (let u = 0; u < c.users.length; u++) users[u] = record[c.users[u]];
      sink.add(users, record[c.time], record[c.event], c.params < 0 ? undefined : record[c.params], start, end);
    } catch (e) {
      failure = e;
    }
  };

  const parser = parse({
    delimiter: req.delimiter,
    relax_column_count: true,
    // A quote inside an unquoted field (=HYPERLINK("x"), 5" disk) is unambiguous: keep it as text.
    relax_quotes: true,
    skip_records_with_error: req.policy === 'skip',
  });
  parser.on('data', onRecord);

  const done = new Promise<void>((resolve, reject) => {
    parser.on('error', (err: CsvError) => {
      const line = prevEnd + 1;
      reject(new LogInputError(`malformed CSV: ${csvErrorMessage(err)}`, { file, line, column: err.column !== undefined ? Number(err.column) + 1 : undefined }));
    });
    parser.on('skip', (err: CsvError) => {
      // csv-parse skips the broken record and goes on; note where it started.
      const line = prevEnd + 1;
      prevEnd = Math.max(prevEnd, Number(err.lines ?? prevEnd));
      try {
        sink.bad(line, `malformed CSV: ${csvErrorMessage(err)}`);
      } catch (e) {
        failure = e;
      }
    });
    parser.on('end', resolve);
  });

  try {
    await readText(
      file,
      req.info,
      (chunk) => {
        parser.write(chunk);
        if (failure !== undefined) throw failure;
      },
      req.onBytes,
      req.signal,
      true,
      req.range,
    );
    parser.end();
    await done;
  } catch (e) {
    parser.destroy();
    done.catch(() => undefined);
    throw e;
  }
  if (failure !== undefined) throw failure;
  if (header === undefined) throw new LogInputError('the file is empty: no header row and no events', { file, line: 1 });
  if (records === 0 && !req.range) throw new LogInputError('the file has a header row but no data rows', { file, line: 2 });
  return { events: sink.build(), skipped: sink.skipped(), records, sessions: sink.sessions() };
}
