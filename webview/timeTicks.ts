// Tick positions and labels for the UTC time axis. Chart.js picks a unit and
// then auto-skips its ticks, which over two weeks gives one tick every 25
// hours ("Mar 1 19:00, Mar 2 20:00…"). Hunters read times against round UTC
// boundaries, so we choose a round step ourselves and label by that step.

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
  ...[1, 2, 5, 10, 15, 30].map((n) => ({ ms: n * SECOND })),
  ...[1, 2, 5, 10, 15, 30].map((n) => ({ ms: n * MINUTE })),
  ...[1, 2, 3, 6, 12].map((n) => ({ ms: n * HOUR })),
  ...[1, 2, 7, 14].map((n) => ({ ms: n * DAY })),
  ...[1, 3, 6, 12, 24, 60, 120].map((n) => ({ ms: n * 30 * DAY, months: n })),
];

/** The smallest round step that keeps at most `maxTicks` ticks in [min, max]. */
export function chooseStep(min: number, max: number, maxTicks: number): TimeStep {
  const span = Math.max(1, max - min);
  return STEPS.find((s) => span / s.ms <= maxTicks) ?? STEPS[STEPS.length - 1];
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

/** A label as precise as the step; the first tick also names the day, for context. */
export function formatTimeTick(ms: number, step: TimeStep, first: boolean): string {
  const d = new Date(ms);
  const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  if (step.months !== undefined) return step.months >= 12 ? String(d.getUTCFullYear()) : `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  if (step.ms >= DAY) return day;
  const atMidnight = ms % DAY === 0;
  const hm = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  const time = step.ms < MINUTE ? `${hm}:${pad2(d.getUTCSeconds())}` : hm;
  if (atMidnight && step.ms >= MINUTE) return day;
  return first ? `${day} ${time}` : time;
}
