// The page's side of a packed result (src/run/pagePack.ts): inflates the
// columns with the browser's own zlib (DecompressionStream, native code) and
// rebuilds them as views over the inflated buffer, without a copy.

import { pageColumnsRestored, unpackedSessions, type PanelSessions } from '../src/protocol';

/** The result's sessions as the page uses them: inflated when packed, window offsets and ends rebuilt. */
export async function readySessions(s: PanelSessions): Promise<PanelSessions> {
  if (!s.packed) return pageColumnsRestored(s);
  return pageColumnsRestored(unpackedSessions(s, await inflated(s.packed.deflated, s.packed.bytes)));
}

/**
 * Inflates `deflated` into one buffer of the length the layout names, chunk
 * by chunk as the stream gives them. The deflated bytes go into the stream
 * in one write: read through a Blob's stream (64 KB pieces through the
 * browser's blob store) the 1M-event bench result (2.5 MB deflated, 6.6 MB
 * inflated) took 88-150 ms to inflate in the tests' Chromium, written whole
 * 44-50 ms (docs/performance.md, session 18); collecting the chunks and
 * joining them at the end (Response.arrayBuffer) took 106-135 ms. More or
 * fewer bytes than named: the buffer returned has the length actually
 * inflated, which unpackedSessions refuses.
 */
async function inflated(deflated: ArrayBuffer, bytes: number): Promise<ArrayBuffer> {
  const out = new Uint8Array(bytes);
  let at = 0;
  const stream = new DecompressionStream('deflate');
  const writer = stream.writable.getWriter();
  // A damaged stream fails the reads below; these promises then reject too, and say nothing more.
  writer.write(new Uint8Array(deflated)).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (at + value.length > bytes) {
      await reader.cancel();
      return new ArrayBuffer(at + value.length);
    }
    out.set(value, at);
    at += value.length;
  }
  return at === bytes ? out.buffer : out.buffer.slice(0, at);
}
