// Runs the webview tests: builds the panel bundle the way the project does
// (node esbuild.mjs), compiles the TypeScript tests with esbuild, runs them
// under Mocha, and closes with a plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import Mocha from 'mocha';

const root = resolve(import.meta.dirname, '../..');
process.chdir(root);

// --production tests the minified bundle that ships in the .vsix.
const production = process.argv.includes('--production');
const build = spawnSync(process.execPath, ['esbuild.mjs', ...(production ? ['--production'] : [])], { stdio: 'inherit' });
if (build.status !== 0) {
  console.error('webview tests: node esbuild.mjs failed');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const outdir = join(root, 'out', 'webview-tests');
rmSync(outdir, { recursive: true, force: true });
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const entries = readdirSync('test/webview')
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .map((f) => join('test/webview', f));
await esbuild.build({
  entryPoints: entries,
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  sourcemap: 'inline',
  logLevel: 'warning',
});

const mocha = new Mocha({ timeout: 60_000, reporter: 'spec', slow: 5_000 });
for (const f of readdirSync(outdir).filter((f) => f.endsWith('.mjs')).sort()) mocha.addFile(join(outdir, f));
await mocha.loadFilesAsync();
const runner = mocha.run((failures) => {
  const passed = runner.stats?.passes ?? 0;
  console.log(`${passed} passed, ${failures} failed`);
  process.exitCode = failures > 0 ? 1 : 0;
});
