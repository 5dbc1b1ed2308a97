// Packs a large result's session columns for the page: one buffer, deflated.
//
// Measured in the offline harness (code-server: a remote extension host and a
// browser workbench, as Codespaces, Remote-SSH and code-server users have), a
// webview message costs about 0.1 s per megabyte on top of ~0.1 s fixed,
// whatever the bytes are (all-zero columns took as long as real ones): VS
// Code copies and frames the message several times on its way. A 1M-event
// result's page columns are 12.8 MB (1.3-1.9 s from post to the page's first
// render); deflated at level 1 they are 3.4 MB, made in ~0.1 s here in the
// worker and inflated natively by the page (DecompressionStream). Small
// results go as they are: for them the fixed cost dominates.
//
// Some columns are written another way (PackedColumn.coding; the page
// undoes it in protocol.ts's unpackedSessions), for fewer bytes to inflate:
// - the likelihoods, in rank order, as (value, count) runs where sessions
//   tie (1M-event bench result: 15,337 and 14,810 runs, 3.9 MB to 0.48 MB);
// - the insight columns, each one value until the insights follow the
//   result: that value once (2.4 MB less).
// The whole buffer went from 12.4 to 6.6 MB, deflated from 2.51 to 2.46 MB;
// in the webview tier the page inflated and drew the real 1M result in
// 281-323 ms against 300-438 ms (four runs each).
// Then, for fewer bytes to send, with no reordering on the page (one pass
// over each column):
// - the session ids (rank order) by byte plane: their high bytes, nearly
//   constant, deflate to little (700 KB to 395 KB);
// - the starts as four-byte whole seconds (or ms) after the earliest, by
//   byte plane, when that gives each back exactly, else by plane as they are
//   (1,070 KB to 600 KB; 808 KB as ms).
// The 1M result's buffer deflates to 1.69 MB (5.6 MB inflated); in bench:panel
// it reached the page in 224-280 ms against 269-341 ms, drawn in about the
// same time (four alternating rounds, docs/performance.md).
//
// Tried and dropped (docs/performance.md, session 17): ids as deltas, starts
// and users in session id order. They cut the deflated bytes to 1.59 MB, but
// the page drew the result 60-100 ms later (four runs each in the webview
// tier, on the real 1M result), about what the smaller message saved in
// code-server's transport, and more than it saves where messages are cheap.

import { deflateSync } from 'node:zlib';
import { CONSTANT_CODED, packLayout, PLANES_CODED, RUNS_CODED, toPlanes, type ColumnCoding, type PackedColumn, type PackedKey, type PanelSessions } from '../protocol';

/** Below this many column bytes a result goes unpacked (about 20,000 sessions). */
export const PACK_MIN_BYTES = 1 << 20;

/** Zlib level 1: on these columns it saves 98% of what level 6 saves, in 40% of its time (12.8 MB: 94 against 236 ms). */
const LEVEL = 1;

type Column = ArrayBufferView & ArrayLike<number>;

/** What goes into the buffer for one column, and how it was written. */
interface Written {
  coding?: ColumnCoding;
  runs?: number;
  base?: number;
  step?: number;
  data: ArrayBufferView;
}

/** The page form with its columns packed, or `s` itself when it is small (or packing is turned off with SESSIONSCOPE_PAGE_PACK=0). */
export function packPageSessions(s: PanelSessions, minBytes = PACK_MIN_BYTES): PanelSessions {
  if (process.env.SESSIONSCOPE_PAGE_PACK === '0') return s;
  const plain = packLayout(s);
  if (plain.bytes < minBytes) return s;
  const columns: PackedColumn[] = [];
  const parts: { offset: number; data: ArrayBufferView }[] = [];
  const out: Record<string, unknown> = { ...s };
  let offset = 0;
  for (const c of plain.columns) {
    const col = s[c.key] as unknown as Column;
    const w = written(c.key, col);
    const column: PackedColumn = { key: c.key, type: c.type, offset, length: c.length };
    if (w.coding) column.coding = w.coding;
    if (w.runs !== undefined) column.runs = w.runs;
    if (w.base !== undefined) column.base = w.base;
    if (w.step !== undefined) column.step = w.step;
    columns.push(column);
    parts.push({ offset, data: w.data });
    offset += Math.ceil(w.data.byteLength / 8) * 8;
    out[c.key] = new (col.constructor as new (n: number) => ArrayBufferView)(0);
  }
  const raw = new Uint8Array(offset);
  for (const p of parts) raw.set(new Uint8Array(p.data.buffer, p.data.byteOffset, p.data.byteLength), p.offset);
  const z = deflateSync(raw, { level: LEVEL });
  // The zlib output may sit in a larger buffer: copy out exactly its bytes, so the transfer carries nothing else.
  const deflated = z.byteOffset === 0 && z.byteLength === z.buffer.byteLength ? (z.buffer as ArrayBuffer) : (z.buffer.slice(z.byteOffset, z.byteOffset + z.byteLength) as ArrayBuffer);
  out.packed = { deflated, bytes: offset, columns };
  return out as unknown as PanelSessions;
}

/** How `col` is written; each coding is taken only when decoding it gives back every value exactly. */
function written(key: PackedKey, col: Column): Written {
  if (CONSTANT_CODED.has(key) && col.length > 0 && allSame(col)) return { coding: 'constant', data: sliceView(col, 1) };
  if (RUNS_CODED.has(key) && col instanceof Float64Array) {
    const pairs = runPairs(col);
    if (pairs) return { coding: 'runs', runs: pairs.length / 2, data: pairs };
  }
  if (key === 'start' && col instanceof Float64Array) {
    const offsets = startOffsets(col);
    if (offsets) return { coding: 'offsets', base: offsets.base, step: offsets.step, data: toPlanes(offsets.values) };
  }
  if (PLANES_CODED.has(key) && col.length > 0) return { coding: 'planes', data: toPlanes(col) };
  return { data: col };
}

/**
 * The starts as whole seconds (else whole ms) after the earliest, when every one fits four bytes and gives its
 * start back exactly (`base + offset * step`, bit for bit); undefined otherwise (a fraction of a ms, a span over
 * 49 days in ms, NaN, -0).
 */
function startOffsets(col: Float64Array): { base: number; step: number; values: Uint32Array } | undefined {
  if (col.length === 0) return undefined;
  let base = Infinity;
  for (let i = 0; i < col.length; i++) if (col[i] < base) base = col[i];
  if (!Number.isFinite(base)) return undefined;
  let seconds = true;
  for (let i = 0; i < col.length && seconds; i++) seconds = (col[i] - base) % 1000 === 0;
  const step = seconds ? 1000 : 1;
  const values = new Uint32Array(col.length);
  for (let i = 0; i < col.length; i++) {
    const o = (col[i] - base) / step;
    if (!(Number.isInteger(o) && o <= 0xffffffff && Object.is(base + o * step, col[i]))) return undefined;
    values[i] = o;
  }
  return { base, step, values };
}

/** (value, count) pairs of `col`'s runs of equal values (NaN runs too), when they take at most a quarter of its bytes. */
function runPairs(col: Float64Array): Float64Array | undefined {
  const most = Math.floor(col.length / 8);
  const pairs: number[] = [];
  let i = 0;
  while (i < col.length) {
    const v = col[i];
    let j = i + 1;
    while (j < col.length && Object.is(col[j], v)) j++;
    if (pairs.length / 2 >= most) return undefined;
    pairs.push(v, j - i);
    i = j;
  }
  return Float64Array.from(pairs);
}

/** Every value is the first, bit for bit as far as numbers tell (NaN equals NaN, -0 differs from 0). */
function allSame(col: ArrayLike<number>): boolean {
  const first = col[0];
  for (let i = 1; i < col.length; i++) if (!Object.is(col[i], first)) return false;
  return true;
}

/** The first `n` values of `col`, as a view of the same type. */
function sliceView(col: Column, n: number): ArrayBufferView {
  return new (col.constructor as new (b: ArrayBufferLike, o: number, n: number) => ArrayBufferView)(col.buffer, col.byteOffset, n);
}
