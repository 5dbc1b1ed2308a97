// Streaming JSON readers: JSON Lines (one object per line) and JSON documents
// holding an array of records, at the top level or inside the top-level
// object (`{"Records": [...]}` as CloudTrail writes, `{"value": [...]}` as
// Graph/Log Analytics APIs do). The scanner in jsonScan.ts finds each
// record's text and where it stands (line and column: a one-line document
// still points at the right record); JSON.parse does the parsing.
//
// A record may hold several events (`--explode events`: Google Workspace
// activities, each with an `events` array): each element becomes an event,
// its fields addressed under the array's path (`events.name`), the record's
// other fields as usual, all standing at the record's position.

import { statSync } from 'node:fs';
import { nameText } from '../params';
import { LogInputError, type BadRowPolicy, type ColumnMapping } from '../types';
import type { ReadResult } from './csv';
import { flattenPaths, getPath, jsonInText } from './jsonPaths';
import { JsonDocumentScanner, MAX_DEPTH, nestingOf, positionIn, type TextPos } from './jsonScan';
import { rowRecord, rowsFirstError, tableName, TableScanner, type TableChoice, type TableColumn, type TableInfo } from './jsonTables';
import { EventSink, quote } from './sink';
import { AuditEvents, keyValueLine, unclosedValueMessage, type KeyValueFields } from './keyValue';
import { cefLine } from './cef';
import { leefLine } from './leef';
import { eventXmlFields, XmlEventScanner } from './xmlEvents';
import { readText, type SourceInfo } from './source';
import { SYSLOG_TIME, syslogHeaderEnd, syslogTime, SyslogYear } from './syslogStamp';
import { sourceLabel, userPlan } from '../userColumns';

export { flattenPaths, getPath } from './jsonPaths';

/**
 * `kv`: lines of key=value pairs (keyValue.ts), `cef`: CEF lines (cef.ts), `xml`: Windows event XML records
 * (xmlEvents.ts), each read as a JSON Lines record is.
 */
export type JsonShape = 'lines' | 'document' | LineShape;

/** Records that are lines or elements of text, not JSON: key=value, CEF and LEEF lines, Windows event XML. */
export type LineShape = 'kv' | 'cef' | 'leef' | 'xml';

/** Whether a format or shape is one of the line records'. */
export function isLineShape(s: string | undefined): s is LineShape {
  return s === 'kv' || s === 'cef' || s === 'leef' || s === 'xml';
}

export interface JsonReadRequest {
  file: string;
  info: SourceInfo;
  shape: JsonShape;
  mapping: ColumnMapping;
  policy: BadRowPolicy;
  /** Path of an array field whose elements are the events of a record. */
  explode?: string;
  /** A query result in columns-and-rows form (jsonTables.ts): the index of the table whose rows are the records. */
  table?: number;
  /** A document: paths of arrays before the records that are not records (Detection.passOver). */
  passOver?: string[];
  sink?: EventSink;
  onBytes?: (bytes: number) => void;
  signal?: AbortSignal;
}

/** "Unexpected token } in JSON at position 12" -> 12, across Node versions' wordings. */
function errorPosition(e: Error, text: string): number {
  const m = /position (\d+)/.exec(e.message);
  if (m) return Number(m[1]);
  return /end of (JSON|data)/i.test(e.message) ? text.length : 0;
}

/** A zone offset as a `tz` key gives it (`-0700`, `+05:30`). */
export const ZONE_OFFSET = /^[+-]\d\d:?\d\d$/;

/**
 * The fields of a record that is not JSON: a line of key=value pairs, a CEF
 * line or an <Event> element; else what is wrong with it, where in its text
 * (`at`, 1-based) and in which field. `year` gives a year to the time of a
 * CEF line's syslog prefix when it has none (syslogStamp.ts).
 */
export function lineRecord(shape: LineShape, text: string, year?: SyslogYear): { fields: KeyValueFields } | { error: string; at: number; field?: string } {
  if (shape === 'xml') {
    try {
      return { fields: eventXmlFields(text) };
    } catch (e) {
      return { error: `invalid event XML: ${(e as Error).message}`, at: 1 };
    }
  }
  if (shape === 'cef' || shape === 'leef') {
    const r = shape === 'cef' ? cefLine(text, year) : leefLine(text, year);
    return r.error ? { error: r.error.message, at: r.error.column } : { fields: r.fields };
  }
  const r = keyValueLine(text);
  if (r.unclosed) return { error: unclosedValueMessage(r.unclosed), at: r.unclosed.column, field: r.unclosed.key };
  if (r.pairs === 0) return { error: `no key=value pairs on the line (${quote(text, 40)})`, at: 1 };
  // A line relayed by a syslog server: its header's words were passed over as no pairs; its time is kept.
  if (year !== undefined && !(SYSLOG_TIME in r.fields) && syslogHeaderEnd(text) > 0) {
    const time = syslogTime(text, year);
    if (time !== undefined) r.fields[SYSLOG_TIME] = time;
  }
  return { fields: r.fields };
}

/** Years from the file's last change for syslog times without one (syslogStamp.ts); undefined when it cannot be read. */
export function fileYear(file: string): SyslogYear | undefined {
  try {
    return new SyslogYear(statSync(file).mtimeMs);
  } catch {
    return undefined;
  }
}

/** How many records' fields are kept to list in a "no such column" message. */
const FIELD_SAMPLE_RECORDS = 20;

type Role = 'user' | 'time' | 'event' | 'params';

class RecordHandler {
  readonly sink: EventSink;
  /** Years for the syslog prefix times of CEF lines that have none. */
  private readonly syslogYear: SyslogYear | undefined;
  private readonly users: (string | undefined)[];
  private readonly fields: { role: Role; path: string; seen: boolean; label?: string }[];
  private readonly fieldSample = new Map<string, unknown>();
  private firstLine = 0;
  records = 0;

  constructor(
    private readonly file: string,
    private readonly mapping: ColumnMapping,
    private readonly policy: BadRowPolicy,
    private readonly explode: string | undefined,
    sink?: EventSink,
    /** Each record is a line of key=value pairs (keyValue.ts), a CEF line (cef.ts) or an <Event> element (xmlEvents.ts), not JSON. */
    private readonly lineShape?: LineShape,
  ) {
    this.sink = sink ?? new EventSink(file, mapping, policy);
    this.audit = lineShape === 'kv' ? new AuditEvents() : undefined;
    this.syslogYear = lineShape === 'cef' || lineShape === 'leef' || lineShape === 'kv' ? fileYear(file) : undefined;
    const joined = /^(.+)\+(.+)$/.exec(mapping.time);
    this.timeParts = joined ? [joined[1], joined[2]] : undefined;
    // One value per source column of the user entries (a coalesced `a|b` reads a and b; the sink joins them).
    const plan = this.sink.users;
    this.users = new Array(plan.sources.length);
    this.fields = [
      ...plan.sources.map((path, k) => ({ role: 'user' as Role, path, seen: false, label: sourceLabel(plan, k) })),
      { role: 'time', path: mapping.time, seen: false },
      { role: 'event', path: mapping.event, seen: false },
      ...(mapping.params === undefined ? [] : [{ role: 'params' as Role, path: mapping.params, seen: false }]),
    ];
  }

  /**
   * One record's text; `columns` tells whether start/end columns mean anything (else whole lines).
   * With `table`, the text is a row of a query result: an array of cells, keyed by the table's columns.
   */
  /** Records that are JSON null (passed over), and the line of the first. */
  readonly nulls = { count: 0, line: 0 };

  handle(text: string, start: TextPos, end: TextPos, columns: boolean, table?: { info: TableInfo; columns: readonly TableColumn[] }): void {
    this.records++;
    if (this.firstLine === 0) this.firstLine = start.line;
    let obj: unknown;
    if (this.lineShape !== undefined) {
      const r = lineRecord(this.lineShape, text, this.syslogYear);
      if ('error' in r) {
        this.sink.bad(start.line, r.error, { field: r.field ?? '', column: start.column + r.at - 1 }, { first: start.line, last: end.line });
        return;
      }
      // A later record of a Linux audit event stands on the lines from the event's first record (keyValue.ts).
      const from = this.audit ? this.audit.join(r.fields, start.line) : start.line;
      this.take(r.fields, start, end, columns, from);
      return;
    }
    try {
      obj = JSON.parse(text);
    } catch (e) {
      const at = positionIn(text, errorPosition(e as Error, text), start);
      this.sink.bad(at.line, `invalid JSON: ${(e as Error).message}`, { field: '', column: at.column }, table ? { first: start.line, last: end.line } : undefined);
      return;
    }
    if (table) {
      const kind = obj === null ? 'null' : Array.isArray(obj) ? undefined : typeof obj === 'object' ? 'an object' : `a ${typeof obj}`;
      const n = table.columns.length;
      const why = kind !== undefined ? `the row is ${kind}, not an array of cells` : (obj as unknown[]).length !== n ? `the row has ${(obj as unknown[]).length} cells; table ${tableName(table.info)} has ${n} columns` : undefined;
      if (why) {
        this.sink.bad(start.line, why, { field: '', column: columns ? start.column : undefined }, { first: start.line, last: end.line });
        return;
      }
      obj = rowRecord(table.columns, obj as unknown[]);
    } else if (obj === null) {
      // A null element holds no record (go-libaudit's arrays end so): passed over, counted, and said.
      this.records--;
      this.nulls.count++;
      this.nulls.line ||= start.line;
      return;
    } else if (typeof obj !== 'object' || Array.isArray(obj)) {
      this.sink.bad(start.line, `the record is ${obj === null ? 'null' : Array.isArray(obj) ? 'an array' : `a ${typeof obj}`}, not a JSON object`, { field: '', column: start.column });
      return;
    }
    try {
      this.take(obj as object, start, end, columns);
    } catch (e) {
      // Walking a value nested tens of thousands deep (JSON.stringify of a params value) overflows the stack.
      if (!(e instanceof RangeError) || !/call stack/i.test(e.message)) throw e;
      this.tooDeep(text, start);
    }
  }

  /** A record nested too deeply to walk: a located bad row, never a stack overflow. */
  tooDeep(text: string, start: TextPos): void {
    const n = nestingOf(text);
    const at = positionIn(text, n.at ?? 0, start);
    this.sink.bad(at.line, `the record nests ${n.depth} levels deep; at most ${MAX_DEPTH} are read`, { field: '', column: at.column });
  }

  /** `from`: the first line the event stands on, when before the record's own (a joined audit record). */
  private take(obj: object, start: TextPos, end: TextPos, columns: boolean, from = start.line): void {
    if (this.records <= FIELD_SAMPLE_RECORDS) flattenPaths(obj, '', this.fieldSample);
    const startColumn = columns ? start.column : 0;
    const endColumn = columns ? end.column : 0;
    if (this.explode === undefined) {
      this.add(obj, undefined, start, startColumn, endColumn, end.line, from);
      return;
    }
    let inner = getPath(obj, this.explode);
    if (typeof inner === 'string') inner = jsonInText(inner);
    const items = Array.isArray(inner) ? inner : inner !== null && typeof inner === 'object' ? [inner] : [];
    if (items.length === 0) {
      this.sink.bad(start.line, `the record holds no events in ${this.explode}`, { field: this.explode, column: columns ? start.column : undefined });
      return;
    }
    if (this.records <= FIELD_SAMPLE_RECORDS) {
      for (const item of items.slice(0, 5)) if (item !== null && typeof item === 'object' && !Array.isArray(item)) flattenPaths(item, this.explode + '.', this.fieldSample);
    }
    for (const item of items) this.add(obj, item, start, startColumn, endColumn, end.line);
  }

  private value(obj: object, item: unknown, path: string): unknown {
    if (item !== undefined) {
      const ex = this.explode!;
      if (path === ex) return item;
      if (path.startsWith(ex) && path.charCodeAt(ex.length) === 46) return getPath(item, path.slice(ex.length + 1));
    }
    return getPath(obj, path);
  }

  private add(obj: object, item: unknown, start: TextPos, startColumn: number, endColumn: number, endLine: number, from = start.line): void {
    const m = this.mapping;
    const f = this.fields;
    const k = this.users.length;
    for (let u = 0; u < k; u++) {
      const v = this.value(obj, item, f[u].path);
      if (v !== undefined) f[u].seen = true;
      this.users[u] = v === undefined || v === null ? undefined : nameText(v);
    }
    const time = this.timeOf(obj, item);
    const event = this.value(obj, item, m.event);
    const params = m.params === undefined ? undefined : this.value(obj, item, m.params);
    // A record that lacks the time or the event key is a bad row of its own (sparse keys are normal in JSON logs):
    // later records may well have it. A key no record has is told once the whole file is read (result()).
    if (time !== undefined) f[k].seen = true;
    if (event !== undefined) f[k + 1].seen = true;
    if (params !== undefined) f[k + 2].seen = true;
    if (time === undefined || event === undefined) {
      this.lacks(time === undefined ? f[k] : f[k + 1], obj, item, start, endLine, startColumn);
      return;
    }
    // A missing user key is a missing user value, as an empty CSV cell is; a missing params key, an event with no params.
    this.sink.add(this.users, time, event, params, from, endLine, startColumn, endColumn);
  }

  /**
   * The record's time; a time named `DATE+CLOCK` that no key names whole is
   * the two keys' values joined (FortiGate's `date=2016-06-15 time=10:42:31`),
   * empty when one of them is, with the record's zone offset when a `tz` key
   * gives one (FortiOS 6 and later: `tz="-0700"`, the device's zone).
   */
  private timeOf(obj: object, item: unknown): unknown {
    const path = this.mapping.time;
    const whole = this.value(obj, item, path);
    const parts = this.timeParts;
    if (whole !== undefined || parts === undefined) return whole;
    const date = this.value(obj, item, parts[0]);
    const clock = this.value(obj, item, parts[1]);
    if (date === undefined || clock === undefined) return undefined;
    if (date === null || clock === null || date === '' || clock === '') return '';
    const tz = this.value(obj, item, 'tz');
    return `${nameText(date)} ${nameText(clock)}${typeof tz === 'string' && ZONE_OFFSET.test(tz) ? ' ' + tz : ''}`;
  }

  /** Key=value lines: joins the records of one Linux audit event (keyValue.ts). */
  private readonly audit: AuditEvents | undefined;

  /** The date and clock keys of a time named `DATE+CLOCK`. */
  private readonly timeParts: [string, string] | undefined;

  /** A record without the time or the event key: a bad row saying which key and what the record has instead. */
  private lacks(field: { role: Role; path: string; seen: boolean }, obj: object, item: unknown, start: TextPos, endLine: number, column: number): void {
    const keys = Object.keys(obj).concat(item !== null && typeof item === 'object' && !Array.isArray(item) ? Object.keys(item).map((x) => `${this.explode}.${x}`) : []);
    const shown = keys.slice(0, 20).map((c) => JSON.stringify(c)).join(', ') + (keys.length > 20 ? ', …' : '');
    const before = field.seen ? '' : ' (nor has any record before it)';
    // A time joined from a date and a time of day: the key the record lacks.
    const parts = field.role === 'time' ? this.timeParts : undefined;
    const lacking = parts?.filter((p) => this.value(obj, item, p) === undefined);
    const what = parts && lacking && lacking.length > 0 ? `${lacking.map((p) => JSON.stringify(p)).join(' or ')} field (the time joins ${JSON.stringify(parts[0])} and ${JSON.stringify(parts[1])})` : `${JSON.stringify(field.path)} field`;
    this.sink.bad(start.line, `no ${field.role}: the record has no ${what}${before}; its fields are ${shown || 'none'}`, { field: field.path, column: column || undefined }, { first: start.line, last: endLine });
  }

  /** A mapped column no record has: the same error as a CSV column missing from the header. */
  private missing(field: { role: Role; path: string; label?: string }): LogInputError {
    const seen = [...this.fieldSample.keys()];
    const shown = seen.slice(0, 40).map((c) => JSON.stringify(c)).join(', ') + (seen.length > 40 ? ', …' : '');
    return new LogInputError(`the ${field.role} column ${field.label ?? JSON.stringify(field.path)} is not in any record; fields seen are ${shown}`, {
      file: this.file,
      line: this.firstLine,
    });
  }

  /** `totalLines`: the file's lines, for the skipped rows' share of them. */
  result(totalLines?: number): ReadResult {
    if (this.records === 0) throw new LogInputError('the file holds no records', { file: this.file, line: 1 });
    if (this.sink.count > 0 || this.sink.skipped().count > 0) {
      const never = this.fields.find((f) => !f.seen);
      if (never && this.fieldSample.size > 0) throw this.missing(never);
    }
    return { events: this.sink.build(), skipped: this.sink.skipped(totalLines), records: this.records, sessions: this.sink.sessions(), ...(this.nulls.count > 0 ? { nulls: { ...this.nulls } } : {}) };
  }
}

/** Reads JSON Lines; resolves with the number of lines. */
async function readLines(req: JsonReadRequest, h: RecordHandler): Promise<number> {
  // The open line's pieces, joined once when it ends: only the new chunk is
  // searched for its end (joining and searching it again at every 64 KiB chunk
  // took 5.5 s for a 15 MB line).
  let rest: string[] = [];
  let line = 0;
  const take = (text: string): void => {
    line++;
    let from = 0;
    while (from < text.length && text.charCodeAt(from) <= 32) from++;
    const t = text.slice(from).trimEnd();
    if (t.length > 0) h.handle(t, { line, column: from + 1 }, { line, column: from + t.length }, false);
  };
  await readText(
    req.file,
    req.info,
    (chunk) => {
      const text = chunk as string;
      let nl = text.indexOf('\n');
      if (nl < 0) {
        rest.push(text);
        return;
      }
      take(rest.length > 0 ? rest.join('') + text.slice(0, nl) : text.slice(0, nl));
      rest = [];
      let from = nl + 1;
      for (nl = text.indexOf('\n', from); nl >= 0; nl = text.indexOf('\n', from)) {
        take(text.slice(from, nl));
        from = nl + 1;
      }
      if (from < text.length) rest.push(text.slice(from));
    },
    req.onBytes,
    req.signal,
  );
  if (rest.length > 0) take(rest.join(''));
  return line;
}

/** Reads Windows event XML records; resolves with the number of lines. */
async function readXmlEvents(req: JsonReadRequest, h: RecordHandler): Promise<number> {
  let lines = 1;
  const scanner = new XmlEventScanner(
    (r) => {
      lines = r.end.line;
      h.handle(r.text, r.start, r.end, true);
    },
    (at, message) => h.sink.bad(at.line, message, { field: '', column: at.column }),
  );
  await readText(req.file, req.info, (chunk) => scanner.write(chunk as string), req.onBytes, req.signal);
  scanner.end();
  if (!scanner.started) throw new LogInputError('the file is empty', { file: req.file, line: 1 });
  if (scanner.records === 0) throw new LogInputError('no <Event> records found in the XML', { file: req.file, line: 1 });
  return lines;
}

/** Reads a JSON document's records; resolves with the number of lines. */
async function readDocument(req: JsonReadRequest, h: RecordHandler): Promise<number> {
  const scanner = new JsonDocumentScanner(
    req.file,
    (e) => {
      if (e.depth > MAX_DEPTH) h.tooDeep(e.text, e.start);
      else h.handle(e.text, e.start, e.end, true);
    },
    req.passOver ? new Set(req.passOver) : undefined,
  );
  await readText(req.file, req.info, (chunk) => scanner.write(chunk as string), req.onBytes, req.signal);
  if (!scanner.isStarted) throw new LogInputError('the file is empty', { file: req.file, line: 1 });
  if (!scanner.found) throw new LogInputError('no array of records (objects) found in the JSON document', { file: req.file, line: 1 });
  if (!scanner.done) h.sink.bad(scanner.openLine, 'the JSON document ends before its records array is closed (truncated file?)');
  return scanner.lines;
}

/**
 * The mapped names a table's columns must hold (a column, or a path into one's
 * JSON): every row has every column, so a name none holds is refused at once.
 */
function checkTableColumns(file: string, mapping: ColumnMapping, explode: string | undefined, t: TableInfo): void {
  const names = t.columns!.map((c) => c.name);
  const has = (path: string): boolean => names.some((c) => c === path || path.startsWith(c + '.')) || (explode !== undefined && (path === explode || path.startsWith(explode + '.')));
  const plan = userPlan(mapping.users);
  const roles: [string, string | undefined, string?][] = [
    ...plan.sources.map((u, k): [string, string, string] => ['user', u, sourceLabel(plan, k)]),
    ['time', mapping.time],
    ['event', mapping.event],
    ['params', mapping.params],
  ];
  for (const [role, path, label] of roles) {
    if (path === undefined || has(path)) continue;
    const shown = names.slice(0, 40).map((c) => JSON.stringify(c)).join(', ') + (names.length > 40 ? ', …' : '');
    throw new LogInputError(`the ${role} column ${label ?? JSON.stringify(path)} is not among the columns of table ${tableName(t)}; columns are ${shown}`, { file, line: t.columnsLine ?? t.line });
  }
}

/** Reads the rows of one table of a query result in columns-and-rows form; resolves with the number of lines and the tables seen. */
async function readTable(req: JsonReadRequest, h: RecordHandler, want: number): Promise<{ lines: number; choice: TableChoice }> {
  let checked = false;
  const scanner = new TableScanner(
    req.file,
    (t) => t.index === want,
    (row, t) => {
      if (!checked) {
        checkTableColumns(req.file, req.mapping, req.explode || undefined, t);
        checked = true;
      }
      if (row.depth > MAX_DEPTH) h.tooDeep(row.text, row.start);
      else h.handle(row.text, row.start, row.end, true, { info: t, columns: t.columns! });
    },
  );
  await readText(req.file, req.info, (chunk) => scanner.write(chunk as string), req.onBytes, req.signal);
  if (!scanner.isStarted) throw new LogInputError('the file is empty', { file: req.file, line: 1 });
  const t = scanner.tables[want];
  if (!t) throw new LogInputError(`the query result has no table ${want + 1} (it holds ${scanner.tables.length})`, { file: req.file, line: 1 });
  if (t.rowsFirst) throw rowsFirstError(req.file, t);
  if (!scanner.done) h.sink.bad(scanner.openLine, 'the JSON document ends before its tables array is closed (truncated file?)');
  if (t.rows === 0 && t.rowsLine === undefined) throw new LogInputError(`table ${tableName(t)} of the query result has no "rows" array`, { file: req.file, line: t.line });
  if (t.rows === 0) throw new LogInputError(`table ${tableName(t)} of the query result has no rows (its "rows" array is empty: the query returned nothing)`, { file: req.file, line: t.rowsLine });
  const choice = { index: want, name: t.name, tables: scanner.tables.map((x) => ({ name: x.name, rows: x.rows })), complete: scanner.done };
  return { lines: scanner.lines, choice };
}

export async function readJson(req: JsonReadRequest): Promise<ReadResult & { table?: TableChoice }> {
  const h = new RecordHandler(req.file, req.mapping, req.policy, req.explode || undefined, req.sink, isLineShape(req.shape) ? req.shape : undefined);
  if (req.table !== undefined && req.shape === 'document') {
    const { lines, choice } = await readTable(req, h, req.table);
    return { ...h.result(lines), table: choice };
  }
  const lines = req.shape === 'document' ? await readDocument(req, h) : req.shape === 'xml' ? await readXmlEvents(req, h) : await readLines(req, h);
  return h.result(lines);
}
