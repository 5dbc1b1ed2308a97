// Warms a spare pipeline thread's compiled code before anyone asks for it.
//
// A thread that has only loaded the engine runs its first small file slowly:
// detection, the CSV and JSON readers, sessionizing, scoring and the panel's
// columns all run their first time, unoptimized (docs/performance.md,
// session 12). A spare (workerSpare.ts) waits while the user looks at a log,
// so it runs the whole path once on two small logs made here, of made-up
// events, written to a temporary folder of its own and removed after. Every
// step yields to the thread's event loop first and stops as soon as a real
// request has come: a request waits at most for the one step in progress.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runInsights } from '../engine/insights/run';
import { loadLog, scoreLog } from '../engine/pipeline';
import { inspectLog } from '../engine/read/detect';
import { buildPanelResult, panelInsightColumns, panelRows, sessionLines, topSession } from '../present/panelData';
import { pageSessions } from '../protocol';

const USERS = ['ana.silva@contoso.com', 'b.okafor@contoso.com', 'svc-backup@contoso.com', 'j.tanaka@contoso.com', 'NT AUTHORITY\\SYSTEM'];
const COMMANDS = ['Get-Mailbox', 'Set-Mailbox', 'New-InboxRule', 'Add-MailboxPermission', 'Get-User', 'Remove-MailboxPermission', 'Set-TransportRule'];
const PARAMS = ['Identity', 'User', 'AccessRights', 'Confirm', 'ForwardTo'];

/** Records of made-up admin events: a few users, each in bursts a minute or two apart, with name/value parameters. */
function* events(count: number): Generator<{ time: string; user: string; ip: string; command: string; params: { Name: string; Value: string }[] }> {
  let t = Date.UTC(2024, 0, 8, 9, 0, 0);
  for (let i = 0; i < count; i++) {
    t += (i % 9 === 0 ? 47 : 1) * 60_000 + ((i * 7919) % 50) * 1000;
    const n = 1 + (i % 3);
    yield {
      time: new Date(t).toISOString().replace('.000Z', 'Z'),
      // System rows name no user, only an address (as Exchange's admin audit does).
      user: i % 6 === 5 ? '' : USERS[(i * 3) % USERS.length],
      ip: i % 6 === 5 || i % 4 !== 0 ? `10.1.${i % 5}.${(i * 13) % 250}` : '',
      command: COMMANDS[(i * i + i) % COMMANDS.length],
      params: Array.from({ length: n }, (_, k) => ({ Name: PARAMS[(i + k) % PARAMS.length], Value: k === 0 ? USERS[(i + 1) % USERS.length] : `v${(i * k) % 11}` })),
    };
  }
}

const csvField = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** An Exchange-like admin audit CSV (quoted JSON parameters). */
export function warmCsv(count = 400): string {
  const lines = ['TimeGenerated,UserId,ClientIP,Operation,Parameters'];
  for (const e of events(count)) lines.push([e.time, e.user, e.ip, e.command, JSON.stringify(e.params)].map(csvField).join(','));
  return lines.join('\n') + '\n';
}

/** A CloudTrail-like JSON Lines log (nested identity, parameters as an object). */
export function warmJsonLines(count = 300): string {
  const out: string[] = [];
  for (const e of events(count)) {
    out.push(
      JSON.stringify({
        eventTime: e.time,
        eventName: e.command,
        userIdentity: { type: 'IAMUser', userName: e.user },
        sourceIPAddress: e.ip || '10.0.0.1',
        requestParameters: Object.fromEntries(e.params.map((p) => [p.Name, p.Value])),
      }),
    );
  }
  return out.join('\n') + '\n';
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs detection, the read, scoring, the panel's columns and the insights on
 * the two made-up logs, as a run from the extension does. `stop` is asked
 * before each step; true ends the warm-up there. Resolves with the number of
 * steps done (for tests); never rejects: a failure only leaves the thread
 * colder.
 */
export async function warmUp(stop: () => boolean): Promise<number> {
  let steps = 0;
  let dir: string | undefined;
  const step = async <T>(work: () => T | Promise<T>): Promise<T | undefined> => {
    await nextTurn();
    if (stop()) return undefined;
    const value = await work();
    steps++;
    return value;
  };
  try {
    dir = await mkdtemp(path.join(tmpdir(), 'sessionscope-warm-'));
    for (const [name, text] of [['admin.csv', warmCsv()], ['trail.jsonl', warmJsonLines()]] as const) {
      const file = path.join(dir, name);
      const wrote = await step(async () => {
        await writeFile(file, text);
        return true;
      });
      if (!wrote) return steps;
      const detection = await step(() => inspectLog(file));
      if (!detection) return steps;
      const log = await step(() => loadLog({ file, mapping: detection.mapping, read: { onBadRow: 'skip' }, detection }));
      if (!log) return steps;
      const scored = await step(() => scoreLog(log));
      if (!scored) return steps;
      const page = await step(() => pageSessions(buildPanelResult(scored, 0, null).sessions));
      if (!page) return steps;
      const done = await step(() => {
        const insights = runInsights(scored, { ranking: 'reference' }).insights;
        panelInsightColumns(scored, insights, panelRows(scored.scores.ranking));
        const top = topSession(scored, insights);
        if (top !== undefined) sessionLines(scored, top, insights);
        return true;
      });
      if (!done) return steps;
    }
  } catch {
    // Made-up logs that fail to read say nothing about the user's: the thread is only colder.
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
  return steps;
}
