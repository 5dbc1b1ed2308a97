// The integration tier, run by @vscode/test-cli (`npx vscode-test`, or
// `npm run test:integration`): the compiled test/integration/*.test.ts in a
// real VS Code extension host, with test-cli's own Mocha runner.
//
// Where VS Code comes from:
// - offline (CI=true or SESSIONSCOPE_OFFLINE_VSCODE=1): the shim in
//   scripts/vscode-test/vscode-shim.mjs, which runs VS Code 1.100.3's server and
//   web workbench from the npm registry (installed on first use);
// - otherwise test-cli's normal download of VS Code desktop; when that download
//   fails (no network) the shim is used instead, and it says so.
// See docs/testing.md.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@vscode/test-cli';
import { downloadAndUnzipVSCode } from '@vscode/test-electron';
import { offlineRequested } from './scripts/vscode-test/mode.mjs';
import { SHIM_PATH } from './scripts/vscode-test/vscode-shim.mjs';
import { prepareWorkspace } from './scripts/vscode-test/workspace.mjs';

async function installation() {
  if (offlineRequested()) {
    console.log('[integration] offline VS Code harness (CI or SESSIONSCOPE_OFFLINE_VSCODE=1)');
    return { fromPath: SHIM_PATH };
  }
  try {
    const version = process.env.SESSIONSCOPE_VSCODE_VERSION || 'stable';
    const path = await downloadAndUnzipVSCode({ version, timeout: 20_000 });
    console.log(`[integration] VS Code desktop from @vscode/test-electron: ${path}`);
    return { fromPath: path };
  } catch (err) {
    console.log(`[integration] VS Code download failed (${err?.message ?? err}); using the offline VS Code harness`);
    return { fromPath: SHIM_PATH };
  }
}

const workspaceFolder = prepareWorkspace();
process.once('exit', () => rmSync(workspaceFolder, { recursive: true, force: true }));

export default defineConfig({
  label: 'integration',
  files: 'out/test/integration/**/*.test.js',
  workspaceFolder,
  launchArgs: ['--disable-extensions'],
  useInstallation: await installation(),
  mocha: {
    ui: 'bdd',
    timeout: Number(process.env.SESSIONSCOPE_INTEGRATION_TIMEOUT_MS ?? 60_000),
    color: false, // the output travels through the workbench console into a log
    failZero: true,
    reporter: fileURLToPath(new URL('./test/support/mocha-summary.cjs', import.meta.url)),
    ...(process.env.SESSIONSCOPE_INTEGRATION_GREP ? { grep: process.env.SESSIONSCOPE_INTEGRATION_GREP } : {}),
  },
});
