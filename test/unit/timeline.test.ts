// The timeline's pure parts in plain Node: UTC ticks of the linear time axis,
// the view arithmetic of zoom and pan, the aggregation grid of a view and the
// keyboard path. The browser tests (test/webview) drive the same code through
// Chart.js; these pin the arithmetic over many ranges.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { makeGrid, viewGrid } from '../../webview/aggregate';
import { clampSpan, zoomSpan } from '../../webview/chartRange';
import { keyStep, orderByStart } from '../../webview/timelineKeys';
import { chooseStep, formatTimeTick, maxTimeTicks, utcTicks } from '../../webview/timeTicks';

const SECOND = 1000;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The labels the axis shows for [min, max] on an axis `width` px wide, as the chart makes them. */
function axisLabels(min: number, max: number, width: number): { ticks: number[]; labels: string[]; maxTicks: number } {
  const maxTicks = maxTimeTicks(width);
  const step = chooseStep(min, max, maxTicks);
  const ticks = utcTicks(min, max, step);
  return { ticks, labels: ticks.map((t, k) => formatTimeTick(t, step, k === 0, max - min)), maxTicks };
}

describe('timeline time axis (linear axis of epoch ms, UTC ticks)', () => {
  // Ranges from half a second to 20 years, anywhere in 2000–2030.
  const rangeArb = fc.record({
    min: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) }),
    logSpan: fc.double({ min: Math.log10(500), max: Math.log10(20 * 365 * DAY), noNaN: true }),
    width: fc.integer({ min: 200, max: 1600 }),
  });

  it('gives increasing ticks inside the range, about one per 110 px, with no label twice', () => {
    fc.assert(
      fc.property(rangeArb, ({ min, logSpan, width }) => {
        const max = min + Math.round(10 ** logSpan);
        const { ticks, labels, maxTicks } = axisLabels(min, max, width);
        assert.ok(ticks.length >= 1, `no tick for ${new Date(min).toISOString()} + ${max - min} ms`);
        // Calendar months are 28–31 days against a nominal 30: one tick more at most.
        assert.ok(ticks.length <= maxTicks + 1, `${ticks.length} ticks for at most ${maxTicks}`);
        for (let k = 0; k < ticks.length; k++) {
          assert.ok(ticks[k] >= min && ticks[k] <= max);
          if (k > 0) assert.ok(ticks[k] > ticks[k - 1]);
        }
        assert.equal(new Set(labels).size, labels.length, `duplicate labels: ${labels.join(' | ')}`);
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it('puts ticks on round UTC boundaries of the chosen step', () => {
    fc.assert(
      fc.property(rangeArb, ({ min, logSpan, width }) => {
        const max = min + Math.round(10 ** logSpan);
        const step = chooseStep(min, max, maxTimeTicks(width));
        for (const t of utcTicks(min, max, step)) {
          if (step.months === undefined) assert.equal(t % step.ms, 0);
          else {
            const d = new Date(t);
            assert.equal(d.getUTCDate(), 1);
            assert.equal(d.getUTCHours() + d.getUTCMinutes() + d.getUTCSeconds() + d.getUTCMilliseconds(), 0);
            assert.equal((d.getUTCFullYear() * 12 + d.getUTCMonth()) % step.months, 0);
          }
        }
      }),
      { numRuns: 1000, seed: 12 },
    );
  });

  it('labels a 600 px axis at each scale as hunters read UTC times', () => {
    const at = Date.UTC(2024, 2, 1, 22, 0, 0);
    // 2 s: sub-second steps, with milliseconds and the day on the first tick.
    assert.deepEqual(axisLabels(at, at + 2 * SECOND, 600).labels, ['Mar 1 22:00:00.000', '22:00:00.500', '22:00:01.000', '22:00:01.500', '22:00:02.000']);
    // 2 min: seconds.
    assert.deepEqual(axisLabels(at + 5 * SECOND, at + 125 * SECOND, 600).labels, ['Mar 1 22:00:30', '22:01:00', '22:01:30', '22:02:00']);
    // 6 h over midnight: the midnight tick names the new day.
    assert.deepEqual(axisLabels(at, at + 6 * HOUR, 600).labels, ['Mar 1 22:00', 'Mar 2', '02:00', '04:00']);
    // 2 days: every tick names its day, or "12:00" would come twice.
    assert.deepEqual(axisLabels(at, at + 2 * DAY, 600).labels, ['Mar 2', 'Mar 2 12:00', 'Mar 3', 'Mar 3 12:00']);
    // A year: months; ten years: years.
    assert.deepEqual(axisLabels(Date.UTC(2023, 0, 10), Date.UTC(2024, 0, 10), 600).labels, ['Apr 2023', 'Jul 2023', 'Oct 2023', 'Jan 2024']);
    assert.deepEqual(axisLabels(Date.UTC(2014, 5, 1), Date.UTC(2024, 5, 1), 600).labels, ['2016', '2018', '2020', '2022', '2024']);
  });

  it('labels in UTC whatever the local zone', () => {
    // Labels come from getUTC*: a tick at 00:00 UTC is midnight even where it is not locally.
    const step = chooseStep(Date.UTC(2024, 5, 30, 20), Date.UTC(2024, 6, 1, 4), 4);
    assert.equal(formatTimeTick(Date.UTC(2024, 6, 1), step, false), 'Jul 1');
  });
});

describe('timeline zoom and pan arithmetic', () => {
  it('zooms about the focus, keeping the focus where it was', () => {
    const [a, b] = zoomSpan(0, 100, 25, 0.5, 0, 100, 1);
    assert.deepEqual([a, b], [12.5, 62.5]);
    // The focus keeps its relative place: (25 - 0) / 100 = (25 - 12.5) / 50.
    assert.equal((25 - a) / (b - a), 0.25);
  });

  it('never leaves the extents, and zooming out stops at them', () => {
    assert.deepEqual(zoomSpan(0, 10, 1, 4, 0, 100, 1), [0, 40]);
    assert.deepEqual(zoomSpan(50, 90, 60, 10, 0, 100, 1), [0, 100]);
    assert.deepEqual(clampSpan(-5, 15, 0, 100), [0, 20]);
    assert.deepEqual(clampSpan(95, 105, 0, 100), [90, 100]);
    assert.deepEqual(clampSpan(40, 60, 0, 100), [40, 60]);
  });

  it('stops zooming in at the smallest span', () => {
    const [a, b] = zoomSpan(0, 4, 2, 0.25, 0, 100, 2);
    assert.deepEqual([a, b], [1, 3]);
    assert.deepEqual(zoomSpan(1, 3, 2, 0.25, 0, 100, 2), [1, 3]);
  });

  it('keeps every zoom inside the extents and at least the smallest span (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        (p, q, f, factor) => {
          const [lo, hi, minSpan] = [1000, 5000, 10];
          const min = lo + Math.min(p, q) * (hi - lo);
          const max = Math.max(min + minSpan, lo + Math.max(p, q) * (hi - lo));
          if (max > hi) return;
          const [a, b] = zoomSpan(min, max, min + f * (max - min), factor, lo, hi, minSpan);
          assert.ok(a >= lo - 1e-9 && b <= hi + 1e-9 && b - a >= minSpan - 1e-9, `${a}..${b}`);
          if (factor < 1) assert.ok(b - a <= max - min + 1e-9, 'zooming in never widens');
        },
      ),
      { numRuns: 1000, seed: 13 },
    );
  });
});

describe('timeline aggregation grid of a view', () => {
  it('covers the view plus half a view each side, cut at the extents, with cells of the given size', () => {
    const extents = { xMin: 0, xMax: 1000, yMin: -10, yMax: 0 };
    const grid = viewGrid(extents, { xMin: 100, xMax: 300, yMin: -5, yMax: -3 }, { width: 400, height: 200 }, 4);
    // x: 100–300 ± 100 = 0–400, drawn 800 px wide; y: -6 to -2, 400 px high.
    assert.deepEqual(grid, makeGrid({ xMin: 0, xMax: 400, yMin: -6, yMax: -2 }, 800, 400, 4));
    assert.equal(grid.cols, 200);
    assert.equal(grid.rows, 100);
    const whole = viewGrid(extents, extents, { width: 400, height: 200 }, 4);
    assert.deepEqual([whole.x0, whole.cols, whole.rows], [0, 100, 50]);
  });
});

describe('timeline keyboard path', () => {
  // Sessions 0..4 are ranks 1..5 (0 = rarest); 2 is filtered out of view.
  const visible = [0, 1, 3, 4];
  const start = [50, 10, 0, 40, 20];
  const byTime = (): Uint32Array => orderByStart(visible, start);

  it('steps by rank: Down = rarer, Up = commoner, Home/End to the ends', () => {
    assert.deepEqual(keyStep('ArrowDown', visible, null, byTime), { index: 0, reveal: false });
    assert.deepEqual(keyStep('ArrowUp', visible, 1, byTime), { index: 3, reveal: false });
    assert.deepEqual(keyStep('ArrowDown', visible, 3, byTime), { index: 1, reveal: false });
    assert.deepEqual(keyStep('End', visible, 0, byTime), { index: 4, reveal: false });
    assert.deepEqual(keyStep('Home', visible, 4, byTime), { index: 0, reveal: false });
    // At an end: handled (the page must not scroll), nothing selected anew.
    assert.equal(keyStep('ArrowDown', visible, 0, byTime), null);
    assert.equal(keyStep('ArrowUp', visible, 4, byTime), null);
  });

  it('steps by start time with Left/Right, over visible sessions only', () => {
    assert.deepEqual([...byTime()], [1, 4, 3, 0]);
    assert.deepEqual(keyStep('ArrowRight', visible, 1, byTime), { index: 4, reveal: false });
    assert.deepEqual(keyStep('ArrowLeft', visible, 3, byTime), { index: 4, reveal: false });
    assert.equal(keyStep('ArrowRight', visible, 0, byTime), null);
    // A selection out of view (filtered): Left/Right start again from the rarest.
    assert.deepEqual(keyStep('ArrowRight', visible, 2, byTime), { index: 0, reveal: false });
  });

  it('reveals the selection on Enter and leaves other keys alone', () => {
    assert.deepEqual(keyStep('Enter', visible, 3, byTime), { index: 3, reveal: true });
    assert.equal(keyStep('Enter', visible, null, byTime), null);
    assert.equal(keyStep('a', visible, 3, byTime), 'unhandled');
    assert.equal(keyStep('ArrowDown', [], null, byTime), 'unhandled');
  });
});
