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

import { deflateSync } from 'node:zlib';
import { packLayout, type PanelSessions } from '../protocol';

/** Below this many column bytes a result goes unpacked (about 20,000 sessions). */
export const PACK_MIN_BYTES = 1 << 20;

/** Zlib level 1: on these columns it saves 98% of what level 6 saves, in 40% of its time (12.8 MB: 94 against 236 ms). */
const LEVEL = 1;

/** The page form with its columns packed, or `s` itself when it is small (or packing is turned off with SESSIONSCOPE_PAGE_PACK=0). */
export function packPageSessions(s: PanelSessions, minBytes = PACK_MIN_BYTES): PanelSessions {
  if (process.env.SESSIONSCOPE_PAGE_PACK === '0') return s;
  const { columns, bytes } = packLayout(s);
  if (bytes < minBytes) return s;
  const raw = new Uint8Array(bytes);
  const out: Record<string, unknown> = { ...s };
  for (const c of columns) {
    const col = s[c.key]!;
    raw.set(new Uint8Array(col.buffer, col.byteOffset, col.byteLength), c.offset);
    out[c.key] = new (col.constructor as new (n: number) => ArrayBufferView)(0);
  }
  const z = deflateSync(raw, { level: LEVEL });
  // The zlib output may sit in a larger buffer: copy out exactly its bytes, so the transfer carries nothing else.
  const deflated = z.byteOffset === 0 && z.byteLength === z.buffer.byteLength ? (z.buffer as ArrayBuffer) : (z.buffer.slice(z.byteOffset, z.byteOffset + z.byteLength) as ArrayBuffer);
  out.packed = { deflated, bytes, columns };
  return out as unknown as PanelSessions;
}
