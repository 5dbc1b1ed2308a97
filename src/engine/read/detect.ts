// Looks at the head of a log and guesses its format and which columns hold
// the time, the user identifiers, the event and its params, with the
// evidence for each guess (name match and value shape). The format is
// sniffed in format.ts, the roles chosen in guess.ts.

import { parse as parseSync } from 'csv-parse/sync';
import type { ColumnGuess, Detection } from '../stages';
import { LogInputError, type LogFormat } from '../types';
import { fileYear, isLineShape, lineRecord, ZONE_OFFSET, type JsonShape, type LineShape } from './json';
import { syslogYearNote, type SyslogYear } from './syslogStamp';
import { AuditEvents, auditJoinNote } from './keyValue';
import { XmlEventScanner } from './xmlEvents';
import { flattenPaths, getPath, jsonInText } from './jsonPaths';
import { JsonDocumentScanner, MAX_DEPTH, nestingOf, positionIn, type ScannedElement } from './jsonScan';
import { chooseTable, PRIMARY_RESULT, rowRecord, rowsFirstError, severalTablesText, tableName, TableScanner, type TableChoice, type TableColumn, type TableInfo } from './jsonTables';
import { datesFromDirective, DIRECTIVE_DATE, directiveHeadRecords, noFieldsMessage } from './directiveLogs';
import { binaryKind, detectDelimiter, detectFormat, detectJsonShape, looksBinary, preambleOf, TEXT_FORMATS } from './format';
import { inspectSource, readBytes, readHead, readText, type SourceInfo } from './source';
import { provenHeadRecords } from './csvFast';
import { headerAsData, JsonCells, statsOf, type ColumnStats } from './columnStats';
import { nameScore, TIME_NAMES } from './vocabulary';
import { chooseUsers, clockColumnFor, decideTimeFormat, detectPreSessionized, doubtsOf, guessColumns, windowsActor } from './guess';

const HEAD_BYTES = 256 * 1024;
const SAMPLE_RECORDS = 200;

/**
 * Up to `max` CSV records from the head (one more, the header, for the
 * caller's `max` rows), ignoring a record cut at its end. A plain CSV head is
 * split by uDSV and proven record by record (csvFast.ts), as the read does:
 * the records are csv-parse's, and a clean file's run no longer compiles a
 * second parser, cold, for 200 rows (csv-parse's sample took 27 ms of a
 * 5000-event run's profile, the proven split 3-6 ms; issue #9), while the
 * read then finds uDSV warm. Anything the proof does not take is sampled by
 * csv-parse, as it always was; `SESSIONSCOPE_CSV_READER=csv-parse`, which
 * turns the read's fast path off, turns this off too.
 */
function csvHeadRecords(head: string, delimiter: string, max: number, headCut: boolean): string[][] {
  // A head that is not the whole file is cut at its last newline so a half record is less likely; a cut quoted field just errors at the end.
  const cut = headCut ? head.slice(0, head.lastIndexOf('\n') + 1) : head;
  const proven = process.env.SESSIONSCOPE_CSV_READER === 'csv-parse' ? undefined : provenHeadRecords(cut, delimiter, max + 1);
  return proven ?? csvParseHeadRecords(cut, delimiter, max);
}

/**
 * Up to `max` + 1 records of the (cut) head by csv-parse's synchronous API:
 * no stream to set up, and each record is kept as it is read, so an error at
 * the cut end loses nothing before it.
 */
export function csvParseHeadRecords(cut: string, delimiter: string, max: number): string[][] {
  const rows: string[][] = [];
  try {
    parseSync(cut, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      to: max + 1,
      on_record: (r: string[]) => {
        rows.push(r);
        return null;
      },
    });
  } catch {
    // The records read before the trouble are what detection samples.
  }
  return rows;
}

/**
 * Up to `max` records from the head of a JSON file, by the same scanner the
 * reader uses (so both choose the same records array). Records nested deeper
 * than the reader takes are left out; a document that is no array or object
 * of records gets the scanner's located error.
 */
export function jsonHeadRecords(file: string, head: string, shape: JsonShape, max: number, unreadable?: (line: number, message: string, last: boolean) => void): object[] {
  return scanHeadRecords(file, head, shape, max, unreadable).records;
}

/** A document's records array as detection chooses it, and the arrays before it passed over as no records. */
export interface RecordsChoice {
  records: object[];
  /** Dotted path of the records array ('' for a top-level array; undefined for JSON Lines). */
  path?: string;
  /** Arrays of objects before it that describe the result (their paths), and what each is. */
  passedOver: { path: string; kind: MetadataKind }[];
  /** Key=value lines: records that took keys from their Linux audit event's earlier records (AuditEvents). */
  auditJoined?: number;
  /** CEF, LEEF and key=value lines: the years given to times that had none (syslogStamp.ts). */
  syslogYear?: SyslogYear;
}

/**
 * The records of a JSON head, passing over arrays of objects that describe a
 * query's result instead of holding it (a column list, messages, statistics:
 * Splunk's `messages` and `fields`, Defender's `Schema` and
 * `Stats.dataset_statistics` before `Results`) when another array of objects
 * follows; else the first array of objects, as before.
 */
export function chooseRecordsArray(file: string, head: string, shape: JsonShape, max: number, unreadable?: (line: number, message: string, last: boolean) => void): RecordsChoice {
  // Each pass keeps its unreadable records; those of the array chosen are said.
  const scan = (passOver?: ReadonlySet<string>) => {
    const bad: [number, string, boolean][] = [];
    return { ...scanHeadRecords(file, head, shape, max, (line, message, last) => bad.push([line, message, last]), passOver), bad };
  };
  const first = scan();
  let chosen = first;
  const passedOver: RecordsChoice['passedOver'] = [];
  for (let tries = 0; shape === 'document' && tries < MAX_PASSED_OVER && chosen.path !== undefined; tries++) {
    const kind = metadataKind(chosen.records);
    if (kind === undefined) break;
    passedOver.push({ path: chosen.path, kind });
    const next = scan(new Set(passedOver.map((p) => p.path)));
    // Nothing else holds objects: the first array is the records after all.
    if (next.path === undefined || next.records.length === 0) {
      chosen = first;
      passedOver.length = 0;
      break;
    }
    chosen = next;
  }
  for (const [line, message, last] of chosen.bad) unreadable?.(line, message, last);
  return { records: chosen.records, path: chosen.path, passedOver, ...(chosen.auditJoined ? { auditJoined: chosen.auditJoined } : {}), ...(chosen.syslogYear ? { syslogYear: chosen.syslogYear } : {}) };
}

/** At most this many arrays are passed over before the records. */
const MAX_PASSED_OVER = 4;

export type MetadataKind = 'a column list' | 'messages' | 'statistics';

const COLUMN_NAME_KEY = /^(name|columnname|column|field|fieldname)$/i;
const COLUMN_TYPE_KEY = /^(type|datatype|columntype|fieldtype)$/i;
const COLUMN_OTHER_KEY = /^(description|nullable|isnullable|ordinal|size|length|format|mode)$/i;
const MESSAGE_TEXT_KEY = /^(text|message|msg)$/i;
const MESSAGE_KIND_KEY = /^(type|level|severity|code)$/i;

/**
 * What an array of objects is when it describes a result instead of holding
 * its records: a column list (objects of a name and only a column's other
 * attributes: type, description, nullable...), messages (a kind and a text),
 * statistics (numbers only).
 */
export function metadataKind(objs: object[]): MetadataKind | undefined {
  if (objs.length === 0) return undefined;
  const entries = objs.map((o) => Object.entries(o));
  const scalars = entries.every((e) => e.every(([, v]) => v === null || typeof v !== 'object'));
  if (!scalars) return undefined;
  const columnKey = (k: string) => COLUMN_NAME_KEY.test(k) || COLUMN_TYPE_KEY.test(k) || COLUMN_OTHER_KEY.test(k);
  if (entries.every((e) => e.some(([k]) => COLUMN_NAME_KEY.test(k)) && e.every(([k]) => columnKey(k)))) return 'a column list';
  if (entries.every((e) => e.length <= 3 && e.some(([k]) => MESSAGE_TEXT_KEY.test(k)) && e.some(([k]) => MESSAGE_KIND_KEY.test(k)))) return 'messages';
  if (entries.every((e) => e.length > 0 && e.every(([, v]) => typeof v === 'number'))) return 'statistics';
  return undefined;
}

function scanHeadRecords(
  file: string,
  head: string,
  shape: JsonShape,
  max: number,
  unreadable?: (line: number, message: string, last: boolean) => void,
  passOver?: ReadonlySet<string>,
): { records: object[]; path?: string; auditJoined?: number; syslogYear?: SyslogYear } {
  const out: object[] = [];
  let tooDeep: { line: number; column: number; depth: number } | undefined;
  let failed: { line: number; message: string } | undefined;
  const take = (text: string, line: number, column: number): void => {
    const n = nestingOf(text);
    if (n.at !== undefined) {
      tooDeep ??= { ...positionIn(text, n.at, { line, column }), depth: n.depth };
      return;
    }
    // A failure is reported once the next record has been read: the last one may only be cut by the head's end.
    if (failed) unreadable?.(failed.line, failed.message, false);
    failed = undefined;
    try {
      const v: unknown = JSON.parse(text);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(v);
    } catch (e) {
      // A cut last record or a bad one: detection works on the rest, and says how many it could not read.
      failed = { line, message: (e as Error).message };
    }
  };
  let path: string | undefined;
  const audit = new AuditEvents();
  const year = shape === 'cef' || shape === 'leef' || shape === 'kv' ? fileYear(file) : undefined;
  // Records that are not JSON, read as the reader reads them (json.ts lineRecord).
  const takeLine = (kind: LineShape, text: string, line: number): void => {
    if (failed) unreadable?.(failed.line, failed.message, false);
    failed = undefined;
    const r = lineRecord(kind, text, year);
    if ('error' in r) failed = { line, message: r.error };
    else {
      if (kind === 'kv') audit.join(r.fields);
      out.push(r.fields);
    }
  };
  if (shape === 'xml') {
    // The head's records as the reader finds them; the last may be cut by the head's end.
    const scanner = new XmlEventScanner(
      (r) => {
        if (out.length < max) takeLine('xml', r.text, r.start.line);
      },
      (at, message) => {
        if (failed) unreadable?.(failed.line, failed.message, false);
        failed = { line: at.line, message };
      },
    );
    scanner.write(head);
    scanner.end();
  } else if (shape === 'kv' || shape === 'cef' || shape === 'leef') {
    const lines = head.split('\n');
    for (let i = 0; i < lines.length && out.length < max; i++) {
      const t = lines[i].replace(/\r$/, '');
      if (t.trim().length > 0) takeLine(shape, t, i + 1);
    }
  } else if (shape === 'lines') {
    const lines = head.split('\n');
    for (let i = 0; i < lines.length && out.length < max; i++) {
      const t = lines[i].trim();
      if (t) take(t, i + 1, lines[i].indexOf(t[0]) + 1);
    }
  } else {
    const scanner = new JsonDocumentScanner(
      file,
      (e) => {
        take(e.text, e.start.line, e.start.column);
        if (out.length >= max) scanner.stopped = true;
      },
      passOver,
    );
    scanner.write(head);
    path = scanner.path;
  }
  if (failed) unreadable?.(failed.line, failed.message, true);
  if (out.length === 0 && tooDeep) {
    throw new LogInputError(`the record nests ${tooDeep.depth} levels deep; at most ${MAX_DEPTH} are read`, { file, line: tooDeep.line, column: tooDeep.column });
  }
  return { records: out, path, ...(audit.joined > 0 ? { auditJoined: audit.joined } : {}), ...(year && year.count > 0 ? { syslogYear: year } : {}) };
}

/**
 * The field to explode records by, when obvious: the one array field (of the
 * record, or of an object in it) whose elements are objects with a `name` or
 * `type`, in most sampled records (Google Workspace `events`).
 */
export function detectExplode(objs: object[]): string | undefined {
  const counts = new Map<string, number>();
  for (const o of objs) {
    const found = new Set<string>();
    for (const [key, v] of flattenPaths(o, '', new Map(), 1)) {
      if (!Array.isArray(v) || v.length === 0) continue;
      const eventLike = v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x) && (Object.hasOwn(x, 'name') || Object.hasOwn(x, 'type')));
      if (eventLike) found.add(key);
    }
    for (const k of found) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const common = [...counts].filter(([, n]) => n * 2 > objs.length);
  return common.length === 1 ? common[0][0] : undefined;
}

/**
 * Whether the records name their event themselves (CloudTrail's `eventName`
 * beside its `resources: [{type, ARN}]`): then an array of typed objects is
 * data of the event, not events to explode into.
 */
function hasOwnEvent(objs: object[], candidate: string): boolean {
  const records = exploded(objs, undefined);
  const columns = [...new Set(records.flatMap((r) => [...r.keys()]))].filter((c) => c !== candidate && !c.startsWith(candidate + '.'));
  return guessColumns(columns, records).guesses.event.some((g) => g.score >= 0.6);
}

/** Records as column -> value, one per event: with `explode`, the record's fields plus each element's under the array's path. */
function exploded(objs: object[], explode: string | undefined): Map<string, unknown>[] {
  const out: Map<string, unknown>[] = [];
  for (const o of objs) {
    const outer = flattenPaths(o);
    let items = explode === undefined ? undefined : getPath(o, explode);
    if (typeof items === 'string') items = jsonInText(items);
    if (items !== null && typeof items === 'object' && !Array.isArray(items)) items = [items];
    if (!Array.isArray(items) || items.length === 0) {
      out.push(outer);
      continue;
    }
    for (const item of items) {
      const rec = new Map(outer);
      if (item !== null && typeof item === 'object' && !Array.isArray(item)) flattenPaths(item, explode + '.', rec);
      else rec.set(explode!, item);
      out.push(rec);
    }
  }
  return out;
}

/**
 * CSV columns whose sampled values are mostly JSON object text (Sentinel's
 * dynamic columns: InitiatedBy, AdditionalDetails, AuditData): their inner
 * paths become columns too (`InitiatedBy.user.userPrincipalName`), listed
 * after the column.
 */
function addJsonCellColumns(columns: string[], records: Map<string, unknown>[], json: JsonCells): string[] {
  const out: string[] = [];
  for (const c of columns) {
    out.push(c);
    let present = 0;
    const parsed: (object | undefined)[] = records.map((r) => {
      const v = r.get(c);
      if (typeof v !== 'string' || v.trim() === '') return undefined;
      present++;
      const inner = json.objectIn(v);
      return inner !== undefined && !Array.isArray(inner) ? inner : undefined;
    });
    const objects = parsed.filter((p) => p !== undefined).length;
    if (objects === 0 || objects * 2 < present) continue;
    const seen = new Set(columns);
    records.forEach((r, i) => {
      const o = parsed[i];
      if (!o) return;
      for (const [k, v] of flattenPaths(o, c + '.')) {
        r.set(k, v);
        if (!seen.has(k)) {
          seen.add(k);
          out.push(k);
        }
      }
    });
  }
  return out;
}

/**
 * A query result in columns-and-rows form (jsonTables.ts), when the document
 * is one: the table to read (the first named PrimaryResult, else the first)
 * and records made of its first rows. When the head of a large file shows
 * neither a PrimaryResult table nor the end of the tables, the whole file is
 * scanned once for its tables (their rows are only counted).
 */
async function tableHead(
  file: string,
  info: SourceInfo,
  head: string,
  cut: boolean,
  unreadable: (line: number, message: string) => void,
): Promise<{ choice: TableChoice; columns: TableColumn[]; records: object[] } | undefined> {
  const sampled = new Map<number, ScannedElement[]>();
  const keep = (row: ScannedElement, t: TableInfo): void => {
    const rows = sampled.get(t.index) ?? [];
    sampled.set(t.index, rows);
    if (rows.length < SAMPLE_RECORDS) rows.push(row);
  };
  let scanner = new TableScanner(file, () => true, keep);
  scanner.write(head);
  if (!scanner.isColumnar) return undefined;
  let tables = scanner.tables;
  let complete = scanner.done || !cut;
  if (!complete && !tables.some((t) => t.name === PRIMARY_RESULT)) {
    // A later table may be the PrimaryResult: list them all (rows counted, those of a PrimaryResult sampled).
    scanner = new TableScanner(file, (t) => t.name === PRIMARY_RESULT, keep);
    await readText(file, info, (chunk) => scanner.write(chunk as string));
    tables = scanner.tables;
    complete = scanner.done;
  }
  const t = chooseTable(tables)!;
  if (!t.columns) throw new LogInputError(`table ${tableName(t)} of the query result names no columns`, { file, line: t.line });
  if (t.rowsFirst) throw rowsFirstError(file, t);
  if (t.closed && t.rows === 0) {
    throw new LogInputError(`table ${tableName(t)} of the query result has no rows (its "rows" array is ${t.rowsLine === undefined ? 'missing' : 'empty: the query returned nothing'})`, { file, line: t.rowsLine ?? t.line });
  }
  const records: object[] = [];
  for (const row of sampled.get(t.index) ?? []) {
    try {
      const cells: unknown = JSON.parse(row.text);
      if (Array.isArray(cells)) records.push(rowRecord(t.columns, cells));
    } catch (e) {
      unreadable(row.start.line, (e as Error).message);
    }
  }
  const choice: TableChoice = { index: t.index, name: t.name, tables: tables.map((x) => ({ name: x.name, rows: x.rows })), complete };
  return { choice, columns: t.columns, records };
}

/**
 * Why a JSON document with no records array may still hold records: one object
 * whose values are the records, under keys of their own (plaso's `psort -o
 * json`: {"event_0": {...}, "event_1": {...}}). Empty when the head does not
 * look like that.
 */
/** The field count every sampled record has when it is the same for all and fewer than the header's (two at least); else undefined. */
function shortRowsOf(header: string[], rows: string[][]): number | undefined {
  if (rows.length < 2) return undefined;
  const m = rows[0].length;
  if (m < 2 || m >= header.length) return undefined;
  return rows.every((r) => r.length === m) ? m : undefined;
}

function keyedRecordsHint(head: string): string {
  const m = /^\s*\{\s*("(?:[^"\\]|\\.)*")\s*:\s*\{/.exec(head);
  if (m) return `: it is one object whose values are objects under keys of their own (the first ${m[1]}); Sessionscope reads an array of records (at the top or under a field) or JSON Lines — for plaso, write psort -o json_line`;
  // Rows as arrays with no names (a header row first, as spreadsheet APIs and pandas' orient="values" or "split" write):
  // no field of a record can be named, so none can be asked for.
  const rows = /^\s*\[\s*\[\s*("(?:[^"\\]|\\.){0,60}")?/.exec(head);
  if (rows) {
    return `: it is an array of arrays (rows of bare values${rows[1] ? `, the first starting ${rows[1]}` : ''}); Sessionscope reads records with named fields — an array of objects, JSON Lines, a query result with "columns" and "rows" under "tables", or CSV (pandas: to_json(orient="records", lines=True) or to_csv)`;
  }
  return '';
}

export async function inspectLog(file: string, opts: { format?: LogFormat; explode?: string } = {}): Promise<Detection> {
  const info: SourceInfo = await inspectSource(file);
  if (info.size - info.bomBytes <= 0) throw new LogInputError('the file is empty', { file, line: 1 });
  const head = await readHead(file, info, HEAD_BYTES);
  // Whether the head is less than the whole file: by the file's size (the head's characters are not its bytes), or for
  // gzip by the bytes decompressed (a character left incomplete at the end is held back).
  const headCut = info.gzip ? (info.encoding === 'utf8' ? Buffer.byteLength(head, 'utf8') : 2 * head.length) >= HEAD_BYTES - 4 : info.size - info.bomBytes > HEAD_BYTES;
  const binary = info.gzip ? undefined : binaryKind(await readBytes(file, 8));
  if (binary || looksBinary(head)) {
    const then = binary?.then ? `; ${binary.then}` : '';
    throw new LogInputError(`not a text log: the file is ${binary?.kind ?? 'binary data'}${info.gzip ? ' (after gunzip)' : ''}; Sessionscope reads ${TEXT_FORMATS}${then}`, { file });
  }
  if (head.trim().length === 0) throw new LogInputError('the file holds only blank space', { file, line: 1 });
  const fmt = opts.format ? { ...detectFormat(file, head), format: opts.format } : detectFormat(file, head);
  let columns: string[];
  let records: Map<string, unknown>[];
  let explode: string | undefined;
  let header: string[] | undefined;
  let unreadable: Detection['unreadable'];
  // JSON: arrays before the records that describe the result (a column list, messages, statistics), passed over.
  let passedOver: RecordsChoice | undefined;
  /** Key=value lines of Linux audit events: sampled records that took keys from their event's earlier records. */
  let auditJoined: number | undefined;
  let syslogYear: SyslogYear | undefined;
  const json = new JsonCells();
  let preamble: string | undefined;
  let table: Awaited<ReturnType<typeof tableHead>>;
  let csvRows: string[][] = [];
  if (fmt.format === 'csv') {
    // A line before the header that is no part of the table (PowerShell's #TYPE): the table starts after it.
    preamble = fmt.dialect ? undefined : (fmt.preamble ?? preambleOf(head)?.text);
    const table = preamble ? head.slice(preamble.length) : head;
    const delimiter = fmt.delimiter ?? detectDelimiter(table);
    fmt.delimiter = delimiter;
    const headed = fmt.dialect ? directiveHeadRecords(head, fmt.dialect, SAMPLE_RECORDS) : undefined;
    if (fmt.dialect && !headed) throw new LogInputError(noFieldsMessage(fmt.dialect), { file, line: 1 });
    const rows = headed ? [headed.header, ...headed.rows] : csvHeadRecords(table, delimiter, SAMPLE_RECORDS, headCut);
    csvRows = rows.slice(1);
    if (rows.length === 0) throw new LogInputError('no header row found', { file, line: preamble ? 2 : 1 });
    const first = rows[0];
    header = first;
    records = rows.slice(1).map((r) => new Map(first.map((c, i) => [c, r[i]])));
    columns = addJsonCellColumns(first, records, json);
    // A W3C log with a time of day and no date field: each record's date is that of the #Date: directive before it.
    const dates = headed?.dates;
    if (dates && !columns.includes(DIRECTIVE_DATE)) {
      records.forEach((r, i) => r.set(DIRECTIVE_DATE, dates[i]));
      columns.push(DIRECTIVE_DATE);
    }
  } else {
    const shape = isLineShape(fmt.format) ? fmt.format : (fmt.jsonShape ?? (fmt.format === 'jsonl' ? 'lines' : detectJsonShape(head)));
    // The last record of a head cut short is no fault of the file.
    const cut = headCut;
    const bad = (line: number, message: string, last: boolean): void => {
      if (last && cut) return;
      unreadable ??= { count: 0, of: 0, line, message };
      unreadable.count++;
    };
    // A query result in columns-and-rows form: its rows, keyed by the columns, are the records.
    table = shape === 'document' ? await tableHead(file, info, head, cut, (line, message) => bad(line, message, false)) : undefined;
    const choice = table ? undefined : chooseRecordsArray(file, head, shape, SAMPLE_RECORDS, bad);
    if (choice && choice.passedOver.length > 0) passedOver = choice;
    auditJoined = choice?.auditJoined;
    syslogYear = choice?.syslogYear;
    const objs = table ? table.records : choice!.records;
    if (unreadable) unreadable.of = objs.length + unreadable.count;
    if (objs.length === 0 && table) throw new LogInputError(`no rows of table ${tableName(table.choice)} could be read at the start of the query result`, { file, line: 1 });
    if (objs.length === 0 && isLineShape(shape)) throw new LogInputError(`no ${shape === 'cef' ? 'CEF' : shape === 'leef' ? 'LEEF' : shape === 'xml' ? 'readable <Event>' : 'key=value'} records found at the start of the file`, { file, line: 1 });
    if (objs.length === 0) throw new LogInputError(`no JSON records found at the start of the file${keyedRecordsHint(head)}`, { file, line: 1 });
    explode = opts.explode !== undefined ? opts.explode || undefined : detectExplode(objs);
    if (explode !== undefined && opts.explode === undefined && hasOwnEvent(objs, explode)) explode = undefined;
    records = exploded(objs, explode);
    const seen = new Set<string>();
    for (const r of records) for (const k of r.keys()) seen.add(k);
    columns = [...seen];
  }
  const stats = statsOf(records, columns, json);
  const guessed = guessColumns(columns, records, stats);
  const { guesses } = guessed;
  // (No "fits nearly as well" doubt follows: the time is then the joined #Date+time, which doubtsOf does not doubt so.)
  if (fmt.dialect === 'w3c' && columns.includes(DIRECTIVE_DATE)) preferDirectiveDate(guesses.time, stats);
  // A W3C log whose time of day nothing dates: the refusal says the directive that would is missing too.
  if (fmt.dialect === 'w3c' && header && datesFromDirective(header) && !columns.includes(DIRECTIVE_DATE)) {
    for (const r of guessed.rejected.time) if (stats.get(r.column)!.clockOnly > 0) r.why += '; the log has no date field and no #Date: directive before its records to date them';
  }
  if (explode !== undefined) preferExplodedEvent(guesses, explode, columns);
  // Column names come from the log: a null-prototype object keeps `__proto__` as data.
  const samples = Object.create(null) as Record<string, string[]>;
  for (const c of columns) samples[c] = stats.get(c)!.samples;
  const users = windowsActor(chooseUsers(guesses.users, stats, records.length, records), guesses.event[0]?.column, columns, records);
  const time = guesses.time[0]?.column;
  const timeFormat = time ? decideTimeFormat(time, stats.get(time)!) : {};
  // A column of dates beside a column of times of day (a CSV such as plaso's l2tcsv) is read as one time.
  const clock = time !== undefined && (fmt.format === 'csv' || fmt.format === 'kv' || fmt.format === 'cef' || fmt.format === 'leef') ? clockColumnFor(time, stats) : undefined;
  const mapping = {
    users,
    time: clock ? `${time}+${clock}` : time,
    event: guesses.event[0]?.column,
    params: guesses.params[0]?.column,
    timeFormat: timeFormat.format,
  };
  const doubts = doubtsOf(guessed, users, stats, records.length, clock !== undefined);
  const pre = detectPreSessionized(columns, stats, guesses, users);
  // Pre-sessionized rows carry their commands in an array column: the per-event doubts do not apply.
  const confident = pre !== undefined || doubts.every((d) => d.note);
  if (timeFormat.doubt) doubts.push(timeFormat.doubt);
  const several = table && severalTablesText(table.choice);
  if (several) doubts.push({ role: 'table', text: several });
  if (passedOver) {
    const before = passedOver.passedOver.map((p) => (p.path.split('.').pop()!.toLowerCase() === p.kind ? p.path : `${p.path} (${p.kind})`)).join(', ');
    doubts.push({ role: 'table', note: true, text: `the records are the array ${passedOver.path}; ${before} before it describe${passedOver.passedOver.length === 1 ? 's' : ''} the result and ${passedOver.passedOver.length === 1 ? 'is' : 'are'} passed over` });
  }
  if (auditJoined) doubts.push({ role: 'rows', note: true, text: auditJoinNote(auditJoined, records.length) });
  // Times without a year (a syslog header's, a CEF rt), given the year of the file's last change: said whenever they are the time read.
  const yearNote = syslogYear && mapping.time !== undefined ? syslogYearNote(syslogYear, mapping.time) : undefined;
  if (yearNote) doubts.push({ role: 'time', note: true, text: yearNote });
  // A date and a time of day with a zone key beside them (FortiOS's tz): the record reader applies it, and says so.
  const zones = clock && fmt.format === 'kv' ? [...new Set(records.map((r) => r.get('tz')).filter((z): z is string => typeof z === 'string' && ZONE_OFFSET.test(z)))] : [];
  if (zones.length > 0) doubts.push({ role: 'time', note: true, text: `${time} and ${clock} are read in the zone of each record's tz key (${zones.slice(0, 3).join(', ')}${zones.length > 3 ? ', …' : ''})` });
  const dataInHeader = header && !fmt.dialect ? headerAsData(header) : undefined;
  // Every sampled record shorter than the header by the same trailing fields (an exporter that leaves trailing empty
  // fields out; pandas, Python's csv.DictReader and Excel read them as empty): read so, and said.
  const short = header && !fmt.dialect && !dataInHeader ? shortRowsOf(header, csvRows) : undefined;
  if (short !== undefined) {
    const missing = header!.slice(short);
    doubts.push({ role: 'table', note: true, text: `every sampled row has ${short} fields where the header names ${header!.length}: ${missing.length === 1 ? `the last column (${missing[0]}) is` : `the last ${missing.length} columns (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}) are`} read as empty on rows that leave ${missing.length === 1 ? 'it' : 'them'} out` });
  }
  return {
    file,
    format: fmt.format,
    delimiter: fmt.delimiter,
    ...(fmt.dialect ? { dialect: fmt.dialect } : {}),
    encoding: info.encoding,
    columns,
    ...(header !== undefined ? { header } : {}),
    ...(preamble ? { preamble: { lines: 1, bytes: info.encoding === 'utf8' ? Buffer.byteLength(preamble, 'utf8') : 2 * preamble.length } } : {}),
    ...(dataInHeader ? { headerAsData: dataInHeader } : {}),
    ...(short !== undefined ? { shortRows: short } : {}),
    samples,
    guesses,
    rejected: guessed.rejected,
    mapping,
    confident,
    doubts,
    preSessionized: pre,
    ...(explode !== undefined ? { explode } : {}),
    ...(table ? { table: { ...table.choice, columns: table.columns } } : {}),
    ...(unreadable !== undefined ? { unreadable } : {}),
    ...(passedOver ? { passOver: passedOver.passedOver.map((p) => p.path) } : {}),
  };
}

/**
 * A W3C log with no date field: its records are dated by the `#Date:`
 * directive (the W3C format's reading), so the directive's date with the
 * time-of-day field is the time, ranked first, unless a column named as a
 * time holds whole times (a date with a time of day) and fits well. A
 * constant directive date scores low (one day's log), which must not let a
 * number that happens to read as epoch seconds win (sc-bytes, a TCP
 * sequence number).
 */
function preferDirectiveDate(time: ColumnGuess[], stats: Map<string, ColumnStats>): void {
  const at = time.findIndex((g) => g.column === DIRECTIVE_DATE);
  if (at <= 0 || clockColumnFor(DIRECTIVE_DATE, stats) === undefined) return;
  const best = stats.get(time[0].column)!;
  if (time[0].score >= 0.6 && nameScore(time[0].column, TIME_NAMES) > 0 && best.dateOnly < 0.9 * best.times) return;
  time.unshift(...time.splice(at, 1));
}

/** Exploded events: each element's `name` (else `type`) is the event unless a column already matched by name. */
function preferExplodedEvent(guesses: Detection['guesses'], explode: string, columns: string[]): void {
  const inner = [`${explode}.name`, `${explode}.type`].find((c) => columns.includes(c));
  if (!inner || guesses.event.some((g) => g.column.startsWith(explode + '.'))) return;
  guesses.event.push({ column: inner, score: 0.95, evidence: [`the ${inner.slice(explode.length + 1)} of each event in ${explode} (records explode by ${explode})`] });
  guesses.event.sort((a, b) => b.score - a.score);
}
