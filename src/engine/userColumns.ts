// A user entry of a mapping names one column, or several joined by `|` whose
// first value on a row names the actor there (a coalesced column: `a|b` is a's
// value where a names someone, else b's). Readers read the entries' source
// columns; the event sink combines them (coalesceUsers), in this one place.
//
// Syntax: `|` separates the columns of an entry; `\|` is a `|` inside a column
// name. An entry that is exactly a column of the file is that column whatever
// it holds (the pipeline escapes it: literalUserEntries). Entries without `|`
// are plain column names, read as they always were.
//
// A part of a coalesced entry may apply on some events only: `a?4624;4625|b`
// is a's value on rows whose event is 4624 or 4625 (and a names someone
// there), else b's. Windows Security names the account logging on in
// TargetUserName and the account acting in SubjectUserName, so which is the
// actor depends on the event ID (windowsActorEntry). An event matches when it
// is one of the listed values, or starts with one followed by a character
// that is no letter or digit (Sentinel's Activity: "4624 - An account was
// successfully logged on."). `\?` is a `?` inside a column name.

/** Values that stand for "no account" in a name column (Windows' and W3C's `-`, "N/A", "(null)"). */
// 4294967295: Linux audit's unset login uid ((u32)-1: a process no login started, a daemon's or the kernel's); `?`:
// what auditd writes for a host, address or terminal it does not know (hostname=? addr=? terminal=?).
export const PLACEHOLDERS: ReadonlySet<string> = new Set(['-', '?', 'n/a', 'null', 'none', '(null)', '4294967295']);

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDERS.has(value.trim().toLowerCase());
}

/** Whether a part of a coalesced entry names someone on a row: not missing, not blank, not a placeholder. */
export function namesSomeone(value: string | undefined | null): value is string {
  if (value === undefined || value === null) return false;
  const t = value.trim();
  return t !== '' && !PLACEHOLDERS.has(t.toLowerCase());
}

/** One part of an entry: the column it reads, and the events it applies on (all when absent). */
export interface UserPartSpec {
  column: string;
  events?: string[];
}

/** The parts of an entry: `a|b` -> a, b; `a\|b` -> the one column `a|b`; `a?1;2|b` -> a on events 1 and 2, then b. */
export function userPartSpecs(entry: string): UserPartSpec[] {
  if (!entry.includes('|')) return [{ column: entry }];
  const parts: UserPartSpec[] = [];
  let cur = '';
  let events: string | undefined;
  const end = (): void => {
    const list = events?.split(';').map((e) => e.trim()).filter((e) => e !== '');
    // A `?` with no event after it is part of the name (`who?|b`, as before `?` meant anything).
    if (list && list.length > 0) parts.push({ column: cur, events: list });
    else parts.push({ column: events === undefined ? cur : `${cur}?${events}` });
    cur = '';
    events = undefined;
  };
  for (let i = 0; i < entry.length; i++) {
    const c = entry[i];
    if (c === '\\' && (entry[i + 1] === '|' || entry[i + 1] === '?')) {
      if (events === undefined) cur += entry[i + 1];
      else events += entry[i + 1];
      i++;
    } else if (c === '|') {
      end();
    } else if (c === '?' && events === undefined) {
      events = '';
    } else if (events === undefined) {
      cur += c;
    } else {
      events += c;
    }
  }
  end();
  return parts;
}

/** The column names an entry joins: `a|b` -> [a, b]; `a\|b` -> [`a|b`]; `a?1;2|b` -> [a, b]. */
export function userParts(entry: string): string[] {
  return userPartSpecs(entry).map((p) => p.column);
}

/** A column name as one part of an entry (its `|` and `?` escaped). */
export function escapeUserColumn(name: string): string {
  return name.replace(/[|?]/g, (c) => `\\${c}`);
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
  /** Per source, the events it applies on (undefined: every event). */
  when: (ReadonlySet<string> | undefined)[];
  /** Some source applies on some events only. */
  conditional: boolean;
}

export function userPlan(entries: string[]): UserPlan {
  const plan: UserPlan = { entries, sources: [], first: [], count: [], owner: [], coalesced: false, when: [], conditional: false };
  entries.forEach((e, k) => {
    const parts = userPartSpecs(e);
    plan.first.push(plan.sources.length);
    plan.count.push(parts.length);
    for (const p of parts) {
      plan.sources.push(p.column);
      plan.owner.push(k);
      plan.when.push(p.events ? new Set(p.events) : undefined);
      if (p.events) plan.conditional = true;
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
 * Whether a row's event is one of `events`: the value itself, or its leading
 * run of letters and digits when a character that is neither follows ("4624 -
 * An account was successfully logged on." is event 4624).
 */
export function eventIn(event: string | undefined, events: ReadonlySet<string>): boolean {
  if (event === undefined) return false;
  const e = event.trim();
  if (events.has(e)) return true;
  const lead = LEADING_ID.exec(e);
  return lead !== null && lead[0].length < e.length && events.has(lead[0]);
}

const LEADING_ID = /^[0-9A-Za-z_]+/;

/**
 * The entries' values from the sources' values (`out`, one per entry): a
 * coalesced entry takes its first part that names someone (a part kept to some
 * events only where the row's `event` is one of them); when none does, the
 * first of those parts that has any value (a placeholder, as one column would
 * keep it); else missing.
 */
export function coalesceUsers(plan: UserPlan, values: (string | undefined)[], out: (string | undefined)[], event?: string): (string | undefined)[] {
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
      const when = plan.when[s];
      if (when !== undefined && !eventIn(event, when)) continue;
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

/**
 * Windows Security events whose account is named in TargetUserName: logons (and
 * their group memberships, 4627, and special groups, 4964),
 * logoffs, Kerberos and NTLM authentication, workstation lock and unlock
 * (Microsoft's event documentation). On the others (4672's privileges, 4688's
 * process, 4720's new account, 4648's explicit credentials) the account acting
 * is SubjectUserName.
 */
export const TARGET_ACCOUNT_EVENTS: readonly string[] = ['4624', '4625', '4627', '4634', '4647', '4768', '4769', '4770', '4771', '4776', '4800', '4801', '4802', '4803', '4964'];

/** The entry that reads Windows Security's actor: `target` on TARGET_ACCOUNT_EVENTS, else `subject`. */
export function windowsActorEntry(subject: string, target: string): string {
  return `${escapeUserColumn(target)}?${TARGET_ACCOUNT_EVENTS.join(';')}|${escapeUserColumn(subject)}`;
}
