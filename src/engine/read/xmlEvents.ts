// Windows event XML: `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">`
// records as `wevtutil qe ... /f:xml`, PowerShell's `ToXml()` and EVTX
// tools write them, one per line or spread over lines, bare or inside an
// `<Events>` wrapper. The scanner here finds each record's text and lines
// (an Event element holds no Event element); saxes, a strict XML parser,
// reads the record; its fields become columns the way Windows names them:
//
//   System.<Element>               the element's text (System.EventID, System.Computer)
//   System.<Element>.<attribute>   its attributes (System.TimeCreated.SystemTime, System.Provider.Name)
//   EventData.<Name>               each <Data Name="..."> (EventData.TargetUserName); unnamed ones
//                                  EventData.Data, EventData.Data2, ...
//   UserData.<Child>.<Grandchild>  elements under UserData, by name
//   RenderingInfo.<Element>        the rendered message, level and task, when present
//
// and handed, in an object without a prototype, to the same record handling
// as a JSON Lines record (json.ts).

import type { SaxesParser, SaxesTagPlain } from 'saxes';
import type { KeyValueFields } from './keyValue';

let Parser: typeof SaxesParser | undefined;

/** saxes, loaded at the first XML record rather than with the CLI and the pipeline thread. */
function saxesParser(): SaxesParser {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  Parser ??= (require('saxes') as typeof import('saxes')).SaxesParser;
  return new Parser({ xmlns: false });
}

/** Whether the head of a text holds Windows event XML: an `<Event` element with a `<System>` in it. */
export function looksEventXml(head: string): boolean {
  const start = head.search(/\S/);
  if (start < 0 || head[start] !== '<') return false;
  const at = head.search(/<Event[\s>]/);
  return at >= 0 && /<System[\s>]/.test(head.slice(at, at + 4096));
}

/** Where a character stands: 1-based line and column. */
export interface XmlPos {
  line: number;
  column: number;
}

/** One record's text found by the scanner, with where its first and last characters stand. */
export interface XmlRecord {
  text: string;
  start: XmlPos;
  end: XmlPos;
}

/** A record left open over this many characters is given up (a truncated or broken file). */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024;
/** A record left open longer than this is searched again only once the text has doubled (XmlEventScanner.write). */
const HOLD_FROM = 256 * 1024;

/**
 * Finds `<Event ...>...</Event>` records in text given in chunks. Text
 * between records (an XML declaration, an `<Events>` wrapper, blank space)
 * is passed over. `onRecord` gets each record with the line and column of
 * its first and last characters (wevtutil writes every record on one line:
 * the columns tell them apart); `onBroken` a record that never closes (at
 * the end of the text, or past MAX_RECORD_CHARS).
 */
export class XmlEventScanner {
  private text = '';
  /** Offset in the file's text of text[0]. */
  private abs = 0;
  /** Position in `text` up to which line breaks are counted. */
  private counted = 0;
  /** Line of text[counted]. */
  private line = 1;
  /** Offset in the file's text of the last line break before text[counted] (-1: none). */
  private lastBreak = -1;
  /** Records found. */
  records = 0;
  /** Whether any non-blank text was seen. */
  started = false;

  constructor(
    private readonly onRecord: (r: XmlRecord) => void,
    private readonly onBroken: (at: XmlPos, message: string) => void,
  ) {}

  /** Where text[p] stands; positions are asked for in order. */
  private pos(p: number): XmlPos {
    const t = this.text;
    for (let i = t.indexOf('\n', this.counted); i >= 0 && i < p; i = t.indexOf('\n', i + 1)) {
      this.line++;
      this.lastBreak = this.abs + i;
    }
    if (p > this.counted) this.counted = p;
    return { line: this.line, column: this.abs + p - this.lastBreak };
  }

  /**
   * Text length below which a record left open is not searched again: each
   * search runs over the whole open record, so searching it at every 64 KiB
   * chunk would be quadratic in its length; waiting until the text has
   * doubled keeps it linear.
   */
  private holdUntil = 0;

  write(chunk: string): void {
    this.text += chunk;
    if (!this.started && /\S/.test(chunk)) this.started = true;
    if (this.text.length < this.holdUntil) return;
    this.drain(false);
    // What is kept is a record still open (or a few characters): over 256 KiB of it, wait for as much again.
    this.holdUntil = this.text.length > HOLD_FROM ? 2 * this.text.length : 0;
  }

  end(): void {
    this.drain(true);
  }

  private drain(atEnd: boolean): void {
    let from = 0;
    for (;;) {
      const open = findOpen(this.text, from);
      if (open < 0) break;
      const close = this.text.indexOf('</Event>', open);
      // Events do not nest: another <Event> starting before this one closes means this one never closes. It is
      // broken alone, and the next is read as a record of its own (not swallowed into the broken one).
      const next = findOpen(this.text, open + 6);
      if (next >= 0 && next + 6 < this.text.length && (close < 0 || next < close)) {
        this.onBroken(this.pos(open), 'the <Event> record is not closed before the next <Event> starts');
        from = next;
        continue;
      }
      if (close < 0) {
        if (this.text.length - open > MAX_RECORD_CHARS || atEnd) {
          this.onBroken(this.pos(open), atEnd ? 'the <Event> record is never closed (a truncated file?)' : `the <Event> record runs over ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters without closing`);
          from = open + 6;
          continue;
        }
        from = open;
        break;
      }
      const end = close + '</Event>'.length;
      const start = this.pos(open);
      const last = this.pos(end - 1);
      this.records++;
      this.onRecord({ text: this.text.slice(open, end), start, end: last });
      from = end;
    }
    if (atEnd) return;
    // Keep the text from the first unfinished record, or the last few characters (`<Event` may be cut there).
    const open = findOpen(this.text, from);
    const keep = open >= 0 ? open : Math.max(from, this.text.length - 8);
    this.pos(keep);
    this.text = this.text.slice(keep);
    this.abs += keep;
    this.counted = 0;
  }
}

/** The next `<Event` start tag at or after `from` (not `<EventData`, `<EventID`, `<Events>`), or -1. */
function findOpen(text: string, from: number): number {
  for (let at = text.indexOf('<Event', from); at >= 0; at = text.indexOf('<Event', at + 6)) {
    const c = text.charCodeAt(at + 6);
    if (c === 0x20 || c === 0x3e || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f) return at;
    if (Number.isNaN(c)) return at; // cut at the end of the text: decided when more comes
  }
  return -1;
}

/** An element's name without its namespace prefix (`evt:EventID` -> `EventID`). */
const local = (name: string): string => name.slice(name.indexOf(':') + 1);

/**
 * The columns of one `<Event>` record's text (see the top of this file).
 * Throws an Error saying what is wrong when the text is no well-formed Event
 * element (saxes' message, with the line and column inside the record), or
 * when its root is another element.
 */
/** How deep a record's elements may nest: Windows' own nest six or so (UserData a few more). */
export const MAX_XML_DEPTH = 64;

export function eventXmlFields(text: string): KeyValueFields {
  const out = Object.create(null) as KeyValueFields;
  const set = (key: string, value: string): void => {
    if (!(key in out)) out[key] = value;
  };
  /** Per open element: its column (undefined: nothing is kept of it), its text so far, and whether it has attributes or children. */
  const open: { key: string | undefined; text: string; more: boolean }[] = [];
  const names: string[] = [];
  let unnamed = 0;
  const parser = saxesParser();
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    names.push(name);
    const depth = names.length;
    if (depth === 1 && name !== 'Event') throw new Error(`the record is a <${name}> element, not an <Event>`);
    // Each element's column names its whole path: a hostile record nested thousands deep would cost the square of its depth.
    if (depth > MAX_XML_DEPTH) throw new Error(`the record nests elements more than ${MAX_XML_DEPTH} deep (at <${name}>); Windows events nest a few`);
    let key: string | undefined;
    const section = names[1];
    if (depth >= 3 && section === 'EventData' && depth === 3 && name === 'Data') {
      const dataName = tag.attributes.Name;
      key = typeof dataName === 'string' && dataName !== '' ? `EventData.${dataName}` : (++unnamed === 1 ? 'EventData.Data' : `EventData.Data${unnamed}`);
    } else if (depth >= 3 && (section === 'System' || section === 'EventData' || section === 'UserData')) {
      key = `${section}.${names.slice(2).join('.')}`;
      for (const [a, v] of Object.entries(tag.attributes)) set(`${key}.${local(a)}`, String(v));
    } else if (depth === 3 && section === 'RenderingInfo') {
      key = `RenderingInfo.${name}`;
    }
    if (open.length > 0) open[open.length - 1].more = true;
    open.push({ key, text: '', more: Object.keys(tag.attributes).length > 0 && name !== 'Data' });
  });
  const addText = (t: string): void => {
    const top = open[open.length - 1];
    if (top) top.text += t;
    // RenderingInfo's lists (Keywords/Keyword): each item's text joins its list's.
    if (open.length === 4 && names[1] === 'RenderingInfo' && open[2].key) open[2].text += (open[2].text ? ', ' : '') + t.trim();
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const el = open.pop()!;
    names.pop();
    // An element of attributes or children only (<TimeCreated SystemTime=".."/>) has no text column; an empty one has ''.
    if (el.key !== undefined && (el.text.trim() !== '' || !el.more)) set(el.key, el.text.trim());
  });
  parser.on('error', (e: Error) => {
    throw e;
  });
  parser.write(text).close();
  if (names.length > 0) throw new Error(`the record ends inside <${names[names.length - 1]}>`);
  return out;
}
