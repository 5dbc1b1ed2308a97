// Windows event XML: `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">`
// records as `wevtutil qe ... /f:xml`, PowerShell's `ToXml()` and EVTX
// tools write them, one per line or spread over lines, bare or inside an
// `<Events>` wrapper. The scanner here finds each record's text and lines
// (an Event element holds no Event element); fast-xml-parser parses the
// record; its fields are flattened to columns the way Windows names them:
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

import type { XMLParser } from 'fast-xml-parser';
import type { KeyValueFields } from './keyValue';

const TEXT = '#text';
const ATTR = '@';

let parser: XMLParser | undefined;

/**
 * The record parser, made at the first XML record: fast-xml-parser is loaded
 * then, not with the CLI or the pipeline thread (it added 11 ms to every CLI
 * start when loaded up front).
 */
function xmlParser(): XMLParser {
  if (parser) return parser;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { XMLParser: Parser } = require('fast-xml-parser') as typeof import('fast-xml-parser');
  parser = new Parser({
    ignoreAttributes: false,
    attributeNamePrefix: ATTR,
    textNodeName: TEXT,
    // Values stay text as written (EventID 0004 keeps its zeros; a hex flag is no number).
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    removeNSPrefix: true,
    isArray: (name) => name === 'Data',
  });
  return parser;
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

  write(chunk: string): void {
    this.text += chunk;
    if (!this.started && /\S/.test(chunk)) this.started = true;
    this.drain(false);
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

type Node = string | { [k: string]: unknown };

/** An element's own text. */
function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const t = (v as Record<string, unknown>)[TEXT];
    return typeof t === 'string' ? t : t === undefined ? undefined : String(t);
  }
  return undefined;
}

/** Adds an element's text and attributes under `path`. */
function addElement(out: KeyValueFields, path: string, v: unknown): void {
  const text = textOf(v);
  if (text !== undefined && !(path in out)) out[path] = text;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
  for (const [k, a] of Object.entries(v as Record<string, unknown>)) {
    if (k.startsWith(ATTR) && (typeof a === 'string' || typeof a === 'number')) {
      const key = `${path}.${k.slice(ATTR.length)}`;
      if (!(key in out)) out[key] = String(a);
    }
  }
}

/** Every element under `node`, by path of element names (UserData's shapes differ per event). */
function addTree(out: KeyValueFields, path: string, node: unknown, depth: number): void {
  if (depth > 16) return;
  if (Array.isArray(node)) {
    node.forEach((item, i) => addTree(out, i === 0 ? path : `${path}${i + 1}`, item, depth + 1));
    return;
  }
  addElement(out, path, node);
  if (node === null || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === TEXT || k.startsWith(ATTR)) continue;
    addTree(out, `${path}.${k}`, v, depth + 1);
  }
}

/**
 * The columns of one `<Event>` record's text (see the top of this file).
 * Throws an Error saying what is wrong when the text is no well-formed Event
 * element (fast-xml-parser's message, or what the element lacks).
 */
export function eventXmlFields(text: string): KeyValueFields {
  const doc = xmlParser().parse(text, true) as Record<string, unknown>;
  const event = doc.Event;
  if (event === null || typeof event !== 'object' || Array.isArray(event)) throw new Error('the record is no <Event> element with children');
  const e = event as Record<string, Node>;
  const out = Object.create(null) as KeyValueFields;
  const system = e.System;
  if (system && typeof system === 'object') {
    for (const [k, v] of Object.entries(system)) {
      if (k === TEXT || k.startsWith(ATTR)) continue;
      addElement(out, `System.${k}`, Array.isArray(v) ? v[0] : v);
    }
  }
  const data = e.EventData;
  if (data && typeof data === 'object') {
    let unnamed = 0;
    for (const [k, v] of Object.entries(data)) {
      if (k === TEXT || k.startsWith(ATTR)) continue;
      if (k !== 'Data') {
        addTree(out, `EventData.${k}`, v, 0);
        continue;
      }
      for (const item of v as unknown[]) {
        const name = item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[`${ATTR}Name`] : undefined;
        const value = textOf(item) ?? '';
        if (typeof name === 'string' && name !== '') {
          const key = `EventData.${name}`;
          if (!(key in out)) out[key] = value;
        } else {
          unnamed++;
          out[unnamed === 1 ? 'EventData.Data' : `EventData.Data${unnamed}`] = value;
        }
      }
    }
  }
  if (e.UserData && typeof e.UserData === 'object') {
    for (const [k, v] of Object.entries(e.UserData)) if (k !== TEXT && !k.startsWith(ATTR)) addTree(out, `UserData.${k}`, v, 0);
  }
  const rendering = e.RenderingInfo;
  if (rendering && typeof rendering === 'object') {
    for (const [k, v] of Object.entries(rendering)) {
      if (k === TEXT || k.startsWith(ATTR)) continue;
      const t = Array.isArray(v) ? v.map((x) => textOf(x) ?? '').join(', ') : textOf(v);
      if (t !== undefined) out[`RenderingInfo.${k}`] = t;
    }
  }
  return out;
}
