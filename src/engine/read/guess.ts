// Ranks a log's columns for each role (time, users, event, params) from
// their names and the statistics of their sampled values, with the evidence
// for each guess, and says where it is unsure. Names alone mislead on real
// exports (an EventID that is 4688 on every row, a Computer column that is
// always empty, an account id that looks like an epoch), so every name match
// is weighed by what the column holds: how many rows have it, how many
// distinct values, whether they are objects, whether they parse as times of
// this era.

// The vocabulary is in vocabulary.ts, the value statistics in columnStats.ts;
// this file chooses the roles from both.

import type { ColumnGuess, Detection, Doubt } from '../stages';
import { statsOf, type ColumnStats } from './columnStats';
import { parseTime, type TimeFormat } from './time';
import { ADDRESS_RULE, EVENT_NAMES, LEVEL_VALUES, LOGIN_IDENTITY, nameScore, normalizeName, PARAM_NAMES, PERSON_RULES, TIME_NAMES, USER_NAMES, type NameRule } from './vocabulary';
import { coalescedEntry, coalesceUsers, eventIn, namesSomeone, PLACEHOLDERS, TARGET_ACCOUNT_EVENTS, userPartSpecs, userParts, userPlan, windowsActorEntry } from '../userColumns';

// guess.test.ts reads names through this module.
export { normalizeName } from './vocabulary';

function pct(n: number, d: number): string {
  return `${Math.round((100 * n) / Math.max(1, d))}%`;
}

function rank(guesses: ColumnGuess[]): ColumnGuess[] {
  // Equal scores: the column nearer the record's top first (a time of the process, process.start_time, before one of
  // an object inside it, process.pod.container.start_time); else the log's own order.
  return guesses.filter((g) => g.score > 0).sort((a, b) => b.score - a.score || depth(a.column) - depth(b.column));
}

/**
 * What a time column dates when it lies inside an object that is a thing the event involves, not the event: the
 * parent process, a container, a pod, an image (`process.pod.container.start_time`: when the container started).
 */
function thingTime(column: string): string | undefined {
  const parts = column.split('.');
  for (let k = parts.length - 2; k >= 0; k--) {
    const m = /^(parent(?:_?process)?|container|pod|image)$/i.exec(parts[k]);
    if (m) return /^parent/i.test(m[1]) ? 'parent process' : m[1].toLowerCase();
  }
  return undefined;
}

/** How deep a column's dotted path goes (0: a field of the record itself). */
function depth(column: string): number {
  let n = 0;
  for (let i = column.indexOf('.'); i >= 0; i = column.indexOf('.', i + 1)) n++;
  return n;
}

/** A column considered for a role and turned down, with why. */
export interface Rejected {
  column: string;
  why: string;
}

export interface Guesses {
  guesses: Detection['guesses'];
  /** Name-matched columns turned down per role, for "considered X (constant ...)" messages. */
  rejected: Record<'time' | 'users' | 'event', Rejected[]>;
  /** The two best time columns when they fit about as well and tell different times on many sampled rows. */
  timesDiffer?: { first: string; second: string; rows: number; of: number; secondEarlier?: boolean };
  /** A time column named as UTC taken over the better fit that holds the same instants a whole number of quarter hours off. */
  zoneShift?: ZoneShift;
  /** The best params column, left out for being on fewer than one in ten of the sampled rows (of those with the event, `ofEventRows`). */
  rareParams?: { column: string; present: number; of: number; ofEventRows: boolean };
}

export interface ZoneShift {
  /** The column taken (its name says UTC), and the one it was taken over. */
  utc: string;
  other: string;
  /** other minus utc, in hours (a multiple of 0.25). */
  hours: number;
  rows: number;
}

/**
 * Facts about a column's values that decide whether it can hold users or
 * events. An empty user is a value of its own (Exchange leaves UserId empty
 * on most system rows), so presence weighs in only partly there; an event
 * with no command is a bad row, so an event column must be on every row.
 */
/** A field path under the destination of a connection or request (its leaf then names that side, not the actor). */
const DESTINATION_SIDE = /(^|[._])(dst|dest|destination|target|server|responder)([._]|endpoint|$)/i;

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** A long hex string: a GUID without its dashes, a hash, a hex record id. */
const HEX_ID = /^(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{16,}$/i;

/**
 * A remote address in a record that also has a local one (Defender XDR's RemoteIP beside LocalIP, RemoteUrl/LocalPort):
 * the host wrote the record, so the remote end is the peer, whichever side opened the connection.
 */
export function isPeerAddress(column: string, columns: Iterable<string>): boolean {
  const leaf = (c: string) => normalizeName(c.split('.').pop()!);
  const m = /^remote(ip|ipaddress|address|addr)$/.exec(leaf(column));
  if (!m) return false;
  for (const c of columns) if (/^local(ip|ipaddress|address|addr)$/.test(leaf(c))) return true;
  return false;
}

/** A request's URI or HTTP method (Zeek http.log's uri and method, W3C's cs-uri-stem and cs-method, requestUri, httpMethod). */
const HTTP_REQUEST_FIELD = /^(uri|url|requesturi|requesturl|csuri|csuristem|method|httpmethod|requestmethod|csmethod)$/;

/**
 * A host column in a record of an HTTP request (Zeek http.log's host, W3C's cs-host): the Host header, the server the
 * client asked for, not the machine of the actor. Elsewhere a host is the machine the record is about.
 */
export function isRequestedHost(column: string, columns: Iterable<string>): boolean {
  const leaf = (c: string) => normalizeName(c.split('.').pop()!);
  if (!/^(cs)?host$/.test(leaf(column))) return false;
  for (const c of columns) if (HTTP_REQUEST_FIELD.test(leaf(c))) return true;
  return false;
}

/** The key that says which case of a tagged union an object is: Dropbox's `.tag`/`_tag`, JSON-LD's `@type`, .NET's `$type`. */
const UNION_TAG = /^(.+?)\.(\.tag|_tag|@type|\$type)$/;

/**
 * A tagged union's tag as the event, scored a little under its object's name
 * (Dropbox's `event_type` is an object whose `.tag` says which event): only
 * where that object is named as an event and holds objects.
 */
function taggedUnionOf(column: string, rules: NameRule[], stats: Map<string, ColumnStats>): { parent: string; score: number } | undefined {
  const m = UNION_TAG.exec(column);
  if (!m) return undefined;
  const parent = m[1];
  const st = stats.get(parent);
  const score = nameScore(parent, rules);
  return st && score > 0 && st.objects > st.present / 2 ? { parent, score: 0.9 * score } : undefined;
}

/** The same field of the process itself, where a column describes the parent process (a `parent` segment). */
function parentsOwn(column: string, columns: string[]): string | undefined {
  const parts = column.split('.');
  const k = parts.findIndex((p) => /^parent(_?process)?$/i.test(p));
  if (k < 0) return undefined;
  for (const own of ['process', '']) {
    const c = [...parts.slice(0, k), ...(own ? [own] : []), ...parts.slice(k + 1)].join('.');
    if (c !== column && columns.includes(c)) return c;
  }
  return undefined;
}

/** Leaves that name the thing an object is (its name, id, e-mail). */
const IDENTITY_LEAVES = new Map([['name', 1], ['displayname', 1], ['username', 1], ['login', 1], ['email', 1], ['alternateid', 1], ['id', 0.9]]);

/**
 * A name or id inside an object named as a user that holds objects (Docker events' Actor{ID, Attributes{name}}): the
 * object's identity, scored under the object's name.
 */
function actorObjectOf(column: string, stats: Map<string, ColumnStats>): { parent: string; score: number } | undefined {
  const parts = column.split('.');
  const leaf = IDENTITY_LEAVES.get(normalizeName(parts[parts.length - 1]));
  if (!leaf) return undefined;
  for (let k = parts.length - 2; k >= 0 && k >= parts.length - 3; k--) {
    const parent = parts.slice(0, k + 1).join('.');
    const st = stats.get(parent);
    const score = nameScore(parts[k], PERSON_RULES);
    if (st && score > 0 && st.objects > st.present / 2) return { parent, score: 0.9 * score * leaf };
  }
  return undefined;
}

function shapeOf(st: ColumnStats, n: number, role: 'users' | 'event', tableName = false): { factor: number; notes: string[]; veto?: string } {
  const notes = [`present in ${st.present} of ${n} sampled rows`, `${st.distinct.size} distinct values`];
  if (st.present === 0) return { factor: 0, notes, veto: `empty in all ${n} sampled rows` };
  if (st.objects > st.present / 2) return { factor: 0, notes, veto: 'holds objects, not names' };
  if (st.chars / st.present > 200) return { factor: 0, notes, veto: `values are long texts (${Math.round(st.chars / st.present)} characters on average)` };
  const values = [...st.distinct.keys()];
  // A flag (Zscaler's adminUser, an isAdmin column) names no one and no event.
  if (values.every((v) => /^(true|false)$/i.test(v.trim()))) return { factor: 0, notes, veto: `its values are true or false (${values.join(', ')})` };
  // Log Analytics' Type column names the table a row came from (CarbonBlackAuditLogs_CL), the same for every event in it;
  // a built-in table's name has no suffix (CommonSecurityLog, SecurityEvent), and is told by the table's own columns.
  if (role === 'event' && (values.every((v) => /^[A-Za-z][A-Za-z0-9]*_CL$/.test(v.trim())) || tableName)) {
    return { factor: 0, notes, veto: `its values are Log Analytics table names (${values.slice(0, 2).join(', ')}), not events` };
  }
  if (role === 'event' && values.every((v) => LEVEL_VALUES.has(v.trim().toLowerCase()))) {
    return { factor: 0, notes, veto: `its values are severities or outcomes, not events (${values.slice(0, 4).join(', ')})` };
  }
  // Which half of a call a line is (HashiCorp Vault's audit log writes a request and a response entry per call, `type`),
  // not which call.
  if (role === 'event' && values.every((v) => CALL_PHASE.test(v.trim()))) {
    return { factor: 0, notes, veto: `its values say which half of a call a line is (${values.slice(0, 4).join(', ')}), not which call` };
  }
  // A record's own id (Defender for Cloud Apps' "Event ID" 85526804_15600_<GUID>, a request or correlation id) names one
  // record, not a kind of event: a GUID in most values, each value on one row only.
  // So are GUIDs written without dashes and other long hex strings (Carbon Black's eventId, a file hash).
  if (role === 'event' && st.distinct.size >= 0.9 * st.present && values.filter((v) => GUID.test(v) || HEX_ID.test(v.trim())).length > values.length / 2) {
    return { factor: 0, notes, veto: `its values are record ids (GUIDs or hex strings, ${st.distinct.size} distinct in ${st.present} rows), not events` };
  }
  // A user column counts the rows it names someone on: a placeholder (4294967295, Linux audit's unset login uid) names no one.
  if (role === 'users') {
    const named = namedCount(st);
    if (named === 0) return { factor: 0, notes, veto: `holds no name on any of its ${st.present} sampled rows (${placeholderList(st)})` };
    return { factor: 0.5 + (0.5 * named) / n, notes };
  }
  return { factor: st.present / n, notes };
}

const SCOPE_NAME = /^(account|org|organization|tenant|customer)name$/;
const SCOPE_SIBLING = /^(site|group|org|organization|tenant|customer|account)(name|id)$/;

/** Whether a column names the tenancy a record belongs to: an account or org name beside three or more scope columns at its level. */
function inScope(column: string, columns: string[]): boolean {
  if (!SCOPE_NAME.test(normalizeName(column.split('.').pop()!))) return false;
  const pre = column.includes('.') ? column.slice(0, column.lastIndexOf('.') + 1) : '';
  return columns.filter((o) => o.startsWith(pre) && !o.slice(pre.length).includes('.') && SCOPE_SIBLING.test(normalizeName(o.slice(pre.length)))).length >= 3;
}

/** A request or response line of a call, with a product's prefix (Vault's kmip-request). */
const CALL_PHASE = /^([a-z0-9]+[-_])?(request|response)$/i;

/** A user column found by its values ranks under the names of people and over addresses and hosts. */
const ACCOUNT_VALUES_SCORE = 0.75;
const EMAIL_OR_UPN = /^[^\s@"<>]+@[^\s@"<>]+\.[A-Za-z]{2,}$/;
const DOMAIN_ACCOUNT = /^[A-Za-z0-9][\w.-]*\\[^\\\s]+$/;

/**
 * A sample of what makes a column's values accounts: four in five of its
 * distinct values (placeholders aside) are e-mail addresses, UPNs or
 * DOMAIN\name, on at least half the rows. Undefined otherwise.
 */
function accountShaped(st: ColumnStats, n: number): string | undefined {
  if (st.present < 0.5 * n || st.objects > 0) return undefined;
  const values = [...st.distinct.keys()].filter((v) => !PLACEHOLDERS.has(v.trim().toLowerCase()));
  const accounts = values.filter((v) => EMAIL_OR_UPN.test(v) || DOMAIN_ACCOUNT.test(v));
  return values.length > 0 && accounts.length >= 0.8 * values.length ? JSON.stringify(accounts[0]) : undefined;
}

/** A user column found by its IP addresses, where nothing is named as one, ranks with the names of addresses. */
const ADDRESS_VALUES_SCORE = 0.6;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}$/i;

/** A sample address when nine in ten of a column's values, on nine in ten rows, are IP addresses and it holds more than one. */
function addressShaped(st: ColumnStats, n: number): string | undefined {
  if (st.present < 0.9 * n || st.objects > 0 || st.distinct.size < 2) return undefined;
  let ips = 0;
  let first: string | undefined;
  for (const [v, c] of st.distinct) {
    const t = v.trim();
    if (t.length <= 45 && (IPV4.test(t) || (t.includes(':') && IPV6.test(t)))) {
      ips += c;
      first ??= t;
    }
  }
  return ips >= 0.9 * st.present ? JSON.stringify(first) : undefined;
}

/**
 * The column whose JSON text holds `column` as a key (CSV cells flattened by
 * detection), if any. A record's own nesting is not such a cell: a native JSON
 * object half filled is how its schema says who acted (CloudTrail's
 * userIdentity with only `invokedBy` on an AWS service's rows).
 */
function jsonCellOf(column: string, stats: Map<string, ColumnStats>): string | undefined {
  for (let at = column.indexOf('.'); at > 0; at = column.indexOf('.', at + 1)) {
    const parent = column.slice(0, at);
    const st = stats.get(parent);
    if (st && st.jsonTexts > 0) return parent;
  }
  return undefined;
}

/**
 * A key under what a call was given (CloudTrail's requestParameters.userName
 * and .Host, Databricks' requestParams.targetUserName, Kubernetes'
 * requestObject.metadata.name, CloudTrail's responseElements): it describes
 * the call's subject, never its actor or the event. A bare `request` is not
 * such a parent: Vault's request.operation and request.path are the event.
 */
const CALL_ARGUMENTS = new Set([...PARAM_NAMES[0].names, 'requestparams', 'requestobject', 'responseelements', 'responseobject']);
/**
 * A snapshot of the thing changed, before or after the change (Zscaler's
 * preaction/postaction, `before`/`after` objects, `oldValue`/`newValue`):
 * the changed user's e-mail there is the change's subject, not its actor.
 */
const CHANGE_SNAPSHOTS = new Set(['preaction', 'postaction', 'before', 'after', 'oldvalue', 'newvalue', 'oldvalues', 'newvalues']);
function underCallOrChange(column: string): { parent: string; why: string } | undefined {
  const parts = column.split('.');
  for (let k = parts.length - 2; k >= 0; k--) {
    const name = normalizeName(parts[k]);
    const parent = parts.slice(0, k + 1).join('.');
    if (CALL_ARGUMENTS.has(name)) return { parent, why: 'what the call was given' };
    if (CHANGE_SNAPSHOTS.has(name)) return { parent, why: 'a snapshot of what was changed' };
  }
  return undefined;
}

/** ECS's categorization fields: a few fixed values each, never the event itself. */
const ECS_CATEGORY = /^event\.(type|category|kind|outcome|dataset|module)$/;

/** Every sampled value is a whole number (a uid, an audit id), none a name. */
function allIntegers(st: ColumnStats): boolean {
  return st.present > 0 && [...st.distinct.keys()].every((v) => /^-?\d+$/.test(v.trim()));
}

/** Every value a Windows security identifier (S-1-5-18, S-1-5-21-...-1001): an account's id, not its name. */
function allSids(st: ColumnStats): boolean {
  return st.present > 0 && [...st.distinct.keys()].every((v) => /^S-1-\d+(-\d+)+$/i.test(v.trim()));
}

/**
 * An event column of two or three values (the record's kind: CrowdStrike's
 * stream metadata.eventType, audit or detection) gives way to a candidate
 * named at least half as well that has three times as many values (four at
 * least, yet repeating: not an id) on 60% of the rows or more
 * (event.OperationName).
 */
function kindTagLast(list: ColumnGuess[], stats: Map<string, ColumnStats>, n: number): ColumnGuess[] {
  const [a] = list;
  if (!a || n === 0) return list;
  const da = stats.get(a.column)!.distinct.size;
  if (da < 2 || da > 3) return list;
  const b = list.slice(1).find((g) => {
    const sb = stats.get(g.column)!;
    return g.score >= 0.5 * a.score && sb.distinct.size >= Math.max(4, 3 * da) && sb.distinct.size < 0.5 * sb.present && sb.present >= 0.6 * n;
  });
  return b ? [b, ...list.filter((g) => g !== b)] : list;
}

/**
 * Of two best-scored columns that fit the same (within 2%), the one with more
 * distinct values: an event's own time over a batch's ingestion time, an
 * action over its category. Key order must not decide.
 */
function preferVaried(list: ColumnGuess[], stats: Map<string, ColumnStats>): ColumnGuess[] {
  const [a, b] = list;
  if (!a || !b || b.score < 0.98 * a.score) return list;
  const [da, db] = [stats.get(a.column)!.distinct.size, stats.get(b.column)!.distinct.size];
  return db > da ? [b, a, ...list.slice(2)] : list;
}

/**
 * Of two times that fit about as well, the one with fewer values that read as
 * no time at all goes first: such a value is a bad row at read (Timesketch's
 * epoch `timestamp` beside its ISO `datetime`, where APT-Hunter writes
 * "-11644473600.0" for no time and the ISO column reads it as 1601).
 */
function preferReadable(time: ColumnGuess[], stats: Map<string, ColumnStats>): void {
  const [a, b] = time;
  if (!a || !b || b.score < 0.98 * a.score) return;
  if (stats.get(b.column)!.timeMisses < stats.get(a.column)!.timeMisses) [time[0], time[1]] = [b, a];
}

/** Why a time-named column's values are no times: times of day with no date are said to be so. */
function notTimesWhy(st: ColumnStats): string {
  if (st.clockOnly >= 0.9 * st.present) return `its values are times of day with no date (${JSON.stringify(st.samples[0] ?? '')})`;
  return `${pct(st.times, st.present)} of its values are times between 1990 and 2100`;
}

/** A value that is there: not missing, null or blank. */
const present = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

/** Ranks columns for each role from their names and the shape of their values. */
export function guessColumns(columns: string[], records: Map<string, unknown>[], stats = statsOf(records, columns)): Guesses {
  const n = records.length;
  const rejected: Guesses['rejected'] = { time: [], users: [], event: [] };

  const time = preferVaried(rank(
    columns.map((c) => {
      const st = stats.get(c)!;
      const byName = nameScore(c, TIME_NAMES);
      const share = st.present ? st.times / st.present : 0;
      if (n === 0) return { column: c, score: byName, evidence: byName ? [`name matches a time column (${c})`] : [] };
      if (!byName && share < 0.9) return { column: c, score: 0, evidence: [] };
      // A number with no time's name that most rows lack is no log's time, whatever it reads as (a firewall log's
      // tcpack, filled on TCP rows only, reads as epoch seconds).
      if (!byName && st.present < 0.8 * n) return { column: c, score: 0, evidence: [] };
      if (st.present === 0 || share < 0.3) {
        if (byName) rejected.time.push({ column: c, why: st.present === 0 ? `empty in all ${n} sampled rows` : notTimesWhy(st) });
        return { column: c, score: 0, evidence: [] };
      }
      const evidence: string[] = [];
      if (byName) evidence.push(`name matches a time column (${c})`);
      evidence.push(`${pct(st.times, st.present)} of ${st.present} sampled values are times between 1990 and 2100`);
      if (st.present < n) evidence.push(`present in only ${st.present} of ${n} sampled rows`);
      // Presence weighs in: a time column that some records lack loses to one all records have.
      let score = (st.present / n) * (0.4 * byName + 0.6 * share);
      // A date without a time of day orders no events within a day, unless a column of times of day goes with it (l2tcsv,
      // W3C and firewall logs write the date and the time in two columns; detection reads them as one, date+time).
      const clock = datesAlone(st) ? clockColumnFor(c, stats) : undefined;
      if (datesAlone(st) && !clock) {
        evidence.push(`dates without a time of day (${JSON.stringify(st.samples[0] ?? '')})`);
        score *= 0.5;
      }
      // One time on every row orders nothing: a table's ingestion time, stamped once for a batch (TimeGenerated of a
      // custom-log table) beside the event's own time. A date whose clock varies is no such time: a log that rolls daily
      // has one date in every row.
      if (st.distinct.size === 1 && st.present >= 2 && !(clock && stats.get(clock)!.distinct.size > 1)) {
        evidence.push(`the same value on every sampled row (${JSON.stringify([...st.distinct.keys()][0].slice(0, 40))})`);
        score *= 0.3;
      }
      // When the parent process or the container started (Tetragon's parent.start_time and pod.container.start_time
      // beside process.start_time) is no time of the event.
      const own = parentsOwn(c, columns);
      const thing = own ? undefined : thingTime(c);
      if (own) evidence.push(`describes the parent process (${own} is the process's own)`);
      else if (thing) evidence.push(`the time of the ${thing}, not of the event`);
      if (own || thing) score *= 0.8;
      return { column: c, score, evidence };
    }),
  ), stats);
  // Two times that fit about as well and differ, the second earlier on every row where they do: the first is when the
  // record was ingested (Sentinel's TimeGenerated beside a flow's FlowStartTime), the second the event's own. One such
  // row is enough to order them (a log service's receipt time beside ActionTrail's eventTime, equal but where a record
  // came in late); it takes a fifth of the rows to be said as a doubt.
  preferReadable(time, stats);
  const differ = timesDiffer(time, records, stats, 1);
  // Not for the time of a thing inside the event (the parent process's start, the container's): earlier by nature.
  if (differ?.secondEarlier && thingTime(differ.second) === undefined) {
    const k = time.findIndex((g) => g.column === differ.second);
    [time[0], time[k]] = [time[k], time[0]];
  }
  // The same instants in two zones: a column whose name says UTC (Sysmon's UtcTime) goes first (see zoneShiftOf).
  const zoneShift = zoneShiftOf(time, records, stats);
  if (zoneShift) {
    const k = time.findIndex((g) => g.column === zoneShift.utc);
    time.unshift(...time.splice(k, 1));
  }
  const timeCol = time[0]?.column;

  // One value in every row of a person's column is one actor, which is what an export of one account's activity
  // holds (a search by user, one user's sign-ins, from any number of addresses): it counts against the column only
  // where another person's column varies (on however few rows), or where the one value is a machine's own account (a
  // host's logs, each written as SYSTEM) and a host or address varies. A constant host or address counts against
  // itself beside any user column that varies on most rows (a collector's Computer beside the accounts it logged).
  const varies = (rules: NameRule[], minPresent: number) =>
    columns.some((c) => {
      if (c === timeCol || !nameScore(c, rules) || isRequestedHost(c, columns)) return false;
      const st = stats.get(c)!;
      return st.distinct.size > 1 && st.present >= minPresent && !shapeOf(st, n, 'users').veto;
    });
  // No column named as a person's: one whose values are accounts (user@domain, DOMAIN\\name) names the actor all the same.
  const namedPerson = columns.some((c) => c !== timeCol && nameScore(c, PERSON_RULES) > 0 && stats.get(c)!.present > 0);
  // No column named as a user, host or address holds anything: one whose values are IP addresses names the machine
  // (CrowdStrike's FDR events carry the sensor's address as aip, and UserName only on some event types).
  // A Log Analytics table's own columns: its Type column then holds the table's name (CommonSecurityLog, SecurityEvent).
  const logAnalytics = columns.includes('TenantId') && columns.includes('Type') && (columns.includes('SourceSystem') || columns.includes('_ResourceId'));
  const namedAnyone = columns.some((c) => c !== timeCol && nameScore(c, USER_NAMES) > 0 && stats.get(c)!.present > 0);
  // Person-named columns of words, on half the rows or more.
  const namedPeople = columns.filter((c) => c !== timeCol && nameScore(c, PERSON_RULES) > 0 && stats.get(c)!.present >= 0.5 * n && !allIntegers(stats.get(c)!) && !allSids(stats.get(c)!));
  // Of those, the ones whose values are accounts (e-mail addresses, UPNs, DOMAIN\\name).
  const accountPeople = namedPeople.filter((c) => accountShaped(stats.get(c)!, n) !== undefined);
  const hasEcsAction = columns.some((c) => /^event\.(action|code)$/.test(c) && stats.get(c)!.present > 0);
  // Linux audit records (their time auditd's `audit(<epoch>:<serial>):` stamp): `type` is the record type (SYSCALL,
  // USER_LOGIN, EXECVE), the event of every record, where `op` is a field of some record types only.
  const auditRecords = timeCol !== undefined && (stats.get(timeCol)?.samples ?? []).some((v) => v.startsWith('audit('));
  const roleGuesses = (rules: NameRule[], role: 'users' | 'event', label: string): ColumnGuess[] =>
    rank(
      columns.map((c) => {
        const st = stats.get(c)!;
        const accounts = role === 'users' && !namedPerson && n > 0 && c !== timeCol && !nameScore(c, rules) ? accountShaped(st, n) : undefined;
        const addresses = role === 'users' && !accounts && !namedAnyone && n > 0 && c !== timeCol && !nameScore(c, rules) ? addressShaped(st, n) : undefined;
        const union = role === 'event' && !nameScore(c, rules) ? taggedUnionOf(c, rules, stats) : undefined;
        const owner = role === 'users' && !nameScore(c, rules) ? actorObjectOf(c, stats) : undefined;
        const auditType = role === 'event' && auditRecords && c === 'type';
        const byName = accounts ? ACCOUNT_VALUES_SCORE : addresses ? ADDRESS_VALUES_SCORE : union ? union.score : owner ? owner.score : auditType ? 1 : nameScore(c, rules);
        if (!byName || c === timeCol) return { column: c, score: 0, evidence: [] };
        const args = underCallOrChange(c);
        if (args) {
          rejected[role].push({ column: c, why: `a key of ${args.parent}, ${args.why}, not ${role === 'users' ? 'who acted' : 'the event'}` });
          return { column: c, score: 0, evidence: [] };
        }
        // ECS's categorization fields (event.type, event.category, ...) hold a few fixed values for any event; the
        // event is event.action (or event.code) when the record has one.
        if (role === 'event' && ECS_CATEGORY.test(c) && hasEcsAction) {
          rejected.event.push({ column: c, why: 'an ECS category of events (event.action names the event)' });
          return { column: c, score: 0, evidence: [] };
        }
        if (n === 0) return { column: c, score: byName, evidence: [`name matches ${label} (${c})`] };
        // A column named as an id whose values are mostly phrases holds something else (Pulse Secure's EventID holds
        // the user's roles, "Personal_PC No MSTSC"): ids have no blanks (Windows event numbers, CEF class ids).
        if (role === 'event' && /(id|identifier)$/.test(normalizeName(c))) {
          const values = [...stats.get(c)!.distinct.keys()];
          if (values.length > 0 && values.filter((v) => /\S\s+\S/.test(v.trim())).length > values.length / 2) {
            rejected.event.push({ column: c, why: `named as an id, its values are phrases (${JSON.stringify(values.find((v) => /\s/.test(v.trim()))!.slice(0, 40))})` });
            return { column: c, score: 0, evidence: [] };
          }
        }
        // An event column that holds only placeholders ("-" where Windows had no process for a failed network logon) names
        // no event on any row.
        if (role === 'event' && st.present > 0 && [...st.distinct.keys()].every((v) => PLACEHOLDERS.has(v.trim().toLowerCase()))) {
          rejected.event.push({ column: c, why: `holds no value but ${[...st.distinct.keys()].map((v) => JSON.stringify(v)).join(', ')} on its ${st.present} sampled rows` });
          return { column: c, score: 0, evidence: [] };
        }
        const shape = shapeOf(st, n, role, role === 'event' && c === 'Type' && logAnalytics && st.distinct.size === 1 && /^[A-Za-z][A-Za-z0-9]*$/.test([...st.distinct.keys()][0]));
        if (shape.veto) {
          rejected[role].push({ column: c, why: shape.veto });
          return { column: c, score: 0, evidence: [] };
        }
        const evidence = [
          accounts
            ? `its values are accounts (${accounts}), though its name is not a user column's`
            : addresses
              ? `its values are IP addresses (${addresses}), and no column is named as a user, host or address`
              : union
                ? `the tag of ${union.parent}, a tagged union named as ${label}`
                : `name matches ${label} (${c})`,
          ...shape.notes,
        ];
        let factor = shape.factor;
        if (owner) evidence.push(`names ${owner.parent}, an object named as ${label}`);
        // A name that also names the entity (process.pod.name: the pod) says who or where, not what was done.
        if (role === 'event' && nameScore(c, USER_NAMES) > 0) {
          evidence.push('also named as a user/host column');
          factor *= 0.5;
        }
        // The parent process's fields beside the process's own (Tetragon parent.binary beside process.binary): the event is the process's.
        const own = parentsOwn(c, columns);
        if (own) {
          evidence.push(`describes the parent process (${own} is the process's own)`);
          factor *= 0.8;
        }
        // A key inside the JSON text of a cell (a CSV export's ExtendedProperties, AdditionalFields) that most rows
        // lack: each row's JSON says what it likes, and a name only some rows carry does not name the log's actor.
        const cell = role === 'users' && st.present < 0.5 * n ? jsonCellOf(c, stats) : undefined;
        if (cell) {
          evidence.push(`a key inside the JSON of ${cell}, on ${st.present} of ${n} sampled rows`);
          factor *= st.present / n;
        }
        // OCSF's `unmapped` object: the source's own fields that the schema did not map, beside the mapped ones that say
        // the same in OCSF's terms (unmapped.eventType, a category, beside api.operation).
        if (/^unmapped\./.test(c)) {
          evidence.push('a source field OCSF left unmapped');
          factor *= 0.8;
        }
        // ECS destination.ip, OCSF dst_endpoint.ip: the side acted upon, not the actor.
        if (role === 'users' && DESTINATION_SIDE.test(c.split('.').slice(0, -1).join('.'))) {
          evidence.push('on the destination side');
          factor *= 0.3;
        }
        // Defender's Device*Events (LocalIP beside RemoteIP) and other host-written connection records: the remote
        // address is the peer the host talked to, not the actor.
        if (role === 'users' && isPeerAddress(c, columns)) {
          evidence.push('the remote end of a connection (a local address is beside it)');
          factor *= 0.3;
        }
        // An HTTP request's Host header (Zeek http.log's host beside uri and method): the server asked, not the actor.
        if (role === 'users' && isRequestedHost(c, columns)) {
          evidence.push('the host an HTTP request asked for (the server), beside the request\'s URI or method');
          factor *= 0.3;
        }
        // A number where a name could be (ECS user.id, a uid or an audit id beside user.name): the name tells people apart
        // in words the analyst knows, and is preferred.
        // Linux audit's login identity names the session's person whatever account they acted as (vocabulary.ts): its
        // numbers are not marked down beside names, and one value on every row is one person's login, not a gap.
        const loginIdentity = role === 'users' && LOGIN_IDENTITY.has(normalizeName(c));
        if (loginIdentity) evidence.push('the login identity (audit uid), kept through su and sudo');
        if (role === 'users' && !loginIdentity && nameScore(c, PERSON_RULES) > 0 && allIntegers(st) && namedPeople.some((o) => o !== c)) {
          evidence.push('numbers (an id) beside a column of names');
          factor *= 0.5;
        } else if (role === 'users' && nameScore(c, PERSON_RULES) > 0 && allSids(st) && namedPeople.some((o) => o !== c)) {
          // Windows event XML's System.Security.UserID (Sysmon's is SYSTEM's, S-1-5-18) beside EventData.User's names.
          evidence.push('Windows security identifiers (an id) beside a column of names');
          factor *= 0.5;
        } else if (role === 'users' && /id$/.test(normalizeName(c.split('.').pop()!)) && !accountPeople.includes(c) && accountPeople.some((o) => o !== c)) {
          // An opaque id (a Claude actor's user_id, CyberArk's userId) beside a column of the same people's accounts:
          // the account names them as the analyst knows them.
          evidence.push(`an id beside a column of account names (${accountPeople.find((o) => o !== c)})`);
          factor *= 0.8;
        }
        // An account, org or tenant name beside the record's site and group (SentinelOne's accountName, siteName,
        // groupName): the scope the record belongs to, not a person.
        if (role === 'users' && inScope(c, columns)) {
          evidence.push('a scope of the record (beside its site or group), not a person');
          factor *= 0.4;
        }
        const constant = st.distinct.size === 1 && st.present >= 5;
        const unique = st.distinct.size === st.present && st.present >= 20;
        if (constant) {
          evidence.push(`the same value on every sampled row (${JSON.stringify([...st.distinct.keys()][0].slice(0, 60))})`);
          if (role === 'event') factor *= 0.2;
          else if (loginIdentity) {
            // Kept: one login's work.
          } else if (nameScore(c, PERSON_RULES) > 0 ? personsVary || (usersVary && machineAccount([...st.distinct.keys()][0])) : usersVary) factor *= 0.4;
        } else if (role === 'event' && st.distinct.size <= 3 && st.present >= 50) {
          evidence.push(`only ${st.distinct.size} distinct values in ${st.present} sampled rows`);
          factor *= 0.5;
        } else if (unique) {
          evidence.push('a different value on every sampled row');
          factor *= role === 'event' ? 0.3 : 0.6;
        }
        return { column: c, score: byName * factor, evidence };
      }),
    );
  const [personsVary, usersVary] = [varies(PERSON_RULES, 2), varies(USER_NAMES, 0.5 * n)];
  const users = roleGuesses(USER_NAMES, 'users', 'a user/host/address column');
  markComplements(users, records, stats);
  preferCompleteAlias(users, records, stats);
  preferLoginIdentity(users, stats);
  const event = actorAsEvent(preferVaried(kindTagLast(roleGuesses(EVENT_NAMES, 'event', 'an event column'), stats, n), stats), users[0]?.column, records);

  // Of two params columns that fit as well, the one with more distinct values says more about each event (Entra
  // AuditLogs' TargetResources, what was acted on, over AdditionalDetails' few user agents).
  const params = preferVaried(rank(
    columns.map((c) => {
      const byName = nameScore(c, PARAM_NAMES);
      // ECS http.request / http.response: the request's method, size and referrer, not what a command was given.
      // Nor the object that holds the event (Vault's `request` beside the event request.operation): that is the whole call.
      const holdsEvent = event[0] !== undefined && event[0].column.startsWith(c + '.');
      if (!byName || c === timeCol || c === event[0]?.column || holdsEvent || /^http\.(request|response)(\.|$)/.test(c)) return { column: c, score: 0, evidence: [] };
      const st = stats.get(c)!;
      // The params reader takes text starting with { or [ as JSON: a column of Python reprs would fail every row.
      if (st.present > 0 && st.badJson > st.present / 2) return { column: c, score: 0, evidence: [] };
      if (st.objects > 0 && idsOnly(c, records)) return { column: c, score: 0, evidence: [`its objects hold only ids (${st.samples[0] ?? ''})`] };
      const evidence = [`name matches a params column (${c})`];
      const own = parentsOwn(c, columns);
      if (own) evidence.push(`describes the parent process (${own} is the process's own)`);
      if (st.present) evidence.push(`${pct(st.objects, st.present)} of values are JSON objects/arrays`, `present in ${st.present} of ${n} sampled rows`);
      // Plain text is read as a command line (-Name value): only a command-line column holds that; other text is not params.
      const shaped = st.objects > 0 ? 1 : /commandline|arguments|args/i.test(c) ? 1 : 0;
      // Presence weighs in fully: a command line only a few rows carry (Defender's ProcessCommandLine, on process
      // creation rows of a union of tables) gives most events no params, while a column on most rows describes them.
      return { column: c, score: (own ? 0.8 : 1) * (n === 0 ? byName : byName * shaped * (st.present > 0 ? Math.max(0.1, st.present / n) : 0.1)), evidence };
    }),
  ), stats);
  // A params column on fewer than one row in ten gives almost no event params (a Security log's CommandLine on the few
  // 4688 rows of a mix of events, go-libaudit's process.args on one record in fifteen): none is taken, and that is said.
  // So too for one on fewer than one in ten of the rows that have the event (CrowdStrike's stream: CommandLine on the
  // detection records, the event OperationName on the audit records).
  let rareParams: Guesses['rareParams'];
  const withEvent = event[0] ? records.filter((r) => present(r.get(event[0].column))) : [];
  const rareAmong = (g: ColumnGuess): { present: number; of: number } | undefined => {
    const st = stats.get(g.column)!;
    if (n >= 10 && st.present < 0.1 * n) return { present: st.present, of: n };
    const both = withEvent.filter((r) => present(r.get(g.column))).length;
    return withEvent.length >= 10 && both < 0.1 * withEvent.length ? { present: both, of: withEvent.length } : undefined;
  };
  const rare = params[0] && rareAmong(params[0]);
  if (rare) {
    rareParams = { column: params[0].column, ...rare, ofEventRows: rare.of !== n };
    params.splice(0, params.length, ...params.filter((g) => !rareAmong(g)));
  }
  // Beside a zone shift the other zone's columns are not said to differ: the note says why they do.
  const differs = timesDiffer(time, records, stats);
  const sameShift = zoneShift && differs && (differs.second === zoneShift.other || sameValues(stats.get(differs.second), stats.get(zoneShift.other)));
  return { guesses: { time, users, event, params }, rejected, timesDiffer: sameShift ? undefined : differs, zoneShift, ...(rareParams ? { rareParams } : {}) };
}

/**
 * The best time column against each other that fits about as well, in score
 * order: the first that tells instants more than a second apart from it on
 * `minRows` sampled rows (by default a fifth of them, at least one). Copies
 * of the best (a collector's @timestamp beside the event's TimeCreated) are
 * passed over, so a third column that disagrees (Sysmon's UtcTime hours off
 * both) is still said.
 */
function timesDiffer(time: ColumnGuess[], records: Map<string, unknown>[], stats: Map<string, ColumnStats>, minRows?: number): Guesses['timesDiffer'] {
  const a = time[0];
  if (!a) return undefined;
  // Each column read the way the run would read it (day or month first, decided per column).
  const fa = decideTimeFormat(a.column, stats.get(a.column)!).format;
  const x = { ms: 0, ns: 0 };
  const y = { ms: 0, ns: 0 };
  for (const b of time.slice(1)) {
    if (b.score < 0.85 * a.score) break;
    const fb = decideTimeFormat(b.column, stats.get(b.column)!).format;
    let of = 0;
    let rows = 0;
    let firstLater = 0;
    for (const r of records) {
      const [va, vb] = [r.get(a.column), r.get(b.column)];
      if (!(typeof va === 'string' || typeof va === 'number') || !(typeof vb === 'string' || typeof vb === 'number')) continue;
      if (!parseTime(va, x, fa) || !parseTime(vb, y, fb)) continue;
      of++;
      if (Math.abs(x.ms - y.ms) > 1000) rows++;
      if (x.ms - y.ms > 1000) firstLater++;
    }
    if (of > 0 && rows >= (minRows ?? Math.max(1, 0.2 * of))) return { first: a.column, second: b.column, rows, of, secondEarlier: firstLater === rows };
  }
  return undefined;
}

/**
 * Objects that hold only the ids of the record or request itself (OCSF's api.request, `{"uid": <the request's id>}`;
 * a request, correlation, trace or event id): they name the record, not what a command was given. An id of something
 * acted on (Alibaba's `{"RegionId": ...}`) is a parameter.
 */
const RECORD_ID_KEY = /^(u?u?id|guid|(request|correlation|trace|span|event|record|activity|operation)[_-]?(u?id|guid))$/i;
function idsOnly(column: string, records: Map<string, unknown>[]): boolean {
  let objects = 0;
  for (const r of records) {
    let v = r.get(column);
    if (typeof v === 'string' && /^\s*\{/.test(v)) {
      try {
        v = JSON.parse(v);
      } catch {
        return false;
      }
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) continue;
    const keys = Object.keys(v);
    if (keys.length === 0 || keys.some((k) => !RECORD_ID_KEY.test(k))) return false;
    objects++;
  }
  return objects > 0;
}

/** Two columns with the same sampled values, as often each (a collector's @timestamp copying TimeCreated). */
/**
 * The best event column marked down to a tenth when it holds the same value as
 * the best user column on every sampled row that has both: it names who
 * acted, not what they did (a service principal's sign-ins, whose
 * appDisplayName is the principal signing in).
 */
function actorAsEvent(event: ColumnGuess[], user: string | undefined, records: Map<string, unknown>[]): ColumnGuess[] {
  const first = event[0];
  if (!first || !user || first.column === user) return event;
  let both = 0;
  for (const r of records) {
    const [e, u] = [r.get(first.column), r.get(user)];
    if (!present(e) || !present(u)) continue;
    if (String(e) !== String(u)) return event;
    both++;
  }
  if (both === 0) return event;
  const down = { ...first, score: first.score * 0.1, evidence: [...first.evidence, `the same as the user column ${user} on each of the ${both} sampled rows that have both: it names who acted, not what they did`] };
  return [down, ...event.slice(1)].sort((a, b) => b.score - a.score);
}

function sameValues(x: ColumnStats | undefined, y: ColumnStats | undefined): boolean {
  return !!x && !!y && x.distinct.size === y.distinct.size && [...x.distinct].every(([k, c]) => y.distinct.get(k) === c);
}

const QUARTER_HOUR_MS = 15 * 60_000;

/**
 * The best time column and one that fits about as well whose name says UTC
 * (Sysmon's `UtcTime`, a portal's `[UTC]`), apart by the same whole number of
 * quarter hours on every sampled row, give or take two minutes of a
 * collector's delay: the same instants, the best written in another zone and
 * read as UTC (NXLog's `EventTime` in the machine's local time with no zone;
 * a collector's `@timestamp` that labels local time `Z`). The UTC one is the
 * event's instant. Undefined when the best says UTC itself, or no such pair.
 */
function zoneShiftOf(time: ColumnGuess[], records: Map<string, unknown>[], stats: Map<string, ColumnStats>): ZoneShift | undefined {
  const a = time[0];
  const saysUtc = (c: string) => /utc/i.test(c);
  if (!a || saysUtc(a.column)) return undefined;
  const fa = decideTimeFormat(a.column, stats.get(a.column)!).format;
  const x = { ms: 0, ns: 0 };
  const y = { ms: 0, ns: 0 };
  for (const b of time.slice(1)) {
    if (b.score < 0.85 * a.score) break;
    if (!saysUtc(b.column)) continue;
    const fb = decideTimeFormat(b.column, stats.get(b.column)!).format;
    let quarters: number | undefined;
    let rows = 0;
    let both = 0;
    let steady = true;
    for (const r of records) {
      const [va, vb] = [r.get(a.column), r.get(b.column)];
      if (!(typeof va === 'string' || typeof va === 'number') || !(typeof vb === 'string' || typeof vb === 'number')) continue;
      both++;
      if (!parseTime(va, x, fa) || !parseTime(vb, y, fb)) continue;
      const d = x.ms - y.ms;
      const q = Math.round(d / QUARTER_HOUR_MS);
      // A whole shift of up to two days (a clock a day off as well as its zone), the same on every row.
      if (q === 0 || Math.abs(q) > 192 || Math.abs(d - q * QUARTER_HOUR_MS) > 120_000 || (quarters !== undefined && q !== quarters)) {
        steady = false;
        break;
      }
      quarters = q;
      rows++;
    }
    if (steady && quarters !== undefined && rows >= 3 && rows >= 0.9 * both) return { utc: b.column, other: a.column, hours: quarters / 4, rows };
  }
  return undefined;
}

/**
 * Two person's columns that each name the actor on rows the other leaves empty (Entra's SignInLogs name the user in
 * userPrincipalName, its AuditLogs in initiatedBy.user.userPrincipalName; a union of the two has each on its own
 * rows): together they name the actor on nearly every row, where either alone would leave the other's rows to an
 * address or to one "(missing)" actor. Each is marked with the best-scored other that complements it.
 */
function markComplements(users: ColumnGuess[], records: Map<string, unknown>[], stats: Map<string, ColumnStats>): void {
  const n = records.length;
  if (n < 5) return;
  // A placeholder ("-" where Windows names no account) names no one: its rows are the other column's to name.
  const has = (r: Map<string, unknown>, c: string) => {
    const v = r.get(c);
    return v !== undefined && v !== null && v !== '' && !(typeof v === 'string' && !namesSomeone(v));
  };
  const named = (g: ColumnGuess) => namedCount(stats.get(g.column)!);
  const persons = users.filter((g) => g.score > 0 && nameScore(g.column, PERSON_RULES) > 0 && named(g) >= 0.1 * n && named(g) < 0.95 * n);
  const leaf = (c: string) => normalizeName(c.split('.').pop()!);
  for (const a of persons) {
    // The same field under another parent first (initiatedBy.user.userPrincipalName with userPrincipalName): the same
    // kind of name, where an id column beside it would key the same people by other values.
    const others = [...persons.filter((b) => leaf(b.column) === leaf(a.column)), ...persons.filter((b) => leaf(b.column) !== leaf(a.column))];
    for (const b of others) {
      if (a === b) continue;
      let both = 0;
      let either = 0;
      for (const r of records) {
        const [x, y] = [has(r, a.column), has(r, b.column)];
        if (x && y) both++;
        if (x || y) either++;
      }
      const fewer = Math.min(named(a), named(b));
      if (both <= 0.05 * fewer && either >= 0.95 * n) {
        a.complement = b.column;
        break;
      }
    }
  }
}

/**
 * The best person's column empty on some rows, and another person's column
 * that scores about as well, is on (nearly) every row and names the same
 * people where both are filled, one name to one name (CloudTrail's
 * userIdentity.arn, empty on failed console sign-ins, beside
 * userIdentity.userName; an account's e-mail beside its login name): the
 * complete one goes first, so the rows the first leaves empty keep their
 * person instead of falling to an address or one "missing" actor.
 */
function preferCompleteAlias(users: ColumnGuess[], records: Map<string, unknown>[], stats: Map<string, ColumnStats>): void {
  const n = records.length;
  const best = users[0];
  if (n < 5 || !best || best.score <= 0 || best.complement || nameScore(best.column, PERSON_RULES) === 0) return;
  const named = (c: string) => namedCount(stats.get(c)!);
  if (named(best.column) >= 0.95 * n) return;
  const text = (r: Map<string, unknown>, c: string) => {
    const v = cellText(r.get(c));
    return v !== undefined && namesSomeone(v) ? v : undefined;
  };
  const found: { alias: ColumnGuess; both: number }[] = [];
  for (const alias of users.slice(1)) {
    if (alias.score < 0.85 * best.score) break;
    if (nameScore(alias.column, PERSON_RULES) === 0 || named(alias.column) < 0.95 * n) continue;
    // One to one where both name someone: each value of the one always beside the same value of the other.
    const there = new Map<string, string>();
    const back = new Map<string, string>();
    let both = 0;
    let same = true;
    for (const r of records) {
      const [a, b] = [text(r, best.column), text(r, alias.column)];
      if (a === undefined || b === undefined) continue;
      both++;
      if ((there.get(a) ?? b) !== b || (back.get(b) ?? a) !== a) {
        same = false;
        break;
      }
      there.set(a, b);
      back.set(b, a);
    }
    if (same && both >= 2 && both >= 0.5 * named(best.column)) found.push({ alias, both });
  }
  // Of names and ids for the same people (userName, principalId), the name: it is what the analyst knows them by.
  const pick = found.find((f) => !/id$/.test(normalizeName(f.alias.column.split('.').pop()!))) ?? found[0];
  if (!pick) return;
  const { alias, both } = pick;
  alias.evidence.push(`names the same people as ${best.column} (one to one on ${both} rows) and is on ${named(alias.column)} of ${n} sampled rows, where ${best.column} is on ${named(best.column)}`);
  alias.score = Math.max(alias.score, best.score);
  users.splice(users.indexOf(alias), 1);
  users.unshift(alias);
}

/**
 * Linux audit's login identity (vocabulary.ts, LOGIN_IDENTITY) first, when it
 * fits about as well as the best and names someone on as many rows: the
 * record's user is whom the person acted as (root after sudo), the login
 * identity the person. Rows where it is unset (4294967295, a daemon's) name no
 * one, so a log mostly of daemons keeps the user it names.
 */
function preferLoginIdentity(users: ColumnGuess[], stats: Map<string, ColumnStats>): void {
  const best = users[0];
  if (!best || best.score <= 0 || LOGIN_IDENTITY.has(normalizeName(best.column))) return;
  const k = users.findIndex((g) => LOGIN_IDENTITY.has(normalizeName(g.column)));
  if (k < 0) return;
  const login = users[k];
  if (login.score < 0.85 * best.score || namedCount(stats.get(login.column)!) < 0.95 * namedCount(stats.get(best.column)!)) return;
  users.splice(k, 1);
  users.unshift(login);
}

/** A sampled value as the reader would take it: text as is, a number or boolean as its text; undefined otherwise. */
function cellText(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** A Windows event ID, or a value that starts with one ("4624 - An account was successfully logged on."). */
const WINDOWS_EVENT_ID = /^\s*\d{3,5}(?![0-9A-Za-z_])/;

/**
 * Windows Security names the account logging on in TargetUserName (4624, 4625,
 * Kerberos, NTLM) and the account acting in SubjectUserName (4672, 4688,
 * 4720...): which one is the actor depends on the event ID, and a log that
 * mixes them has no one right column. When the chosen users read either (or
 * both, coalesced), the event column holds Windows event IDs, and some sampled
 * row is an event whose account is its TargetUserName, the user entry reads
 * TargetUserName on those events and SubjectUserName on the others
 * (windowsActorEntry). A log with an actor column of its own (Sentinel's
 * `Account`) chose it and keeps it. A host paired with the user (because
 * SubjectUserName was empty on many rows) goes when the entry names someone on
 * nearly every sampled row.
 */
export function windowsActor(users: string[], event: string | undefined, columns: string[], records: Map<string, unknown>[]): string[] {
  if (event === undefined || users.length === 0 || records.length === 0) return users;
  // The two accounts under one parent (EventData., event_data., or none), however the export cases them.
  const split = (c: string) => ({ parent: c.slice(0, c.lastIndexOf('.') + 1), leaf: c.slice(c.lastIndexOf('.') + 1).toLowerCase() });
  const pair = columns
    .filter((c) => split(c).leaf === 'subjectusername')
    .map((subject) => ({ subject, target: columns.find((c) => split(c).leaf === 'targetusername' && split(c).parent === split(subject).parent) }))
    .find((p): p is { subject: string; target: string } => p.target !== undefined && users.some((u) => userParts(u).some((c) => c === p.subject || c === p.target)));
  if (!pair) return users;
  const events = records.map((r) => cellText(r.get(event)));
  const given = events.filter((e) => e !== undefined && e.trim() !== '');
  if (given.length === 0 || given.filter((e) => WINDOWS_EVENT_ID.test(e!)).length < 0.8 * given.length) return users;
  const targetEvents = new Set(TARGET_ACCOUNT_EVENTS);
  if (!records.some((r, i) => eventIn(events[i], targetEvents) && namesSomeone(cellText(r.get(pair.target))))) return users;
  const entry = windowsActorEntry(pair.subject, pair.target);
  const plan = userPlan([entry]);
  const out: (string | undefined)[] = [undefined];
  const named = records.filter((r, i) => namesSomeone(coalesceUsers(plan, [cellText(r.get(pair.target)), cellText(r.get(pair.subject))], out, events[i])[0])).length;
  const others = users.filter((u) => !userParts(u).some((c) => c === pair.subject || c === pair.target));
  return named >= 0.95 * records.length ? [entry] : [entry, ...others];
}

/**
 * Users for the default mapping: the best user column; with it an address
 * column when the user is empty on more than 5% of rows (the reference
 * notebook pairs Exchange's UserId, empty on system rows, with ClientIP, so
 * the address tells those actors apart); the address alone when nearly
 * every row has the same user (an anonymous principal) and the address
 * varies.
 */
export function chooseUsers(users: ColumnGuess[], stats?: Map<string, ColumnStats>, n = 0, records?: Map<string, unknown>[]): string[] {
  if (users.length === 0) return [];
  const isAddress = (g: ColumnGuess) => nameScore(g.column, ADDRESS_RULE) > 0;
  const isPerson = (g: ColumnGuess) => nameScore(g.column, PERSON_RULES) > 0;
  // No person's column: a client's address that scores above a host names the actor; in an access or flow log the
  // host is the server that wrote the record (Application Gateway's properties.host, the request's Host header).
  if (!users.some(isPerson) && isAddress(users[0]) && (!stats || n === 0 || stats.get(users[0].column)!.present >= 0.95 * n)) return [users[0].column];
  const best = users.find((g) => !isAddress(g)) ?? users[0];
  // Two person's columns, each on the other's empty rows: both, and no address (every row has a person). A pair of the
  // same field under two parents (userPrincipalName, initiatedBy.user.userPrincipalName) first, when it scores about
  // as well: it keys both kinds of row by the same kind of name, where an id column tied with the name would not.
  const leaf = (c: string) => normalizeName(c.split('.').pop()!);
  const paired = users.find((g) => g.complement && isPerson(g) && leaf(g.column) === leaf(g.complement) && g.score >= 0.9 * best.score) ?? best;
  // Taken as one coalesced column (`a|b`: a where it names someone, else b), the more often named first, so one
  // person named in both kinds of row is one actor.
  if (paired.complement && isPerson(paired)) {
    const pair = [paired.column, paired.complement];
    if (stats && namedCount(stats.get(pair[1])!) > namedCount(stats.get(pair[0])!)) pair.reverse();
    return [coalescedEntry(pair)];
  }
  const address = users.find((g) => isAddress(g) && g.column !== best.column && !(stats && isPeerAddress(g.column, stats.keys())));
  // A person's column that many rows lack, in a timeline that names the machine on more rows than the person and than
  // any address (plaso's username, on the few records that have one, beside hostname): the rows without a person are
  // told apart by their host, not all merged into one "(missing)" actor.
  if (stats && n > 0 && isPerson(best)) {
    const present = (g: ColumnGuess | undefined) => (g ? stats.get(g.column)!.present : 0);
    // A host with one value tells no rows apart.
    const hosts = users.filter((g) => g.column !== best.column && !isPerson(g) && !isAddress(g) && stats.get(g.column)!.distinct.size > 1);
    const host = hosts.sort((a, b) => present(b) - present(a))[0];
    if (host && present(best) < 0.95 * n && present(host) > present(best) && present(host) > present(address)) return [best.column, host.column];
  }
  if (!address || isAddress(best)) return [best.column];
  if (!stats || n === 0) return [best.column, address.column];
  const [b, a] = [stats.get(best.column)!, stats.get(address.column)!];
  if (a.present === 0) return [best.column];
  // A key inside a cell's JSON on a row or two (an alert's ExtendedProperties "IP address" on one row of 96) is no
  // column of the log's to pair. A column of its own is paired however sparse it is, as the reference notebook pairs
  // Exchange's ClientIP (on 1 of the demo data's first 200 rows) with UserId.
  if (b.present < 0.95 * n && jsonCellOf(address.column, stats) && a.present < Math.max(2, 0.05 * n)) return [best.column];
  if (b.present >= 0.95 * n && topCount(b) >= 0.95 * b.present && a.distinct.size > 1 && anonymous(topValue(b))) return [address.column];
  // An address inside a cell's JSON with no value on any row the user leaves empty tells no more actors apart (Duo's
  // description JSON, whose IP is only on rows that name the user).
  if (records && b.present < 0.95 * n && jsonCellOf(address.column, stats) && !records.some((r) => !present(r.get(best.column)) && present(r.get(address.column)))) return [best.column];
  return b.present < 0.95 * n ? [best.column, address.column] : [best.column];
}

/**
 * A principal that names no one (S3's ANONYMOUS_PRINCIPAL, "anonymous", an
 * unauthenticated caller, a placeholder): on nearly every row it leaves the
 * address to tell actors apart. A real account on every row is an export of
 * that account's activity, read by the account.
 */
function anonymous(value: string | undefined): boolean {
  if (value === undefined) return false;
  return PLACEHOLDERS.has(value.trim().toLowerCase()) || /anonym|unauthenticated|\bunknown\b|\bguest\b|\bnobody\b/i.test(value);
}

/** A machine's own account, as Windows and Linux write it for what the system itself did. */
function machineAccount(value: string): boolean {
  return /^(s-1-5-(18|19|20)|system|localsystem|local ?service|network ?service|nt authority\\.*|root)$/i.test(value.trim());
}

/** The commonest value. */
function topValue(st: ColumnStats): string | undefined {
  let top: string | undefined;
  let count = 0;
  for (const [v, c] of st.distinct) if (c > count) [top, count] = [v, c];
  return top;
}

/** How often the commonest value was seen. */
function topCount(st: ColumnStats): number {
  let top = 0;
  for (const c of st.distinct.values()) if (c > top) top = c;
  return top;
}

/**
 * How the chosen time column's slashed dates are to be read: day first when
 * some first field is over 12, month first when some second field is, and a
 * doubt when neither or both.
 */
export function decideTimeFormat(column: string, st: ColumnStats): { format?: TimeFormat; doubt?: Doubt } {
  if (st.slashed === 0) return {};
  if (st.dayFirst > 0 && st.monthFirst > 0) {
    return { format: 'mdy', doubt: { role: 'timeFormat', text: `time column ${column}: some dates can only be day-first and others only month-first; read month first — set the time format (--time-format dmy|mdy) if that is wrong` } };
  }
  if (st.dayFirst > 0) return { format: 'dmy' };
  if (st.monthFirst > 0) return { format: 'mdy' };
  // Dates written with dots (01.05.2024) are day-first in every locale that writes them so (German, Russian, Polish,
  // Czech, Finnish, Norwegian, Turkish...): read so, and said, without asking.
  if (st.dotted === st.slashed) {
    return { format: 'dmy', doubt: { role: 'timeFormat', note: true, text: `time column ${column}: dates such as ${JSON.stringify(st.samples[0] ?? '')} are written with dots, which every locale that does so writes day-first; read day first — set the time format (--time-format mdy) if they are month-first` } };
  }
  return { format: 'mdy', doubt: { role: 'timeFormat', text: `time column ${column}: dates such as ${JSON.stringify(st.samples[0] ?? '')} could be day-first or month-first; read month first — set the time format (--time-format dmy) if they are day-first` } };
}

/** Whether a time column's times are dates without a time of day (`01/22/2012`). */
function datesAlone(st: ColumnStats): boolean {
  return st.times > 0 && st.dateOnly >= 0.9 * st.times;
}

/**
 * The column holding the time of day that goes with a time column of dates
 * alone (plaso's l2tcsv: `date` 01/22/2012 beside `time` 07:52:33), when
 * there is one on nearly every row that has a date; the two are read as one
 * time, `date+time` (csv.ts resolveColumns).
 */
export function clockColumnFor(time: string, stats: Map<string, ColumnStats>): string | undefined {
  const st = stats.get(time);
  if (!st || !datesAlone(st)) return undefined;
  return [...stats].find(([c, s]) => c !== time && s.present >= 0.9 * st.present && s.clockOnly >= 0.9 * s.present)?.[0];
}

/** What makes a mapping doubtful, in the user's words (empty when detection is sure). */
export function doubtsOf(g: Guesses, users: string[], stats: Map<string, ColumnStats>, n: number, timeJoined = false): Doubt[] {
  const doubts: Doubt[] = [];
  const say = (role: Doubt['role'], text: string, note?: true) => doubts.push(note ? { role, text, note } : { role, text });
  // Two columns with the same values (AuditLogs' OperationName and ActivityDisplayName) are no choice to doubt.
  const alt = (list: ColumnGuess[]) => (list[1] && list[1].score >= 0.85 * list[0].score && !sameValues(stats.get(list[0].column), stats.get(list[1].column)) ? ` (${list[1].column} fits nearly as well)` : '');
  const [time, event] = [g.guesses.time[0], g.guesses.event[0]];
  // One or two records show no value that varies, repeats or goes missing: the columns are taken by their names alone,
  // which is said unless the name is one of the surest (Operation, UserId; not a process name in an event's data).
  if (n > 0 && n < 3) {
    const few = `only ${n} record${n === 1 ? '' : 's'} to judge by, so it is chosen by its name alone`;
    if (event && nameScore(event.column, EVENT_NAMES) < 1) say('event', `event column ${event.column}: ${few}`);
    if (users.length > 0 && users.some((u) => nameScore(u, USER_NAMES) < 1)) say('users', `user column${users.length > 1 ? 's' : ''} ${users.join(', ')}: ${few}`);
  }
  if (g.rareParams && !g.guesses.params[0]) {
    const r = g.rareParams;
    say('rows', `no params column taken: ${r.column} has a value on only ${r.present} of ${r.of} sampled rows${r.ofEventRows ? ' that have the event' : ''} (name it with --params to score with it)`, true);
  }
  if (!time) say('time', `no time column found${consideredText(g.rejected.time)}`);
  else if (datesAlone(stats.get(time.column)!) && !timeJoined) {
    const st = stats.get(time.column)!;
    const clock = [...stats].find(([c, s]) => c !== time.column && s.present > 0 && s.clockOnly >= 0.9 * s.present)?.[0];
    say('time', `time column ${time.column} holds dates without a time of day (${JSON.stringify(st.samples[0] ?? '')}): the events of one day cannot be ordered or split into sessions` + (clock ? `; ${clock} holds the time of day (${JSON.stringify(stats.get(clock)!.samples[0] ?? '')}), a column of its own` : ''));
  } else if (time.score < 0.6 && !timeJoined) say('time', `time column ${time.column} is a weak match: ${time.evidence.join('; ')}`);
  else if (g.timesDiffer && !timeJoined) {
    const d = g.timesDiffer;
    say('time', `time column ${d.first}: ${d.second} fits nearly as well and differs by more than a second on ${d.rows} of ${d.of} sampled rows (one may be when the record was ingested)`);
  }
  if (g.zoneShift && !timeJoined) {
    const z = g.zoneShift;
    const h = Math.abs(z.hours);
    const span = `${Number.isInteger(h) ? h : h.toFixed(2)} hour${h === 1 ? '' : 's'}`;
    say('time', `time column ${z.utc}: ${z.other} holds the same instants ${span} ${z.hours > 0 ? 'later' : 'earlier'} on each of the ${z.rows} sampled rows where both read as times (another zone's clock, read as UTC); ${z.utc} says UTC in its name and is taken`, true);
  }
  // The Log Analytics portal's export names the zone in the header: "[Local Time]" values are the exporting browser's
  // clock, with no offset in them, and are read as UTC.
  if (time && /\[local time\]\s*$/i.test(time.column)) {
    say('time', `time column ${time.column} holds the exporting browser's local time, with no zone in its values: it is read as UTC, so the times shown are off by that zone's offset (sessions are cut the same way unless a clock change falls inside one); export with UTC times to avoid it`, true);
  }
  // A record with no time is a bad row, and the default run stops at the first one (Exchange's protocol logs write
  // activity rows without a time between the requests).
  if (time && n > 0 && !timeJoined && stats.get(time.column)!.present < n) {
    say('time', `time column ${time.column} is empty on ${n - stats.get(time.column)!.present} of ${n} sampled rows (each would be a bad row)`);
  }
  const misses = time && !timeJoined ? stats.get(time.column)! : undefined;
  if (misses && misses.timeMisses > 0) {
    say('time', `time column ${time!.column} does not read as a time on ${misses.timeMisses} of ${n} sampled rows (${JSON.stringify(misses.timeMissSample)}): each would be a bad row`, true);
  }
  if (!event) say('event', `no event column found${consideredText(g.rejected.event)}`);
  else {
    const st = stats.get(event.column)!;
    if (n >= 5 && st.distinct.size <= 1) say('event', `event column ${event.column} has one value on every sampled row (${JSON.stringify([...st.distinct.keys()][0] ?? '')}): every session would look alike`);
    // From 50 rows a doubt (asked about); from 25 a note (said: few kinds of event in a short sample may be all there are).
    else if (n >= 25 && st.distinct.size <= 3) say('event', `event column ${event.column} has only ${st.distinct.size} distinct values in ${st.present} sampled rows (${[...st.distinct.keys()].map((v) => JSON.stringify(v.slice(0, 40))).join(', ')})`, n < 50 ? true : undefined);
    else if (event.score < 0.55) say('event', `event column ${event.column} is a weak match: ${event.evidence.join('; ')}`);
    else if (alt(g.guesses.event)) say('event', `event column ${event.column}${alt(g.guesses.event)}`);
    // An event with no command is a bad row, and the default run stops at the first one.
    if (n > 0 && st.present < n) {
      const full = g.guesses.event.find((e) => e.column !== event.column && e.score >= 0.6 * event.score && stats.get(e.column)!.present === n && stats.get(e.column)!.distinct.size > 1);
      say('event', `event column ${event.column} is empty on ${n - st.present} of ${n} sampled rows (each would be a bad row)` + (full ? `; ${full.column} has a value on every sampled row` : ''));
    }
  }
  // The chosen column's own guess: chooseUsers may take a person's column over a better-scored address.
  const first = g.guesses.users.find((u) => u.column === users[0]) ?? g.guesses.users[0];
  // A coalesced column (chooseUsers' pair of complements): say how it reads and why.
  const parts = users.length > 0 ? userParts(users[0]) : [];
  const kept = users.length > 0 ? userPartSpecs(users[0]).find((p) => p.events) : undefined;
  if (kept && parts.length > 1) {
    // The Windows Security reading (windowsActor): said, with why.
    const others = parts.filter((c) => c !== kept.column);
    say(
      'users',
      `users: ${kept.column} on logon, logoff and authentication events (${kept.events!.join(', ')}), else ${others.join(', else ')}: Windows names the account logging on in ${kept.column} and the account acting in ${others.join(', ')}`,
    );
  } else if (parts.length > 1) {
    const counts = parts.map((c) => (stats.get(c) ? namedCount(stats.get(c)!) : 0));
    const placeholder = parts.map((c) => (stats.get(c) ? placeholders(stats.get(c)!) : 0)).some((x) => x > 0) ? ' or holds no name (a placeholder such as "-")' : '';
    say(
      'users',
      `users: ${parts[0]} where it has a value, else ${parts.slice(1).join(', else ')} (each names the person on the rows where the other is empty${placeholder}: ${counts.join(' and ')} of ${n} sampled rows)`,
    );
  } else if (users.length === 0) say('users', `no user column found${consideredText(g.rejected.users)}`);
  else if (nameScore(users[0], USER_NAMES) === 0) say('users', `user column ${users[0]}: ${first.evidence.join('; ')}`);
  else if (first.score < 0.5) say('users', `user column ${users[0]} is a weak match: ${first.evidence.join('; ')}`);
  else {
    const person = (c: string) => nameScore(c, PERSON_RULES) > 0;
    const chosen = stats.get(users[0])!;
    // A person's column that some rows lack, beside another person's column that nearly every row has.
    const fuller = g.guesses.users.find((u) => !users.includes(u.column) && person(u.column) && stats.get(u.column)!.present >= 0.95 * n && stats.get(u.column)!.distinct.size > 1);
    const one = g.guesses.users.find((u) => !users.includes(u.column) && person(u.column) && stats.get(u.column)!.present >= 0.95 * n && stats.get(u.column)!.distinct.size === 1);
    // An address or a host chosen over a person's column (host logs without one are read by host, as they should be).
    const persons = g.guesses.users.filter((u) => person(u.column));
    const host = g.guesses.users.find((u) => !users.includes(u.column) && !person(u.column) && nameScore(u.column, ADDRESS_RULE) === 0);
    if (users.length === 1 && !person(users[0]) && persons.length > 0) {
      say('users', `users by ${users[0]} alone: ${persons[0].column} ${persons[0].evidence.slice(1).join(', ')}`);
    } else if (users.length === 1 && nameScore(users[0], ADDRESS_RULE) > 0 && host && host.score >= 0.85 * first.score) {
      say('users', `users by ${users[0]} (an address); ${host.column} (a host) fits nearly as well: in an access log the host is the server, elsewhere it may be the actor's machine`);
    } else if (person(users[0]) && chosen.present < 0.95 * n && fuller) {
      say('users', `user column ${users[0]} is empty on ${n - chosen.present} of ${n} sampled rows; ${fuller.column} has a value on ${stats.get(fuller.column)!.present}`);
    } else if (person(users[0]) && chosen.present < 0.95 * n && one) {
      // One account on every row beside names on a few: an export of that account's work, whose few names are the
      // accounts it acted on (useradd's new user), or a fuller column of one service account; either way, said.
      say('users', `user column ${users[0]} is empty on ${n - chosen.present} of ${n} sampled rows; ${one.column} has one value on all ${stats.get(one.column)!.present} (${JSON.stringify([...stats.get(one.column)!.distinct.keys()][0].slice(0, 40))})`);
    } else if (person(users[0]) && placeholders(chosen) >= 0.2 * chosen.present) {
      // Windows writes "-" where an event has no such account (SubjectUserName of a 4624 logon); W3C logs do the same.
      const named = (st: ColumnStats) => st.present - placeholders(st);
      const other = persons.find((u) => !users.includes(u.column) && named(stats.get(u.column)!) > named(chosen));
      say('users', `user column ${users[0]} holds no name (${placeholderList(chosen)}) on ${placeholders(chosen)} of ${n} sampled rows` + (other ? `; ${other.column} names one on ${named(stats.get(other.column)!)}` : ''));
    } else if (person(users[0]) && n - Math.max(...users.map((u) => stats.get(u)!.present)) >= 0.2 * n) {
      // Rows with none of the user columns are all one actor, "(missing)": a union of tables that name the actor in
      // different columns (Defender XDR's AccountName beside InitiatingProcessAccountName). Said when another person's
      // column has a value on more rows than the chosen ones.
      const most = Math.max(...users.map((u) => stats.get(u)!.present));
      const other = persons.filter((u) => !users.includes(u.column)).sort((a, b) => stats.get(b.column)!.present - stats.get(a.column)!.present)[0];
      if (other && stats.get(other.column)!.present > most) {
        say('users', `user column${users.length > 1 ? 's' : ''} ${users.join(', ')} ${users.length > 1 ? 'are' : 'is'} empty on ${n - most} or more of ${n} sampled rows, which would all be one actor; ${other.column} has a value on ${stats.get(other.column)!.present}`);
      }
    }
    // A person's column on fewer than half the rows, paired with an address: most sessions are then an address's, not
    // a person's (a firewall's user on its admin and VPN records, srcip on its traffic). Said, not asked.
    if (doubts.every((d) => d.role !== 'users') && users.length === 2 && person(users[0]) && nameScore(users[1], ADDRESS_RULE) > 0 && chosen.present < 0.5 * n) {
      say('users', `user column ${users[0]} has a value on ${chosen.present} of ${n} sampled rows only: the others are told apart by ${users[1]} alone`, true);
    }
  }
  // Hosts and Windows accounts are one whatever their case, but each spelling is its own actor here, as in the reference
  // method ("Zabbix" on two days of a Syslog export, "zabbix" on the third): said, so split sessions are no surprise.
  for (const c of new Set(users.flatMap((u) => userParts(u)))) {
    const st = stats.get(c);
    if (!st) continue;
    const spellings = new Map<string, string[]>();
    for (const v of st.distinct.keys()) {
      const key = v.toLowerCase();
      spellings.set(key, [...(spellings.get(key) ?? []), v]);
    }
    const mixed = [...spellings.values()].find((list) => list.length > 1);
    if (mixed) say('users', `user column ${c} has values that differ only in case (${mixed.slice(0, 3).map((v) => JSON.stringify(v.slice(0, 40))).join(', ')}): each spelling is its own actor, as in the reference method`, true);
  }
  return doubts;
}

function placeholderKeys(st: ColumnStats): string[] {
  return [...st.distinct.keys()].filter((v) => PLACEHOLDERS.has(v.trim().toLowerCase()));
}

/** How many sampled rows of a column name someone: a value that is no placeholder. */
function namedCount(st: ColumnStats): number {
  return st.present - placeholders(st);
}

/** How many sampled values of a column are placeholders ("-", "N/A"). */
function placeholders(st: ColumnStats): number {
  return placeholderKeys(st).reduce((sum, k) => sum + st.distinct.get(k)!, 0);
}

function placeholderList(st: ColumnStats): string {
  return placeholderKeys(st).map((k) => JSON.stringify(k)).join(', ');
}

/** "; considered A (why), B (why)" for messages, or nothing. */
export function consideredText(list: Rejected[]): string {
  return list.length ? `; considered ${list.slice(0, 4).map((r) => `${r.column} (${r.why})`).join(', ')}` : '';
}

export function detectPreSessionized(columns: string[], stats: Map<string, ColumnStats>, guesses: Detection['guesses'], users: string[]): Detection['preSessionized'] {
  const cmds = columns.find((c) => /^(cmds|commands)$/i.test(c) && stats.get(c)!.arraysOfStrings > 0);
  if (!cmds) return undefined;
  const begin = columns.find((c) => /^(begin|start|sessionstart)$/i.test(c)) ?? guesses.time[0]?.column;
  if (!begin) return undefined;
  const end = columns.find((c) => /^(end|sessionend)$/i.test(c));
  const params = columns.find((c) => /^params$/i.test(c) && c !== cmds);
  return { commands: cmds, begin, end, params, users };
}
