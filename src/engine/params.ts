// Extracts a command's parameters (name -> value text) from the many shapes
// logs use: Exchange/O365 `[{"Name":..,"Value":..}]` (often as JSON text in a
// CSV cell), CloudTrail-style objects, arrays of names, the KQL `{"Cmd": ..}`
// wrapper, and plain command lines.

/** Ordered name -> value; a name seen twice keeps its first place and last value. */
export type Params = Map<string, string>;

const EMPTY: Params = new Map();

export class ParamsParseError extends Error {}

/** Values that are not strings become their JSON text; null becomes empty. */
export function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function propertyCaseInsensitive(o: Record<string, unknown>, name: string): unknown {
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
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
      if (typeof name === 'string') out.set(name, valueText(propertyCaseInsensitive(o, 'Value')));
    } else if (typeof item === 'number' || typeof item === 'boolean') {
      out.set(String(item), '');
    }
  }
  return out;
}

function fromObject(o: Record<string, unknown>): Params {
  const keys = Object.keys(o);
  // The Sentinel notebook's KQL packs params as {"Cmd": <params>}.
  if (keys.length === 1 && keys[0] === 'Cmd') return paramsFromValue(o.Cmd);
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

/** Params from an already-parsed JSON value. */
export function paramsFromValue(v: unknown): Params {
  if (v === null || v === undefined) return EMPTY;
  if (typeof v === 'string') return paramsFromText(v);
  if (Array.isArray(v)) return fromArray(v);
  if (typeof v === 'object') return fromObject(v as Record<string, unknown>);
  return new Map([[String(v), '']]);
}

/**
 * Params from a cell's text. JSON text (starting with `[` or `{`) must parse;
 * anything else is read as a command line.
 */
export function paramsFromText(s: string): Params {
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
    return paramsFromValue(parsed);
  }
  return fromCommandLine(s);
}
