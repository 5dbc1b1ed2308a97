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
/** An unfinished record longer than this holds the text after it until it has doubled (see `unfinished` in readFastRecords). */
const HOLD_FROM = 256 * 1024;

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

/** The delimiter is one the proof below works with: one character, no quote nor line break. */
function provableDelimiter(d: string): boolean {
  if (d.length !== 1) return false;
  const c = d.charCodeAt(0);
  return c !== QUOTE && c !== CR && c !== LF;
}

/** The fast path is worth trying for this request (csv-parse reads it otherwise). */
export function fastPathApplies(req: CsvReadRequest): boolean {
  // The caller's sink (rows that are sessions) cannot be thrown away on a hand-over: only plain reads go fast.
  // Logs headed by directives do not follow CSV's quoting: the proof of records by CSV's rules does not apply (directiveLogs.ts).
  // Rows short of the header (Detection.shortRows) are taken by the csv-parse read, which pads them.
  if (req.sink !== undefined || req.dialect || req.shortRows !== undefined) return false;
  return provableDelimiter(req.delimiter);
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
 * The row separator of a text (its first line break, even one of a blank
 * line before the header: a wrong guess only hands over) and, unless given,
 * the header's field count (its first line split at the delimiter: a quoted
 * delimiter or line break in it only hands over). Undefined while the text
 * read so far cannot tell; `fields` undefined when the text has no line but
 * blank ones.
 */
function layoutOf(text: string, delimiter: string, eof: boolean, known: number | undefined): { row: string; fields: number | undefined } | undefined {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === LF || text.charCodeAt(i) === CR)) i++;
  const firstBreak = text.slice(i).search(/[\r\n]/);
  const brk = firstBreak < 0 ? -1 : i + firstBreak;
  if (brk < 0 && !eof) return undefined;
  let row: string;
  const at = text.search(/[\r\n]/);
  if (at < 0) row = '\n';
  else if (text.charCodeAt(at) === LF) row = '\n';
  else if (at + 1 < text.length) row = text.charCodeAt(at + 1) === LF ? '\r\n' : '\r';
  else if (!eof) return undefined;
  else row = '\r';
  if (known !== undefined) return { row, fields: known };
  const first = text.slice(i, brk < 0 ? text.length : brk);
  return { row, fields: first.length === 0 ? undefined : first.split(delimiter).length };
}

/** An index from indexOf, with none as Infinity. */
const after = (at: number): number => (at < 0 ? Infinity : at);

/**
 * Proves the records uDSV gives against the text they were split from, in
 * the strict form above: `text` is the text from the end of the last proven
 * record on, `pos` where the next record (or the blank lines before it)
 * starts in it. Shared by the read and by detection's sample of the head.
 */
export class RecordProof {
  /** Text from the end of the last proven record on (what uDSV has not yet given as records). */
  text = '';
  /** Position in `text` of the end of the record being proven. */
  pos = 0;
  /** The text ends the input: its last record may end without a row separator. */
  eof = false;
  /** The first and last line of the last record proven. */
  start: number;
  line: number;
  private readonly rowLen: number;
  private readonly rowCode: number;
  private readonly dCode: number;
  /** Where the next LF and CR in `text` are, at or after the record being proven (Infinity: none). */
  private nextLf = -1;
  private nextCr = -1;
  /** Which fields of the record being proven were quoted. */
  private readonly quoted: Uint8Array;

  /**
   * `line`: the line before the text's first. `partRead`: the text is the
   * second half of a file read in two (a value that starts with a quote is
   * then not proven here: see prove).
   */
  constructor(
    private readonly delimiter: string,
    row: string,
    readonly fields: number,
    private readonly partRead: boolean,
    line: number,
  ) {
    this.rowLen = row.length;
    this.rowCode = row.charCodeAt(0);
    this.dCode = delimiter.charCodeAt(0);
    this.quoted = new Uint8Array(fields);
    this.start = this.line = line;
  }

  /** Adds text uDSV is given next, dropping the proven text before `pos`. */
  append(piece: string): void {
    this.text = this.pos < this.text.length ? this.text.slice(this.pos) + piece : piece;
    this.pos = 0;
    this.nextLf = this.nextCr = -1;
  }

  /** A row separator starts at `p`. */
  atRow(p: number): boolean {
    const text = this.text;
    return text.charCodeAt(p) === this.rowCode && (this.rowLen === 1 || text.charCodeAt(p + 1) === LF);
  }

  /** Only row separators (blank lines) follow the last record proven. */
  restIsBlank(): boolean {
    let p = this.pos;
    while (this.atRow(p)) p += this.rowLen;
    return p === this.text.length;
  }

  /** Proves one record uDSV gave against the text at `pos`, and moves past it; false: not proven (hand over). */
  prove(record: string[]): boolean {
    const n = this.fields;
    if (record.length !== n) return false;
    const text = this.text;
    const delimiter = this.delimiter;
    const quoted = this.quoted;
    const rowLen = this.rowLen;
    let p = this.pos;
    let blank = 0;
    while (this.atRow(p)) {
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
        if (this.partRead && v.charCodeAt(0) === QUOTE) return false;
        quoted[f] = 1;
        let tp = p + 1;
        let vp = 0;
        for (;;) {
          const q = text.indexOf('"', tp);
          if (q < 0) return false;
          if (q > tp) {
            if (text.slice(tp, q) !== v.slice(vp, vp + q - tp)) return false;
            vp += q - tp;
          }
          if (text.charCodeAt(q + 1) !== QUOTE) {
            p = q + 1;
            break;
          }
          if (v.charCodeAt(vp) !== QUOTE) return false;
          vp++;
          tp = q + 2;
        }
        if (vp !== v.length) return false;
      } else {
        // Unquoted: the value as it stands, without a delimiter (nor a line break: checked below for the whole record).
        quoted[f] = 0;
        if (text.slice(p, p + v.length) !== v || v.indexOf(delimiter) >= 0) return false;
        p += v.length;
      }
      if (f < n - 1) {
        if (text.charCodeAt(p) !== this.dCode) return false;
        p++;
      }
    }
    const start = this.line + 1 + blank;
    let end = start;
    // A line break in the record's text must be inside a quoted value. The
    // next LF and CR are remembered, so most records cost one look each and a
    // file with few of them is not searched to its end for every record.
    if (this.nextLf < begin) this.nextLf = after(text.indexOf('\n', begin));
    if (this.nextCr < begin) this.nextCr = after(text.indexOf('\r', begin));
    if (this.nextLf < p || this.nextCr < p) {
      let lf = 0;
      let cr = 0;
      for (let f = 0; f < n; f++) {
        if (quoted[f] === 0) continue;
        const v = record[f];
        end += lineBreaks(v);
        lf += occurrences(v, '\n', 0, v.length);
        cr += occurrences(v, '\r', 0, v.length);
      }
      if (occurrences(text, '\n', begin, p) !== lf || occurrences(text, '\r', begin, p) !== cr) return false;
    }
    if (this.atRow(p)) p += rowLen;
    else if (!(this.eof && p === text.length)) return false;
    this.pos = p;
    this.start = start;
    this.line = end;
    return true;
  }
}

/**
 * Up to `max` records from the start of `text` (a whole text: the head of a
 * file cut at a line break), split by uDSV and each proven as the read proves
 * its records, so they are the records csv-parse reads there (with every line
 * break of the text's kind a record end, relax_quotes, relax_column_count and
 * blank lines skipped). Undefined when this cannot be proven: a delimiter the
 * proof does not take, a one-column text, a record with another field count
 * than the header, anything outside the strict form before the `max`th
 * record; the caller then asks csv-parse.
 */
export function provenHeadRecords(text: string, delimiter: string, max: number): string[][] | undefined {
  if (!provableDelimiter(delimiter)) return undefined;
  const layout = layoutOf(text, delimiter, true, undefined);
  if (layout === undefined || layout.fields === undefined || layout.fields < 2) return undefined;
  const proof = new RecordProof(delimiter, layout.row, layout.fields, false, 0);
  proof.append(text);
  proof.eof = true;
  const rows: string[][] = [];
  let failed = false;
  initParser(schema(delimiter, layout.row, layout.fields)).stringArrs(text, (record: string[]) => {
    if (!proof.prove(record)) {
      failed = true;
      return false;
    }
    rows.push(record);
    return rows.length < max;
  });
  // Fewer than `max` records: they must be all the text holds.
  if (failed || rows.length === 0 || (rows.length < max && !proof.restIsBlank())) return undefined;
  return rows;
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
  const partRead = req.range !== undefined;
  const known = req.header?.length;
  let parser: Parser | undefined;
  let proof: RecordProof | undefined;
  let row = '';
  let rowLen = 0;
  /** Text read but not yet given to uDSV: what follows the last row separator seen. */
  let carry = '';
  /**
   * Characters of a record uDSV has begun and not ended (a quoted value with
   * line breaks, longer than a chunk). Until as many more have been read,
   * they are held in `carry` instead of given to uDSV: it parses such a
   * record again from its start with every piece, and so does the proof, so
   * giving it every 64 KiB chunk made a 15 MB value cost 10 s (quadratic);
   * doubling keeps it linear.
   */
  let unfinished = 0;
  let eof = false;
  let handedOver = false;
  /** The last line of the last record taken. */
  const lastLine = (): number => proof?.line ?? origin.line - 1;

  const handOver = (): false => {
    handedOver = true;
    return false;
  };

  /** Proves one record uDSV gave; false hands over. */
  const onRow = (record: string[]): boolean | undefined => {
    if (handedOver) return false;
    if (!proof!.prove(record)) return handOver();
    take(record, proof!.start, proof!.line);
    return true;
  };

  /** Decides the row separator and the field count once the text shows them; false while it cannot tell yet. */
  const start = (): boolean => {
    const layout = layoutOf(carry, delimiter, eof, known);
    if (layout === undefined) return false;
    row = layout.row;
    rowLen = row.length;
    if (layout.fields === undefined) return true; // only blank lines: nothing to prove a count on
    parser = initParser(schema(delimiter, row, layout.fields));
    proof = new RecordProof(delimiter, row, layout.fields, partRead, origin.line - 1);
    proof.eof = eof;
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
      if (proof === undefined || proof.fields < 2) {
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
      if (carry.length + cut + 1 < unfinished) {
        // Held: the record uDSV has begun is not yet doubled (see `unfinished`).
        carry += chunk;
        return;
      }
      piece = carry + chunk.slice(0, cut + 1);
      carry = chunk.slice(cut + 1);
    }
    proof!.append(piece);
    parser!.chunk<string[]>(piece, parser!.stringArrs, onRow);
    if (handedOver) throw HAND_OVER;
    const open = proof!.text.length - proof!.pos;
    if (open > MAX_PENDING) {
      handOver();
      throw HAND_OVER;
    }
    unfinished = open > HOLD_FROM ? open : 0;
  };

  // UTF-8 comes as bytes, cut after the last line break byte of each chunk
  // (LF and CR bytes are never part of a longer UTF-8 character, so each
  // piece is whole characters and the pieces join without a copy of the
  // text). A piece of ASCII only (most logs) is taken byte for byte, quicker
  // than the UTF-8 decoder.
  /** The bytes after the last line break read: a line still open, in the chunks' pieces (joined once, when it ends). */
  let carryParts: Buffer[] = [];
  let carryLength = 0;
  const decode = (b: Buffer): string => (isAscii !== undefined && isAscii(b) ? b.toString('latin1') : b.toString('utf8'));
  const lastBreak = (b: Buffer): number => (parser === undefined ? Math.max(b.lastIndexOf(LF), b.lastIndexOf(CR)) : b.lastIndexOf(row.charCodeAt(rowLen - 1)));
  /** The open line's bytes followed by `end`, as one buffer; the carry is then empty. */
  const carried = (end: Buffer): Buffer => {
    const joined = Buffer.concat([...carryParts, end], carryLength + end.length);
    carryParts = [];
    carryLength = 0;
    return joined;
  };
  /**
   * Hands `give` the text of the whole lines read so far, in one or two
   * pieces. Only the new chunk is searched for a line break (the carry has
   * none), and a line longer than a chunk is joined once, when it ends: with
   * 64 KiB chunks, joining it again at every chunk took 10.8 s for one 15 MB
   * field (0.9 s with 1 MiB chunks; now linear).
   */
  const bytes = (chunk: Buffer, give: (text: string) => void): void => {
    let b = chunk;
    if (carryLength > 0 && parser !== undefined) {
      // The line cut at the last chunk's end goes with this chunk's first row
      // separator as a piece of its own: the rest of the chunk is decoded
      // where it lies, not copied after the carry first (1M events: 0.16 s).
      const first = b.indexOf(row.charCodeAt(rowLen - 1));
      if (first >= 0) {
        give(decode(carried(b.subarray(0, first + 1))));
        b = b.subarray(first + 1);
      }
    }
    const cut = lastBreak(b) + 1;
    if (cut > 0) give(decode(carryLength > 0 ? carried(b.subarray(0, cut)) : b.subarray(0, cut)));
    if (cut < b.length) {
      carryParts.push(Buffer.from(b.subarray(cut)));
      carryLength += b.length - cut;
      if (carryLength > MAX_PENDING) {
        handOver();
        throw HAND_OVER;
      }
    }
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
    if (carryLength > 0) feedAll(decode(carried(Buffer.alloc(0))));
    eof = true;
    if (proof) proof.eof = true;
    if (parser === undefined && carry.length === 0) return { line: lastLine(), handedOver: false }; // nothing read
    feed('');
    parser!.end();
    if (handedOver) return { line: lastLine(), handedOver: true };
    // After the last record only blank lines may follow.
    if (!proof!.restIsBlank()) return { line: lastLine(), handedOver: true };
  } catch (e) {
    if (e === HAND_OVER) return { line: lastLine(), handedOver: true };
    throw e;
  }
  return { line: lastLine(), handedOver: false };
}
