// Time parsing for log timestamps. Hand-written rather than `new Date(s)`:
// Date drops sub-millisecond digits (Sentinel writes 7), reads zone-less ISO
// text as local time, and is several times slower on millions of rows.
//
// Kept whole at about 300 lines: one hand-written parser whose formats (ISO,
// slashed, month names, epoch numbers) share the digit, clock and zone readers.

import type { TimeFormat } from '../options';

/** A parsed instant: whole ms since the epoch plus nanoseconds within the ms. */
export interface Instant {
  ms: number;
  ns: number;
}

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil algorithm). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Reads `n` digits at `i`; -1 when any is not a digit. */
function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let j = 0; j < n; j++) {
    const c = s.charCodeAt(i + j) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function validDate(y: number, mo: number, d: number, h: number, mi: number, sec: number): boolean {
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) && h <= 23 && mi <= 59 && sec <= 60;
}

/**
 * Reads a fraction of a second at `i` (after the '.' or ','), up to 9 digits
 * kept; returns [nanoseconds, index after the digits].
 */
function fraction(s: string, i: number): [number, number] {
  let ns = 0;
  let n = 0;
  while (isDigit(s, i)) {
    if (n < 9) {
      ns = ns * 10 + (s.charCodeAt(i) - 48);
      n++;
    }
    i++;
  }
  for (; n < 9; n++) ns *= 10;
  return [ns, i];
}

/**
 * Zone names, in minutes from UTC: Z, UTC, and the names RFC 2822 keeps for
 * mail dates (UT, GMT and the US zones EST/EDT, CST/CDT, MST/MDT, PST/PDT,
 * with the US meaning RFC 2822 gives them), which Java's Date, date(1) and
 * mail headers write.
 */
const NAMED_ZONES = new Map([
  ['Z', 0], ['UTC', 0], ['UT', 0], ['GMT', 0],
  ['EST', -300], ['EDT', -240], ['CST', -360], ['CDT', -300], ['MST', -420], ['MDT', -360], ['PST', -480], ['PDT', -420],
]);

/** Zone designator at `i` (after optional blanks): a name of NAMED_ZONES, ±HH:MM, ±HHMM, ±HH. Offset minutes, or NaN; the text must end there. */
function zoneOffset(s: string, i: number): number {
  while (s.charCodeAt(i) === 32) i++;
  if (i === s.length) return 0;
  const c = s[i];
  if (c !== '+' && c !== '-') return NAMED_ZONES.get(s.slice(i).toUpperCase()) ?? NaN;
  const sign = c === '-' ? -1 : 1;
  const hh = digits(s, i + 1, 2);
  if (hh < 0) return NaN;
  let j = i + 3;
  let mm = 0;
  if (j < s.length) {
    if (s[j] === ':') j++;
    mm = digits(s, j, 2);
    if (mm < 0) return NaN;
    j += 2;
  }
  if (j !== s.length || hh > 23 || mm > 59) return NaN;
  return sign * (hh * 60 + mm);
}

function setInstant(out: Instant, y: number, mo: number, d: number, h: number, mi: number, sec: number, ns: number, offsetMin: number): boolean {
  const ms = daysFromCivil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi - offsetMin) * 60 + sec) * 1000;
  const wholeMs = Math.floor(ns / 1_000_000);
  out.ms = ms + wholeMs;
  out.ns = ns - wholeMs * 1_000_000;
  return true;
}

/**
 * The clock part from `i`: `h[h]:mm[:ss[.f]]`, then an optional AM/PM and
 * zone; writes the instant of date y-mo-d. An empty rest is midnight.
 */
function clockAt(s: string, i: number, y: number, mo: number, d: number, out: Instant): boolean {
  if (i >= s.length) return validDate(y, mo, d, 0, 0, 0) && setInstant(out, y, mo, d, 0, 0, 0, 0, 0);
  let h = digits(s, i, 2);
  if (h >= 0) i += 2;
  else {
    h = digits(s, i, 1);
    if (h < 0) return false;
    i += 1;
  }
  if (s[i] !== ':') return false;
  const mi = digits(s, i + 1, 2);
  if (mi < 0) return false;
  i += 3;
  let sec = 0;
  let ns = 0;
  if (s[i] === ':') {
    sec = digits(s, i + 1, 2);
    if (sec < 0) return false;
    i += 3;
    if (s[i] === '.' || s[i] === ',') [ns, i] = fraction(s, i + 1);
  }
  let j = i;
  while (s.charCodeAt(j) === 32) j++;
  const ampm = s.slice(j, j + 2).toUpperCase();
  if (ampm === 'AM' || ampm === 'PM') {
    if (h < 1 || h > 12) return false;
    if (ampm === 'AM' && h === 12) h = 0;
    else if (ampm === 'PM' && h !== 12) h += 12;
    i = j + 2;
  }
  const off = zoneOffset(s, i);
  if (Number.isNaN(off) || !validDate(y, mo, d, h, mi, sec)) return false;
  return setInstant(out, y, mo, d, h, mi, sec, ns, off);
}

/** ISO 8601 (`T` or space; `/` also taken between date parts), with Z, offset (a blank before it allowed) or no zone (= UTC); 0-9 fractional digits. */
function parseIso(s: string, out: Instant): boolean {
  const y = digits(s, 0, 4);
  const sep = s[4];
  if (y < 0 || (sep !== '-' && sep !== '/')) return false;
  const mo = digits(s, 5, 2);
  if (mo < 0 || s[7] !== sep) return false;
  const d = digits(s, 8, 2);
  if (d < 0) return false;
  if (s.length === 10) return clockAt(s, 10, y, mo, d, out);
  const t = s[10];
  if (t !== 'T' && t !== ' ' && t !== 't') return false;
  if (digits(s, 11, 2) < 0 || s[13] !== ':') return false;
  return clockAt(s, 11, y, mo, d, out);
}

/** Which of a slashed date's first two fields is the day. */
export type DayOrder = 'mdy' | 'dmy';

/**
 * `M/D/YYYY` or `D/M/YYYY` (also `-` or `.` between the parts), an optional
 * comma, then a 12- or 24-hour clock as the Log Analytics portal and
 * spreadsheet exports write. Reads the fields in `order`.
 */
function parseSlashed(s: string, out: Instant, order: DayOrder): boolean {
  let i = isDigit(s, 1) ? 2 : 1;
  const a = digits(s, 0, i);
  if (a < 0) return false;
  const sep = s[i];
  if (sep !== '/' && sep !== '-' && sep !== '.') return false;
  i++;
  const twoDigits = isDigit(s, i + 1);
  const b = digits(s, i, twoDigits ? 2 : 1);
  if (b < 0) return false;
  i += twoDigits ? 2 : 1;
  if (s[i] !== sep) return false;
  const y = digits(s, i + 1, 4);
  if (y < 0) return false;
  i += 5;
  if (isDigit(s, i)) return false;
  const [mo, d] = order === 'dmy' ? [b, a] : [a, b];
  if (s[i] === ',') i++;
  if (i < s.length && s[i] !== ' ' && s[i] !== 'T') return false;
  while (s.charCodeAt(i) === 32 || s[i] === 'T') i++;
  return clockAt(s, i, y, mo, d, out);
}

/** The first two fields of a slashed date, for deciding the day order of a column; undefined when `s` is not one. */
export function slashedFields(s: string): [number, number] | undefined {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}(?:$|[ ,T])/.exec(s.length > 64 ? '' : s.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** asctime, date(1) and Java's Date.toString: `[Www ]Mon DD HH:MM[:SS[.f]] [ZONE ]YYYY`, the day padded with a blank. */
const ASCTIME = /^(?:[A-Za-z]{3} )?([A-Za-z]{3}) {1,2}(\d{1,2}) (\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)(?: ([A-Za-z]{1,4}|[+-]\d{4}))? (\d{4})$/;

/** `[Www, ]DD Mon YYYY clock` (RFC 2822, HTTP dates), `Mon DD[,] YYYY[,] clock` (blanks or dashes between the date's parts), and ASCTIME. */
function parseMonthName(s: string, out: Instant): boolean {
  const asc = ASCTIME.exec(s);
  if (asc) {
    const mo = MONTHS.indexOf(asc[1].toLowerCase()) + 1;
    return mo > 0 && clockAt(asc[4] ? `${asc[3]} ${asc[4]}` : asc[3], 0, Number(asc[5]), mo, Number(asc[2]), out);
  }
  let t = s;
  const comma = t.indexOf(', ');
  if (comma === 3 && /^[A-Za-z]{3}$/.test(t.slice(0, 3))) t = t.slice(5);
  // Blanks or dashes between the parts (`18-Jun-2018`, Carbon Black's LEEF `Jun-18-2018 14:38:07 GMT`).
  const dayFirst = /^(\d{1,2})[ -]([A-Za-z]{3})[a-z]*[ -](\d{4})(?=$| )/.exec(t);
  const monthFirst = dayFirst ? null : /^([A-Za-z]{3})[a-z]*[ -](\d{1,2}),?[ -](\d{4}),?(?=$| )/.exec(t);
  const m = dayFirst ?? monthFirst;
  if (!m) return false;
  const mo = MONTHS.indexOf((dayFirst ? m[2] : m[1]).toLowerCase()) + 1;
  if (mo === 0) return false;
  const d = Number(dayFirst ? m[1] : m[2]);
  let i = m[0].length;
  while (t.charCodeAt(i) === 32) i++;
  return clockAt(t, i, Number(m[3]), mo, d, out);
}

/** Unit of a bare number: seconds, milliseconds, microseconds or nanoseconds since the epoch. */
export type EpochUnit = 's' | 'ms' | 'us' | 'ns';

/** How a column's times are read: `auto` decides per value; the others force a reading. */
export { TIME_FORMATS, type TimeFormat } from '../options';

const UNIT_DIGITS: Record<EpochUnit, number> = { s: 0, ms: 3, us: 6, ns: 9 };

/** Seconds since the epoch of 1990-01-01 and 2100-01-01: the range a log's times are taken to lie in. */
export const SANE_FROM_S = 631_152_000;
export const SANE_TO_S = 4_102_444_800;

/**
 * The unit whose reading of `v` (the number's integer part) lands between
 * 1990 and 2100, or undefined: an account id or a count is not a time.
 */
export function epochUnitOf(v: number): EpochUnit | undefined {
  for (const unit of ['s', 'ms', 'us', 'ns'] as const) {
    const scale = 10 ** UNIT_DIGITS[unit];
    if (v >= SANE_FROM_S * scale && v < SANE_TO_S * scale) return unit;
  }
  return undefined;
}

/**
 * epochUnitOf for a number's integer digits, exactly: above 15 digits a
 * double rounds (4102444799999999744 ns, the last microsecond before 2100,
 * became 4102444800000000000 and out of range), so those compare as digits.
 */
function epochUnitOfDigits(intPart: string): EpochUnit | undefined {
  if (intPart.length <= 15) return epochUnitOf(Number(intPart));
  const digits = intPart.replace(/^0+/, '');
  const below = (a: string, b: string): boolean => (a.length !== b.length ? a.length < b.length : a < b);
  for (const unit of ['s', 'ms', 'us', 'ns'] as const) {
    const zeros = '0'.repeat(UNIT_DIGITS[unit]);
    if (!below(digits, String(SANE_FROM_S) + zeros) && below(digits, String(SANE_TO_S) + zeros)) return unit;
  }
  return undefined;
}

/**
 * A decimal number's text as an instant in `unit`. Works on the digits, so
 * 19-digit nanosecond stamps keep every digit.
 */
function epochDigits(intPart: string, frac: string, unit: EpochUnit, out: Instant): boolean {
  const below = 9 - UNIT_DIGITS[unit];
  const nsText = intPart + frac.slice(0, below).padEnd(below, '0');
  if (nsText.length > 22) return false;
  const cut = nsText.length - 6;
  out.ms = cut > 0 ? Number(nsText.slice(0, cut)) : 0;
  out.ns = Number(cut > 0 ? nsText.slice(cut) : nsText);
  return true;
}

/** Compact `YYYYMMDDhhmmss[.fff]` (Salesforce, many appliance logs). */
function parseCompact(intPart: string, frac: string, out: Instant): boolean {
  const y = digits(intPart, 0, 4);
  const mo = digits(intPart, 4, 2);
  const d = digits(intPart, 6, 2);
  const h = digits(intPart, 8, 2);
  const mi = digits(intPart, 10, 2);
  const sec = digits(intPart, 12, 2);
  if (y < 1900 || !validDate(y, mo, d, h, mi, sec)) return false;
  const [ns] = frac ? fraction(frac, 0) : [0];
  return setInstant(out, y, mo, d, h, mi, sec, ns, 0);
}

/** Longest text taken as a time: longer values are rejected before any pattern runs. */
const MAX_TIME_TEXT = 64;

function parseNumberText(s: string, out: Instant, format: TimeFormat): boolean {
  let i = 0;
  if (s[0] === '+') i = 1;
  const dot = s.indexOf('.');
  const intPart = s.slice(i, dot < 0 ? s.length : dot);
  const frac = dot < 0 ? '' : s.slice(dot + 1);
  if (intPart.length === 0 || !/^\d+$/.test(intPart) || (dot >= 0 && !/^\d+$/.test(frac))) return false;
  if (format.startsWith('epoch-')) return epochDigits(intPart, frac, format.slice(6) as EpochUnit, out);
  if (intPart.length === 14 && parseCompact(intPart, frac, out)) return true;
  const unit = epochUnitOfDigits(intPart);
  return unit !== undefined && epochDigits(intPart, frac, unit, out);
}

/**
 * The stamp of a raw Linux audit record, `audit(1551485405.594:7507):`
 * (epoch seconds with milliseconds, then the event's serial number; the
 * colon after it is optional): its time, the serial left out.
 */
function parseAuditStamp(s: string, out: Instant): boolean {
  const m = /^audit\((\d{9,11})(?:\.(\d{1,9}))?:\d+\):?$/.exec(s);
  return m !== null && epochUnitOfDigits(m[1]) === 's' && epochDigits(m[1], m[2] ?? '', 's', out);
}

/**
 * Parses a log time into `out`. Returns false when the text is not a time
 * this reader knows. `format` forces the day order of slashed dates or the
 * unit of bare numbers; under `auto`, numbers are read by magnitude (only
 * 1990-2100 counts) and slashed dates month first unless the first field
 * can only be a day.
 */
export function parseTime(raw: string | number, out: Instant, format: TimeFormat = 'auto'): boolean {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || raw < 0) return false;
    return parseNumberText(Number.isInteger(raw) ? BigInt(raw).toString() : String(raw), out, format);
  }
  const s = raw.length > MAX_TIME_TEXT ? '' : raw.trim();
  if (s.length < 4) return false;
  if ((s[4] === '-' || s[4] === '/') && digits(s, 0, 4) >= 0) return parseIso(s, out);
  const c0 = s.charCodeAt(0);
  if (c0 === 97 && s.startsWith('audit(')) return parseAuditStamp(s, out);
  if ((c0 >= 48 && c0 <= 57) || c0 === 43) {
    if (/^\+?\d+(\.\d+)?$/.test(s)) return parseNumberText(s, out, format);
    if (format === 'dmy' || format === 'mdy') return parseSlashed(s, out, format);
    const fields = slashedFields(s);
    if (fields) return parseSlashed(s, out, fields[0] > 12 ? 'dmy' : 'mdy');
    return parseMonthName(s, out);
  }
  return parseMonthName(s, out);
}

/** Convenience for one-off use (detection, tests): undefined when unparseable. */
export function toInstant(raw: string | number, format: TimeFormat = 'auto'): Instant | undefined {
  const out: Instant = { ms: 0, ns: 0 };
  return parseTime(raw, out, format) ? out : undefined;
}

const DAY_MS = 86_400_000;
/** The largest time a Date holds, in ms either side of the epoch. */
const MAX_DATE_MS = 8.64e15;
/** Slots of the cache of dates' texts (a power of two: some three years of days). */
const DAY_SLOTS = 1024;
/** The day (epoch ms / DAY_MS, floored) each slot holds; NaN for none. */
const cachedDay = new Float64Array(DAY_SLOTS).fill(NaN);
/** toISOString's text of each cached day up to its time: "2024-06-06T" (six-digit years too). */
const cachedDayText: string[] = new Array<string>(DAY_SLOTS).fill('');
/** "00" .. "59". */
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
/** ".000Z" .. ".999Z". */
const MILLIS_TEXT = Array.from({ length: 1000 }, (_, i) => `.${String(i).padStart(3, '0')}Z`);

/**
 * new Date(ms).toISOString(), with the date's text cached per day and the
 * time of day from tables: toISOString is costly, and a log spans few days.
 * Anything but a whole number of ms within a Date's range (which throws or
 * truncates there) takes toISOString itself.
 */
function isoText(ms: number): string {
  if (!Number.isInteger(ms) || ms > MAX_DATE_MS || ms < -MAX_DATE_MS) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  const slot = day & (DAY_SLOTS - 1);
  if (cachedDay[slot] !== day) {
    const iso = new Date(day * DAY_MS).toISOString();
    cachedDayText[slot] = iso.slice(0, iso.length - 13); // without "00:00:00.000Z"
    cachedDay[slot] = day;
  }
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  return cachedDayText[slot] + TWO_DIGITS[h] + ':' + TWO_DIGITS[m] + ':' + TWO_DIGITS[s] + MILLIS_TEXT[rest - s * 1000];
}

/** ISO 8601 UTC text with the sub-millisecond digits kept (trailing zeros dropped). */
export function formatInstant(ms: number, ns = 0): string {
  const iso = isoText(ms);
  if (ns === 0) return iso;
  const frac = (iso.slice(20, 23) + String(ns).padStart(6, '0')).replace(/0+$/, '');
  return `${iso.slice(0, 19)}.${frac}Z`;
}
