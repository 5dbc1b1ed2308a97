// Read-only hooks for the webview tests. The chart lives inside the bundle,
// so tests cannot reach Chart.getChart(); these expose what it drew and where,
// and nothing that changes state.

import type { TimelineSnapshot } from './timeline';

export interface SessionscopeTestHooks {
  timeline(): TimelineSnapshot;
  /** Viewport position of a session's individual point, or null. */
  pointPosition(sessionId: number): { x: number; y: number } | null;
}

declare global {
  interface Window {
    __sessionscope?: SessionscopeTestHooks;
  }
}
