// The msticpy comparison row: times msticpy's anomalous_sequence on the same
// file, params + values, window 3, through its public API, with a small
// script of ours. msticpy is not a dependency and nothing here installs it:
// the row runs only when SESSIONSCOPE_MSTICPY_PYTHON names a Python where
// `import msticpy` works (and pandas with it), otherwise it says NOT RUN.

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DATA_DIR } from './inputs';

export const MSTICPY_ENV = 'SESSIONSCOPE_MSTICPY_PYTHON';

/**
 * Read the CSV with pandas, turn each row into msticpy's Cmd (name, params as
 * name -> value from the Parameters JSON), sessionize with msticpy's
 * sessionize_data (UserId + ClientIP, 20 min, 2 min), score with
 * score_sessions(window_length=3) and write every session's likelihood as JSON:
 * the same work `sessionscope score --format json` does. Prints its stage
 * times as one JSON line.
 */
const SCRIPT = String.raw`
import json, resource, sys, time
t0 = time.perf_counter()
import pandas as pd
import msticpy
from msticpy.analysis.anomalous_sequence.sessionize import sessionize_data
from msticpy.analysis.anomalous_sequence.utils.data_structures import Cmd
try:
    from msticpy.analysis.anomalous_sequence.anomalous import score_sessions
    api = "msticpy.analysis.anomalous_sequence.anomalous.score_sessions"
except ImportError as e:
    # anomalous.py also imports msticpy's plotting (bokeh); the Model class is what score_sessions runs.
    from msticpy.analysis.anomalous_sequence.model import Model
    api = "msticpy.analysis.anomalous_sequence.model.Model (score_sessions not importable: %s)" % e
    def score_sessions(data, session_column, window_length):
        df = data.copy()
        model = Model(sessions=df[session_column].values.tolist())
        model.train()
        model.compute_rarest_windows(window_len=window_length, use_geo_mean=False, use_start_end_tokens=True)
        df["rarest_window%d_likelihood" % window_length] = model.rare_window_likelihoods[window_length]
        df["rarest_window%d" % window_length] = model.rare_windows[window_length]
        return df
t1 = time.perf_counter()
src, out = sys.argv[1], sys.argv[2]
df = pd.read_csv(src)
t2 = time.perf_counter()
def to_cmd(name, params):
    values = {}
    if isinstance(params, str) and params:
        for p in json.loads(params):
            v = p.get("Value")
            values[p["Name"]] = v if isinstance(v, str) else ("" if v is None else json.dumps(v))
    return Cmd(name=name, params=values)
df["cmd"] = [to_cmd(n, p) for n, p in zip(df["Operation"], df["Parameters"])]
t3 = time.perf_counter()
sessions = sessionize_data(df, user_identifier_cols=["UserId", "ClientIP"], time_col="TimeGenerated",
                           max_session_time_mins=20, max_event_separation_mins=2, event_col="cmd")
t4 = time.perf_counter()
scored = score_sessions(data=sessions, session_column="cmd_list", window_length=3)
t5 = time.perf_counter()
scored[["UserId", "ClientIP", "TimeGenerated_min", "TimeGenerated_max", "number_events", "rarest_window3_likelihood"]].to_json(out, orient="records", date_format="iso")
t6 = time.perf_counter()
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"cpu_s": ru.ru_utime + ru.ru_stime, "version": msticpy.__version__, "pandas": pd.__version__, "python": sys.version.split()[0], "api": api,
                  "events": int(len(df)), "sessions": int(len(scored)),
                  "s": {"import": t1 - t0, "read": t2 - t1, "params": t3 - t2, "sessionize": t4 - t3, "score": t5 - t4, "write": t6 - t5}}))
`;

export interface MsticpyRun {
  wallMs: number;
  /** User + system CPU of the Python process (its own getrusage at the end). */
  cpuMs: number;
  version: string;
  pandas: string;
  python: string;
  api: string;
  events: number;
  sessions: number;
  stagesS: Record<string, number>;
}

/** Why the row cannot run, or undefined when it can. */
export function msticpyUnavailable(): string | undefined {
  const python = process.env[MSTICPY_ENV];
  if (!python) return `set ${MSTICPY_ENV} to a Python where \`import msticpy\` works`;
  const r = spawnSync(python, ['-c', 'import msticpy, pandas; print(msticpy.__version__)'], { encoding: 'utf8' });
  if (r.error) return `${MSTICPY_ENV}=${python}: ${r.error.message}`;
  if (r.status !== 0) return `${MSTICPY_ENV}=${python}: import msticpy failed: ${(r.stderr ?? '').trim().split('\n').pop()}`;
  return undefined;
}

export function runMsticpy(file: string, timeoutMs: number): Promise<MsticpyRun> {
  const python = process.env[MSTICPY_ENV]!;
  const out = path.join(DATA_DIR, 'out-msticpy.json');
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const t0 = performance.now();
    const child = spawn(python, ['-c', SCRIPT, file, out], { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wallMs = performance.now() - t0;
      fs.rmSync(out, { force: true });
      if (code !== 0) return reject(new Error(`msticpy script ${signal ? `killed (${signal}, timeout ${timeoutMs / 1000} s)` : `exited with ${code}`}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
      const r = JSON.parse(stdout.trim().split('\n').pop()!) as { cpu_s: number; version: string; pandas: string; python: string; api: string; events: number; sessions: number; s: Record<string, number> };
      resolve({ wallMs, cpuMs: r.cpu_s * 1000, version: r.version, pandas: r.pandas, python: r.python, api: r.api, events: r.events, sessions: r.sessions, stagesS: r.s });
    });
  });
}
