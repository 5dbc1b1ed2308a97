// Configuration for @vscode/test-cli (`npx vscode-test`): the same integration
// tests as `npm run test:integration`. Online, test-cli downloads VS Code as
// usual; offline (CI=true or SESSIONSCOPE_OFFLINE_VSCODE=1) it uses the shim
// that runs VS Code's server + web workbench from the npm toolchain
// (run `npm run test:setup-vscode` once first). See docs/testing.md.
import { rmSync } from 'node:fs';
import { defineConfig } from '@vscode/test-cli';
import { offlineRequested } from './scripts/vscode-test/mode.mjs';
import { SHIM_PATH } from './scripts/vscode-test/vscode-shim.mjs';
import { prepareWorkspace } from './scripts/vscode-test/workspace.mjs';

const workspaceFolder = prepareWorkspace();
process.once('exit', () => rmSync(workspaceFolder, { recursive: true, force: true }));

export default defineConfig({
  label: 'integration',
  files: 'out/test/integration/**/*.test.js',
  workspaceFolder,
  mocha: { ui: 'bdd', timeout: 60_000, color: false },
  ...(offlineRequested() ? { useInstallation: { fromPath: SHIM_PATH } } : {}),
});
