// What CEF and LEEF lines share: a record that starts with a tag
// (`CEF:0|`, `LEEF:2.0|`) at the line's start or after a syslog prefix, and
// a header of fields ended by '|', in which `\|` and `\\` are escapes.

const BACKSLASH = 0x5c;
const PIPE = 0x7c;

/**
 * Where a line's record starts, for a pattern that matches the tag at the
 * start or after one character of the prefix (a blank, `>` or `:`); -1 when
 * there is none. `tag` is the tag's first word (`CEF:`).
 */
export function recordStart(line: string, pattern: RegExp, tag: string): number {
  const m = pattern.exec(line);
  if (!m) return -1;
  return m.index + (m[0].startsWith(tag) ? 0 : 1);
}

/** Whether a text's first non-blank line holds a record (`start` >= 0). */
export function firstLineHolds(head: string, start: (line: string) => number): boolean {
  for (const line of head.split(/\r\n|\n|\r/, 64)) {
    if (line.trim().length > 0) return start(line) >= 0;
  }
  return false;
}

/**
 * The header fields of `line` from `from` on, each ended by an unescaped
 * '|', at most `max` of them; `stop` (asked after each field) ends the header
 * early. Returns the fields, unescaped, and where the text after the last
 * one starts.
 */
export function pipeFields(line: string, from: number, max: number, stop?: (fields: string[], next: number) => boolean): { fields: string[]; end: number } {
  const fields: string[] = [];
  let i = from;
  let start = i;
  let part = '';
  while (i < line.length && fields.length < max) {
    const c = line.charCodeAt(i);
    if (c === BACKSLASH && i + 1 < line.length && (line.charCodeAt(i + 1) === PIPE || line.charCodeAt(i + 1) === BACKSLASH)) {
      part += line.slice(start, i) + line[i + 1];
      i += 2;
      start = i;
      continue;
    }
    if (c === PIPE) {
      fields.push(part + line.slice(start, i));
      part = '';
      i++;
      start = i;
      if (stop?.(fields, i)) break;
      continue;
    }
    i++;
  }
  return { fields, end: i };
}
