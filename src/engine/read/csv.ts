// Streaming CSV reader on csv-parse. Records are consumed as csv-parse emits
// them, so no per-record object is queued, and each record's file lines are
// counted from its fields: a record starts on the line after the previous
// one ends, and every line break inside its fields (CRLF, LF or a lone CR,
// as editors count them) moves its end a line on. Every line break outside
// quotes ends a record, so the count always agrees with the editor's.
//
// A broken quote (never closed, or a quote inside a quoted field that is
// not doubled) makes csv-parse read on far past the record: to the end of
// the file, or into later records with relax_quotes. Such a record is
// caught (a csv-parse error, or a field that csv-parse's relax_quotes left
// starting with the quote) and read again from the file by RFC 4180 rules
// (csvRaw.ts), which says where the bad quote is. Under `stop` that is the
// error; under `skip` the record is dropped and csv-parse starts again at
// the next line where a well-formed record starts (the header's field
// count, a time that parses, and the record after it well formed too),
// and the skip reports every line dropped.

import { parse, type CsvError } from 'csv-parse';
import { LogInputError, type BadRowPolicy, type LenientReport, type ColumnMapping, type EventTable, type SessionTable, type SkipReport } from '../types';
import { lineBreaks, RawCsv, RECORD_DELIMITERS, type LenientRecord, type Position, type QuoteProblem, type RecordScan, type RecordShape } from './csvRaw';
import { fastPathApplies, readFastRecords } from './csvFast';
import { cellPathColumn } from './jsonPaths';
import { EventSink } from './sink';
import { readText, type ByteRange, type SourceInfo } from './source';
import { directiveDateOf, directiveValue, DIRECTIVE_DATE, fieldsOf, isDirective, noFieldsMessage, w3cRecord, type Dialect } from './directiveLogs';
import { joinedTime } from '../joinedTime';
import { sourceLabel, userPlan } from '../userColumns';

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
  /**
   * With `range`: its start is a record boundary of the whole file's read
   * (proven by the part before it), so a broken quote in it is read as the
   * whole read reads it, not a doubt about where the part starts.
   */
  rangeAtRecord?: boolean;
  /** Called with the field count of the first record read (checks a split). */
  onFirstRecord?: (fields: number) => void;
  /** Called with the line the read ended on (the next part starts on the line after). */
  onLastLine?: (line: number) => void;
  onBytes?: (bytes: number) => void;
  signal?: AbortSignal;
  /** Tests only: the fast path hands its parser the text in pieces of at most this many characters. */
  fastPieces?: number;
  /** A log headed by '#' directive lines (directiveLogs.ts: Zeek's format, W3C/IIS): '-' unset, each with its own splitting. */
  dialect?: Dialect;
  /** Where the header is when a line comes before it (a PowerShell `#TYPE` line, Excel's `sep=`): the read starts there. */
  start?: Position;
  /** Records of at least this many fields and fewer than the header's are read with the missing trailing fields empty (Detection.shortRows). */
  shortRows?: number;
}

export interface ReadResult {
  events: EventTable;
  skipped: SkipReport;
  /** Data records seen (kept + skipped). */
  records: number;
  /** Sessions given by the file (pre-sessionized input). */
  sessions?: SessionTable;
  /** Records read leniently (a quote inside a quoted field not doubled); absent when none. */
  lenient?: LenientReport;
  /** JSON: records that are null, passed over, and the line of the first; absent when none. */
  nulls?: { count: number; line: number };
}

/**
 * Column name -> 0-based field index, or a clear error naming what is missing.
 * A time named `A+B` where no column has that name is column A's date and
 * column B's time of day, read as one (`timeOfDay` is B's index, else -1).
 */
export function resolveColumns(header: string[], mapping: ColumnMapping, file: string): { users: number[]; time: number; timeOfDay: number; event: number; params: number } {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (!index.has(h)) index.set(h, i);
  });
  const find = (name: string, role: string, label = JSON.stringify(name)): number => {
    const i = index.get(name) ?? index.get(name.trim()) ?? cellPathColumn(index, name);
    if (i === undefined) {
      const shown = header.slice(0, 30).map((h) => JSON.stringify(h)).join(', ');
      throw new LogInputError(`the ${role} column ${label} is not in the header; columns are ${shown}`, { file, line: 1 });
    }
    return i;
  };
  const split = joinedTime(mapping.time, (c) => index.has(c));
  const plan = userPlan(mapping.users);
  return {
    // One index per source column of the user entries (a coalesced `a|b` reads a and b).
    users: plan.sources.map((u, k) => find(u, 'user', sourceLabel(plan, k))),
    time: find(split ? split[0] : mapping.time, 'time'),
    timeOfDay: split ? find(split[1], 'time of day') : -1,
    event: find(mapping.event, 'event'),
    params: mapping.params === undefined ? -1 : find(mapping.params, 'params'),
  };
}

/** A record's time: its time column, or a date column and a time-of-day column joined (`date+time`). */
function timeOf(record: string[], c: { time: number; timeOfDay: number }, value: (v: string) => string = (v) => v): string {
  if (c.timeOfDay < 0) return value(record[c.time]);
  const date = value(record[c.time]);
  const clock = value(record[c.timeOfDay]);
  return date && clock ? `${date} ${clock}` : '';
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

function quoteMessage(p: QuoteProblem): string {
  return p.kind === 'unclosed'
    ? `malformed CSV: a quoted field is never closed (unbalanced double quote opened here, field ${p.field})`
    : `malformed CSV: a double quote inside a quoted field is not escaped as "" (field ${p.field})`;
}

/**
 * Thrown by a part read (`range`) that meets a broken quote: the part cannot
 * tell whether the quote is broken or the part started in the wrong place,
 * so the caller reads the file in one piece.
 */
export class PartInDoubt extends Error {
  constructor(readonly line: number) {
    super(`the part read met a broken quote on line ${line}`);
  }
}

/** Why one csv-parse pass stopped before the end. */
interface Trouble {
  /** Line the suspect record starts on. */
  start: number;
  /** The record as csv-parse gave it (absent when csv-parse failed). */
  record?: string[];
  end?: number;
  error?: CsvError;
  /** The record read again by RFC 4180 rules, when that was done first (see `openToTheEnd`). */
  scan?: RecordScan;
}

const STOP = Symbol('stop');

/**
 * Reads CSV: on the fast path (uDSV, csvFast.ts) when it applies and proves
 * it reads the text as csv-parse does, else with csv-parse. Same result
 * either way; `SESSIONSCOPE_CSV_READER=csv-parse` turns the fast path off.
 */
export async function readCsv(req: CsvReadRequest): Promise<ReadResult> {
  if (!fastPathApplies(req) || process.env.SESSIONSCOPE_CSV_READER === 'csv-parse') return readCsvParse(req);
  // The first record is the same on both paths: a hand-over does not report it twice.
  const report = req.onFirstRecord;
  let reported = false;
  const onFirstRecord = report
    ? (fields: number) => {
        if (!reported) report(fields);
        reported = true;
      }
    : undefined;
  return (await read({ ...req, onFirstRecord }, 'fast'))!;
}

/** The fast path alone (tests): the result, or undefined when it handed over. */
export async function readCsvFast(req: CsvReadRequest): Promise<ReadResult | undefined> {
  return fastPathApplies(req) ? read(req, 'fastOnly') : undefined;
}

/** The csv-parse path alone. */
export async function readCsvParse(req: CsvReadRequest): Promise<ReadResult> {
  return (await read(req, 'parse'))!;
}

/**
 * `fast`: uDSV while it proves its records, then csv-parse from the line
 * after the last one it took (a stray quote near the end of a large file no
 * longer has the whole file read again); `fastOnly`: undefined at a hand-over.
 */
async function read(req: CsvReadRequest, mode: 'parse' | 'fast' | 'fastOnly'): Promise<ReadResult | undefined> {
  const fast = mode !== 'parse';
  const { file, mapping } = req;
  const sink = req.sink ?? new EventSink(file, mapping, req.policy);
  // uDSV's values are views of whole pieces of the file's text: the users and commands kept (interned) must be copies.
  if (fast) sink.ownStrings = true;
  let header: string[] | undefined = req.header;
  let cols: ReturnType<typeof resolveColumns> | undefined = header ? resolveColumns(header, mapping, file) : undefined;
  if (cols) sink.setPositions(cols, header);
  let prevEnd = (req.firstLine ?? 1) - 1;
  let records = 0;
  const users: (string | undefined)[] = new Array(sink.users.sources.length);
  let sawRecord = false;
  // W3C: whether the mapping names the #Date column, and the date of the last #Date: directive read.
  let dated = false;
  let date: string | undefined;
  // Records whose first field csv-parse's relax_quotes made start with a quote that turned out fine.
  let verified = 0;
  // Records read leniently (a quote inside a quoted field not doubled) and the first few of them.
  let lenientCount = 0;
  const lenientFirst: LenientReport['first'] = [];

  /** Turns one record into an event (or a bad row); lines start..end. */
  const take = (record: string[], start: number, end: number): void => {
    if (!sawRecord) {
      sawRecord = true;
      req.onFirstRecord?.(record.length);
    }
    if (record.length === 1 && record[0] === '') return; // blank line
    const dialect = req.dialect;
    if (dialect === 'w3c') {
      // Runs of blanks are one separator, quoted values are unquoted (directiveLogs.ts).
      record = w3cRecord(record, header?.length);
      if (record.length === 0) return; // a line of blanks
    }
    if (dialect && isDirective(record)) {
      // The fields line names the columns; #separator, #types, #close, #Date: and the rest say nothing about events.
      const fields = fieldsOf(record, dialect);
      if (fields && header === undefined) {
        header = fields;
        if (dialect === 'w3c') {
          // The #Date column (directiveLogs.ts) follows the file's fields; messages about a #Date+time point at the time of day.
          const named = [...header, DIRECTIVE_DATE];
          cols = resolveColumns(named, mapping, file);
          const at = header.length;
          dated = cols.time === at || cols.timeOfDay === at || cols.event === at || cols.params === at || cols.users.includes(at);
          sink.setPositions(cols.time === at && cols.timeOfDay >= 0 ? { ...cols, time: cols.timeOfDay } : cols, named);
        } else {
          cols = resolveColumns(header, mapping, file);
          sink.setPositions(cols, header);
        }
      } else if (fields && fields.join('\u0000') !== header!.join('\u0000')) {
        // IIS writes its directives again when it restarts: with the same fields they change nothing.
        throw new LogInputError(`the columns change here (a new fields line: ${fields.slice(0, 8).join(' ')}...); score the parts before and after it separately`, { file, line: start });
      }
      date = directiveDateOf(record, dialect) ?? date;
      return;
    }
    if (dialect && header === undefined) throw new LogInputError(noFieldsMessage(dialect), { file, line: start });
    if (header === undefined) {
      header = record;
      cols = resolveColumns(header, mapping, file);
      sink.setPositions(cols, header);
      return;
    }
    records++;
    const c = cols!;
    if (req.shortRows !== undefined && record.length >= req.shortRows && record.length < header.length) {
      while (record.length < header.length) record.push('');
    } else if (record.length !== header.length) {
      sink.bad(
        start,
        `expected ${header.length} fields as in the header, found ${record.length}`,
        { field: '', column: Math.min(record.length, header.length) + 1 },
        { first: start, last: end },
      );
      return;
    }
    if (dated) {
      if (date === undefined && (c.time === header.length || c.timeOfDay === header.length)) {
        const clock = c.timeOfDay >= 0 && c.timeOfDay < header.length ? c.timeOfDay : -1;
        sink.bad(start, `no #Date: directive comes before this record to give the date of its time of day (${mapping.time})`, { field: mapping.time, column: clock >= 0 ? clock + 1 : undefined });
        return;
      }
      record.push(date ?? '');
    }
    if (req.dialect) {
      for (let u = 0; u < c.users.length; u++) users[u] = directiveValue(record[c.users[u]]);
      sink.add(users, timeOf(record, c, directiveValue), directiveValue(record[c.event]), c.params < 0 ? undefined : directiveValue(record[c.params]), start, end);
      return;
    }
    for (let u = 0; u < c.users.length; u++) users[u] = record[c.users[u]];
    sink.add(users, timeOf(record, c), record[c.event], c.params < 0 ? undefined : record[c.params], start, end);
  };

  /** One csv-parse pass from `from` to the end of the range; stops at the first suspect record. */
  const pass = async (from: Position): Promise<Trouble | undefined> => {
    prevEnd = from.line - 1;
    let trouble: Trouble | undefined;
    let failure: unknown;
    // Lines are counted here, not taken from csv-parse's per-record info: that
    // info object is built for every record and costs more than the counting.
    // csv-parse skips blank lines (a record of the wrong field count costs it a
    // whole error object, so 40,000 blank lines took seconds) and counts them:
    // the ones skipped since the last record stand before this one. It calls
    // this handler synchronously, so its count is read at the right moment.
    let blankSeen = 0;
    const onRecord = (record: string[]): void => {
      if (trouble !== undefined || failure !== undefined) return;
      const blank = parser.info.empty_lines - blankSeen;
      blankSeen += blank;
      const start = prevEnd + 1 + blank;
      let end = start;
      let suspect = false;
      for (let f = 0; f < record.length; f++) {
        const field = record[f];
        if (field.length === 0) continue;
        end += lineBreaks(field);
        // relax_quotes puts the quote of a broken quoted field in front of its text (logs headed by directives are read with quoting off).
        if (field.charCodeAt(0) === 0x22 && !req.dialect) suspect = true;
      }
      prevEnd = end;
      if (suspect && verified < MAX_VERIFIED) {
        trouble = { start, record, end };
        return;
      }
      try {
        take(record, start, end);
      } catch (e) {
        failure = e;
      }
    };

    const parser = parse({
      delimiter: req.delimiter,
      // Every line break outside quotes ends a record, as it ends a line in an editor.
      record_delimiter: RECORD_DELIMITERS,
      relax_column_count: true,
      // A quote inside an unquoted field (=HYPERLINK("x"), 5" disk) is unambiguous: keep it as text.
      relax_quotes: true,
      // Logs headed by directives: Zeek has no quoting, and a W3C record's quotes are read on its own line (directiveLogs.ts).
      ...(req.dialect ? { quote: false } : {}),
      skip_empty_lines: true,
    });
    parser.on('data', onRecord);
    const done = new Promise<void>((resolve) => {
      parser.on('error', (err: CsvError) => {
        trouble ??= { start: prevEnd + 1, error: err };
        resolve();
      });
      parser.on('end', resolve);
    });
    const check = () => {
      if (failure !== undefined) throw failure;
      if (trouble !== undefined) throw STOP;
    };
    try {
      await readText(
        file,
        req.info,
        (chunk) => {
          check();
          parser.write(chunk);
          check();
        },
        // Progress counts from the start of the range read, not of this pass (a gzip stream counts its file bytes anyway).
        req.onBytes && !req.info.gzip && from.offset > origin.offset ? (b) => req.onBytes!(from.offset - origin.offset + b) : req.onBytes,
        req.signal,
        true,
        { start: from.offset, end: req.range?.end },
      );
      parser.end();
      await done;
      check();
    } catch (e) {
      parser.destroy();
      if (e !== STOP) throw e;
    }
    return trouble;
  };

  const origin: Position = { offset: req.range?.start ?? req.start?.offset ?? req.info.bomBytes, line: req.firstLine ?? req.start?.line ?? 1 };
  let raw: RawCsv | undefined;
  let fastRestarts = 0;
  /**
   * Reads with uDSV from `start` (the range's start, or where reading goes on
   * after a broken record). Returns where csv-parse has to go on: undefined
   * when the fast read reached the end, 'again' when the line after its last
   * record cannot be found (then the whole range is read with csv-parse).
   */
  const fastFrom = async (start: Position): Promise<Position | undefined | 'handed over' | 'again'> => {
    const shift = start.offset - origin.offset;
    const r: CsvReadRequest =
      start === origin
        ? req
        : { ...req, header, range: { start: start.offset, end: req.range?.end }, onBytes: req.onBytes && !req.info.gzip ? (b) => req.onBytes!(shift + b) : req.onBytes };
    const f = await readFastRecords(r, start, take);
    prevEnd = f.line;
    if (!f.handedOver) return undefined;
    if (mode === 'fastOnly') return 'handed over';
    if (header === undefined) return origin; // nothing taken yet: csv-parse reads from the start
    // A gzip stream cannot be entered at an offset (RawCsv reads the file's own bytes): csv-parse reads it all.
    if (req.info.gzip) return 'again';
    // csv-parse goes on where the last record uDSV proved ends (blank lines after it are csv-parse's to count).
    raw ??= await RawCsv.of(file, req.info, origin);
    const line = f.line + 1;
    const offset = await raw.offsetOfLine(line).catch(() => undefined);
    if (offset === undefined) return 'again';
    handedOverAt = { offset, line };
    return handedOverAt;
  };
  let handedOverAt: Position | undefined;
  /**
   * Where the fast read handed over, a record whose quote stays open to the
   * end of the file by RFC 4180 rules is trouble for csv-parse too (it
   * closes a quoted field at the same quotes, and reads "" alike), only found
   * after reading all the rest as one field (2.2 s of a 62 MB log): it is
   * taken as the trouble at once, with the scan kept for the recovery.
   */
  const openToTheEnd = async (at: Position): Promise<Trouble | undefined> => {
    if (at !== handedOverAt) return undefined;
    raw ??= await RawCsv.of(file, req.info, origin);
    const scan = await raw.scanRecord(at, req.delimiter);
    return scan.problem?.kind === 'unclosed' && scan.endOffset >= req.info.size ? { start: at.line, scan } : undefined;
  };
  let from: Position | undefined = origin;
  if (fast) {
    const next = await fastFrom(origin);
    if (next === 'handed over') return undefined;
    if (next === 'again') {
      await raw?.close();
      return read(req, 'parse');
    }
    from = next;
  }
  try {
    // A part read resumed exactly at its end has nothing left to read.
    while (from && !(req.range?.end !== undefined && from.offset >= req.range.end)) {
      const trouble = (await openToTheEnd(from)) ?? (await pass(from));
      from = undefined;
      if (!trouble) break;
      if (req.range && !req.rangeAtRecord) throw new PartInDoubt(trouble.start);
      // A part that ends before the file (the first half) cannot see past its end: csv-parse left
      // inside quotes there, a record or a resume past it, are doubts (the whole read may differ).
      const end = req.range?.end;
      if (end !== undefined && trouble.error && trouble.error.code !== 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE') throw new PartInDoubt(trouble.start);
      raw ??= await RawCsv.of(file, req.info, origin);
      const at: Position = { offset: await raw.offsetOfLine(trouble.start), line: trouble.start };
      const scan = trouble.scan ?? (await raw.scanRecord(at, req.delimiter));
      if (end !== undefined && !scan.problem && scan.endOffset > end) throw new PartInDoubt(trouble.start);
      if (!scan.problem && trouble.record) {
        // A field that really starts with a quote (""" in the file): keep the record and go on after it.
        verified++;
        take(trouble.record, trouble.start, trouble.end!);
        prevEnd = scan.endLine - 1;
        from = { offset: scan.endOffset, line: scan.endLine };
        continue;
      }
      if (header === undefined) {
        const p = scan.problem;
        throw new LogInputError(p ? quoteMessage(p) : `malformed CSV: ${csvErrorMessage(trouble.error!)}`, { file, line: p?.line ?? trouble.start, column: p?.column });
      }
      const c = cols!;
      const p = scan.problem;
      const shape = { delimiter: req.delimiter, fields: header.length, time: c.time };
      const lenient = p?.kind === 'unescaped' ? await lenientAt(raw, at, shape, end) : undefined;
      // Taken only when the record so read is a good event: else the quote is what to report (a stray quote in JSON params).
      if (lenient && sink.tryAdd(() => take(lenient.fields, trouble.start, lenient.endLine - 1))) {
        // A quote inside a quoted field that is not doubled, read as text: kept, and said.
        lenientCount++;
        if (lenientFirst.length < MAX_LENIENT_SAMPLES) lenientFirst.push({ line: p!.line, column: p!.column, field: header[p!.field - 1] ?? '' });
        prevEnd = lenient.endLine - 1;
        from = lenient.endOffset < (req.range?.end ?? raw.size) ? { offset: lenient.endOffset, line: lenient.endLine } : undefined;
      } else {
        // The broken record: dropped with every line up to the next well-formed record (a record tried leniently is counted).
        if (!lenient) records++;
        // Under `stop` this is the error: no need to look for where reading could resume.
        if (req.policy === 'stop') {
          sink.bad(p?.line ?? trouble.start, p ? quoteMessage(p) : `malformed CSV: ${csvErrorMessage(trouble.error!)}`, { field: p ? (header[p.field - 1] ?? '') : '', column: p?.column });
        }
        const resume = await raw.resumeAfter(at, shape);
        if (end !== undefined && (resume === undefined || resume.offset > end)) throw new PartInDoubt(trouble.start);
        const last = resume ? resume.line - 1 : await raw.lastLine(at);
        sink.bad(
          p?.line ?? trouble.start,
          p ? quoteMessage(p) : `malformed CSV: ${csvErrorMessage(trouble.error!)}`,
          { field: p ? (header[p.field - 1] ?? '') : '', column: p?.column },
          { first: trouble.start, last },
        );
        prevEnd = last;
        from = resume;
      }
      // Past a broken record the fast read takes over again while much is left (a few times: each start costs a parser).
      if (from && fast && fastRestarts < MAX_FAST_RESTARTS && (req.range?.end ?? req.info.size) - from.offset >= FAST_RESTART_BYTES) {
        fastRestarts++;
        const next = await fastFrom(from);
        // `finally` closes raw.
        if (next === 'again') return read(req, 'parse');
        from = next === 'handed over' ? undefined : next;
      }
    }
  } finally {
    await raw?.close();
  }
  if (header === undefined) throw new LogInputError('the file is empty: no header row and no events', { file, line: 1 });
  if (records === 0 && !req.range) throw new LogInputError('the file has a header row but no data rows', { file, line: 2 });
  req.onLastLine?.(prevEnd);
  const totalLines = prevEnd - origin.line + 1;
  return { events: sink.build(), skipped: sink.skipped(totalLines), records, sessions: sink.sessions(), ...(lenientCount > 0 ? { lenient: { count: lenientCount, first: lenientFirst } } : {}) };
}

/** How many leniently read records a report keeps (the rest are counted). */
export const MAX_LENIENT_SAMPLES = 5;

/**
 * The record at `at` read leniently (RawCsv.lenientRecord) when that reading
 * is one to trust: the header's field count, ending inside the part read,
 * and followed by the end of the file or a well-formed record.
 */
async function lenientAt(raw: RawCsv, at: Position, shape: RecordShape, end: number | undefined): Promise<LenientRecord | undefined> {
  const r = await raw.lenientRecord(at, shape.delimiter);
  if (r === undefined || r.fields.length !== shape.fields || (end !== undefined && r.endOffset > end)) return undefined;
  return r.endOffset >= raw.size || (await raw.wellFormedAt(r.endOffset, shape)) ? r : undefined;
}

/** After a broken record the fast read starts again at most this many times per read, and only with this many bytes left. */
const MAX_FAST_RESTARTS = 16;
const FAST_RESTART_BYTES = 1 << 20;

/** Beyond this many records starting with a real quote, stop checking each by reading it again. */
const MAX_VERIFIED = 1000;

