// Chooses how the integration tier gets a VS Code: the normal download by
// @vscode/test-electron (online), or the offline harness (vscode-shim.mjs).
// Offline when CI=true, when SESSIONSCOPE_OFFLINE_VSCODE=1, or when the
// download fails (no network). SESSIONSCOPE_OFFLINE_VSCODE=0 forces online.
export function offlineRequested() {
  if (process.env.SESSIONSCOPE_OFFLINE_VSCODE === '1') return true;
  if (process.env.SESSIONSCOPE_OFFLINE_VSCODE === '0') return false;
  return process.env.CI === 'true' || process.env.CI === '1';
}
