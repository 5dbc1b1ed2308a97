// The page's side of a packed result (src/run/pagePack.ts): inflates the
// columns with the browser's own zlib (DecompressionStream, native code) and
// rebuilds them as views over the inflated buffer, without a copy.

import { pageColumnsRestored, unpackedSessions, type PanelSessions } from '../src/protocol';

/** The result's sessions as the page uses them: inflated when packed, window offsets and ends rebuilt. */
export async function readySessions(s: PanelSessions): Promise<PanelSessions> {
  if (!s.packed) return pageColumnsRestored(s);
  const inflated = new Blob([s.packed.deflated]).stream().pipeThrough(new DecompressionStream('deflate'));
  const raw = await new Response(inflated).arrayBuffer();
  return pageColumnsRestored(unpackedSessions(s, raw));
}
