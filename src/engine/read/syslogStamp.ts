// The time in a syslog header before a record (a CEF, LEEF or key=value line
// relayed by syslog).
// CEF's own time keys (rt, start, end) are optional, and some senders write
// none: the header's time is then the only one the line has. Read from the
// text before the record, after an optional `<PRI>`:
//
//   RFC 5424   `<PRI>1 2019-05-15T16:25:50Z host app ...`     kept as written
//   ISO        `2023-01-23T03:22:26.410246-08:00 host ...`     kept as written (rsyslog's high-precision form)
//   RFC 3164   `Aug  3 10:49:35 host tag: ...`                  no year
//              `Sep 19 2012 13:53:34 ...`                       a year after the day (Cisco's and F5's form)
//   day first  `03 Apr 11:04:35 ...`                            no year (ForgeRock)
//
// CEF's own time keys (rt, start, end...) may be written with no year too
// (`Sep 19 13:53:34.123 UTC`, which the CEF spec allows): they are given one
// the same way (cefTimeWithYear).
//
// A time with no year is given one (SyslogYear): the year of the file's
// last change, or the year before for a time that would fall more than a
// day after that change (a December line in a file last written in
// January). The record then holds the time with its year, in a form the
// time reader takes (`Aug 3 10:49:35 2026`), and detection says which
// year it gave. Times without a zone are read as UTC, as every zone-less
// time is (time.ts).

/** The column a syslog header's time goes in. */
export const SYSLOG_TIME = 'syslog.time';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;

const ISO_STAMP = /^(?:<\d{1,3}>)?(?:\d{1,2} )?(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?)(?= |$)/;
const MONTH_FIRST = /^(?:<\d{1,3}>)?([A-Z][a-z]{2}) {1,2}(\d{1,2})(?: (\d{4}))? (\d\d:\d\d:\d\d(?:\.\d{1,6})?)(?= |$)/;
const DAY_FIRST = /^(?:<\d{1,3}>)?(\d{1,2}) ([A-Z][a-z]{2})(?: (\d{4}))? (\d\d:\d\d:\d\d(?:\.\d{1,6})?)(?= |$)/;

/**
 * Gives years to times that have none, from one file's last change, and
 * keeps which years it gave in which column, for the note.
 */
export class SyslogYear {
  /** Times given a year. */
  count = 0;
  /** The years given, by column. */
  readonly columns = new Map<string, Set<number>>();

  constructor(readonly changedMs: number) {}

  /** The year of a month (1-12), day and time of day (`hh:mm:ss`) in `column`: the file's, or the one before when that lands after the file's change. */
  yearOf(month: number, day: number, clock: string, column: string): number {
    const year = new Date(this.changedMs).getUTCFullYear();
    const [h, m, s] = clock.split(':').map(Number);
    const at = Date.UTC(year, month - 1, day, h, m, Math.floor(s));
    const y = at > this.changedMs + DAY_MS ? year - 1 : year;
    this.count++;
    let years = this.columns.get(column);
    if (!years) this.columns.set(column, (years = new Set()));
    years.add(y);
    return y;
  }
}

/**
 * The time of a syslog header at the start of `prefix` (the text before a
 * record), as the time reader takes it, a year given by `year` when it has
 * none; undefined when the prefix starts with no syslog time (or has no
 * year and no `year` is given).
 */
export function syslogTime(prefix: string, year: SyslogYear | undefined): string | undefined {
  const iso = ISO_STAMP.exec(prefix);
  if (iso) return iso[1];
  const mf = MONTH_FIRST.exec(prefix);
  const df = mf ? null : DAY_FIRST.exec(prefix);
  const m = mf ?? df;
  if (!m) return undefined;
  const monthName = mf ? mf[1] : df![2];
  const day = Number(mf ? mf[2] : df![1]);
  const month = MONTHS.indexOf(monthName) + 1;
  if (month === 0 || day < 1 || day > 31) return undefined;
  const clock = m[4];
  const written = m[3] !== undefined ? Number(m[3]) : undefined;
  if (written === undefined && year === undefined) return undefined;
  return `${monthName} ${day} ${clock} ${written ?? year!.yearOf(month, day, clock, SYSLOG_TIME)}`;
}

/**
 * Where the record after a syslog header starts in `line`: past the header's
 * time (the forms above, after an optional `<PRI>`) and the words that
 * follow it up to the first that holds '=' (a host, a tag `sshd[42]:`,
 * RFC 5424's app, procid and msgid; at most five). 0 when the line starts
 * with no syslog time: key=value lines relayed through a syslog server
 * (`Jun 15 10:42:31 fw01 date=2016-06-15 time=...`) are told so.
 */
export function syslogHeaderEnd(line: string): number {
  const m = ISO_STAMP.exec(line) ?? MONTH_FIRST.exec(line) ?? DAY_FIRST.exec(line);
  if (!m) return 0;
  let i = m[0].length;
  for (let words = 0; words < 5; words++) {
    let j = i;
    while (j < line.length && (line.charCodeAt(j) === 0x20 || line.charCodeAt(j) === 0x09)) j++;
    let k = j;
    while (k < line.length && line.charCodeAt(k) !== 0x20 && line.charCodeAt(k) !== 0x09) k++;
    if (k === j || line.slice(j, k).includes('=')) return j;
    i = k;
  }
  while (i < line.length && (line.charCodeAt(i) === 0x20 || line.charCodeAt(i) === 0x09)) i++;
  return i;
}

/** CEF's keys for times, short and long (the spec's dictionary): rt, start, end, art and the file and custom dates. */
export const CEF_TIME_KEYS: ReadonlySet<string> = new Set([
  'rt', 'deviceReceiptTime', 'start', 'startTime', 'end', 'endTime', 'art', 'agentReceiptTime',
  'deviceCustomDate1', 'deviceCustomDate2', 'flexDate1', 'fileCreateTime', 'fileModificationTime', 'oldFileCreateTime', 'oldFileModificationTime',
]);

/** A CEF time the spec allows without a year: `MMM dd HH:mm:ss[.SSS][ zzz]`. */
const YEARLESS_CEF = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d:\d\d:\d\d(?:\.\d{1,3})?)(?: ([A-Za-z]{1,5}|[+-]\d{4}))?$/;

/**
 * A CEF time value of `column` with the year it lacks (`Sep 19 13:53:34.123 UTC`
 * becomes `Sep 19 13:53:34.123 UTC 2026`), as the time reader takes it; the
 * value unchanged when it has one or is no such time.
 */
export function cefTimeWithYear(value: string, year: SyslogYear, column: string): string {
  const m = YEARLESS_CEF.exec(value);
  if (!m) return value;
  const month = MONTHS.indexOf(m[1]) + 1;
  const day = Number(m[2]);
  if (month === 0 || day < 1 || day > 31) return value;
  return `${m[1]} ${day} ${m[3]}${m[4] ? ' ' + m[4] : ''} ${year.yearOf(month, day, m[3], column)}`;
}

/** What detection says when the times of `column` it read were given a year; undefined when none were. */
export function syslogYearNote(year: SyslogYear, column: string): string | undefined {
  const given = year.columns.get(column);
  if (!given) return undefined;
  const years = [...given].sort();
  const changed = new Date(year.changedMs).toISOString().slice(0, 10);
  const what = column === SYSLOG_TIME ? `${SYSLOG_TIME} is the syslog header's time, which has no year` : `${column} holds times with no year (CEF allows "MMM dd HH:mm:ss")`;
  return `${what}: read in ${years.join(' and ')}, the year the file was last changed (${changed}), a time later than that day in the year before`;
}
