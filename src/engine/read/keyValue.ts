// Key=value text logs: one record per line, written as `name=value` pairs
// separated by blanks. FortiGate (FortiOS log download and syslog body),
// SonicWall, Sophos XG, Zscaler NSS feeds, logfmt (Heroku, Go services,
// Grafana Loki) and raw Linux audit (auditd's audit.log) write their records
// so. Each line becomes a record whose fields are its keys, and the record
// readers (json.ts) take it from there as they take a JSON Lines record.
//
// A line, as read here:
//
//   line   = [<PRI>] item (blanks item)*        <PRI>: a syslog priority, skipped
//   item   = key '=' value | word                a word without '=' is passed over
//   key    = any characters but blank, '=', '"', "'"
//   value  = '"' (any but '"' and '\' | '\' any)* '"'      \" and \\ read as " and \
//          | "'" any but "'" "'"
//          | any characters but blank                  (may hold '=': subj==unconfined)
//
// A single-quoted value that itself holds pairs is auditd's userspace
// message (`msg='op=login acct="root" exe="/usr/sbin/sshd" res=failed'`):
// its pairs become fields of the record too. A key seen twice keeps its
// first value (auditd's `msg=audit(...)` before the quoted `msg='...'`).
// The fields are kept in an object without a prototype: a key such as
// `__proto__` from an untrusted log is data, nothing more.
//
// The `logfmt` package (npm) was weighed and not taken: it assigns keys
// onto a plain object (a `__proto__` key in a log would set its prototype),
// turns `true`/`false`/empty values into other types, knows no
// single-quoted values, and reports no position for a value it cannot close.

import { syslogHeaderEnd } from './syslogStamp';

/** A record's fields by key (no prototype). */
export type KeyValueFields = Record<string, string>;

export interface KeyValueLine {
  fields: KeyValueFields;
  /** Pairs read (nested ones included). */
  pairs: number;
  /** A quote the line never closes: its 1-based column, and the key whose value it opens. */
  unclosed?: { column: number; key: string };
}

const SPACE = 0x20;
const TAB = 0x09;
const EQ = 0x3d;
const DQ = 0x22;
const SQ = 0x27;
const BACKSLASH = 0x5c;

const blank = (c: number): boolean => c === SPACE || c === TAB;

/** Pairs of one line of key=value text (see the grammar above). */
export function keyValueLine(line: string): KeyValueLine {
  const fields = Object.create(null) as KeyValueFields;
  const n = line.length;
  let i = 0;
  let pairs = 0;
  // A syslog priority before the pairs (`<189>date=...`).
  const pri = /^<\d{1,3}>/.exec(line);
  if (pri) i = pri[0].length;
  while (i < n) {
    while (i < n && blank(line.charCodeAt(i))) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n) {
      const c = line.charCodeAt(i);
      if (blank(c) || c === EQ || c === DQ || c === SQ) break;
      i++;
    }
    if (i === keyStart || i >= n || line.charCodeAt(i) !== EQ) {
      // A word that is no pair (text before the pairs, a stray token): passed over to the next blank.
      while (i < n && !blank(line.charCodeAt(i))) i++;
      continue;
    }
    const key = line.slice(keyStart, i);
    i++; // '='
    let value: string;
    const q = i < n ? line.charCodeAt(i) : -1;
    if (q === DQ) {
      const open = i;
      i++;
      let text = '';
      let from = i;
      let closed = false;
      while (i < n) {
        const c = line.charCodeAt(i);
        if (c === BACKSLASH && i + 1 < n) {
          text += line.slice(from, i);
          from = i + 1;
          i += 2;
          continue;
        }
        if (c === DQ) {
          closed = true;
          break;
        }
        i++;
      }
      if (!closed) return { fields, pairs, unclosed: { column: open + 1, key } };
      value = text + line.slice(from, i);
      i++; // closing quote
    } else if (q === SQ) {
      const open = i;
      const close = line.indexOf("'", i + 1);
      if (close < 0) return { fields, pairs, unclosed: { column: open + 1, key } };
      value = line.slice(i + 1, close);
      i = close + 1;
      // A quoted message of pairs (auditd's userspace records): its pairs are the record's too.
      if (value.includes('=')) {
        const inner = keyValueLine(value);
        if (inner.unclosed === undefined && inner.pairs > 0) {
          for (const k of Object.keys(inner.fields)) if (!(k in fields)) fields[k] = inner.fields[k];
          pairs += inner.pairs;
          if (!(key in fields)) fields[key] = value;
          continue;
        }
      }
    } else {
      const start = i;
      while (i < n && !blank(line.charCodeAt(i))) i++;
      value = line.slice(start, i);
    }
    if (!(key in fields)) fields[key] = value;
    pairs++;
  }
  return { fields, pairs };
}

/**
 * Whether a text's first lines (up to ten) read as key=value text: the first
 * and four in five of them start with a pair, and one holds four pairs or
 * more (see looksKeyValue). A log may open on a short record (auditd's
 * `type=EOE msg=audit(..):`), and hold a broken line.
 */
export function looksKeyValueText(head: string): boolean {
  const lines: string[] = [];
  for (const line of head.split(/\r\n|\n|\r/, 256)) {
    if (line.trim().length > 0) lines.push(line.trimStart());
    if (lines.length === 10) break;
  }
  // A syslog server's file of relayed lines: the pairs start after the header's time and host (syslogStamp.ts).
  const body = lines.map((l) => l.slice(syslogHeaderEnd(l)));
  const pairFirst = (l: string) => /^(<\d{1,3}>)?[A-Za-z_][\w.:-]*=/.test(l);
  return body.length > 0 && pairFirst(body[0]) && body.filter(pairFirst).length >= 0.8 * body.length && body.some(looksKeyValue);
}

/**
 * Whether a line reads as key=value text: four pairs or more from its start
 * (after a syslog priority), each value a quoted string or a run of
 * non-blanks. A CSV header, a JSON record or a syslog line does not.
 */
export function looksKeyValue(line: string): boolean {
  return /^(<\d{1,3}>)?([A-Za-z_][\w.:-]*=("(\\.|[^"\\])*"|'[^']*'|\S*)[ \t]+){3}[A-Za-z_][\w.:-]*=/.test(line.trimStart());
}

/** What a reader says of a value whose quote the line never closes. */
export function unclosedValueMessage(u: { column: number; key: string }): string {
  return `the quoted value of ${JSON.stringify(u.key.length > 60 ? u.key.slice(0, 60) + '…' : u.key)} is never closed on its line (its quote is at column ${u.column})`;
}

/** auditd's record stamp: `audit(<epoch seconds>.<ms>:<serial>):`, the same on every record of one event. */
const AUDIT_STAMP = /^audit\(\d+(?:\.\d+)?:\d+\):?$/;

/**
 * Who acted, in auditd's words: the login identity, the process's user and
 * group ids, the session, the process and its terminal (`man auditd`'s field
 * dictionary).
 */
const AUDIT_IDENTITY = ['auid', 'uid', 'gid', 'euid', 'suid', 'fsuid', 'egid', 'sgid', 'fsgid', 'ses', 'pid', 'ppid', 'tty', 'subj'];

/**
 * Joins the records of one Linux audit event by who acted. auditd writes an
 * event as several records with the same `msg=audit(time:serial):` stamp,
 * and only some name who acted: a SYSCALL record has `auid`, `uid` and
 * `ses`, the EXECVE, CWD and PATH records after it do not. Each record takes
 * the identity keys (AUDIT_IDENTITY) it lacks from the event's records
 * before it (its own values stay); without it an EXECVE record would belong
 * to no one. What a record says of itself (its type, the command it ran)
 * stays its own. Records without a stamp pass as they are. A record that
 * took keys stands on the lines from its event's first record on, so the
 * lines shown for it hold who acted too.
 */
export class AuditEvents {
  private stamp: string | undefined;
  private fields: KeyValueFields | undefined;
  private firstLine = 0;
  /** Records that took keys from their event's earlier records. */
  joined = 0;

  /** Joins `record` (on `line`) to its event; returns the line it stands from (its event's first record's when it took keys). */
  join(record: KeyValueFields, line = 0): number {
    const stamp = record.msg;
    if (stamp === undefined || !AUDIT_STAMP.test(stamp)) {
      this.stamp = this.fields = undefined;
      return line;
    }
    if (stamp !== this.stamp || this.fields === undefined) {
      this.stamp = stamp;
      this.firstLine = line;
      this.fields = Object.create(null) as KeyValueFields;
      for (const k of AUDIT_IDENTITY) if (k in record) this.fields[k] = record[k];
      return line;
    }
    const event = this.fields;
    let took = false;
    for (const k of AUDIT_IDENTITY) {
      if (k in event && !(k in record)) {
        record[k] = event[k];
        took = true;
      }
    }
    for (const k of AUDIT_IDENTITY) if (k in record && !(k in event)) event[k] = record[k];
    if (!took) return line;
    this.joined++;
    return this.firstLine;
  }
}

/** The note that says records of one audit event were joined (detection's and the reader's words). */
export function auditJoinNote(joined: number, of: number): string {
  return `${joined} of ${of} sampled records are later records of a Linux audit event (the same msg=audit(time:serial) stamp): each takes who acted (auid, uid, ses...) from the event's records before it`;
}
