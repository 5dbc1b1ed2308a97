// Values inside parsed records by dotted path (`InitiatedBy.user.userPrincipalName`),
// also into JSON text held in a cell, and records flattened to path -> value:
// how detection names the inner columns and how the readers fetch them.

const own = Object.hasOwn as (o: object, k: string) => boolean;

/** Whether text starts (after blanks) with `{` or `[`, as JSON text of an object or array does. */
export function startsLikeJson(v: string): boolean {
  let i = 0;
  while (i < v.length && v.charCodeAt(i) <= 32) i++;
  const c = v.charCodeAt(i);
  return c === 123 || c === 91;
}

/** JSON text held in a string (Sentinel's dynamic columns exported as text), parsed; undefined when it is not an object or array. */
export function jsonInText(v: string): object | undefined {
  if (!startsLikeJson(v)) return undefined;
  try {
    const parsed: unknown = JSON.parse(v);
    return parsed !== null && typeof parsed === 'object' ? (parsed as object) : undefined;
  } catch {
    return undefined;
  }
}

/** One step into a value: an own property of an object, an index of an array, or into JSON text. */
function step(cur: unknown, part: string): unknown {
  if (typeof cur === 'string') {
    cur = jsonInText(cur);
    if (cur === undefined) return undefined;
  }
  if (cur === null || typeof cur !== 'object') return undefined;
  if (Array.isArray(cur)) return /^\d+$/.test(part) ? cur[Number(part)] : undefined;
  return own(cur, part) ? (cur as Record<string, unknown>)[part] : undefined;
}

/**
 * Reads a value by a dotted path: own properties only (a missing
 * `constructor` is missing, not Object's), array indices, and into JSON text
 * (`InitiatedBy.user.userPrincipalName` where InitiatedBy holds JSON text).
 * A key that itself contains the dots wins; so does the longest dotted key
 * at each step (`a.b.c` finds `{"a.b": {"c": 1}}`).
 */
export function getPath(obj: unknown, path: string): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  if (!Array.isArray(obj) && own(obj, path)) return (obj as Record<string, unknown>)[path];
  return walk(obj, path.split('.'), 0);
}

function walk(cur: unknown, parts: string[], from: number): unknown {
  for (let i = from; i < parts.length; i++) {
    const next = step(cur, parts[i]);
    if (next === undefined && i + 1 < parts.length && cur !== null && typeof cur === 'object' && !Array.isArray(cur)) {
      // A key holding dots: try the longest that exists.
      for (let j = parts.length; j > i + 1; j--) {
        const key = parts.slice(i, j).join('.');
        if (own(cur, key)) return j === parts.length ? (cur as Record<string, unknown>)[key] : walk((cur as Record<string, unknown>)[key], parts, j);
      }
    }
    cur = next;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/**
 * Dotted paths of an object's leaves (arrays count as leaves), depth-limited;
 * strings holding a JSON object are entered too (the string itself is kept
 * as a column as well). Iterative: no depth of input can overflow the stack.
 */
export function flattenPaths(obj: object, prefix = '', out: Map<string, unknown> = new Map(), maxDepth = 4): Map<string, unknown> {
  const stack: { entries: [string, unknown][]; at: number; prefix: string; depth: number }[] = [{ entries: Object.entries(obj), at: 0, prefix, depth: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.at >= top.entries.length) {
      stack.pop();
      continue;
    }
    const [k, raw] = top.entries[top.at++];
    const key = top.prefix + k;
    out.set(key, raw);
    if (top.depth >= maxDepth) continue;
    const v = typeof raw === 'string' ? jsonInText(raw) : raw;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const entries = Object.entries(v);
      if (entries.length > 0) stack.push({ entries, at: 0, prefix: key + '.', depth: top.depth + 1 });
    }
  }
  return out;
}

/**
 * CSV: the column holding JSON text that a dotted path goes into
 * (`InitiatedBy.user.userPrincipalName` -> the `InitiatedBy` column), the
 * longest column name that is a prefix of the path; undefined when none is.
 */
export function cellPathColumn(index: Map<string, number>, path: string): number | undefined {
  const parts = path.split('.');
  for (let j = parts.length - 1; j >= 1; j--) {
    const i = index.get(parts.slice(0, j).join('.'));
    if (i !== undefined) return i;
  }
  return undefined;
}

/** The value at `path` inside a cell's JSON text (undefined when the cell holds no JSON or not the path). */
export function cellPathValue(cell: unknown, path: string): unknown {
  if (typeof cell !== 'string') return getPath(cell, path);
  const inner = jsonInText(cell);
  return inner === undefined ? undefined : getPath(inner, path);
}
