#!/usr/bin/env node
// Stands in for the VS Code executable where VS Code desktop cannot be
// downloaded: @vscode/test-electron's runTests({ vscodeExecutablePath: <this> })
// and @vscode/test-cli's useInstallation.fromPath spawn it with VS Code's
// command line. It runs the extension tests in VS Code's real server +
// web workbench (see workbench.mjs) and exits with the tests' result.
// Electron-only flags (--no-sandbox, --disable-gpu-sandbox, --user-data-dir, ...)
// are accepted and ignored: the server has its own per-run data folders.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODE_SERVER_VERSION, vscodeDir } from './toolchain.mjs';

const VALUE_FLAGS = new Set([
  'extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir', 'locale',
  'folder-uri', 'file-uri', 'log', 'profile', 'inspect-extensions', 'inspect-brk-extensions', 'crash-reporter-directory',
]);

export function parseArgs(argv) {
  const out = { extensionDevelopmentPath: [], extensionTestsPath: undefined, workspace: undefined, ignored: [], version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--version' || arg === '-v') { out.version = true; continue; }
    if (!arg.startsWith('-')) {
      if (out.workspace) throw new Error(`only one workspace folder is supported, got '${out.workspace}' and '${arg}'`);
      out.workspace = resolve(arg);
      continue;
    }
    const m = /^--?([^=]+)(?:=(.*))?$/s.exec(arg);
    const name = m[1];
    let value = m[2];
    if (value === undefined && VALUE_FLAGS.has(name) && i + 1 < argv.length) value = argv[++i];
    switch (name) {
      case 'extensionDevelopmentPath': out.extensionDevelopmentPath.push(resolve(value)); break;
      case 'extensionTestsPath': out.extensionTestsPath = resolve(value); break;
      case 'folder-uri': out.workspace = fileURLToPath(value); break;
      case 'install-extension':
      case 'uninstall-extension':
        throw new Error(`--${name} is not supported by the offline VS Code harness`);
      default: out.ignored.push(arg);
    }
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.version) {
    const product = JSON.parse(readFileSync(join(vscodeDir(), 'product.json'), 'utf8'));
    const pkg = JSON.parse(readFileSync(join(vscodeDir(), 'package.json'), 'utf8'));
    process.stdout.write(`${pkg.version}\n${product.commit ?? 'unknown'}\nx64\n(code-server ${CODE_SERVER_VERSION} offline harness)\n`);
    return 0;
  }
  if (args.extensionDevelopmentPath.length !== 1) {
    throw new Error(`exactly one --extensionDevelopmentPath is supported, got ${args.extensionDevelopmentPath.length}`);
  }
  if (!args.extensionTestsPath) throw new Error('--extensionTestsPath is required: the harness only runs extension tests');
  const testsEntry = [args.extensionTestsPath, `${args.extensionTestsPath}.js`, join(args.extensionTestsPath, 'index.js')];
  if (!testsEntry.some((p) => existsSync(p))) throw new Error(`extension tests not found at ${args.extensionTestsPath} (did 'npm run compile-tests' run?)`);
  if (args.workspace && !existsSync(args.workspace)) throw new Error(`workspace ${args.workspace} does not exist`);
  const { runExtensionTests } = await import('./workbench.mjs');
  process.stdout.write(`[vscode-shim] real VS Code server + web workbench (offline harness); ignoring ${args.ignored.join(' ') || 'no flags'}\n`);
  return runExtensionTests({
    extensionDevelopmentPath: args.extensionDevelopmentPath[0],
    extensionTestsPath: args.extensionTestsPath,
    workspace: args.workspace,
  });
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  let code = 1;
  process.on('SIGINT', () => process.exit(130));
  try {
    code = await main();
  } catch (err) {
    process.stderr.write(`[vscode-shim] ${err.message}\n`);
    code = 1;
  }
  process.exit(code);
}

export const SHIM_PATH = fileURLToPath(import.meta.url);
export const SHIM_DIR = dirname(SHIM_PATH);
