// The offline toolchain for the real-VS-Code test tiers, installed once into a
// cache folder outside the project's node_modules:
//   <cache>/code-server-<version>/   VS Code's server + web client (from the
//                                    code-server npm package) with its deps
//   <cache>/sparticuz-chromium-<v>/  a Chromium shipped inside an npm package,
//                                    for machines without a system Chromium
// Everything comes from the npm registry; nothing downloads a binary.
// <cache> is $SESSIONSCOPE_TEST_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/sessionscope-vscode-test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, rmdirSync, symlinkSync, writeFileSync, lstatSync, unlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3'; // last release that runs on Node 20 (VS Code 1.100.3)
export const SPARTICUZ_VERSION = '153.0.0';

export function cacheRoot() {
  if (process.env.SESSIONSCOPE_TEST_CACHE) return process.env.SESSIONSCOPE_TEST_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'sessionscope-vscode-test');
}

export function codeServerDir() {
  return join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

/** The folder holding VS Code's out/server-main.js. */
export function vscodeDir() {
  return join(codeServerDir(), 'node_modules', 'code-server', 'lib', 'vscode');
}

export function sparticuzDir() {
  return join(cacheRoot(), `sparticuz-chromium-${SPARTICUZ_VERSION}`);
}

const log = (msg) => process.stderr.write(`[vscode-test setup] ${msg}\n`);

function run(cmd, args, cwd, extraEnv = {}) {
  const started = Date.now();
  log(`${cwd}$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...extraEnv } });
  if (r.error) throw r.error;
  log(`  -> exit ${r.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status ?? 1;
}

function mustRun(cmd, args, cwd, extraEnv) {
  const code = run(cmd, args, cwd, extraEnv);
  if (code !== 0) throw new Error(`'${cmd} ${args.join(' ')}' failed with exit code ${code} in ${cwd}`);
}

/** node-gyp must find Node's headers locally: there is no network to fetch them from. */
function nativeBuildEnv() {
  if (process.env.npm_config_nodedir) return {};
  return existsSync('/usr/include/node/node.h') ? { npm_config_nodedir: '/usr' } : {};
}

function which(cmd) {
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    const p = join(dir, cmd);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

/** Serialises setup between processes that start at the same time (mkdir is atomic). */
async function withLock(name, fn) {
  mkdirSync(cacheRoot(), { recursive: true });
  const lock = join(cacheRoot(), `${name}.lock`);
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let holder = NaN;
      try { holder = Number(readFileSync(join(lock, 'pid'), 'utf8')); } catch { /* being written */ }
      if (Number.isFinite(holder) && !isAlive(holder)) {
        log(`removing stale lock ${lock} (pid ${holder} is gone)`);
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock} (held by pid ${holder})`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}

/** Installs `spec` into a fresh temp folder and moves it into place only when complete. */
function installInto(finalDir, spec, afterInstall) {
  const tmp = `${finalDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, 'package.json'), JSON.stringify({ name: 'sessionscope-test-toolchain', private: true }, null, 2));
  mustRun('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', spec], tmp);
  afterInstall?.(tmp);
  writeFileSync(join(tmp, '.complete'), JSON.stringify({ spec, at: new Date().toISOString() }) + '\n');
  rmSync(finalDir, { recursive: true, force: true });
  renameSync(tmp, finalDir);
}

function linkRipgrep(vscode) {
  const rg = which('rg');
  const binDir = join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin');
  const target = join(binDir, 'rg');
  if (!rg) return;
  mkdirSync(binDir, { recursive: true });
  try { lstatSync(target); unlinkSync(target); } catch { /* absent */ }
  symlinkSync(rg, target);
}

export async function ensureVSCodeServer() {
  const dir = codeServerDir();
  if (!existsSync(join(dir, '.complete'))) {
    await withLock('code-server', async () => {
      if (existsSync(join(dir, '.complete'))) return;
      const started = Date.now();
      log(`installing code-server@${CODE_SERVER_VERSION} into ${dir}`);
      installInto(dir, `code-server@${CODE_SERVER_VERSION}`, (tmp) => {
        const vscode = join(tmp, 'node_modules', 'code-server', 'lib', 'vscode');
        // Pinned by its npm-shrinkwrap.json; --ignore-scripts because postinstalls fetch binaries from the internet.
        mustRun('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], vscode, nativeBuildEnv());
        // Optional native rebuilds: they only silence load errors in the server log.
        if (run('npm', ['rebuild', '--loglevel=error', '@vscode/spdlog', 'native-watchdog'], vscode, nativeBuildEnv()) !== 0) {
          log('  (native rebuild failed: harmless, the server logs a binding error and goes on)');
        }
        // The server resolves its modules through node_modules.asar, as in the desktop build.
        symlinkSync('node_modules', join(vscode, 'node_modules.asar'));
      });
      log(`code-server ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });
  }
  linkRipgrep(vscodeDir());
  const serverMain = join(vscodeDir(), 'out', 'server-main.js');
  if (!existsSync(serverMain)) throw new Error(`VS Code server missing at ${serverMain}: delete ${dir} and run 'npm run test:setup-vscode'`);
  return vscodeDir();
}

/** Installs the @sparticuz/chromium package (a Chromium inside an npm tarball) and returns its folder. */
export async function ensureSparticuzChromium() {
  const dir = sparticuzDir();
  if (!existsSync(join(dir, '.complete'))) {
    await withLock('sparticuz', async () => {
      if (existsSync(join(dir, '.complete'))) return;
      const started = Date.now();
      log(`installing @sparticuz/chromium@${SPARTICUZ_VERSION} into ${dir}`);
      installInto(dir, `@sparticuz/chromium@${SPARTICUZ_VERSION}`);
      log(`@sparticuz/chromium ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });
  }
  return join(dir, 'node_modules', '@sparticuz', 'chromium');
}

export function isToolchainReady() {
  return existsSync(join(codeServerDir(), '.complete'));
}

// Keep the cleanup helper used by callers that discard a broken install.
export function removeToolchain() {
  rmSync(codeServerDir(), { recursive: true, force: true });
  try { rmdirSync(cacheRoot()); } catch { /* not empty */ }
}
