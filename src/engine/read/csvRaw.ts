// Raw access to a CSV file for the rare moments the streaming parser cannot
// say enough: where a line starts (in bytes), where a broken quote opened,
// and where the next well-formed record starts after a broken one.
//
// Lines are counted as editors count them: CRLF, LF and a lone CR each end a
// line. Only used when something is wrong, so it favours plain code over speed.

import { parse } from 'csv-parse/sync';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { SourceInfo } from './source';
import { parseTime, type Instant } from './time';

const BLOCK = 1 << 20;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** The record delimiters the readers use: every line break outside quotes ends a record. */
export const RECORD_DELIMITERS = ['\r\n', '\n', '\r'];

/** Line breaks in a field's text, counted as editors do (CRLF, LF, lone CR). */
export function lineBreaks(s: string): number {
  let n = 0;
  for (let at = s.indexOf('\n'); at >= 0; at = s.indexOf('\n', at + 1)) n++;
  for (let at = s.indexOf('\r'); at >= 0; at = s.indexOf('\r', at + 1)) if (s.charCodeAt(at + 1) !== LF) n++;
  return n;
}

export interface QuoteProblem {
  kind: 'unclosed' | 'unescaped';
  line: number;
  /** 1-based character (UTF-16 unit, as editors count) in the line. */
  column: number;
  /** 1-based field number of the record the quote is in. */
  field: number;
}

export interface RecordScan {
  /** Set when the record's quotes are not well formed (RFC 4180). */
  problem?: QuoteProblem;
  /** Byte offset and line just after the record (when it ended cleanly). */
  endOffset: number;
  endLine: number;
}

export interface Position {
  offset: number;
  line: number;
}

/** A record read by RawCsv.lenientRecord: its fields, and the byte offset and line just after it. */
export interface LenientRecord {
  fields: string[];
  endOffset: number;
  endLine: number;
}

/** What a resumed record must look like. */
export interface RecordShape {
  delimiter: string;
  fields: number;
  /** 0-based index of the time field. */
  time: number;
}

/** How far a candidate record may reach (bytes); a longer one is not taken as proof. */
const CANDIDATE_WINDOW = 1 << 20;
/** The window tried first. */
const FIRST_CANDIDATE_WINDOW = 1 << 10;

export class RawCsv {
  private fh: FileHandle | undefined;
  private block = Buffer.alloc(0);
  private blockStart = 0;
  private readonly unit: number;
  private readonly bigEndian: boolean;
  /** Bytes decoded to look at candidate records (the cost of a search for where to resume). */
  decodedBytes = 0;
  /** The furthest line start found so far, to scan on from. */
  private known: Position;
  private readonly origin: Position;

  constructor(
    private readonly file: string,
    private readonly info: SourceInfo,
    start: Position,
  ) {
    this.unit = info.encoding === 'utf8' ? 1 : 2;
    this.bigEndian = info.encoding === 'utf16be';
    this.origin = start;
    this.known = start;
  }

  /** Bytes of the text read (of the decompressed copy for a gzip file). */
  get size(): number {
    return this.info.size;
  }

  /** Removed on close: the decompressed copy of a gzip file. */
  private tempDir: string | undefined;

  /**
   * Raw access to a log as the readers see it: a gzip file is decompressed
   * into a temporary copy first (a gzip stream cannot be entered at an
   * offset; only a broken record gets here), removed by close().
   */
  static async of(file: string, info: SourceInfo, start: Position): Promise<RawCsv> {
    if (!info.gzip) return new RawCsv(file, info, start);
    const dir = await mkdtemp(path.join(tmpdir(), 'sessionscope-raw-'));
    try {
      const copy = path.join(dir, 'log');
      await pipeline(createReadStream(file), createGunzip(), createWriteStream(copy));
      const raw = new RawCsv(copy, { ...info, gzip: false, size: (await stat(copy)).size }, start);
      raw.tempDir = dir;
      return raw;
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.fh?.close();
    this.fh = undefined;
    if (this.tempDir) await rm(this.tempDir, { recursive: true, force: true });
    this.tempDir = undefined;
  }

  /** The code unit at a byte offset when the block holds it (-1 at the end of the file); undefined when it must be read. */
  private peek(offset: number): number | undefined {
    if (offset + this.unit > this.info.size) return -1;
    const i = offset - this.blockStart;
    if (i < 0 || i + this.unit > this.block.length) return undefined;
    if (this.unit === 1) return this.block[i];
    return this.bigEndian ? (this.block[i] << 8) | this.block[i + 1] : this.block[i] | (this.block[i + 1] << 8);
  }

  /** The code unit at a byte offset; -1 at the end of the file. */
  private async at(offset: number): Promise<number> {
    if (offset + this.unit > this.info.size) return -1;
    if (offset < this.blockStart || offset + this.unit > this.blockStart + this.block.length) {
      this.fh ??= await open(this.file, 'r');
      const len = Math.min(BLOCK, this.info.size - offset);
      const buf = Buffer.alloc(len);
      const { bytesRead } = await this.fh.read(buf, 0, len, offset);
      this.block = buf.subarray(0, bytesRead);
      this.blockStart = offset;
      this.found.clear();
    }
    return this.peek(offset) ?? -1;
  }

  /** Where `byte` next occurs in the block at or after index `i` (-1: not in the rest of the block), remembered per byte value. */
  private found = new Map<number, { from: number; at: number }>();

  private nextInBlock(byte: number, i: number): number {
    const f = this.found.get(byte);
    if (f && f.from <= i && (f.at < 0 || i <= f.at)) return f.at;
    const at = this.block.indexOf(byte, i);
    this.found.set(byte, { from: i, at });
    return at;
  }

  /** Byte offset just after the line break that ends the line at `offset`; undefined at the end of the file. */
  async nextLine(offset: number): Promise<number | undefined> {
    if (this.unit === 1) {
      // UTF-8: the block's next LF and CR by indexOf (a byte at a time took seconds to walk to a line deep in a large file).
      for (let o = offset; ; ) {
        if ((await this.at(o)) < 0) return undefined; // loads the block holding `o`
        const i = o - this.blockStart;
        const lf = this.nextInBlock(LF, i);
        const cr = this.nextInBlock(CR, i);
        const hit = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
        if (hit < 0) {
          o = this.blockStart + this.block.length;
          continue;
        }
        const at = this.blockStart + hit;
        if (hit === lf) return at + 1;
        return (await this.at(at + 1)) === LF ? at + 2 : at + 1;
      }
    }
    for (let o = offset; ; o += this.unit) {
      const c = await this.at(o);
      if (c < 0) return undefined;
      if (c === LF) return o + this.unit;
      if (c === CR) return (await this.at(o + this.unit)) === LF ? o + 2 * this.unit : o + this.unit;
    }
  }

  /**
   * Whether the line before the one starting at `offset` is blank (or there
   * is none in the range read): `offset` must follow a line break.
   */
  async followsBlankLine(offset: number): Promise<boolean> {
    const u = this.unit;
    let o = offset - u;
    if ((await this.at(o)) === LF && (await this.at(o - u)) === CR) o -= u;
    if (o - u < this.origin.offset) return true;
    const c = await this.at(o - u);
    return c === LF || c === CR;
  }

  /** Byte offset where a line starts. */
  async offsetOfLine(line: number): Promise<number> {
    let p = this.known.line <= line ? this.known : this.origin;
    if (p.line > line) throw new Error(`line ${line} is before the part read`);
    while (p.line < line) {
      const next = await this.nextLine(p.offset);
      if (next === undefined) throw new Error(`line ${line} is past the end of the file`);
      p = { offset: next, line: p.line + 1 };
    }
    if (p.line >= this.known.line) this.known = p;
    return p.offset;
  }

  /** 1-based character column of a byte offset in the line starting at `lineStart`. */
  private async columnOf(lineStart: number, offset: number): Promise<number> {
    const len = offset - lineStart;
    if (this.unit === 2) return len / 2 + 1;
    let col = 1;
    for (let o = lineStart; o < offset; o++) {
      const c = await this.at(o);
      if ((c & 0xc0) === 0x80) continue; // UTF-8 continuation byte
      col += c >= 0xf0 ? 2 : 1; // astral characters are two UTF-16 units in an editor
    }
    return col;
  }

  /**
   * Reads one record from `start` (a record start) by RFC 4180 rules and
   * reports the first quote that breaks them: a quoted field that never
   * closes, or a quote inside a quoted field that is neither doubled nor
   * followed by a delimiter or line break (csv-parse's relax_quotes reads
   * past both). A quote that looks like the opening of the next field (it
   * follows a delimiter) means the quote before it was never closed.
   */
  async scanRecord(start: Position, delimiter: string): Promise<RecordScan> {
    const delim = delimiter.charCodeAt(0);
    const u = this.unit;
    let o = start.offset;
    let line = start.line;
    let lineStart = start.offset;
    let field = 1;
    let fieldStart = true;
    let quoted = false;
    let open = { line, lineStart, offset: o, field };
    let prev = -1;
    const problem = async (kind: QuoteProblem['kind'], at: { line: number; lineStart: number; offset: number; field: number }): Promise<RecordScan> => ({
      problem: { kind, line: at.line, column: await this.columnOf(at.lineStart, at.offset), field: at.field },
      endOffset: o,
      endLine: line,
    });
    for (;;) {
      const c = this.peek(o) ?? (await this.at(o));
      if (c < 0) {
        if (quoted) return problem('unclosed', open);
        return { endOffset: o, endLine: line + 1 };
      }
      if (quoted) {
        if (c === QUOTE) {
          const n = this.peek(o + u) ?? (await this.at(o + u));
          if (n === QUOTE) {
            prev = QUOTE;
            o += 2 * u;
            continue;
          }
          if (n < 0 || n === delim || n === LF || n === CR) {
            quoted = false;
            prev = QUOTE;
            o += u;
            continue;
          }
          // A quote after a delimiter opens a field: the one before it was never closed.
          if (prev === delim) return problem('unclosed', open);
          return problem('unescaped', { line, lineStart, offset: o, field });
        }
        if (c === LF || c === CR) {
          o = c === CR && (this.peek(o + u) ?? (await this.at(o + u))) === LF ? o + 2 * u : o + u;
          line++;
          lineStart = o;
          prev = LF;
          continue;
        }
        prev = c;
        o += u;
        continue;
      }
      if (c === LF || c === CR) {
        const end = c === CR && (this.peek(o + u) ?? (await this.at(o + u))) === LF ? o + 2 * u : o + u;
        return { endOffset: end, endLine: line + 1 };
      }
      if (c === delim) {
        field++;
        fieldStart = true;
      } else {
        if (c === QUOTE && fieldStart) {
          quoted = true;
          open = { line, lineStart, offset: o, field };
        }
        fieldStart = false;
      }
      prev = c;
      o += u;
    }
  }

  /**
   * Reads the record at `start` (where scanRecord found a quote inside a
   * quoted field that is neither doubled nor followed by a delimiter or line
   * break) taking such a quote as part of the value, as Go's LazyQuotes,
   * Python's csv module and spreadsheet programs read it: inside quotes `""`
   * is a quote, a quote before a delimiter, a line break or the end of the
   * file closes the field, any other quote is text. Undefined when the
   * record does not end inside the window read (a quote left open).
   */
  async lenientRecord(start: Position, delimiter: string): Promise<LenientRecord | undefined> {
    const { text, toEnd } = await this.text(start.offset, CANDIDATE_WINDOW);
    const delim = delimiter.charCodeAt(0);
    const fields: string[] = [];
    let line = start.line;
    let i = 0;
    const breakAt = (j: number) => {
      const c = text.charCodeAt(j);
      return c === LF || c === CR;
    };
    for (;;) {
      let value = '';
      if (text.charCodeAt(i) === QUOTE) {
        let from = i + 1;
        for (let k = from; ; ) {
          const q = text.indexOf('"', k);
          if (q < 0) return undefined;
          const next = text.charCodeAt(q + 1);
          if (next === QUOTE) {
            value += text.slice(from, q + 1);
            k = from = q + 2;
            continue;
          }
          if (q + 1 >= text.length && !toEnd) return undefined;
          if (q + 1 >= text.length || next === delim || next === LF || next === CR) {
            value += text.slice(from, q);
            i = q + 1;
            break;
          }
          k = q + 1; // a lone quote: text
        }
        line += lineBreaks(value);
      } else {
        let j = i;
        while (j < text.length && text.charCodeAt(j) !== delim && !breakAt(j)) j++;
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (i >= text.length) {
        if (!toEnd) return undefined;
        return { fields, endOffset: this.info.size, endLine: line + 1 };
      }
      const c = text.charCodeAt(i);
      if (c === delim) {
        i++;
        continue;
      }
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      const endOffset = start.offset + (this.unit === 1 ? Buffer.byteLength(text.slice(0, i), 'utf8') : 2 * i);
      // Bytes that are not UTF-8 decode to a character of another length: the end must still be just after a line break.
      const before = await this.at(endOffset - this.unit);
      return before === LF || before === CR ? { fields, endOffset, endLine: line + 1 } : undefined;
    }
  }

  /** Text of [offset, offset + bytes), decoded. */
  private async text(offset: number, bytes: number): Promise<{ text: string; toEnd: boolean }> {
    const len = Math.max(0, Math.min(bytes, this.info.size - offset));
    this.decodedBytes += len;
    let b: Buffer;
    let bytesRead: number;
    if (offset >= this.blockStart && offset + len <= this.blockStart + this.block.length) {
      // Inside the block nextLine just read: no read of its own (one per candidate line added up to seconds).
      b = this.block.subarray(offset - this.blockStart, offset - this.blockStart + len);
      bytesRead = len;
    } else {
      this.fh ??= await open(this.file, 'r');
      const buf = Buffer.alloc(len);
      bytesRead = (await this.fh.read(buf, 0, len, offset)).bytesRead;
      b = buf.subarray(0, bytesRead);
    }
    if (this.bigEndian) b = Buffer.from(b.subarray(0, b.length - (b.length % 2))).swap16();
    const text = new StringDecoder(this.unit === 1 ? 'utf8' : 'utf16le').write(b);
    return { text, toEnd: offset + bytesRead >= this.info.size };
  }

  /**
   * Whether a record that matches `shape` starts at `offset`: csv-parse reads
   * it (and the record after it) from there; each must have the header's
   * field count and a time that parses, and end inside the window read.
   */
  async wellFormedAt(offset: number, shape: RecordShape): Promise<boolean> {
    // A small window first, larger only while the two records run past it:
    // a window of the full size for every candidate line read the rest of a
    // small file once per line (a 100 KB file of broken quotes took 40 s).
    for (let window = FIRST_CANDIDATE_WINDOW; ; window *= 4) {
      const verdict = await this.wellFormedIn(offset, shape, Math.min(window, CANDIDATE_WINDOW));
      if (verdict !== 'longer' || window >= CANDIDATE_WINDOW) return verdict === true;
    }
  }

  /** wellFormedAt on a window of `bytes`; 'longer' when the records may run past it (and a larger window could tell). */
  private async wellFormedIn(offset: number, shape: RecordShape, bytes: number): Promise<boolean | 'longer'> {
    const { text, toEnd } = await this.text(offset, bytes);
    if (text.length === 0) return false;
    let rows: { record: string[]; info: { bytes: number } }[];
    try {
      rows = parse(text, {
        delimiter: shape.delimiter,
        record_delimiter: RECORD_DELIMITERS,
        relax_column_count: true,
        relax_quotes: true,
        info: true,
        to: 2,
      }) as unknown as { record: string[]; info: { bytes: number } }[];
    } catch {
      return toEnd ? false : 'longer'; // e.g. a quote left open to the end of the window
    }
    const total = Buffer.byteLength(text);
    const instant: Instant = { ms: 0, ns: 0 };
    const good = (r: string[]) => r.length === shape.fields && r.every((f) => f.charCodeAt(0) !== QUOTE) && parseTime(r[shape.time], instant);
    if (rows.length === 0) return false;
    // The first record must end inside the window (or the window reaches the end of the file).
    if (rows[0].info.bytes >= total && !toEnd) return 'longer';
    if (!good(rows[0].record)) return false;
    const second = rows[1];
    if (!second) return true;
    if (second.info.bytes >= total && !toEnd) return bytes < CANDIDATE_WINDOW ? 'longer' : true;
    const blank = second.record.length === 1 && second.record[0] === '';
    return blank || good(second.record);
  }

  /** The last line with text from `from` on (a line break at the very end starts no line of its own here). */
  async lastLine(from: Position): Promise<number> {
    let p = from;
    for (;;) {
      const next = await this.nextLine(p.offset);
      if (next === undefined || next >= this.info.size) return p.line;
      p = { offset: next, line: p.line + 1 };
    }
  }

  /**
   * The first line after the record starting at `from` where a well-formed
   * record starts; undefined when none does before the end of the file.
   */
  async resumeAfter(from: Position, shape: RecordShape, end?: number): Promise<Position | undefined> {
    let p = from;
    for (;;) {
      const next = await this.nextLine(p.offset);
      if (next === undefined || (end !== undefined && next >= end)) return undefined;
      p = { offset: next, line: p.line + 1 };
      if (p.line > this.known.line) this.known = p;
      if (await this.wellFormedAt(p.offset, shape)) return p;
    }
  }
}
