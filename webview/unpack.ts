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
 * by chunk as the stream gives them. Collecting the chunks and joining them
 * at the end (Response.arrayBuffer) was slower: on the 1M-event bench
 * result (2.6 MB deflated, 11.9 MB inflated) in Node 20, 133-271 ms against
 * 69-150 ms this way; in the workbench (npm run bench:panel) the page's
 * inflating took 173-295 ms in four runs before, 136 ms in one after. More
 * or fewer bytes than named: the buffer returned has the length actually
 * inflated, which unpackedSessions refuses.
 */
async function inflated(deflated: ArrayBuffer, bytes: number): Promise<ArrayBuffer> {
  const out = new Uint8Array(bytes);
  let at = 0;
  const reader = new Blob([deflated]).stream().pipeThrough(new DecompressionStream('deflate')).getReader();
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
