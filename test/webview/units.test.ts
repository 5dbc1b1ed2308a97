// The panel's pure pieces (formats, aggregation, ticks, derived model) in
// plain Node: fast checks of the arithmetic the browser tests rely on.

import assert from 'node:assert/strict';
import { test } from '@playwright/test';
import { aggregateCells, makeGrid } from '../../webview/aggregate';
import { formatDuration, formatFromLog10, formatLikelihood, formatLogTick, formatProbability, formatUtc, parseBound, truncate } from '../../webview/format';
import { aboveBound, buildModel, indexOfSession, makeFilter, windowText } from '../../webview/model';
import { chooseStep, formatTimeTick, utcTicks } from '../../webview/timeTicks';
import { makeResult } from './synthetic';

test.describe('panel formats', () => {
  test('prints likelihoods in exponential notation, even past double underflow', () => {
    assert.equal(formatLikelihood(1.234e-7, Math.log(1.234e-7)), '1.23e-7');
    assert.equal(formatLikelihood(0, -2000 * Math.LN10), '1.00e-2000');
    assert.equal(formatLikelihood(null, null), 'NaN');
    assert.equal(formatFromLog10(Math.log10(9.999e-5)), '1.00e-4');
    assert.equal(formatFromLog10(Math.log10(3.2) - 412), '3.20e-412');
  });

  test('labels log ticks as decades or mantissas', () => {
    assert.equal(formatLogTick(-5), '1e-5');
    assert.equal(formatLogTick(0), '1e+0');
    assert.equal(formatLogTick(Math.log10(3.2e-6)), '3.2e-6');
  });

  test('formats probabilities, times, durations and bounds', () => {
    assert.equal(formatProbability(0.4567), '0.457');
    assert.equal(formatProbability(0.00001234), '1.23e-5');
    assert.equal(formatProbability(null), '—');
    assert.equal(formatUtc(Date.UTC(2024, 2, 1, 12, 0, 5)), '2024-03-01T12:00:05Z');
    assert.equal(formatUtc(Date.UTC(2024, 2, 1, 12, 0, 5, 250)), '2024-03-01T12:00:05.250Z');
    assert.equal(formatDuration(850), '850 ms');
    assert.equal(formatDuration(252_000), '4m 12s');
    assert.equal(formatDuration(3 * 3600_000 + 60_000), '3h 1m');
    assert.equal(parseBound(' 1e-5 '), 1e-5);
    assert.equal(parseBound(''), null);
    assert.equal(parseBound('abc'), undefined);
    assert.equal(parseBound('-1'), undefined);
    assert.equal(truncate('abcdef', 4), 'abc…');
  });
});

test.describe('timeline aggregation', () => {
  const xs = [0, 1, 2, 9, 9.5, 5];
  const ys = [0, 0.5, 1, 9, 9.2, 1];
  const groups = [0, 0, 1, 1, 1, 2];
  const all = new Uint32Array([0, 1, 2, 3, 4, 5]);

  test('keeps every session in exactly one cell, colouring a cell by its majority', () => {
    const grid = makeGrid({ xMin: 0, xMax: 10, yMin: 0, yMax: 10 }, 20, 20, 10);
    assert.equal(grid.cols, 2);
    const cells = aggregateCells(all, xs, ys, (i) => groups[i], 3, grid);
    const total = cells.flat().reduce((n, c) => n + c.count, 0);
    assert.equal(total, 6);
    // Cell (0,0) holds sessions 0,1,2 (groups 0,0,1): majority 0, at their mean.
    assert.deepEqual(cells[0], [{ x: 1, y: 0.5, count: 3 }]);
    assert.deepEqual(cells[1], [{ x: 9.25, y: 9.1, count: 2 }]);
    assert.deepEqual(cells[2], [{ x: 5, y: 1, count: 1 }]);
  });

  test('leaves out sessions outside the grid', () => {
    const grid = makeGrid({ xMin: 0, xMax: 4, yMin: 0, yMax: 4 }, 40, 40, 4);
    const cells = aggregateCells(all, xs, ys, (i) => groups[i], 3, grid);
    assert.equal(cells.flat().reduce((n, c) => n + c.count, 0), 3);
  });
});

test.describe('UTC time ticks', () => {
  test('chooses round steps and aligns them to UTC boundaries', () => {
    const min = Date.UTC(2024, 2, 1, 5, 17);
    const max = Date.UTC(2024, 2, 15, 2, 0);
    const step = chooseStep(min, max, 10);
    assert.equal(step.ms, 2 * 86_400_000);
    const ticks = utcTicks(min, max, step);
    assert.ok(ticks.every((t) => t % 86_400_000 === 0 && t >= min && t <= max));
    assert.equal(formatTimeTick(ticks[0], step, true), 'Mar 2');
  });

  test('labels hours with the day on the first tick and at midnight', () => {
    const min = Date.UTC(2024, 2, 1, 20, 10);
    const step = chooseStep(min, min + 10 * 3600_000, 6);
    assert.equal(step.ms, 2 * 3600_000);
    const ticks = utcTicks(min, min + 10 * 3600_000, step);
    assert.deepEqual(ticks.map((t, k) => formatTimeTick(t, step, k === 0)), ['Mar 1 22:00', 'Mar 2', '02:00', '04:00', '06:00']);
  });

  test('steps by calendar months over long ranges', () => {
    const min = Date.UTC(2023, 0, 15);
    const max = Date.UTC(2024, 11, 20);
    const step = chooseStep(min, max, 10);
    assert.equal(step.months, 3);
    const ticks = utcTicks(min, max, step);
    assert.equal(new Date(ticks[0]).toISOString(), '2023-04-01T00:00:00.000Z');
    assert.equal(formatTimeTick(ticks[0], step, true), 'Apr 2023');
  });
});

test.describe('panel model', () => {
  const result = makeResult({ sessions: 1000, nanFraction: 0.02, seed: 5 });
  const model = buildModel(result);

  test('puts unscored sessions aside and keeps ids apart from ranks', () => {
    assert.equal(model.nanIndices.length, 20);
    assert.equal(model.scoredCount, 980);
    assert.equal(indexOfSession(model, result.sessions.id[17]), 17);
    assert.equal(indexOfSession(model, -1), undefined);
    assert.ok(model.extents.yMax <= 0);
  });

  test('bands sessions by rank among scored ones', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < model.count; i++) if (model.band[i] !== 255) counts[model.band[i]]++;
    assert.deepEqual(counts, [10, 39, 147, 784]);
  });

  test('colours the eight busiest users and greys the rest', () => {
    assert.equal(model.topUsers.length, 8);
    const perUser = new Map<number, number>();
    for (const u of result.sessions.user) perUser.set(u, (perUser.get(u) ?? 0) + 1);
    const counts = model.topUsers.map((u) => perUser.get(u) ?? 0);
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
    const others = [...perUser.keys()].filter((u) => !model.topUsers.includes(u));
    assert.ok(others.every((u) => model.userGroup[u] === 8 && (perUser.get(u) ?? 0) <= counts[7]));
  });

  test('filters on user values and rarest-window commands, ignoring case', () => {
    const byUser = makeFilter(model, 'BOB@CONTOSO');
    assert.ok(byUser);
    for (let i = 0; i < model.count; i++) assert.equal(byUser(i), result.userTuples[result.sessions.user[i]][0] === 'bob@contoso.com');
    const byCommand = makeFilter(model, 'search-mailbox');
    assert.ok(byCommand);
    for (let i = 0; i < model.count; i++) assert.equal(byCommand(i), windowText(result, i).includes('Search-Mailbox') || model.userSearch[result.sessions.user[i]].includes('search-mailbox'));
    assert.equal(makeFilter(model, '  '), null);
  });

  test('applies the upper bound in the log domain', () => {
    assert.equal(aboveBound(model, 0, null), false);
    assert.equal(aboveBound(model, 0, 1), false);
    assert.equal(aboveBound(model, 979, 1e-300), true);
    assert.equal(aboveBound(model, 999, 1e-300), false, 'unscored sessions are never "above"');
  });
});
