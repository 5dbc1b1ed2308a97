// Tick positions and labels for the timeline's x axis, a linear axis of epoch
// ms. Hunters read times against round UTC boundaries, so we choose a round
// UTC step (100 ms … 10 years) ourselves and label by that step. (Chart.js's
// time axis picks a unit and auto-skips its ticks, which over two weeks gave
// one tick every 25 hours, and it needs a date adapter in the right zone.)

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface TimeStep {
  /** Nominal length, used to choose the step. */
  ms: number;
  /** Calendar steps are whole months; fixed ones are multiples of ms from the epoch (midnight UTC). */
  months?: number;
}

const STEPS: TimeStep[] = [
  ...[100, 200, 500].map((n) => ({ ms: n })),
  ...[1, 2, 5, 10, 15, 30].map((n) => ({ ms: n * SECOND })),
  ...[1, 2, 5, 10, 15, 30].map((n) => ({ ms: n * MINUTE })),
  ...[1, 2, 3, 6, 12].map((n) => ({ ms: n * HOUR })),
  ...[1, 2, 7, 14].map((n) => ({ ms: n * DAY })),
  ...[1, 3, 6, 12, 24, 60, 120].map((n) => ({ ms: n * 30 * DAY, months: n })),
];

/** About one time tick per this many pixels of axis. */
const PX_PER_TIME_TICK = 110;

/** How many time ticks an axis this wide (CSS px) takes at most. */
export function maxTimeTicks(widthPx: number): number {
  return Math.max(2, Math.floor(widthPx / PX_PER_TIME_TICK));
}

/**
 * The smallest round step that puts between 1 and `maxTicks` ticks in
 * [min, max]; when none does (a narrow axis over a span that falls between
 * two steps), the largest step that still puts a tick there.
 */
export function chooseStep(min: number, max: number, maxTicks: number): TimeStep {
  const span = Math.max(1, max - min);
  let fallback: TimeStep | undefined;
  for (const step of STEPS) {
    // Too many ticks for sure: not worth listing them.
    if (span / step.ms > maxTicks + 2) continue;
    const count = utcTicks(min, max, step).length;
    if (count >= 1 && count <= maxTicks) return step;
    if (count >= 1) fallback = step;
  }
  return fallback ?? STEPS[STEPS.length - 1];
}

export function utcTicks(min: number, max: number, step: TimeStep): number[] {
  const ticks: number[] = [];
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min) return ticks;
  if (step.months === undefined) {
    for (let t = Math.ceil(min / step.ms) * step.ms; t <= max; t += step.ms) ticks.push(t);
    return ticks;
  }
  const d = new Date(min);
  let month = d.getUTCFullYear() * 12 + d.getUTCMonth();
  month = Math.ceil(month / step.months) * step.months;
  for (let t = monthStart(month); t <= max; month += step.months, t = monthStart(month)) if (t >= min) ticks.push(t);
  return ticks;
}

function monthStart(monthIndex: number): number {
  return Date.UTC(Math.floor(monthIndex / 12), monthIndex % 12, 1);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * A label as precise as the step. The first tick also names the day, for
 * context, and so does every tick when the axis spans a day or more
 * (`spanMs`), where a time of day alone ("12:00") would come back.
 */
export function formatTimeTick(ms: number, step: TimeStep, first: boolean, spanMs = 0): string {
  const d = new Date(ms);
  const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  if (step.months !== undefined) return step.months >= 12 ? String(d.getUTCFullYear()) : `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  if (step.ms >= DAY) return day;
  const atMidnight = ms % DAY === 0;
  const hm = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  const hms = `${hm}:${pad2(d.getUTCSeconds())}`;
  const time = step.ms < SECOND ? `${hms}.${String(d.getUTCMilliseconds()).padStart(3, '0')}` : step.ms < MINUTE ? hms : hm;
  if (atMidnight && step.ms >= MINUTE) return day;
  return first || spanMs >= DAY ? `${day} ${time}` : time;
}
