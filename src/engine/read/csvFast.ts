// The fast CSV read (issue #9): uDSV splits the text into records, and every
// record it gives is proven against the text before it is used. csv-parse
// stays the reader of record: whatever this path cannot prove it reads the
// way csv-parse does, it hands back, and readCsv reads the range again with
// csv-parse from its start (which also locates and reports every error).
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
//   field   = '"' (any char but '"' | '""')* '"'           value not starting with '"'
//           | chars but D, CR, LF, not starting with '"'   (a '"' later on is text)
//
// where R is the one row separator the text uses (LF, CRLF or CR, decided
// from the first line break) and D the one-character delimiter. On text of
// that form csv-parse, as readCsv runs it (every line break a record end,
// relax_quotes, blank lines skipped), gives the same records; the lines of
// each record are counted as readCsv counts them (blank lines before it, line
// breaks inside its quoted fields). Anything else: a field count that differs
// from the header, a quote after a closing quote, an unclosed quote, a line
// break of another kind outside quotes, a one-column file, a value that
// starts with a quote (csv-parse's path double-checks those), a record that
// spans more than MAX_PENDING characters, hands the read over.

import { initParser, type Parser, type Schema } from 'udsv';
import type { CsvReadRequest } from './csv';
import { lineBreaks, type Position } from './csvRaw';
import { readText } from './source';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** A record left unfinished across this many characters hands the read over (uDSV re-reads an unfinished record with each chunk). */
const MAX_PENDING = 16 * 1024 * 1024;

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
  if (req.sink !== undefined || d.length !== 1) return false;
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
 * (`origin.line - 1` when none), or undefined when it handed over: then the
 * records taken so far must be thrown away. Errors thrown by `take` and
 * aborts pass through.
 */
export async function readFastRecords(
  req: CsvReadRequest,
  origin: Position,
  take: (record: string[], start: number, end: number) => void,
): Promise<number | undefined> {
  const delimiter = req.delimiter;
  const dCode = delimiter.charCodeAt(0);
  let fields = req.header?.length;
  let parser: Parser | undefined;
  let row = '';
  let rowLen = 0;
  /** Text from the end of the last proven record on (what uDSV has not yet given as records). */
  let text = '';
  /** Position in `text` of the end of the record being proven. */
  let pos = 0;
  let line = origin.line - 1;
  let eof = false;
  let handedOver = false;
  /** A CR at the end of a chunk waits for the next chunk (it may be the start of a CRLF). */
  let heldCr = false;
  /** Where the next LF and CR in `text` are, at or after the record being proven (Infinity: none). */
  let nextLf = -1;
  let nextCr = -1;
  const after = (at: number): number => (at < 0 ? Infinity : at);

  const handOver = (): false => {
    handedOver = true;
    return false;
  };

  /** Proves one record uDSV gave against `text` at `pos`; false hands over. */
  const onRow = (record: string[]): boolean | undefined => {
    if (handedOver) return false;
    const n = fields!;
    if (record.length !== n) return handOver();
    let p = pos;
    let blank = 0;
    while (text.startsWith(row, p)) {
      p += rowLen;
      blank++;
    }
    const begin = p;
    const start = line + 1 + blank;
    let end = start;
    // Line breaks inside quoted values; any other in the record's text is outside quotes.
    let quotedLf = 0;
    let quotedCr = 0;
    for (let f = 0; f < n; f++) {
      const v = record[f];
      if (text.charCodeAt(p) === QUOTE) {
        if (v.charCodeAt(0) === QUOTE) return handOver();
        const body = v.indexOf('"') < 0 ? v : v.replaceAll('"', '""');
        if (!text.startsWith(body, p + 1)) return handOver();
        p += body.length + 1;
        if (text.charCodeAt(p) !== QUOTE) return handOver();
        p++;
        const breaks = lineBreaks(v);
        if (breaks > 0) {
          end += breaks;
          quotedLf += occurrences(v, '\n', 0, v.length);
          quotedCr += occurrences(v, '\r', 0, v.length);
        }
      } else {
        if (!text.startsWith(v, p) || v.indexOf(delimiter) >= 0) return handOver();
        p += v.length;
      }
      if (f < n - 1) {
        if (text.charCodeAt(p) !== dCode) return handOver();
        p++;
      }
    }
    // No line break in an unquoted value: the record's text holds exactly the quoted values' ones.
    // (The next LF and CR are remembered, so a file with few of them is not searched to its end for each record.)
    if (nextLf < begin) nextLf = after(text.indexOf('\n', begin));
    if ((nextLf < p ? occurrences(text, '\n', begin, p) : 0) !== quotedLf) return handOver();
    if (nextCr < begin) nextCr = after(text.indexOf('\r', begin));
    if ((nextCr < p ? occurrences(text, '\r', begin, p) : 0) !== quotedCr) return handOver();
    if (text.startsWith(row, p)) p += rowLen;
    else if (!(eof && p === text.length)) return handOver();
    pos = p;
    line = end;
    take(record, start, end);
    return true;
  };

  /** Decides the row separator and the field count once the text shows them; false while it cannot tell yet. */
  const start = (): boolean => {
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
    // The header's field count: its first line split at the delimiter (a quoted delimiter or line break in it only hands over).
    if (fields === undefined) {
      const first = text.slice(i, brk < 0 ? text.length : brk);
      if (first.length === 0) return true; // only blank lines: nothing to prove a count on
      fields = first.split(delimiter).length;
    }
    parser = initParser(schema(delimiter, row, fields));
    return true;
  };

  const feed = (chunk: string): void => {
    if (handedOver) throw HAND_OVER;
    if (parser === undefined) {
      text += chunk;
      if (!start()) {
        if (text.length <= MAX_PENDING) return;
        handOver();
        throw HAND_OVER;
      }
      if (parser === undefined || fields! < 2) {
        // One-column files (uDSV reads every row of them as a blank line) and texts without a record.
        handOver();
        throw HAND_OVER;
      }
      chunk = text;
      text = '';
    }
    text = pos < text.length ? text.slice(pos) + chunk : chunk;
    pos = 0;
    nextLf = nextCr = -1;
    parser.chunk<string[]>(chunk, parser.stringArrs, onRow);
    if (handedOver) throw HAND_OVER;
    if (text.length - pos > MAX_PENDING) {
      handOver();
      throw HAND_OVER;
    }
  };

  try {
    await readText(
      req.file,
      req.info,
      (chunk) => {
        const all = chunk as string;
        const piece = req.fastPieces ?? all.length;
        for (let at = 0; at < all.length; at += piece) {
          let s = all.slice(at, at + piece);
          if (heldCr) s = '\r' + s;
          heldCr = s.charCodeAt(s.length - 1) === CR;
          if (heldCr) s = s.slice(0, -1);
          if (s.length > 0) feed(s);
        }
      },
      req.onBytes,
      req.signal,
      false,
      { start: origin.offset, end: req.range?.end },
    );
    eof = true;
    if (heldCr) feed('\r');
    if (parser === undefined) {
      // The whole text without a line break, or empty.
      if (text.length === 0) return line;
      feed('');
    }
    parser!.end();
    if (handedOver) return undefined;
    // After the last record only blank lines may follow.
    while (text.startsWith(row, pos)) pos += rowLen;
    if (pos !== text.length) return undefined;
  } catch (e) {
    if (e === HAND_OVER) return undefined;
    throw e;
  }
  return line;
}
