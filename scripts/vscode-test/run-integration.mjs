#!/usr/bin/env node
// The integration tier: runs test/integration (compiled to out/test/integration)
// inside a real VS Code extension host through @vscode/test-electron's runTests.
// Online it lets runTests download VS Code as usual; offline (CI, or
// SESSIONSCOPE_OFFLINE_VSCODE=1, or when the download fails) it hands runTests
// the shim that runs VS Code's server and web workbench from the npm toolchain.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { offlineRequested } from './mode.mjs';
import { ensureVSCodeServer } from './toolchain.mjs';
import { SHIM_PATH } from './vscode-shim.mjs';
import { prepareWorkspace, REPO_ROOT } from './workspace.mjs';

const extensionTestsPath = join(REPO_ROOT, 'out', 'test', 'integration', 'index');
if (!existsSync(`${extensionTestsPath}.js`)) {
  console.error(`integration runner ${extensionTestsPath}.js is missing: run 'npm run compile-tests' first`);
  process.exit(1);
}
if (!existsSync(join(REPO_ROOT, 'dist', 'extension.js'))) {
  console.error(`dist/extension.js is missing: run 'npm run build' first`);
  process.exit(1);
}

async function chooseExecutable() {
  if (offlineRequested()) {
    console.log('[integration] offline VS Code harness (CI or SESSIONSCOPE_OFFLINE_VSCODE=1)');
    await ensureVSCodeServer();
    return SHIM_PATH;
  }
  try {
    const path = await downloadAndUnzipVSCode({ version: process.env.SESSIONSCOPE_VSCODE_VERSION || 'stable', timeout: 20_000 });
    console.log(`[integration] VS Code desktop from @vscode/test-electron: ${path}`);
    return path;
  } catch (err) {
    console.log(`[integration] VS Code download failed (${err.message}); using the offline VS Code harness`);
    await ensureVSCodeServer();
    return SHIM_PATH;
  }
}

const workspace = prepareWorkspace();
let code = 1;
try {
  const started = Date.now();
  const vscodeExecutablePath = await chooseExecutable();
  code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath,
    launchArgs: [workspace, '--disable-extensions'],
  });
  console.log(`[integration] finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (err) {
  console.error(`[integration] ${err.message ?? err}`);
  code = typeof err.code === 'number' && err.code !== 0 ? err.code : 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
process.exit(code);
