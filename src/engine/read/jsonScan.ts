// The one scanner that finds the records of a JSON document, for detection
// (the head of a file) and for reading (the whole file, in chunks). It only
// tracks strings and brackets, never recurses, and knows where every record
// starts and ends (line and column), so a one-line document still points at
// the right record. JSON.parse does the parsing of each record's text.
//
// Which array holds the records: a top-level array; else, in a top-level
// object, the first array reached through objects only (`{"Records": [..]}`,
// `{"data": {"items": [..]}}`) whose first element is an object. Empty arrays
// and arrays of strings or numbers (`"warnings": []`, `"tags": ["a"]`) are
// passed over, and so are the arrays detection found to describe the result
// rather than hold it (a column list, messages, statistics: detect.ts).
//
// Kept whole at about 300 lines: it is one state machine (strings, escapes,
// brackets, positions) whose parts share its state; split, no part reads alone.

import { LogInputError } from '../types';

/** 1-based line and column (UTF-16 code units, as editors count). */
export interface TextPos {
  line: number;
  column: number;
}

export interface ScannedElement {
  text: string;
  start: TextPos;
  /** Position of the element's last character. */
  end: TextPos;
  /** Deepest nesting inside the element (1 for a flat object). */
  depth: number;
}

/** Nesting deeper than this is not read (it would overflow the stack of the code that walks values). */
export const MAX_DEPTH = 1000;

/** What a top-level value starting with this character is, for messages. */
function kindOf(c: string): string {
  if (c === '"') return 'a string';
  if (c === 't' || c === 'f') return 'a boolean';
  if (c === 'n') return 'null';
  if (c === '-' || (c >= '0' && c <= '9')) return 'a number';
  return 'not JSON';
}

export class JsonDocumentScanner {
  /** Position of the next character. */
  /** LineCount: the strings' skip counts the newlines inside them. */
  line = 1;
  lineStart = 0;
  private offset = 0;
  private depth = 0;
  private inString = false;
  /** Strings that go on past a chunk's end. */
  private readonly strings = new StringSkip();
  private started = false;
  /** Depth up to which every open container is an object (candidates for the records array sit there). */
  private objectsOnly = 0;
  /** Depth of the candidate array being probed (its first element decides), -1 when none. */
  private probing = -1;
  /** Depth of the records array's elements once chosen, -1 before. */
  private recordDepth = -1;
  private closed = false;
  /** Keys of the open objects on the way to a candidate array, for `path`. */
  private readonly keys: string[] = [];
  private keyText: string | undefined;
  private keyFrom = 0;
  /** The element being read: its text so far, where it starts in this chunk (-1: none open). */
  private pieces: string[] = [];
  private elemFrom = -1;
  private elemStart: TextPos = { line: 0, column: 0 };
  private elemDepth = 0;
  private elemContainer = false;
  /** Set to stop early (detection has enough). */
  stopped = false;
  /** Dotted path of the records array in a wrapper object ('' for a top-level array). */
  path: string | undefined;

  /** `passOver`: paths of arrays of objects that are not the records (detection's choice: column lists, messages, statistics). */
  constructor(
    private readonly file: string,
    private readonly onElement: (e: ScannedElement) => void,
    private readonly passOver?: ReadonlySet<string>,
  ) {}

  /** The records array was found. */
  get found(): boolean {
    return this.recordDepth >= 0;
  }

  /** The records array (or the whole document) is closed. */
  get done(): boolean {
    return this.closed;
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** Lines read so far (the file's line count once it has all been written). */
  get lines(): number {
    return this.line;
  }

  /** Where the element in progress starts (a truncated document ends inside it), else the current line. */
  get openLine(): number {
    return this.elemFrom >= 0 ? this.elemStart.line : this.line;
  }

  write(s: string): void {
    const base = this.offset;
    let i = 0;
    this.strings.chunk(s, base);
    for (; i < s.length && !this.closed && !this.stopped; i++) {
      if (this.inString) {
        // Jump to the closing quote: most of a log's text is inside strings.
        const end = this.strings.skip(s, i, this);
        if (end === s.length) {
          i = s.length - 1;
          continue;
        }
        i = end;
        this.inString = false;
        if (this.keyText !== undefined) {
          this.keys[this.depth - 1] = this.keyText + s.slice(this.keyFrom, i);
          this.keyText = undefined;
        }
        continue;
      }
      const c = s.charCodeAt(i);
      if (c === 10) {
        this.line++;
        this.lineStart = base + i + 1;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (this.recordDepth >= 0) {
        // Inside the records array, between or within elements.
        if (this.depth === this.recordDepth && this.elemFrom < 0) {
          if (c === 44) continue; // ,
          if (c === 93) {
            this.closed = true;
            continue;
          }
          this.elemFrom = i;
          this.pieces = [];
          this.elemStart = this.pos(base + i);
          this.elemDepth = 0;
          this.elemContainer = c === 123 || c === 91;
        }
        if (c === 34) {
          this.inString = true;
        } else if (c === 123 || c === 91) {
          this.depth++;
          if (this.depth - this.recordDepth > this.elemDepth) this.elemDepth = this.depth - this.recordDepth;
        } else if (c === 125 || c === 93) {
          this.depth--;
          if (this.depth < this.recordDepth) {
            // The records array closes right after a scalar element.
            this.emit(s, i, base);
            this.closed = true;
          } else if (this.depth === this.recordDepth && this.elemContainer) {
            this.emit(s, i + 1, base);
          }
        } else if (c === 44 && this.depth === this.recordDepth) {
          this.emit(s, i, base);
        }
        continue;
      }
      if (!this.started) {
        this.started = true;
        if (c === 91) {
          // A top-level array holds the records, whatever they are.
          this.recordDepth = 1;
          this.path = '';
          this.depth = 1;
          continue;
        }
        if (c !== 123) {
          const at = this.pos(base + i);
          throw new LogInputError(`the JSON document is ${kindOf(s[i])}, not an array or object of records`, { file: this.file, line: at.line, column: at.column });
        }
        this.depth = 1;
        this.objectsOnly = 1;
        continue;
      }
      // Before the records array: look for it.
      if (this.probing >= 0) {
        const probing = this.probing;
        this.probing = -1;
        const path = c === 123 ? this.keys.slice(0, probing - 1).join('.') : '';
        if (c === 123 && !this.passOver?.has(path)) {
          this.recordDepth = probing;
          this.path = path;
          i--; // read this brace again, as the first element's
          continue;
        }
        // An empty array, one of strings/numbers/arrays, or one passed over: not the records.
      }
      if (c === 34) {
        this.inString = true;
        if (this.depth <= this.objectsOnly) {
          this.keyText = '';
          this.keyFrom = i + 1;
        }
      } else if (c === 123 || c === 91) {
        if (this.depth === this.objectsOnly) {
          if (c === 91) this.probing = this.depth + 1;
          else this.objectsOnly++;
        }
        this.depth++;
      } else if (c === 125 || c === 93) {
        this.depth--;
        if (this.objectsOnly > this.depth) this.objectsOnly = this.depth;
        if (this.depth === 0) this.closed = true;
      }
    }
    // Carry over what is open: the element's text and a wrapper key's text.
    if (this.elemFrom >= 0) {
      this.pieces.push(s.slice(this.elemFrom, i));
      this.elemFrom = 0;
    }
    if (this.keyText !== undefined) {
      this.keyText += s.slice(this.keyFrom, i);
      this.keyFrom = 0;
    }
    this.offset = base + s.length;
  }

  private pos(at: number): TextPos {
    return { line: this.line, column: at - this.lineStart + 1 };
  }

  /** Hands over the element ending before `to` (exclusive) in chunk `s`. */
  private emit(s: string, to: number, base: number): void {
    this.pieces.push(s.slice(this.elemFrom, to));
    let text = this.pieces.length === 1 ? this.pieces[0] : this.pieces.join('');
    this.pieces = [];
    this.elemFrom = -1;
    let end: TextPos;
    if (this.elemContainer) {
      end = this.pos(base + to - 1);
    } else {
      // A scalar ends at its last non-blank character (JSON scalars hold no raw newline).
      text = text.trimEnd();
      end = { line: this.elemStart.line, column: this.elemStart.column + Math.max(0, text.length - 1) };
    }
    this.onElement({ text, start: this.elemStart, end, depth: this.elemDepth });
  }
}

/** Deepest nesting of a JSON text and where it first gets deeper than `limit` (for messages). */
export function nestingOf(text: string, limit = MAX_DEPTH): { depth: number; at?: number } {
  let depth = 0;
  let max = 0;
  let at: number | undefined;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 92) escaped = true;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) max = depth;
      if (depth > limit && at === undefined) at = i;
    } else if (c === 125 || c === 93) depth--;
  }
  return { depth: max, at };
}

/** 1-based line and column of character `pos` of `text`, which starts at `from`. */
export function positionIn(text: string, pos: number, from: TextPos): TextPos {
  let line = from.line;
  let lineStart = -from.column + 1;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: pos - lineStart + 1 };
}

/** Where a scanner stands in lines: the current line and the file offset it starts at. */
export interface LineCount {
  line: number;
  lineStart: number;
}

/**
 * Finds where a JSON string that a chunk is inside of ends, across chunks:
 * `end` gives the index of the closing quote in chunk `s` from `from` on, or
 * s.length when the string goes on into the next chunk (remembering whether
 * the chunk ended on an escaping backslash); `skip` does the same and counts
 * the raw newlines the string passes (bad JSON, but the lines after it must
 * still count right). Shared by the scanners of JSON documents and of query
 * results in columns and rows.
 */
export class StringSkip {
  private escaped = false;
  /** The next newline in the chunk at or after the string being skipped (-1: none), and the chunk's file offset. */
  private nextNl = -1;
  private base = 0;

  /** A new chunk `s`, starting at file offset `base`. */
  chunk(s: string, base: number): void {
    this.nextNl = s.indexOf('\n');
    this.base = base;
  }

  /** `end`, counting into `lines` the newlines between `from` and the end. */
  skip(s: string, from: number, lines: LineCount): number {
    const end = this.end(s, from);
    let nl = this.nextNl;
    if (nl >= 0 && nl < from) nl = s.indexOf('\n', from);
    while (nl >= 0 && nl < end) {
      lines.line++;
      lines.lineStart = this.base + nl + 1;
      nl = s.indexOf('\n', nl + 1);
    }
    this.nextNl = nl;
    return end;
  }

  end(s: string, from: number): number {
    let lo = from;
    if (this.escaped) {
      this.escaped = false;
      lo = from + 1; // this character is escaped, whatever it is
      if (lo > s.length) return s.length;
    }
    for (let q = s.indexOf('"', lo); q >= 0; q = s.indexOf('"', q + 1)) {
      let b = q - 1;
      while (b >= lo && s.charCodeAt(b) === 92) b--;
      if (((q - 1 - b) & 1) === 0) return q;
    }
    let b = s.length - 1;
    while (b >= lo && s.charCodeAt(b) === 92) b--;
    this.escaped = ((s.length - 1 - b) & 1) === 1;
    return s.length;
  }
}
