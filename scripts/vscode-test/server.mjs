// Starts VS Code's own server (from the code-server npm package, without
// code-server's wrapper) on 127.0.0.1 for one test job, and stops it again.
// Each job gets a folder with the server's data, user settings, extensions,
// a private TMPDIR (VS Code leaves sockets there) and the server log.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureVSCodeServer } from './toolchain.mjs';

const READY = /Extension host agent listening on (\d+)/;

/** Settings that keep a test workbench quiet, offline and deterministic. */
export const TEST_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'npm.autoDetect': 'off',
  'typescript.disableAutomaticTypeAcquisition': true,
  'files.watcherExclude': { '**/**': true },
  'search.followSymlinks': false,
  'window.restoreWindows': 'none',
  'workbench.editor.enablePreview': false,
  'chat.disableAIFeatures': true,
  'github.copilot.enable': { '*': false },
};

/**
 * @param {{ jobDir: string, settings?: Record<string, unknown>, env?: NodeJS.ProcessEnv, readyTimeoutMs?: number }} options
 * @returns {Promise<{ port: number, origin: string, logFile: string, jobDir: string, stop: () => Promise<void> }>}
 */
export async function startServer({ jobDir, settings = {}, env = {}, readyTimeoutMs = 90_000 }) {
  const vscode = await ensureVSCodeServer();
  const dirs = {
    serverData: join(jobDir, 'server-data'),
    userData: join(jobDir, 'user-data'),
    extensions: join(jobDir, 'extensions'),
    tmp: join(jobDir, 'tmp'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  // User settings live on the server side and must exist before the workbench first reads them.
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  const allSettings = JSON.stringify({ ...TEST_SETTINGS, ...settings }, null, 2);
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), allSettings);
  mkdirSync(join(dirs.serverData, 'data', 'Machine'), { recursive: true });
  writeFileSync(join(dirs.serverData, 'data', 'Machine', 'settings.json'), allSettings);

  const logFile = join(jobDir, 'server.log');
  const log = createWriteStream(logFile);
  const args = [
    join(vscode, 'out', 'server-main.js'),
    '--host', '127.0.0.1',
    '--port', '0',
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-telemetry',
    '--disable-workspace-trust',
    '--server-data-dir', dirs.serverData,
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
  ];
  const child = spawn(process.execPath, args, {
    cwd: jobDir,
    detached: true, // its own process group, so stop() takes the extension host and helpers with it
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, TMPDIR: dirs.tmp, VSCODE_AGENT_FOLDER: dirs.serverData },
  });
  const killGroup = (signal) => {
    try { process.kill(-child.pid, signal); } catch { /* already gone */ }
  };
  // If the test process dies without calling stop(), do not leave a server behind.
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);

  let exited = false;
  const exitedPromise = new Promise((resolve) => child.on('exit', (code, signal) => { exited = true; resolve({ code, signal }); }));

  const port = await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      reject(new Error(`VS Code server did not print "Extension host agent listening on" within ${readyTimeoutMs / 1000} s; server log: ${logFile}`));
    }, readyTimeoutMs);
    const onData = (chunk) => {
      log.write(chunk);
      if (seen === null) return;
      seen += chunk.toString();
      const m = READY.exec(seen);
      if (m) {
        seen = null;
        clearTimeout(timer);
        resolve(Number(m[1]));
      } else if (seen.length > 100_000) {
        seen = seen.slice(-1000);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exitedPromise.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`VS Code server exited (${code ?? signal}) before it was ready; server log: ${logFile}\n${tail(logFile)}`));
    });
  }).catch((err) => {
    killGroup('SIGKILL');
    process.removeListener('exit', onExit);
    throw err;
  });

  const stop = async () => {
    process.removeListener('exit', onExit);
    if (!exited) {
      killGroup('SIGTERM');
      const timeout = new Promise((r) => setTimeout(() => r('timeout'), 5000));
      if ((await Promise.race([exitedPromise, timeout])) === 'timeout') killGroup('SIGKILL');
    }
    // Helpers in the group may outlive the server itself.
    killGroup('SIGKILL');
    await new Promise((r) => log.end(r));
  };

  return { port, origin: `127.0.0.1:${port}`, logFile, jobDir, stop };
}

export function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
