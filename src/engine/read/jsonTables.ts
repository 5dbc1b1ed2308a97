// Query results in columns-and-rows form: Log Analytics' REST API response
// (`{"tables": [{"name": "PrimaryResult", "columns": [{"name", "type"}],
// "rows": [[...], ...]}]}`, as `az rest`, Logic Apps and notebooks save it)
// Kusto's v1 response (`Tables` / `TableName` / `Columns` with
// `ColumnName` / `Rows`) and Kusto's v2 response (a top-level array of
// frames, `FrameType` first in each: DataSetHeader, DataTable frames with
// `TableName` / `Columns` / `Rows`, DataSetCompletion; the frames without
// columns are not tables). Each row is a record keyed by its table's column
// names.
//
// The scanner streams the document: it keeps each table's name and columns
// (small) and hands over the rows of the table it is told to read one at a
// time, with where each starts and ends (line and column), so a file of any
// size is read in bounded memory and every record keeps its lines. The rows
// of the other tables are only counted. Like jsonScan.ts it tracks strings
// and brackets only and never recurses; JSON.parse parses each row's text.

import { LogInputError } from '../types';
import { StringSkip, type ScannedElement, type TextPos } from './jsonScan';

export interface TableColumn {
  name: string;
  /** The declared type (`datetime`, `string`, `dynamic`; Kusto v1's `DateTime`), when given. */
  type?: string;
}

export interface TableInfo {
  /** 0-based position in the tables array. */
  index: number;
  name?: string;
  /** Line of the table's opening brace. */
  line: number;
  columns?: TableColumn[];
  columnsLine?: number;
  /** Line of the rows array's opening bracket. */
  rowsLine?: number;
  /** Rows seen so far (all of them once the table is closed). */
  rows: number;
  /** The table's closing brace was read. */
  closed: boolean;
  /** Rows came before the columns (they could not be keyed, and were not handed over). */
  rowsFirst?: boolean;
  /** Kusto v2 frames only: the frame's TableKind. */
  kind?: string;
  /** Some of its rows were handed over (such a frame stays a table, so the rows keep their table's index). */
  handedOver?: boolean;
}

const TABLES_KEYS = new Set(['tables', 'Tables']);
const NAME_KEYS = new Set(['name', 'TableName']);
const COLUMNS_KEYS = new Set(['columns', 'Columns']);
const ROWS_KEYS = new Set(['rows', 'Rows']);
/** Kusto v2's kind of a DataTable frame: only PrimaryResult frames hold a query's results (the others its properties, statistics, traces). */
const KIND_KEY = 'TableKind';

/** The table a query result's reader takes: the first named PrimaryResult, else the first. */
export const PRIMARY_RESULT = 'PrimaryResult';

type Role = 'root' | 'tables' | 'table' | 'rows';

interface Frame {
  role: Role;
  object: boolean;
  /** Object: the next string is a key. */
  keyNext: boolean;
  key: string | undefined;
  table?: TableInfo;
}

type Capture = 'key' | 'name' | 'kind' | 'columns' | 'row';

/** The columns array's text, parsed: names (and types) from `name`/`type` or Kusto v1's `ColumnName`/`ColumnType`/`DataType`. */
export function parseColumns(text: string): TableColumn[] | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const out: TableColumn[] = [];
  for (const c of v) {
    if (c === null || typeof c !== 'object' || Array.isArray(c)) return undefined;
    const r = c as Record<string, unknown>;
    const name = typeof r.name === 'string' ? r.name : r.ColumnName;
    if (typeof name !== 'string') return undefined;
    const type = [r.type, r.ColumnType, r.DataType].find((t) => typeof t === 'string') as string | undefined;
    out.push(type === undefined ? { name } : { name, type });
  }
  return out;
}

export class TableScanner {
  /** LineCount: the strings' skip counts the newlines inside them. */
  line = 1;
  lineStart = 0;
  private offset = 0;
  private inString = false;
  /** Strings that go on past a chunk's end. */
  private readonly strings = new StringSkip();
  private started = false;
  private closed = false;
  private readonly frames: Frame[] = [];
  /** Nesting inside a value being skipped or captured (0: at a frame's level). */
  private nest = 0;
  /** A scalar value being skipped at a frame's level (ends at `,` or a closer). */
  private capture: Capture | undefined;
  private captureSkip = false;
  private pieces: string[] = [];
  private from = -1;
  private start: TextPos = { line: 0, column: 0 };
  /** Deepest nesting inside the value being captured. */
  private maxNest = 0;
  private tablesOpened = false;
  private tablesClosed = false;
  /** The document is a top-level array (Kusto v2's frames, if its first element's first key is FrameType). */
  private frameArray = false;
  /** The first element's first key has been read (a frame array's is FrameType). */
  private firstKeyRead = false;
  readonly tables: TableInfo[] = [];
  stopped = false;

  constructor(
    private readonly file: string,
    /** Whether the rows of this table are handed over (asked once its rows array opens). */
    private readonly wants: (t: TableInfo) => boolean,
    private readonly onRow: (row: ScannedElement, t: TableInfo) => void,
  ) {}

  /** The tables array is closed: every table has been seen. */
  get done(): boolean {
    return this.tablesClosed;
  }

  /** The document is an object holding a tables array whose first table names its columns and has (or may still have) rows. */
  get isColumnar(): boolean {
    const t = this.tables[0];
    return t !== undefined && t.columns !== undefined && (t.rowsLine !== undefined || !t.closed);
  }

  get lines(): number {
    return this.line;
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** Where the row in progress starts (a truncated document ends inside it), else the current line. */
  get openLine(): number {
    return this.capture === 'row' ? this.start.line : this.line;
  }

  private pos(at: number): TextPos {
    return { line: this.line, column: at - this.lineStart + 1 };
  }

  write(s: string): void {
    const base = this.offset;
    let i = 0;
    this.strings.chunk(s, base);
    for (; i < s.length && !this.closed && !this.stopped; i++) {
      if (this.inString) {
        const end = this.strings.skip(s, i, this);
        if (end === s.length) {
          i = s.length - 1;
          continue;
        }
        i = end;
        this.inString = false;
        if (this.nest === 0 && this.capture !== undefined && !this.captureSkip) this.endCapture(s, i + 1, base);
        continue;
      }
      const c = s.charCodeAt(i);
      if (c === 10) {
        this.line++;
        this.lineStart = base + i + 1;
        continue;
      }
      if (c === 32 || c === 13 || c === 9) continue;
      if (this.nest > 0) {
        // Inside a container value being skipped or captured.
        if (c === 34) this.inString = true;
        else if (c === 123 || c === 91) {
          if (++this.nest > this.maxNest) this.maxNest = this.nest;
        }
        else if (c === 125 || c === 93) {
          if (--this.nest === 0 && this.capture !== undefined) this.endCapture(s, i + 1, base);
        }
        continue;
      }
      if (!this.started) {
        this.started = true;
        if (c === 91) {
          // Kusto v2: the root array is the list of frames (told apart from an array of records at its first key).
          this.frameArray = true;
          this.tablesOpened = true;
          this.frames.push({ role: 'tables', object: false, keyNext: false, key: undefined });
          continue;
        }
        if (c !== 123) {
          this.closed = true;
          continue;
        }
        this.frames.push({ role: 'root', object: true, keyNext: true, key: undefined });
        continue;
      }
      const top = this.frames[this.frames.length - 1];
      if (this.capture !== undefined && this.nest === 0) {
        // A scalar value (a number, true, null) runs to the next `,` or closer.
        if (c !== 44 && c !== 125 && c !== 93) continue;
        this.endCapture(s, i, base);
      }
      if (c === 44) {
        if (top.object) {
          top.keyNext = true;
          top.key = undefined;
        }
        continue;
      }
      if (c === 58) continue; // :
      if (c === 125 || c === 93) {
        this.close(top);
        continue;
      }
      if (top.object && top.keyNext) {
        // A key: kept for the objects whose keys decide something.
        top.keyNext = false;
        if (c === 34) {
          this.inString = true;
          this.begin('key', i, base, false);
        }
        continue;
      }
      this.value(top, c, i, base);
    }
    if (this.capture !== undefined && this.from >= 0) {
      if (!this.captureSkip) this.pieces.push(s.slice(this.from, i));
      this.from = 0;
    }
    this.offset = base + s.length;
  }

  /** A value starts at `s[i]` inside `top`. */
  private value(top: Frame, c: number, i: number, base: number): void {
    const open = c === 123 || c === 91;
    const key = top.key;
    if (top.role === 'root' && c === 91 && key !== undefined && TABLES_KEYS.has(key) && !this.tablesOpened) {
      this.tablesOpened = true;
      this.frames.push({ role: 'tables', object: false, keyNext: false, key: undefined });
      return;
    }
    if (top.role === 'tables') {
      if (c === 123) {
        const table: TableInfo = { index: this.tables.length, line: this.line, rows: 0, closed: false };
        this.tables.push(table);
        this.frames.push({ role: 'table', object: true, keyNext: true, key: undefined, table });
        return;
      }
    }
    if (top.role === 'table' && key !== undefined) {
      const t = top.table!;
      if (this.frameArray && key === KIND_KEY && c === 34 && t.kind === undefined) {
        this.inString = true;
        this.begin('kind', i, base, false);
        return;
      }
      if (NAME_KEYS.has(key) && c === 34 && t.name === undefined) {
        this.inString = true;
        this.begin('name', i, base, false);
        return;
      }
      if (COLUMNS_KEYS.has(key) && c === 91 && t.columns === undefined) {
        t.columnsLine = this.line;
        this.nest = 1;
        this.begin('columns', i, base, false);
        return;
      }
      if (ROWS_KEYS.has(key) && c === 91 && t.rowsLine === undefined) {
        t.rowsLine = this.line;
        this.frames.push({ role: 'rows', object: false, keyNext: false, key: undefined, table: t });
        return;
      }
    }
    if (top.role === 'rows') {
      const t = top.table!;
      t.rows++;
      // Kusto v2's frames of the query's own properties and statistics are no result: their rows go to no one.
      let take = !(this.frameArray && t.kind !== undefined && t.kind !== PRIMARY_RESULT) && this.wants(t);
      if (take) t.handedOver = true;
      if (take && t.columns === undefined) {
        // Rows with no columns to key them by (yet): rowsFirstError says so once the table is known to be one.
        t.rowsFirst = true;
        take = false;
      }
      if (c === 34) this.inString = true;
      if (open) this.nest = 1;
      this.begin('row', i, base, !take);
      return;
    }
    // Any other value: skipped.
    if (c === 34) {
      this.inString = true;
      this.begin('key', i, base, true);
    } else if (open) {
      this.nest = 1;
      this.begin('key', i, base, true);
    } else {
      this.begin('key', i, base, true);
    }
  }

  private begin(capture: Capture, i: number, base: number, skip: boolean): void {
    this.capture = capture;
    this.captureSkip = skip;
    this.from = i;
    this.pieces = [];
    this.start = this.pos(base + i);
    this.maxNest = this.nest;
  }

  /** The captured value ends before `to` (exclusive) in chunk `s`. */
  private endCapture(s: string, to: number, base: number): void {
    const capture = this.capture!;
    const skip = this.captureSkip;
    this.capture = undefined;
    const from = this.from;
    this.from = -1;
    if (skip) return;
    this.pieces.push(s.slice(from, to));
    const text = (this.pieces.length === 1 ? this.pieces[0] : this.pieces.join('')).trimEnd();
    this.pieces = [];
    const top = this.frames[this.frames.length - 1];
    if (capture === 'key') {
      top.key = parseString(text);
      // A top-level array whose first element does not begin with FrameType is an array of records, not Kusto v2's frames.
      if (this.frameArray && top.role === 'table' && !this.firstKeyRead) {
        this.firstKeyRead = true;
        if (top.key !== 'FrameType') {
          this.tables.length = 0;
          this.closed = true;
        }
      }
      return;
    }
    const t = top.table!;
    if (capture === 'name') {
      t.name = parseString(text);
    } else if (capture === 'kind') {
      t.kind = parseString(text);
    } else if (capture === 'columns') {
      // No names to key the rows by: not a table of this form (isColumnar).
      t.columns = parseColumns(text);
    } else {
      // A container ends at its closer; a scalar (a bad row) on its own line, at its last character.
      const container = this.maxNest > 0;
      const end = container ? { line: this.line, column: base + to - 1 - this.lineStart + 1 } : { line: this.start.line, column: this.start.column + text.length - 1 };
      this.onRow({ text, start: this.start, end, depth: this.maxNest }, t);
    }
  }

  private close(top: Frame): void {
    this.frames.pop();
    if (top.role === 'table') {
      const t = top.table!;
      t.closed = true;
      // Kusto v2: a frame with neither columns nor rows (DataSetHeader, DataSetCompletion), or a table of the query's own
      // properties or statistics (TableKind QueryProperties, QueryCompletionInformation), is no result; the next takes its place.
      const metadata = (t.columnsLine === undefined && t.rowsLine === undefined) || (t.kind !== undefined && t.kind !== PRIMARY_RESULT);
      if (this.frameArray && metadata && !t.handedOver && this.tables[this.tables.length - 1] === t) this.tables.pop();
    } else if (top.role === 'tables') {
      this.tablesClosed = true;
      if (this.frameArray) this.closed = true;
    } else if (top.role === 'root') this.closed = true;
  }
}

function parseString(text: string): string | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The refusal of a table whose rows come before its columns (they cannot be streamed as records). */
export function rowsFirstError(file: string, t: TableInfo): LogInputError {
  return new LogInputError(`the rows of table ${tableName(t)} come before its columns; Sessionscope reads a query result whose columns come first (as the REST API writes it)`, {
    file,
    line: t.rowsLine ?? t.line,
  });
}

/** The table to read: the first named PrimaryResult, else the first. */
export function chooseTable(tables: readonly TableInfo[]): TableInfo | undefined {
  return tables.find((t) => t.name === PRIMARY_RESULT) ?? tables[0];
}

/** A row's cells keyed by the column names (a null-prototype object: a column named `__proto__` is data). */
export function rowRecord(columns: readonly TableColumn[], cells: readonly unknown[]): Record<string, unknown> {
  const o = Object.create(null) as Record<string, unknown>;
  for (let i = 0; i < columns.length; i++) o[columns[i].name] = cells[i];
  return o;
}

/** Which table of a query result is read, and the tables the response holds (detection's, then the read's count). */
export interface TableChoice {
  /** 0-based index of the table read. */
  index: number;
  name?: string;
  /** The tables seen, in order, with their rows (the read counts them all; detection may see only the file's head). */
  tables: { name?: string; rows: number }[];
  /** False when detection saw only the head of a large file: more tables may follow. */
  complete: boolean;
}

/** The table as messages name it. */
export function tableName(t: { index: number; name?: string }): string {
  return t.name !== undefined ? JSON.stringify(t.name) : `#${t.index + 1}`;
}

/** A note for a response of several tables: which one was read and which were not. Undefined for one table. */
export function severalTablesText(c: TableChoice): string | undefined {
  if (c.tables.length < 2) return undefined;
  const named = c.tables.map((t, index) => `${tableName({ index, name: t.name })} (${t.rows.toLocaleString('en-US')} ${t.rows === 1 ? 'row' : 'rows'})`).join(', ');
  const why = c.name === PRIMARY_RESULT ? `the one named ${PRIMARY_RESULT}` : `the first${c.tables.some((t) => t.name === PRIMARY_RESULT) ? '' : `, as none is named ${PRIMARY_RESULT}`}`;
  return `the query result holds ${c.tables.length}${c.complete ? '' : ' or more'} tables: ${named}; only the rows of ${tableName(c)} (${why}) are read`;
}
