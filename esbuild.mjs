// Bundles every entry point of the project. `vscode` stays external: the
// extension host provides it. The pipeline worker (src/run/worker.ts) becomes
// dist/worker.js, where the extension, the CLI's tests and the cancel test
// load it. Usage: node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const nodeBuilds = [
  // The test API (src/extension/testApi.ts) is dead code in a production bundle, and esbuild drops it.
  { entryPoints: { extension: 'src/extension/extension.ts' }, external: ['vscode'], define: { SESSIONSCOPE_TEST_API: production ? 'false' : 'true' } },
  { entryPoints: { worker: 'src/run/worker.ts', csvWorker: 'src/engine/read/csvWorker.ts' } },
  { entryPoints: { cli: 'src/cli.ts' }, banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: { 'gen-sample': 'scripts/gen-sample.ts', bench: 'scripts/bench.ts' } },
].map((b) => ({ ...common, ...b, platform: 'node', format: 'cjs', target: 'node20', outdir: 'dist' }));

const webBuild = {
  ...common,
  entryPoints: { webview: 'webview/main.ts' },
  // Always minified (its source map stays): the page's script is parsed on every panel load, and it is
  // half the size (627 -> 326 KB), which the webview parses faster.
  minify: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  outdir: 'dist',
  loader: { '.css': 'css' },
};

const all = [...nodeBuilds, webBuild].map((opts) => ({
  ...opts,
  entryPoints: Object.fromEntries(
    Object.entries(opts.entryPoints).filter(([, file]) => existsSync(file)),
  ),
}));

import { existsSync } from 'node:fs';

if (watch) {
  for (const opts of all) (await esbuild.context(opts)).watch();
} else {
  await Promise.all(all.filter((o) => Object.keys(o.entryPoints).length > 0).map((o) => esbuild.build(o)));
}
