// A Chart.js date adapter that works in UTC. Log times are UTC and hunters
// compare them with UTC timestamps elsewhere; the date-fns adapter computes
// tick boundaries (start of day, hour…) in the viewer's local zone, which puts
// "midnight" ticks at odd UTC hours. Installing this adapter replaces it.

import { _adapters, type TimeUnit } from 'chart.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Our format names; Chart.js passes them back to `format`. */
const FORMATS: Record<TimeUnit | 'datetime', string> = {
  datetime: 'datetime',
  millisecond: 'millisecond',
  second: 'second',
  minute: 'minute',
  hour: 'hour',
  day: 'day',
  week: 'day',
  month: 'month',
  quarter: 'month',
  year: 'year',
};

const pad2 = (n: number): string => String(n).padStart(2, '0');

export function formatUtcTick(ms: number, fmt: string): string {
  const d = new Date(ms);
  const hm = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  switch (fmt) {
    case 'millisecond':
      return `${hm}:${pad2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
    case 'second':
      return `${hm}:${pad2(d.getUTCSeconds())}`;
    case 'minute':
      return d.getUTCHours() === 0 && d.getUTCMinutes() === 0 ? `${day} 00:00` : hm;
    case 'hour':
      // With the day in it, Chart.js measures the longer label and moves to
      // day ticks sooner; hour ticks over several days then stay readable.
      return `${day} ${hm}`;
    case 'day':
      return day;
    case 'month':
      return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
    case 'year':
      return String(d.getUTCFullYear());
    default:
      return d.toISOString();
  }
}

function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
}

function add(ms: number, amount: number, unit: TimeUnit): number {
  switch (unit) {
    case 'millisecond':
      return ms + amount;
    case 'second':
      return ms + amount * 1000;
    case 'minute':
      return ms + amount * MINUTE;
    case 'hour':
      return ms + amount * HOUR;
    case 'day':
      return ms + amount * DAY;
    case 'week':
      return ms + amount * 7 * DAY;
    case 'month':
      return addMonths(ms, amount);
    case 'quarter':
      return addMonths(ms, amount * 3);
    case 'year':
      return addMonths(ms, amount * 12);
  }
}

function monthIndex(ms: number): number {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

function diff(a: number, b: number, unit: TimeUnit): number {
  const fixed: Partial<Record<TimeUnit, number>> = { millisecond: 1, second: 1000, minute: MINUTE, hour: HOUR, day: DAY, week: 7 * DAY };
  const size = fixed[unit];
  if (size !== undefined) return Math.trunc((a - b) / size);
  const months = monthIndex(a) - monthIndex(b);
  return unit === 'month' ? months : unit === 'quarter' ? Math.trunc(months / 3) : Math.trunc(months / 12);
}

function startOf(ms: number, unit: TimeUnit | 'isoWeek', weekday?: number | boolean): number {
  const d = new Date(ms);
  switch (unit) {
    case 'millisecond':
      return ms;
    case 'second':
      return ms - (ms % 1000 + 1000) % 1000;
    case 'minute':
      return ms - (ms % MINUTE + MINUTE) % MINUTE;
    case 'hour':
      return ms - (ms % HOUR + HOUR) % HOUR;
    case 'day':
      return ms - (ms % DAY + DAY) % DAY;
    case 'week':
    case 'isoWeek': {
      const first = unit === 'isoWeek' ? Number(weekday) || 0 : 0;
      const dayStart = startOf(ms, 'day');
      const back = (new Date(dayStart).getUTCDay() - first + 7) % 7;
      return dayStart - back * DAY;
    }
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case 'quarter':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (d.getUTCMonth() % 3), 1);
    case 'year':
      return Date.UTC(d.getUTCFullYear(), 0, 1);
  }
}

function endOf(ms: number, unit: TimeUnit | 'isoWeek'): number {
  const next = unit === 'isoWeek' ? startOf(ms, 'week') + 7 * DAY : add(startOf(ms, unit), 1, unit);
  return next - 1;
}

function parse(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') {
    const t = Date.parse(value);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

export function installUtcAdapter(): void {
  _adapters._date.override({
    formats: () => FORMATS,
    parse,
    format: formatUtcTick,
    add,
    diff,
    startOf,
    endOf,
  });
}
