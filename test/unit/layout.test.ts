// The source layout of docs/design.md ("Layout"): code flows one way
// (engine -> present -> run -> extension), and only src/extension/ imports
// 'vscode', so everything else runs in plain Node.

import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const LAYERS = ['engine', 'present', 'run', 'extension'] as const;

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

/** The module specifiers a file imports (static imports and re-exports). */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/^(?:import|export)\b[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]);
}

/** The layer a relative import lands in, if any. */
function layerOf(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const target = path.relative(path.join(ROOT, 'src'), path.resolve(path.join(ROOT, path.dirname(file)), spec));
  return target.split(path.sep)[0];
}

describe('source layout', function () {
  it('finds the files and their imports it checks', () => {
    assert.ok(sources('src/engine').length > 20);
    assert.ok(importsOf('src/extension/analysis.ts').includes('vscode'));
    assert.equal(layerOf('src/present/report.ts', '../engine/stages'), 'engine');
  });

  it('only src/extension/ imports vscode, and every file there needs it', () => {
    for (const dir of ['src/engine', 'src/present', 'src/run']) {
      for (const file of sources(dir)) assert.ok(!importsOf(file).includes('vscode'), `${file} imports vscode`);
    }
    for (const file of ['src/cli.ts', 'src/protocol.ts', 'src/webviewHtml.ts']) assert.ok(!importsOf(file).includes('vscode'), `${file} imports vscode`);
    for (const file of sources('src/extension')) assert.ok(importsOf(file).includes('vscode'), `${file} does not use vscode: it belongs outside src/extension/`);
  });

  it('each layer imports only the layers before it', () => {
    for (const [i, layer] of LAYERS.entries()) {
      const later = LAYERS.slice(i + 1) as readonly string[];
      for (const file of sources(`src/${layer}`)) {
        for (const spec of importsOf(file)) {
          const target = layerOf(file, spec);
          assert.ok(target === undefined || !later.includes(target), `${file} imports ${spec} (${target} comes after ${layer})`);
        }
      }
    }
    for (const spec of importsOf('src/cli.ts')) assert.ok(!['run', 'extension'].includes(layerOf('src/cli.ts', spec) ?? ''), `cli.ts imports ${spec}`);
  });
});
