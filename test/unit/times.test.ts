import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatInstant, SANE_FROM_S, SANE_TO_S, toInstant, type TimeFormat } from '../../src/engine/read/time';

const iso = (v: string | number, f?: TimeFormat): string | undefined => {
  const t = toInstant(v, f);
  return t && formatInstant(t.ms, t.ns);
};

describe('times from real exports', function () {
  const cases: [string | number, string, TimeFormat?][] = [
    ['21/04/2025, 09:45:54.000', '2025-04-21T09:45:54.000Z'],
    ['05/04/2020 10:00', '2020-04-05T10:00:00.000Z', 'dmy'],
    ['05/04/2020 10:00', '2020-05-04T10:00:00.000Z', 'mdy'],
    ['21.04.2025 09:45:54', '2025-04-21T09:45:54.000Z'],
    ['2020-10-16 10:00:00 +0000', '2020-10-16T10:00:00.000Z'],
    ['2020-10-16T10:00:00.049+0000', '2020-10-16T10:00:00.049Z'],
    ['2020/10/16 10:00:00', '2020-10-16T10:00:00.000Z'],
    ['20201016100000.049', '2020-10-16T10:00:00.049Z'],
    ['20201016100000', '2020-10-16T10:00:00.000Z'],
    ['Fri, 16 Oct 2020 10:00:00 GMT', '2020-10-16T10:00:00.000Z'],
    ['Oct 16, 2020, 10:00:00 AM', '2020-10-16T10:00:00.000Z'],
    ['16 October 2020 22:00:00 +02:00', '2020-10-16T20:00:00.000Z'],
    ['1602842400', '2020-10-16T10:00:00.000Z'],
    ['1602842400049', '2020-10-16T10:00:00.049Z'],
    ['1602842400049123', '2020-10-16T10:00:00.049123Z'],
    ['1602842400049123456', '2020-10-16T10:00:00.049123456Z'],
    [1602842400049123, '2020-10-16T10:00:00.049123Z'],
    ['1602842400.5', '2020-10-16T10:00:00.500Z'],
    ['1602842400', '2020-10-16T10:00:00.000Z', 'epoch-s'],
    ['1602842400000', '2020-10-16T10:00:00.000Z', 'epoch-ms'],
    // RFC 2822's US zone names (mail headers, Java's Date, date(1)) and the asctime order, the year last.
    ['Fri, 16 Oct 2020 06:00:00 EDT', '2020-10-16T10:00:00.000Z'],
    ['Oct 16 2020 03:00:00 PDT', '2020-10-16T10:00:00.000Z'],
    ['2020-10-16 04:00:00 CST', '2020-10-16T10:00:00.000Z'],
    ['Fri Oct 16 03:00:00 PDT 2020', '2020-10-16T10:00:00.000Z'],
    ['Fri Oct  6 10:00:00 2020', '2020-10-06T10:00:00.000Z'],
    ['Fri Oct 16 12:00:00.049 +0200 2020', '2020-10-16T10:00:00.049Z'],
  ];
  for (const [input, expected, format] of cases) {
    it(`reads ${JSON.stringify(input)}${format ? ` as ${format}` : ''}`, function () {
      assert.equal(iso(input, format), expected);
    });
  }
  for (const bad of ['123456789012', '20201016100000049', '99999999999999999999999', '13/13/2020', '31/04/2025 10:00', 'Foo 16, 2020 10:00', '-1602842400', 'Fri Oct 16 10:00:00 XYZ 2020', '2020-10-16 10:00:00 IST', 'Fri Oct 32 10:00:00 2020']) {
    it(`does not take ${JSON.stringify(bad)} for a time`, function () {
      assert.equal(iso(bad), undefined);
    });
  }
  it('an AWS account id is not an epoch', function () {
    assert.equal(iso('123456789012'), undefined);
    assert.equal(iso(123456789012), undefined);
  });
  it('rejects over-long text before any pattern runs (no backtracking on blanks)', function () {
    const hostile = '1/1/2020' + ' '.repeat(30_000) + 'x';
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) assert.equal(toInstant(hostile), undefined);
    assert.equal(toInstant(' '.repeat(50) + '1/1/2020' + ' '.repeat(20)), undefined);
    assert.ok(performance.now() - t0 < 1000);
  });
});

describe('time properties', function () {
  const sane = fc.integer({ min: SANE_FROM_S, max: SANE_TO_S - 1 });
  it('reads a 19-digit nanosecond stamp by its digits, not by a rounded double (the last microsecond before 2100)', function () {
    // Number('4102444799999999744') is 4102444800000000000: out of range if the unit were chosen from it.
    assert.deepEqual(toInstant('4102444799999999744'), { ms: 4102444799999, ns: 999744 });
    assert.equal(toInstant('4102444800000000000'), undefined);
    assert.deepEqual(toInstant('0001700000000000000000'), { ms: 1700000000000, ns: 0 });
    assert.deepEqual(toInstant('631152000000000000'), { ms: 631152000000, ns: 0 });
    assert.equal(toInstant('631151999999999999'), undefined);
  });
  it('epoch seconds, ms, µs and ns of the same instant read alike (told apart by magnitude)', function () {
    fc.assert(
      fc.property(sane, fc.integer({ min: 0, max: 999_999_999 }), (s, ns) => {
        const nsText = String(ns).padStart(9, '0');
        const sec = toInstant(String(s))!;
        const ms = toInstant(String(s) + nsText.slice(0, 3))!;
        const us = toInstant(String(s) + nsText.slice(0, 6))!;
        const n = toInstant(String(s) + nsText)!;
        assert.equal(sec.ms, s * 1000);
        assert.equal(ms.ms, s * 1000 + Math.floor(ns / 1e6));
        assert.equal(us.ms, ms.ms);
        assert.equal(n.ms, ms.ms);
        assert.equal(n.ns, ns % 1_000_000);
        assert.equal(us.ns, Math.floor((ns % 1_000_000) / 1000) * 1000);
      }),
    );
  });
  it('no number outside 1990-2100 in every unit is read as a time', function () {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: SANE_FROM_S - 1 }), fc.bigInt({ min: 0n, max: 10n ** 21n })), (v) => {
        // In range in some unit, decided exactly (a double rounds 19-digit values).
        const big = BigInt(v);
        const unit = [1n, 1000n, 1_000_000n, 1_000_000_000n].some((k) => big >= BigInt(SANE_FROM_S) * k && big < BigInt(SANE_TO_S) * k) ? 'in range' : undefined;
        const t = toInstant(String(v));
        if (unit === undefined && String(v).length !== 14) assert.equal(t, undefined, String(v));
        if (t) {
          const year = new Date(t.ms).getUTCFullYear();
          assert.ok(year >= 1990 && year < 2100, `${v} read as year ${year}`);
        }
      }),
    );
  });
  it('day-first and month-first read the same instant from swapped fields', function () {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
        const [y, mo, day, h, mi, s] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
        const clock = `${h}:${String(mi).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
        const want = Math.floor(d.getTime() / 1000) * 1000;
        assert.equal(toInstant(`${day}/${mo}/${y} ${clock}`, 'dmy')?.ms, want);
        assert.equal(toInstant(`${mo}/${day}/${y}, ${clock}`, 'mdy')?.ms, want);
        if (day > 12) assert.equal(toInstant(`${day}/${mo}/${y} ${clock}`)?.ms, want, 'a first field over 12 can only be a day');
      }),
    );
  });
});
