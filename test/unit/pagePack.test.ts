// The packed page form of a result (src/run/pagePack.ts and protocol.ts's
// layout): what the worker deflates is what the page rebuilds, column for
// column and type for type; small results go as they are; a buffer that does
// not match its layout is refused.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { inflateSync } from 'node:zlib';
import { loadLog, scoreLog } from '../../src/engine/pipeline';
import { buildPanelResult } from '../../src/present/panelData';
import { packLayout, pageSessions, unpackedSessions, type PanelSessions } from '../../src/protocol';
import { PACK_MIN_BYTES, packPageSessions } from '../../src/run/pagePack';

const SAMPLE = path.join(path.resolve(__dirname, '../../..'), 'media', 'sample', 'exchange-admin-sample.csv');

function inflated(s: PanelSessions): ArrayBuffer {
  const raw = inflateSync(Buffer.from(s.packed!.deflated));
  return raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer;
}

/** Every column of `got` has `want`'s type and values, bit for bit (NaN and -0 included). */
function assertSame(got: PanelSessions, want: PanelSessions): void {
  assert.equal(got.packed, undefined);
  for (const key of Object.keys(want) as (keyof PanelSessions)[]) {
    const w = want[key];
    const g = got[key];
    if (ArrayBuffer.isView(w)) {
      assert.equal(g?.constructor, w.constructor, `${key} keeps its type`);
      const a = Array.from(g as Float64Array);
      const b = Array.from(w as Float64Array);
      assert.equal(a.length, b.length, key);
      for (let i = 0; i < b.length; i++) if (!Object.is(a[i], b[i])) assert.fail(`${key}[${i}]: ${a[i]} arrived for ${b[i]}`);
    } else {
      assert.deepEqual(g, w, key);
    }
  }
}

describe('packed page sessions', function () {
  this.timeout(60_000);
  let page: PanelSessions;

  before(async () => {
    page = pageSessions(buildPanelResult(scoreLog(await loadLog({ file: SAMPLE })), 1).sessions);
  });

  it('rebuilds every column, with its type, from the deflated buffer', () => {
    const packed = packPageSessions(page, 0);
    assert.ok(packed.packed);
    const layout = packLayout(page);
    assert.deepEqual(
      packed.packed.columns.map(({ key, type, length }) => ({ key, type, length })),
      layout.columns.map(({ key, type, length }) => ({ key, type, length })),
    );
    assert.ok(layout.columns.length >= 12, `${layout.columns.length} columns packed`);
    for (const c of packed.packed.columns) {
      assert.equal(packed[c.key]!.length, 0, `${c.key} travels only packed`);
      assert.equal(c.offset % 8, 0);
    }
    assert.ok(packed.packed.deflated.byteLength < layout.bytes / 2, `${layout.bytes} -> ${packed.packed.deflated.byteLength} bytes`);
    assertSame(unpackedSessions(packed, inflated(packed)), page);
  });

  it('writes an insight column of one value once', () => {
    const n = page.count;
    const waiting: PanelSessions = { ...page, insightScore: new Float32Array(n).fill(NaN), insightKinds: new Uint8Array(n), insightCount: new Uint16Array(n), topKind: new Int8Array(n).fill(-1) };
    const packed = packPageSessions(waiting, 0);
    const coding = Object.fromEntries(packed.packed!.columns.map((c) => [c.key, c.coding ?? 'plain']));
    for (const key of ['insightScore', 'insightKinds', 'insightCount', 'topKind']) assert.equal(coding[key], 'constant', key);
    assert.equal(coding.eventCount, 'plain');
    // Those take eight bytes each: the buffer is smaller than the plain layout by nearly all of their bytes.
    const saved = (4 + 1 + 2 + 1) * n - 4 * 8;
    assert.ok(packed.packed!.bytes <= packLayout(waiting).bytes - saved, `${packed.packed!.bytes} bytes`);
    assertSame(unpackedSessions(packed, inflated(packed)), waiting);
    // Insight columns that differ from session to session go as they are.
    const judged: PanelSessions = { ...waiting, insightCount: Uint16Array.from({ length: n }, (_, i) => i % 3) };
    const withCounts = packPageSessions(judged, 0);
    assert.equal(withCounts.packed!.columns.find((c) => c.key === 'insightCount')!.coding, undefined);
    assertSame(unpackedSessions(withCounts, inflated(withCounts)), judged);
  });

  it('writes likelihoods that tie as runs, and keeps them as they are when few do', () => {
    const n = page.count;
    // Ranked likelihoods: ties in runs, a -0 beside 0, NaN sessions last.
    const likelihood = Float64Array.from({ length: n }, (_, i) => (i >= n - 7 ? NaN : i < 3 ? (i === 1 ? -0 : 0) : Math.floor(i / 25) * 1e-6));
    const logLikelihood = Float64Array.from(likelihood, (v) => Math.log(v));
    const tied: PanelSessions = { ...page, likelihood, logLikelihood };
    const packed = packPageSessions(tied, 0);
    for (const key of ['likelihood', 'logLikelihood'] as const) {
      const c = packed.packed!.columns.find((col) => col.key === key)!;
      assert.equal(c.coding, 'runs', key);
      assert.ok(c.runs! < n / 8, `${key}: ${c.runs} runs`);
    }
    assertSame(unpackedSessions(packed, inflated(packed)), tied);
    // Every value its own: as it is.
    const distinct: PanelSessions = { ...page, likelihood: Float64Array.from({ length: n }, (_, i) => i * 1e-9) };
    const plain = packPageSessions(distinct, 0);
    assert.equal(plain.packed!.columns.find((c) => c.key === 'likelihood')!.coding, undefined);
    assertSame(unpackedSessions(plain, inflated(plain)), distinct);
    // Counts that do not add up to the column are refused.
    const c = packed.packed!.columns.find((col) => col.key === 'likelihood')!;
    const raw = inflated(packed);
    const short = raw.slice(0);
    new Float64Array(short, c.offset, 2 * c.runs!)[1] -= 1;
    assert.throws(() => unpackedSessions(packed, short), /column likelihood does not fit its layout/);
  });

  it('writes the ids by byte plane and the starts as whole seconds or ms after the earliest, exactly or not at all', () => {
    const n = page.count;
    const at = Date.UTC(2024, 4, 1, 8);
    const cases: { name: string; start: Float64Array; coding: string; step?: number }[] = [
      { name: 'whole seconds', start: Float64Array.from({ length: n }, (_, i) => at + ((i * 7919) % n) * 1000), coding: 'offsets', step: 1000 },
      { name: 'ms', start: Float64Array.from({ length: n }, (_, i) => at + i * 1001), coding: 'offsets', step: 1 },
      { name: 'a fraction of a ms', start: Float64Array.from({ length: n }, (_, i) => at + i * 1000 + (i === 5 ? 0.25 : 0)), coding: 'planes' },
      { name: 'over 49 days of ms', start: Float64Array.from({ length: n }, (_, i) => at + (i === 2 ? 0x100000000 + 1 : i)), coding: 'planes' },
      { name: 'NaN', start: Float64Array.from({ length: n }, (_, i) => (i === 3 ? NaN : at + i * 1000)), coding: 'planes' },
      { name: '-0 beside 0', start: Float64Array.from({ length: n }, (_, i) => (i === 0 ? -0 : i * 1000)), coding: 'planes' },
    ];
    for (const c of cases) {
      const s: PanelSessions = { ...page, start: c.start };
      const packed = packPageSessions(s, 0);
      const col = packed.packed!.columns.find((k) => k.key === 'start')!;
      assert.equal(col.coding, c.coding, c.name);
      assert.equal(col.step, c.step, c.name);
      if (c.coding === 'offsets') assert.equal(col.base, Math.min(...c.start), c.name);
      assertSame(unpackedSessions(packed, inflated(packed)), s);
    }
    const packed = packPageSessions(page, 0);
    assert.equal(packed.packed!.columns.find((k) => k.key === 'id')!.coding, 'planes');
    // The sample's ids, 0..n-1 in rank order, come back in that order.
    assertSame(unpackedSessions(packed, inflated(packed)), page);
  });

  it('refuses a way of writing a column that the column cannot have', () => {
    const packed = packPageSessions(page, 0);
    const raw = inflated(packed);
    const cols = packed.packed!.columns;
    const countsAsRuns = { ...packed, packed: { ...packed.packed!, columns: cols.map((c) => (c.key === 'eventCount' ? { ...c, coding: 'runs' as const, runs: 1 } : c)) } };
    assert.throws(() => unpackedSessions(countsAsRuns, raw), /column eventCount does not fit its layout/);
    const idOnce = { ...packed, packed: { ...packed.packed!, columns: cols.map((c) => (c.key === 'id' ? { ...c, coding: 'constant' as const } : c)) } };
    assert.throws(() => unpackedSessions(idOnce, raw), /column id does not fit its layout/);
    const runsTooMany = { ...packed, packed: { ...packed.packed!, columns: cols.map((c) => (c.key === 'likelihood' ? { ...c, coding: 'runs' as const, runs: raw.byteLength } : c)) } };
    assert.throws(() => unpackedSessions(runsTooMany, raw), /column likelihood does not fit its layout/);
    const with_ = (key: string, change: object) => ({ ...packed, packed: { ...packed.packed!, columns: cols.map((c) => (c.key === key ? { ...c, ...change } : c)) } });
    assert.equal(cols.find((c) => c.key === 'start')!.coding, 'offsets');
    for (const [key, change] of [
      ['eventCount', { coding: 'planes' }],
      ['likelihood', { coding: 'offsets', base: 0, step: 1 }],
      ['start', { step: 7 }],
      ['start', { base: undefined }],
      ['start', { base: NaN }],
      ['id', { coding: 'planes', step: 1 }],
      ['id', { coding: undefined, base: 1 }],
    ] as const) {
      assert.throws(() => unpackedSessions(with_(key, change), raw), new RegExp(`column ${key} does not fit its layout`), `${key} ${JSON.stringify(change)}`);
    }
  });

  it('leaves a small result as it is', () => {
    assert.ok(packLayout(page).bytes < PACK_MIN_BYTES);
    assert.equal(packPageSessions(page), page);
  });

  it('is turned off by SESSIONSCOPE_PAGE_PACK=0', () => {
    process.env.SESSIONSCOPE_PAGE_PACK = '0';
    try {
      assert.equal(packPageSessions(page, 0), page);
    } finally {
      delete process.env.SESSIONSCOPE_PAGE_PACK;
    }
  });

  it('refuses a buffer that does not match its layout', () => {
    const packed = packPageSessions(page, 0);
    const raw = inflated(packed);
    assert.throws(() => unpackedSessions(packed, raw.slice(0, raw.byteLength - 8)), /arrived as \d+ bytes, not \d+/);
    const last = packed.packed!.columns.at(-1)!;
    const longer = { ...packed, packed: { ...packed.packed!, columns: [...packed.packed!.columns.slice(0, -1), { ...last, length: last.length + 100 }] } };
    assert.throws(() => unpackedSessions(longer, raw), /does not fit its layout/);
    const misaligned = { ...packed, packed: { ...packed.packed!, columns: [{ ...packed.packed!.columns[0], offset: 4 }] } };
    assert.throws(() => unpackedSessions(misaligned, raw), /does not fit its layout/);
  });
});
