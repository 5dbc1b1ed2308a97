// Time parsing for log timestamps. Hand-written rather than `new Date(s)`:
// Date drops sub-millisecond digits (Sentinel writes 7), reads zone-less ISO
// text as local time, and is several times slower on millions of rows.

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

/** Zone designator at `i`: Z, ±HH:MM, ±HHMM, ±HH. Returns offset minutes or NaN; `end` must be reached. */
function zoneOffset(s: string, i: number): number {
  if (i === s.length) return 0;
  const c = s[i];
  if ((c === 'Z' || c === 'z') && i + 1 === s.length) return 0;
  if (c !== '+' && c !== '-') {
    // " UTC" / " GMT" suffixes appear in some exports.
    const rest = s.slice(i).trim().toUpperCase();
    return rest === 'UTC' || rest === 'GMT' || rest === 'Z' ? 0 : NaN;
  }
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

/** ISO 8601 (`T` or space), with Z, offset or no zone (= UTC); 0-9 fractional digits. */
function parseIso(s: string, out: Instant): boolean {
  const y = digits(s, 0, 4);
  if (y < 0 || s[4] !== '-') return false;
  const mo = digits(s, 5, 2);
  if (mo < 0 || s[7] !== '-') return false;
  const d = digits(s, 8, 2);
  if (d < 0) return false;
  if (s.length === 10) return validDate(y, mo, d, 0, 0, 0) && setInstant(out, y, mo, d, 0, 0, 0, 0, 0);
  const t = s[10];
  if (t !== 'T' && t !== ' ' && t !== 't') return false;
  const h = digits(s, 11, 2);
  if (h < 0 || s[13] !== ':') return false;
  const mi = digits(s, 14, 2);
  if (mi < 0) return false;
  let i = 16;
  let sec = 0;
  let ns = 0;
  if (s[i] === ':') {
    sec = digits(s, i + 1, 2);
    if (sec < 0) return false;
    i += 3;
    if (s[i] === '.' || s[i] === ',') [ns, i] = fraction(s, i + 1);
  }
  const off = zoneOffset(s, i);
  if (Number.isNaN(off) || !validDate(y, mo, d, h, mi, sec)) return false;
  return setInstant(out, y, mo, d, h, mi, sec, ns, off);
}

/** US style `M/D/YYYY[,] h:mm[:ss[.fff]] [AM|PM]` as the Log Analytics portal exports. */
function parseUs(s: string, out: Instant): boolean {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*([AaPp][Mm])?\s*(Z|UTC|GMT)?$/.exec(s);
  if (!m) return false;
  const mo = +m[1];
  const d = +m[2];
  const y = +m[3];
  let h = +m[4];
  const mi = +m[5];
  const sec = m[6] ? +m[6] : 0;
  const ns = m[7] ? +m[7].padEnd(9, '0') : 0;
  const ampm = m[8]?.toUpperCase();
  if (ampm) {
    if (h < 1 || h > 12) return false;
    if (ampm === 'AM' && h === 12) h = 0;
    else if (ampm === 'PM' && h !== 12) h += 12;
  }
  if (!validDate(y, mo, d, h, mi, sec)) return false;
  return setInstant(out, y, mo, d, h, mi, sec, ns, 0);
}

/** Epoch seconds below 1e11 (until year 5138), epoch milliseconds above. */
export function epochToInstant(v: number, out: Instant): boolean {
  if (!Number.isFinite(v)) return false;
  const ms = Math.abs(v) < 1e11 ? v * 1000 : v;
  const whole = Math.floor(ms);
  out.ms = whole;
  out.ns = Math.round((ms - whole) * 1e6);
  if (out.ns >= 1_000_000) {
    out.ms += 1;
    out.ns -= 1_000_000;
  }
  return true;
}

const NUMERIC = /^[+-]?\d+(\.\d+)?$/;

/** Parses a log time into `out`. Returns false when the text is not a time this reader knows. */
export function parseTime(raw: string | number, out: Instant): boolean {
  if (typeof raw === 'number') return epochToInstant(raw, out);
  const s = raw.trim();
  if (s.length < 8) return NUMERIC.test(s) && s.length > 0 ? epochToInstant(Number(s), out) : false;
  if (isDigit(s, 0) && isDigit(s, 3) && s[4] === '-') return parseIso(s, out);
  if (NUMERIC.test(s)) return epochToInstant(Number(s), out);
  return parseUs(s, out);
}

/** Convenience for one-off use (detection, tests): undefined when unparseable. */
export function toInstant(raw: string | number): Instant | undefined {
  const out: Instant = { ms: 0, ns: 0 };
  return parseTime(raw, out) ? out : undefined;
}

/** ISO 8601 UTC text with the sub-millisecond digits kept (trailing zeros dropped). */
export function formatInstant(ms: number, ns = 0): string {
  const iso = new Date(ms).toISOString();
  if (ns === 0) return iso;
  const frac = (iso.slice(20, 23) + String(ns).padStart(6, '0')).replace(/0+$/, '');
  return `${iso.slice(0, 19)}.${frac}Z`;
}
