// Builds the workspace that the integration and e2e tiers open: a temporary
// copy of test/fixtures/workspace plus the generated sample log.
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SAMPLE_LOG = process.env.SESSIONSCOPE_SAMPLE_LOG || join(REPO_ROOT, 'media', 'sample', 'exchange-admin-sample.csv');
export const SAMPLE_NAME = 'exchange-admin-sample.csv';

export function prepareWorkspace(parent) {
  if (!existsSync(SAMPLE_LOG)) {
    throw new Error(`sample log ${SAMPLE_LOG} is missing: generate it with 'npm run gen-sample'`);
  }
  const base = parent ?? join(tmpdir(), 'sessionscope-workspaces');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'ws-'));
  cpSync(join(REPO_ROOT, 'test', 'fixtures', 'workspace'), dir, { recursive: true });
  copyFileSync(SAMPLE_LOG, join(dir, SAMPLE_NAME));
  return dir;
}
