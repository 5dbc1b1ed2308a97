// Extracts a command's parameters (name -> value text) from the many shapes
// logs use: Exchange/O365 `[{"Name":..,"Value":..}]` (often as JSON text in a
// CSV cell), CloudTrail-style objects, arrays of names, the KQL wrappers
// (`{"Cmd": ..}`, and `{"<command>": ..}` as the Sentinel notebook's
// `pack(Operation, Parameters)` makes them), and plain command lines.
//
// Keys come from the log: own properties only, never inherited ones
// (`constructor`, `__proto__` are data like any other name).

/** Ordered name -> value; a name seen twice keeps its first place and last value. */
export type Params = Map<string, string>;

const EMPTY: Params = new Map();

export class ParamsParseError extends Error {}

/**
 * A value standing where a name is expected (a user, an event): a one-element
 * array of a string or number is that element, as ECS writes any field
 * (Filebeat's auditd `event.action: ["added-user-account"]`). Anything else
 * as valueText gives it.
 */
export function nameText(v: unknown): string {
  return Array.isArray(v) && v.length === 1 && (typeof v[0] === 'string' || typeof v[0] === 'number') ? String(v[0]) : valueText(v);
}

/** Values that are not strings become their JSON text; null becomes empty. */
export function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function propertyCaseInsensitive(o: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(o, name)) return o[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

/** Google Workspace parameters keep their value by type: multiValue, boolValue, intValue, multiIntValue. */
function typedValue(o: Record<string, unknown>): unknown {
  for (const k of ['multiValue', 'boolValue', 'intValue', 'multiIntValue', 'messageValue', 'multiMessageValue']) if (Object.hasOwn(o, k)) return o[k];
  return undefined;
}

function fromArray(items: unknown[]): Params {
  const out: Params = new Map();
  for (const item of items) {
    if (typeof item === 'string') {
      out.set(item, '');
    } else if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      const o = item as Record<string, unknown>;
      const name = propertyCaseInsensitive(o, 'Name');
      if (typeof name === 'string') out.set(name, valueText(propertyCaseInsensitive(o, 'Value') ?? typedValue(o)));
    } else if (typeof item === 'number' || typeof item === 'boolean') {
      out.set(String(item), '');
    }
  }
  return out;
}

/** A value a params wrapper can hold: params JSON (parsed or as text) or nothing. */
function wrapsParams(v: unknown): boolean {
  if (v === null || typeof v === 'object') return true;
  return typeof v === 'string' && /^\s*[[{]/.test(v);
}

function fromObject(o: Record<string, unknown>, command?: string): Params {
  const keys = Object.keys(o);
  // The KQL wrappers: {"Cmd": <params>}, or {"<command>": <params>} (pack(Operation, Parameters)).
  if (keys.length === 1 && keys[0] === 'Cmd') return paramsFromValue(o.Cmd);
  if (keys.length === 1 && command !== undefined && keys[0] === command && wrapsParams(o[command])) return paramsFromValue(o[command]);
  const out: Params = new Map();
  for (const k of keys) out.set(k, valueText(o[k]));
  return out;
}

/** Splits a command line on blanks, honouring double and single quotes. */
function commandLineTokens(s: string): string[] {
  const tokens: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) tokens.push(m[1] ?? m[2] ?? m[3]);
  return tokens;
}

const SWITCH = /^(--?|\/)[A-Za-z?]/;

/** `-Name value`, `--name=value`, `/flag`: names are switches, values the token after (or after '='/':'). */
function fromCommandLine(s: string): Params {
  const out: Params = new Map();
  const tokens = commandLineTokens(s);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!SWITCH.test(t)) continue;
    const eq = t.search(/[=:]/);
    if (eq > 0) {
      out.set(t.slice(0, eq), t.slice(eq + 1));
    } else if (i + 1 < tokens.length && !SWITCH.test(tokens[i + 1])) {
      out.set(t, tokens[++i]);
    } else {
      out.set(t, '');
    }
  }
  return out;
}

/**
 * Params from an already-parsed JSON value. With `command`, a one-key object
 * whose key is that command wraps the params (the notebook's pre-sessionized
 * rows).
 */
export function paramsFromValue(v: unknown, command?: string): Params {
  if (v === null || v === undefined) return EMPTY;
  if (typeof v === 'string') return paramsFromText(v, command);
  if (Array.isArray(v)) return fromArray(v);
  if (typeof v === 'object') return fromObject(v as Record<string, unknown>, command);
  return new Map([[String(v), '']]);
}

/** Characters the quick reading leaves to JSON.parse: escapes, control characters (JSON refuses them raw) and surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const NOT_PLAIN = /[\\\u0000-\u001f\ud800-\udfff]/;

/**
 * The Exchange/O365 shape `[{"Name":"a","Value":"b"},...]` written compactly
 * (as exports write it) with plain strings, read without JSON.parse and its
 * objects; undefined for any other text, which then takes paramsFromText.
 * Where it answers, the answer is paramsFromText's: the names and values are
 * the JSON strings' text (no escapes to undo), in order, a repeated name
 * keeping its first place and last value. The strings are slices of `s`.
 */
export function compactNameValueParams(s: string): Params | undefined {
  const n = s.length;
  if (n < 2 || s.charCodeAt(0) !== 0x5b /* [ */ || s.charCodeAt(n - 1) !== 0x5d /* ] */ || NOT_PLAIN.test(s)) return undefined;
  const out: Params = new Map();
  if (n === 2) return out;
  let at = 1;
  for (;;) {
    if (!s.startsWith('{"Name":"', at)) return undefined;
    at += 9;
    const nameEnd = s.indexOf('"', at);
    if (nameEnd < 0) return undefined;
    const name = s.slice(at, nameEnd);
    at = nameEnd + 1;
    if (!s.startsWith(',"Value":"', at)) return undefined;
    at += 10;
    const valueEnd = s.indexOf('"', at);
    if (valueEnd < 0) return undefined;
    const value = s.slice(at, valueEnd);
    at = valueEnd + 1;
    if (s.charCodeAt(at) !== 0x7d /* } */) return undefined;
    out.set(name, value);
    const next = s.charCodeAt(at + 1);
    if (next === 0x5d /* ] */) return at + 2 === n ? out : undefined;
    if (next !== 0x2c /* , */) return undefined;
    at += 2;
  }
}

/**
 * Params from a cell's text. JSON text (starting with `[` or `{`) must parse;
 * anything else is read as a command line.
 */
export function paramsFromText(s: string, command?: string): Params {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) <= 32) i++;
  if (i === s.length) return EMPTY;
  const c = s[i];
  if (c === '[' || c === '{') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(s);
    } catch (e) {
      throw new ParamsParseError(`params are not valid JSON (${(e as Error).message})`);
    }
    try {
      return paramsFromValue(parsed, command);
    } catch (e) {
      // A value nested tens of thousands deep overflows JSON.stringify: a bad cell, not a crash.
      if (e instanceof RangeError && /call stack/i.test(e.message)) throw new ParamsParseError('params nest too deeply to read');
      throw e;
    }
  }
  return fromCommandLine(s);
}
