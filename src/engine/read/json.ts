// Streaming JSON readers: JSON Lines (one object per line) and JSON documents
// holding an array of records, either at the top level or as a property of
// the top-level object (`{"Records": [...]}` as CloudTrail writes, `{"value":
// [...]}` as Graph/Log Analytics APIs do). A small scanner finds each record's
// text and its lines; JSON.parse does the parsing. We scan ourselves because
// streaming JSON libraries do not report where a value stands in the file,
// and click-through needs every record's lines.

import { valueText } from '../params';
import { LogInputError, type BadRowPolicy, type ColumnMapping } from '../types';
import type { ReadResult } from './csv';
import { EventSink } from './sink';
import { readText, type SourceInfo } from './source';

export type JsonShape = 'lines' | 'document';

export interface JsonReadRequest {
  file: string;
  info: SourceInfo;
  shape: JsonShape;
  mapping: ColumnMapping;
  policy: BadRowPolicy;
  sink?: EventSink;
  onBytes?: (bytes: number) => void;
  signal?: AbortSignal;
}

/** Reads a value by a dotted path; a key that itself contains dots wins. */
export function getPath(obj: unknown, path: string): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  const o = obj as Record<string, unknown>;
  if (path in o) return o[path];
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Dotted paths of an object's leaves (arrays count as leaves), depth-limited. */
export function flattenPaths(obj: Record<string, unknown>, prefix = '', out: Map<string, unknown> = new Map(), depth = 0): Map<string, unknown> {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix + k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth < 4 && Object.keys(v).length > 0) {
      out.set(key, v);
      flattenPaths(v as Record<string, unknown>, key + '.', out, depth + 1);
    } else {
      out.set(key, v);
    }
  }
  return out;
}

/** 1-based line and column of character `pos` in `text`, counted from `firstLine`. */
function positionIn(text: string, pos: number, firstLine: number): { line: number; column: number } {
  let line = firstLine;
  let lineStart = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: pos - lineStart + 1 };
}

/** "Unexpected token } in JSON at position 12" -> 12, across Node versions' wordings. */
function errorPosition(e: Error, text: string): number {
  const m = /position (\d+)/.exec(e.message);
  if (m) return Number(m[1]);
  return /end of (JSON|data)/i.test(e.message) ? text.length : 0;
}

class RecordHandler {
  readonly sink: EventSink;
  private readonly users: (string | undefined)[];
  records = 0;

  constructor(
    private readonly file: string,
    private readonly mapping: ColumnMapping,
    policy: BadRowPolicy,
    sink?: EventSink,
  ) {
    this.sink = sink ?? new EventSink(file, mapping, policy);
    this.users = new Array(mapping.users.length);
  }

  handle(text: string, startLine: number, endLine: number): void {
    this.records++;
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      const at = positionIn(text, errorPosition(e as Error, text), startLine);
      this.sink.bad(at.line, `invalid JSON: ${(e as Error).message}`, { field: '', column: at.column });
      return;
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      this.sink.bad(startLine, 'the record is not a JSON object');
      return;
    }
    const m = this.mapping;
    for (let u = 0; u < m.users.length; u++) {
      const v = getPath(obj, m.users[u]);
      this.users[u] = v === undefined || v === null ? undefined : valueText(v);
    }
    this.sink.add(this.users, getPath(obj, m.time), getPath(obj, m.event), m.params === undefined ? undefined : getPath(obj, m.params), startLine, endLine);
  }

  result(): ReadResult {
    if (this.records === 0) throw new LogInputError('the file holds no records', { file: this.file, line: 1 });
    return { events: this.sink.build(), skipped: this.sink.skipped(), records: this.records, sessions: this.sink.sessions() };
  }
}

async function readLines(req: JsonReadRequest, h: RecordHandler): Promise<void> {
  let rest = '';
  let line = 0;
  const take = (text: string): void => {
    line++;
    const t = text.trim();
    if (t.length > 0) h.handle(t, line, line);
  };
  await readText(
    req.file,
    req.info,
    (chunk) => {
      const text = rest + (chunk as string);
      let from = 0;
      for (let nl = text.indexOf('\n', from); nl >= 0; nl = text.indexOf('\n', from)) {
        take(text.slice(from, nl));
        from = nl + 1;
      }
      rest = text.slice(from);
    },
    req.onBytes,
    req.signal,
  );
  if (rest.length > 0) take(rest);
}

/**
 * Scans a JSON document for the records array and hands over each element's
 * text. States: before the array, inside it (depth 1 = between elements),
 * after it.
 */
async function readDocument(req: JsonReadRequest, h: RecordHandler): Promise<void> {
  let line = 1;
  let depth = 0;
  /** Depth of the records array's elements once found. */
  let recordDepth = -1;
  let inString = false;
  let escaped = false;
  let done = false;
  let pieces: string[] = [];
  let recordStart = -1;
  let recordLine = 0;
  let sawContent = false;

  // A wrapper's first array property may hold strings (tags, ids): not records, keep looking.
  const notRecords = (): void => {
    if (recordDepth === 2 && h.records === 0) recordDepth = -1;
  };

  const onChunk = (chunk: string | Buffer): void => {
    const s = chunk as string;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 10) line++;
      if (done) continue;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) inString = false;
        continue;
      }
      if (c === 34) {
        inString = true;
        if (depth === recordDepth) notRecords();
        continue;
      }
      if (c === 91 || c === 123) {
        // [ or {
        if (!sawContent) {
          sawContent = true;
          // A top-level array holds the records; a top-level object holds them in its first array property.
          if (c === 91) recordDepth = 1;
        } else if (recordDepth < 0 && c === 91 && depth === 1) {
          recordDepth = 2;
        }
        if (depth === recordDepth && recordStart < 0) {
          recordStart = i;
          recordLine = line;
          pieces = [];
        }
        depth++;
      } else if (c === 93 || c === 125) {
        depth--;
        if (depth === recordDepth && recordStart >= 0) {
          pieces.push(s.slice(recordStart, i + 1));
          h.handle(pieces.join(''), recordLine, line);
          recordStart = -1;
        } else if (recordDepth >= 0 && depth === recordDepth - 1) {
          done = true;
        }
      } else if (c > 32 && !sawContent) {
        throw new LogInputError('the file is not a JSON array or object', { file: req.file, line, column: 1 });
      } else if (c > 32 && c !== 44 && c !== 58 && depth === recordDepth) {
        notRecords();
      }
    }
    if (recordStart >= 0) {
      pieces.push(s.slice(recordStart));
      recordStart = 0;
    }
  };

  await readText(req.file, req.info, onChunk, req.onBytes, req.signal);
  if (!sawContent) throw new LogInputError('the file is empty', { file: req.file, line: 1 });
  if (recordDepth < 0) throw new LogInputError('no array of records found in the JSON document', { file: req.file, line: 1 });
  if (!done) {
    const where = recordStart >= 0 ? recordLine : line;
    h.sink.bad(where, 'the JSON document ends before its records array is closed (truncated file?)');
  }
}

export async function readJson(req: JsonReadRequest): Promise<ReadResult> {
  const h = new RecordHandler(req.file, req.mapping, req.policy, req.sink);
  if (req.shape === 'lines') await readLines(req, h);
  else await readDocument(req, h);
  return h.result();
}
