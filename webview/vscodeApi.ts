// The handle VS Code gives a webview script. It can be acquired only once per
// page, so this module owns it.

import type { FromWebview, PanelState } from '../src/protocol';

export interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): PanelState;
}

declare function acquireVsCodeApi(): VsCodeApi;

export function getVsCodeApi(): VsCodeApi {
  return acquireVsCodeApi();
}
