// A user entry of a mapping names one column, or several joined by `|` whose
// first value on a row names the actor there (a coalesced column: `a|b` is a's
// value where a names someone, else b's). Readers read the entries' source
// columns; the event sink combines them (coalesceUsers), in this one place.
//
// Syntax: `|` separates the columns of an entry; `\|` is a `|` inside a column
// name. An entry that is exactly a column of the file is that column whatever
// it holds (the pipeline escapes it: literalUserEntries). Entries without `|`
// are plain column names, read as they always were.

/** Values that stand for "no account" in a name column (Windows' and W3C's `-`, "N/A", "(null)"). */
export const PLACEHOLDERS: ReadonlySet<string> = new Set(['-', 'n/a', 'null', 'none', '(null)']);

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDERS.has(value.trim().toLowerCase());
}

/** Whether a part of a coalesced entry names someone on a row: not missing, not blank, not a placeholder. */
export function namesSomeone(value: string | undefined | null): value is string {
  if (value === undefined || value === null) return false;
  const t = value.trim();
  return t !== '' && !PLACEHOLDERS.has(t.toLowerCase());
}

/** The column names an entry joins: `a|b` -> [a, b]; `a\|b` -> [`a|b`]. */
export function userParts(entry: string): string[] {
  if (!entry.includes('|')) return [entry];
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < entry.length; i++) {
    const c = entry[i];
    if (c === '\\' && entry[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (c === '|') {
      parts.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  parts.push(cur);
  return parts;
}

/** A column name as one part of an entry (its `|` escaped). */
export function escapeUserColumn(name: string): string {
  return name.replace(/\|/g, '\\|');
}

/** The entry joining these columns, first first. */
export function coalescedEntry(columns: string[]): string {
  return columns.map(escapeUserColumn).join('|');
}

/**
 * Entries that are exactly a column of the file (`columns`) and hold an
 * unescaped `|`, escaped so they read as that one column: an existing column's
 * name wins over the coalescing syntax.
 */
export function literalUserEntries(users: string[], columns: Iterable<string>): string[] {
  if (!users.some((u) => u.includes('|'))) return users;
  const have = new Set(columns);
  return users.map((u) => (u.includes('|') && !u.includes('\\|') && have.has(u) ? escapeUserColumn(u) : u));
}

/** How the entries' columns are read: the flat list of source columns, and which entry each belongs to. */
export interface UserPlan {
  /** The entries, as named in the mapping (the events table's user columns). */
  entries: string[];
  /** Every column read, entry by entry. */
  sources: string[];
  /** Per entry, its first source's index and how many it joins. */
  first: number[];
  count: number[];
  /** Per source, its entry. */
  owner: number[];
  /** Some entry joins more than one column (else sources are the entries' columns one to one). */
  coalesced: boolean;
}

export function userPlan(entries: string[]): UserPlan {
  const plan: UserPlan = { entries, sources: [], first: [], count: [], owner: [], coalesced: false };
  entries.forEach((e, k) => {
    const parts = userParts(e);
    plan.first.push(plan.sources.length);
    plan.count.push(parts.length);
    for (const p of parts) {
      plan.sources.push(p);
      plan.owner.push(k);
    }
    if (parts.length > 1) plan.coalesced = true;
  });
  return plan;
}

/** How a source column is named in a message: `"b" (part of "a|b")`, or `"a"`. */
export function sourceLabel(plan: UserPlan, source: number): string {
  const k = plan.owner[source];
  const name = JSON.stringify(plan.sources[source]);
  return plan.count[k] > 1 ? `${name} (part of ${JSON.stringify(plan.entries[k])})` : name;
}

/**
 * The entries' values from the sources' values (`out`, one per entry): a
 * coalesced entry takes its first part that names someone; when none does, the
 * first that has any value (a placeholder, as one column would keep it); else
 * missing.
 */
export function coalesceUsers(plan: UserPlan, values: (string | undefined)[], out: (string | undefined)[]): (string | undefined)[] {
  for (let k = 0; k < plan.first.length; k++) {
    const f = plan.first[k];
    const n = plan.count[k];
    if (n === 1) {
      out[k] = values[f];
      continue;
    }
    let v: string | undefined;
    let fallback: string | undefined;
    for (let s = f; s < f + n; s++) {
      const x = values[s];
      if (namesSomeone(x)) {
        v = x;
        break;
      }
      if (fallback === undefined && x !== undefined && x !== '') fallback = x;
    }
    out[k] = v ?? fallback;
  }
  return out;
}
