// The fast CSV read (issue #9): uDSV splits the text into records, and every
// record it gives is proven against the text before it is used. csv-parse
// stays the reader of record: whatever this path cannot prove it reads the
// way csv-parse does, it hands back, and readCsv goes on with csv-parse from
// the line after the last record proven here (csv-parse also locates and
// reports every error). Proven records are csv-parse's records, and csv-parse
// carries nothing across a record boundary, so going on from there reads what
// a csv-parse read from the start reads; one stray quote near the end of a
// large file no longer has the whole file read again.
//
// uDSV is given the schema (delimiter, row separator, '"' as the quote) and
// trusted for nothing else: it pads short rows, folds the fields of a long
// row into its last field, drops text after a closing quote, takes a lone CR
// for a CRLF, treats one-column files as all blank lines and reports no blank
// lines. So each record it gives is matched against the text at the position
// where the previous one ended, field by field, in the strict form below, and
// the read is accepted only when the matched records and blank lines cover
// the whole text:
//
//   text    = blank* (record R blank*)* [record blank*]   (blank = R)
//   record  = field (D field)*     exactly as many fields as the header
//   field   = '"' (any char but '"' | '""')* '"'
//           | chars but D, CR, LF, not starting with '"'   (a '"' later on is text)
//
// where R is the one row separator the text uses (LF, CRLF or CR, decided
// from the first line break) and D the one-character delimiter. On text of
// that form csv-parse, as readCsv runs it (every line break a record end,
// relax_quotes, blank lines skipped), gives the same records; the lines of
// each record are counted as readCsv counts them (blank lines before it, line
// breaks inside its quoted fields). Anything else: a field count that differs
// from the header, a quote after a closing quote, an unclosed quote, a line
// break of another kind outside quotes, a one-column file, a record that
// spans more than MAX_PENDING characters, hands the read over.

import * as buffer from 'node:buffer';
import { initParser, type Parser, type Schema } from 'udsv';
import type { CsvReadRequest } from './csv';
import { lineBreaks, type Position } from './csvRaw';
import { readText } from './source';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** A record left unfinished across this many characters hands the read over (uDSV re-reads an unfinished record with each chunk). */
const MAX_PENDING = 16 * 1024 * 1024;

/** Node's ASCII check (Node 18.15 and later; without it every chunk goes through the decoder). */
const isAscii = (buffer as { isAscii?: (b: Uint8Array) => boolean }).isAscii;

/** Thrown inside the read to stop it once the fast path has handed over. */
const HAND_OVER = Symbol('hand over');

/** How many times `c` occurs in s[from, to). */
function occurrences(s: string, c: string, from: number, to: number): number {
  let n = 0;
  for (let at = s.indexOf(c, from); at >= 0 && at < to; at = s.indexOf(c, at + 1)) n++;
  return n;
}

/** The fast path is worth trying for this request (csv-parse reads it otherwise). */
export function fastPathApplies(req: CsvReadRequest): boolean {
  const d = req.delimiter;
  // The caller's sink (rows that are sessions) cannot be thrown away on a hand-over: only plain reads go fast.
  // Logs headed by directives do not follow CSV's quoting: the proof of records by CSV's rules does not apply (directiveLogs.ts).
  if (req.sink !== undefined || req.dialect || d.length !== 1) return false;
  const c = d.charCodeAt(0);
  return c !== QUOTE && c !== CR && c !== LF;
}

function schema(delimiter: string, row: string, fields: number): Schema & { skip: number } {
  return {
    col: delimiter,
    row,
    encl: '"',
    esc: '"',
    trim: false,
    // The header is read as a record like any other (readCsv's `take` makes it the header).
    skip: 0,
    cols: Array.from({ length: fields }, (_, i) => ({ name: String(i), type: 's' as const, repl: { empty: undefined, null: undefined, NaN: undefined } })),
  };
}

/**
 * Reads the request's range with uDSV, handing each proven record to `take`
 * with its first and last line. Returns the last line of the last record
 * taken (`origin.line - 1` when none) and whether it handed over: then every
 * record taken is one csv-parse reads there too, and csv-parse can go on
 * from the line after (its state at a record boundary is its state at the
 * start). Errors thrown by `take` and aborts pass through.
 */
export async function readFastRecords(
  req: CsvReadRequest,
  origin: Position,
  take: (record: string[], start: number, end: number) => void,
): Promise<{ line: number; handedOver: boolean }> {
  const delimiter = req.delimiter;
  const dCode = delimiter.charCodeAt(0);
  const partRead = req.range !== undefined;
  let fields = req.header?.length;
  let parser: Parser | undefined;
  let row = '';
  let rowLen = 0;
  let rowCode = 0;
  /** Text from the end of the last proven record on (what uDSV has not yet given as records). */
  let text = '';
  /** Position in `text` of the end of the record being proven. */
  let pos = 0;
  /** Text read but not yet given to uDSV: what follows the last row separator seen. */
  let carry = '';
  let line = origin.line - 1;
  let eof = false;
  let handedOver = false;
  /** Where the next LF and CR in `text` are, at or after the record being proven (Infinity: none). */
  let nextLf = -1;
  let nextCr = -1;
  const after = (at: number): number => (at < 0 ? Infinity : at);
  /** Which fields of the record being proven were quoted. */
  let quoted = new Uint8Array(0);

  const handOver = (): false => {
    handedOver = true;
    return false;
  };
  const atRow = (p: number): boolean => text.charCodeAt(p) === rowCode && (rowLen === 1 || text.charCodeAt(p + 1) === LF);

  /** Proves one record uDSV gave against `text` at `pos`; false hands over. */
  const onRow = (record: string[]): boolean | undefined => {
    if (handedOver) return false;
    const n = fields!;
    if (record.length !== n) return handOver();
    let p = pos;
    let blank = 0;
    while (atRow(p)) {
      p += rowLen;
      blank++;
    }
    const begin = p;
    for (let f = 0; f < n; f++) {
      const v = record[f];
      if (text.charCodeAt(p) === QUOTE) {
        // Quoted: the text up to the closing quote, "" read as ", is the value.
        // A value may start with a quote ("""C:\x.exe"" /y", Windows command
        // lines): proven here against the text, it is what csv-parse reads too.
        // Not in a part of a file read in two halves: csv-parse's part read
        // calls such a record a doubt and the file is read in one piece, which
        // this path then takes.
        if (partRead && v.charCodeAt(0) === QUOTE) return handOver();
        quoted[f] = 1;
        let tp = p + 1;
        let vp = 0;
        for (;;) {
          const q = text.indexOf('"', tp);
          if (q < 0) return handOver();
          if (q > tp) {
            if (text.slice(tp, q) !== v.slice(vp, vp + q - tp)) return handOver();
            vp += q - tp;
          }
          if (text.charCodeAt(q + 1) !== QUOTE) {
            p = q + 1;
            break;
          }
          if (v.charCodeAt(vp) !== QUOTE) return handOver();
          vp++;
          tp = q + 2;
        }
        if (vp !== v.length) return handOver();
      } else {
        // Unquoted: the value as it stands, without a delimiter (nor a line break: checked below for the whole record).
        quoted[f] = 0;
        if (text.slice(p, p + v.length) !== v || v.indexOf(delimiter) >= 0) return handOver();
        p += v.length;
      }
      if (f < n - 1) {
        if (text.charCodeAt(p) !== dCode) return handOver();
        p++;
      }
    }
    const start = line + 1 + blank;
    let end = start;
    // A line break in the record's text must be inside a quoted value. The
    // next LF and CR are remembered, so most records cost one look each and a
    // file with few of them is not searched to its end for every record.
    if (nextLf < begin) nextLf = after(text.indexOf('\n', begin));
    if (nextCr < begin) nextCr = after(text.indexOf('\r', begin));
    if (nextLf < p || nextCr < p) {
      let lf = 0;
      let cr = 0;
      for (let f = 0; f < n; f++) {
        if (quoted[f] === 0) continue;
        const v = record[f];
        end += lineBreaks(v);
        lf += occurrences(v, '\n', 0, v.length);
        cr += occurrences(v, '\r', 0, v.length);
      }
      if (occurrences(text, '\n', begin, p) !== lf || occurrences(text, '\r', begin, p) !== cr) return handOver();
    }
    if (atRow(p)) p += rowLen;
    else if (!(eof && p === text.length)) return handOver();
    pos = p;
    line = end;
    take(record, start, end);
    return true;
  };

  /** Decides the row separator and the field count once the text shows them; false while it cannot tell yet. */
  const start = (): boolean => {
    const text = carry;
    let i = 0;
    while (i < text.length && (text.charCodeAt(i) === LF || text.charCodeAt(i) === CR)) i++;
    const firstBreak = text.slice(i).search(/[\r\n]/);
    const brk = firstBreak < 0 ? -1 : i + firstBreak;
    if (brk < 0 && !eof) return false;
    // The first line break anywhere, even a blank line before the header: a wrong guess only hands over.
    const at = text.search(/[\r\n]/);
    if (at < 0) row = '\n';
    else if (text.charCodeAt(at) === LF) row = '\n';
    else if (at + 1 < text.length) row = text.charCodeAt(at + 1) === LF ? '\r\n' : '\r';
    else if (!eof) return false;
    else row = '\r';
    rowLen = row.length;
    rowCode = row.charCodeAt(0);
    // The header's field count: its first line split at the delimiter (a quoted delimiter or line break in it only hands over).
    if (fields === undefined) {
      const first = text.slice(i, brk < 0 ? text.length : brk);
      if (first.length === 0) return true; // only blank lines: nothing to prove a count on
      fields = first.split(delimiter).length;
    }
    parser = initParser(schema(delimiter, row, fields));
    quoted = new Uint8Array(fields);
    return true;
  };

  /**
   * Gives uDSV the text read so far up to its last row separator (at the end
   * of the file: all of it). Cut there, a piece seldom leaves uDSV an
   * unfinished record to join to the next piece, so the text it parses is
   * mostly the very string proven here, not a copy.
   */
  const feed = (chunk: string): void => {
    if (handedOver) throw HAND_OVER;
    if (parser === undefined) {
      carry += chunk;
      if (!start()) {
        if (carry.length <= MAX_PENDING) return;
        handOver();
        throw HAND_OVER;
      }
      if (parser === undefined || fields! < 2) {
        // One-column files (uDSV reads every row of them as a blank line) and texts without a record.
        handOver();
        throw HAND_OVER;
      }
      chunk = carry;
      carry = '';
    }
    let piece: string;
    if (eof) {
      piece = carry + chunk;
      carry = '';
    } else {
      // The last row separator of the chunk (its last character: LF of LF and CRLF, CR of CR).
      const last = row.charCodeAt(rowLen - 1);
      let cut = chunk.length - 1;
      while (cut >= 0 && chunk.charCodeAt(cut) !== last) cut--;
      if (cut < 0) {
        carry += chunk;
        if (carry.length <= MAX_PENDING) return;
        handOver();
        throw HAND_OVER;
      }
      piece = carry + chunk.slice(0, cut + 1);
      carry = chunk.slice(cut + 1);
    }
    text = pos < text.length ? text.slice(pos) + piece : piece;
    pos = 0;
    nextLf = nextCr = -1;
    parser!.chunk<string[]>(piece, parser!.stringArrs, onRow);
    if (handedOver) throw HAND_OVER;
    if (text.length - pos > MAX_PENDING) {
      handOver();
      throw HAND_OVER;
    }
  };

  // UTF-8 comes as bytes, cut after the last line break byte of each chunk
  // (LF and CR bytes are never part of a longer UTF-8 character, so each
  // piece is whole characters and the pieces join without a copy of the
  // text). A piece of ASCII only (most logs) is taken byte for byte, quicker
  // than the UTF-8 decoder.
  let carryBytes: Buffer | undefined;
  const decode = (b: Buffer): string => (isAscii !== undefined && isAscii(b) ? b.toString('latin1') : b.toString('utf8'));
  const lastBreak = (b: Buffer): number => (parser === undefined ? Math.max(b.lastIndexOf(LF), b.lastIndexOf(CR)) : b.lastIndexOf(row.charCodeAt(rowLen - 1)));
  /** Hands `give` the text of the whole lines read so far, in one or two pieces. */
  const bytes = (chunk: Buffer, give: (text: string) => void): void => {
    let b = chunk;
    if (carryBytes && parser !== undefined) {
      // The line cut at the last chunk's end goes with this chunk's first row
      // separator as a piece of its own: the rest of the chunk is decoded
      // where it lies, not copied after the carry first (1M events: 0.16 s).
      const first = b.indexOf(row.charCodeAt(rowLen - 1));
      if (first >= 0) {
        give(decode(Buffer.concat([carryBytes, b.subarray(0, first + 1)])));
        carryBytes = undefined;
        b = b.subarray(first + 1);
      }
    }
    if (carryBytes) b = Buffer.concat([carryBytes, b]);
    const cut = lastBreak(b) + 1;
    carryBytes = cut < b.length ? Buffer.from(b.subarray(cut)) : undefined;
    if (carryBytes && carryBytes.length > MAX_PENDING) {
      handOver();
      throw HAND_OVER;
    }
    if (cut > 0) give(decode(b.subarray(0, cut)));
  };
  const feedAll = (all: string): void => {
    const size = req.fastPieces ?? all.length;
    for (let at = 0; at < all.length; at += size) feed(all.slice(at, at + size));
  };

  try {
    await readText(
      req.file,
      req.info,
      (chunk) => (typeof chunk === 'string' ? feedAll(chunk) : bytes(chunk, feedAll)),
      req.onBytes,
      req.signal,
      true,
      { start: origin.offset, end: req.range?.end },
    );
    if (carryBytes) feedAll(decode(carryBytes));
    eof = true;
    if (parser === undefined && carry.length === 0) return { line, handedOver: false }; // nothing read
    feed('');
    parser!.end();
    if (handedOver) return { line, handedOver: true };
    // After the last record only blank lines may follow.
    while (atRow(pos)) pos += rowLen;
    if (pos !== text.length) return { line, handedOver: true };
  } catch (e) {
    if (e === HAND_OVER) return { line, handedOver: true };
    throw e;
  }
  return { line, handedOver: false };
}
