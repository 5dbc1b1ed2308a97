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
    assert.deepEqual(packed.packed.columns, layout.columns);
    assert.ok(layout.columns.length >= 12, `${layout.columns.length} columns packed`);
    for (const c of layout.columns) {
      assert.equal(packed[c.key]!.length, 0, `${c.key} travels only packed`);
      assert.equal(c.offset % 8, 0);
    }
    assert.ok(packed.packed.deflated.byteLength < layout.bytes / 2, `${layout.bytes} -> ${packed.packed.deflated.byteLength} bytes`);
    const back = unpackedSessions(packed, inflated(packed));
    assert.equal(back.packed, undefined);
    for (const key of Object.keys(page) as (keyof PanelSessions)[]) {
      const want = page[key];
      const got = back[key];
      if (ArrayBuffer.isView(want)) {
        assert.equal(got?.constructor, want.constructor, `${key} keeps its type`);
        assert.deepEqual(Array.from(got as Float64Array), Array.from(want as Float64Array), key);
      } else {
        assert.deepEqual(got, want, key);
      }
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
