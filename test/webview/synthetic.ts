// Synthetic panel results for the webview tests: deterministic (seeded),
// shaped like a real Exchange admin audit log, and independent of the engine's scoring (only its list of insight kinds is shared).

import { INSIGHT_KINDS } from '../../src/engine/insights/insights';
import { TOP_INSIGHT_TEXT_ROWS, type PanelInsight, type PanelResult, type PanelSessionDetails, type PanelSessions, type PanelSessionStep } from '../../src/protocol';

/** The engine's insight kinds, in the order the panel's bitmasks use. */
export const INSIGHT_KIND_NAMES: readonly string[] = INSIGHT_KINDS;

export interface SyntheticOptions {
  sessions: number;
  users?: number;
  seed?: number;
  /** Fraction of sessions too short for a window (null likelihood). */
  nanFraction?: number;
  /** Sessions whose likelihood underflows to 0 (log still finite). */
  underflow?: number;
  /** Replaces some user values / commands with these strings (hostile-input tests). */
  hostileUsers?: string[];
  hostileCommands?: string[];
  runId?: number;
  /** The ranking the result says it is in (the order is the same synthetic one either way). */
  ranking?: 'reference' | 'insight';
  /** Replaces the top insight text of the first sessions (hostile-input tests). */
  hostileInsights?: string[];
  startMs?: number;
  days?: number;
}

const COMMANDS = [
  'Get-Mailbox', 'Set-Mailbox', 'Get-MailboxPermission', 'Add-MailboxPermission', 'Remove-MailboxPermission',
  'New-InboxRule', 'Set-InboxRule', 'Get-InboxRule', 'New-TransportRule', 'Set-TransportRule',
  'Get-TransportRule', 'Set-CASMailbox', 'Get-CASMailbox', 'New-ManagementRoleAssignment',
  'Get-ManagementRoleAssignment', 'Set-OwaMailboxPolicy', 'Get-MessageTrace', 'Search-Mailbox',
  'New-MailboxExportRequest', 'Get-MailboxExportRequest', 'Set-AdminAuditLogConfig', 'Get-AdminAuditLogConfig',
  'Enable-Mailbox', 'Disable-Mailbox', 'Set-DistributionGroup', 'Add-DistributionGroupMember', 'Get-User',
  'Set-User', 'New-App', 'Set-RemoteDomain',
];

const FIRST = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'yolanda'];

/** Small fast PRNG (mulberry32) so every run builds the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function userTuples(count: number, random: () => number, hostile: string[]): (string | null)[][] {
  const tuples: (string | null)[][] = [];
  for (let u = 0; u < count; u++) {
    const name = `${FIRST[u % FIRST.length]}${u >= FIRST.length ? Math.floor(u / FIRST.length) : ''}@contoso.com`;
    const ip = u % 7 === 3 ? null : `10.${(u * 37) % 250}.${Math.floor(random() * 250)}.${(u * 11) % 250}`;
    tuples.push([hostile[u] ?? name, ip]);
  }
  return tuples;
}

/** Skewed user activity: a few busy admins and a long tail. */
function pickUser(random: () => number, users: number): number {
  return Math.min(users - 1, Math.floor(users * Math.pow(random(), 2.2)));
}

export function makeResult(opts: SyntheticOptions): PanelResult {
  const random = rng(opts.seed ?? 7);
  const n = opts.sessions;
  const usersCount = opts.users ?? Math.max(3, Math.min(400, Math.round(Math.sqrt(n) * 2)));
  const commands = [...COMMANDS, ...(opts.hostileCommands ?? [])];
  const startMs = opts.startMs ?? Date.UTC(2024, 2, 1);
  const spanMs = (opts.days ?? 14) * 86_400_000;
  const nanCount = Math.round(n * (opts.nanFraction ?? 0.01));
  const underflow = opts.underflow ?? 0;
  const window = 3;

  interface Raw { log: number | null; start: number; events: number; user: number; cmds: number[] }
  const raw: Raw[] = [];
  for (let k = 0; k < n; k++) {
    const isNan = k >= n - nanCount;
    const events = isNan ? 1 + Math.floor(random() * 2) : window + Math.floor(-Math.log(1 - random()) * 12);
    const start = startMs + Math.floor(random() * spanMs);
    // Most sessions are ordinary (ln L around -6); a heavy tail is rare.
    const tail = -Math.log(1 - random());
    let log: number | null = isNan ? null : -(2 + random() * 6 + tail * tail * 1.5);
    if (!isNan && k < underflow) log = -(760 + random() * 900);
    const cmds = isNan ? [] : Array.from({ length: window }, () => Math.floor(random() * COMMANDS.length));
    raw.push({ log, start, events, user: pickUser(random, usersCount), cmds });
  }
  // Hostile commands go into the rarest windows so they are surely displayed.
  (opts.hostileCommands ?? []).forEach((_, h) => {
    const target = raw.filter((r) => r.log !== null).sort((a, b) => (a.log ?? 0) - (b.log ?? 0))[h];
    if (target) target.cmds[0] = COMMANDS.length + h;
  });
  const order = raw.map((_, i) => i).sort((a, b) => rankKey(raw[a].log) - rankKey(raw[b].log) || a - b);
  const s = {
    count: n,
    id: [] as number[],
    start: [] as number[],
    end: [] as number[],
    eventCount: [] as number[],
    likelihood: [] as (number | null)[],
    logLikelihood: [] as (number | null)[],
    user: [] as number[],
    windowOffsets: [0],
    windowCommands: [] as number[],
    insightScore: [] as (number | null)[],
    insightKinds: [] as number[],
    insightCount: [] as number[],
    topKind: [] as number[],
    topInsight: [] as (string | null)[],
    referenceRank: [] as number[],
  };
  // Insights from their own generator, so the rest of the data stays what it was before insights existed.
  const insightRandom = rng((opts.seed ?? 7) + 1000);
  for (const i of order) {
    const r0 = s.id.length;
    const hasInsights = r0 % 3 === 0 || insightRandom() < 0.15;
    let kinds = 0;
    let count = 0;
    let top = -1;
    if (hasInsights) {
      top = Math.floor(insightRandom() * INSIGHT_KIND_NAMES.length);
      kinds = 1 << top;
      count = 1;
      if (insightRandom() < 0.5) {
        const k = Math.floor(insightRandom() * INSIGHT_KIND_NAMES.length);
        kinds |= 1 << k;
        count++;
      }
    }
    const log = raw[i].log;
    s.insightKinds.push(kinds);
    s.insightCount.push(count);
    s.topKind.push(top);
    s.topInsight.push(count > 0 && r0 < TOP_INSIGHT_TEXT_ROWS ? (opts.hostileInsights?.[r0] ?? insightText(INSIGHT_KIND_NAMES[top], COMMANDS[r0 % COMMANDS.length])) : null);
    s.insightScore.push(log === null ? null : log - 3 * count);
    s.referenceRank.push(r0 + 1);
    const r = raw[i];
    // Ids differ from ranks on purpose: the panel must never confuse the two.
    s.id.push(1000 + i);
    s.start.push(r.start);
    s.end.push(r.start + r.events * (5_000 + Math.floor(random() * 60_000)));
    s.eventCount.push(r.events);
    s.logLikelihood.push(r.log);
    s.likelihood.push(r.log === null ? null : Math.exp(r.log));
    s.user.push(r.user);
    s.windowCommands.push(...r.cmds);
    s.windowOffsets.push(s.windowCommands.length);
  }
  const events = s.eventCount.reduce((a, b) => a + b, 0);
  return {
    runId: opts.runId ?? 1,
    summary: {
      filePath: '/logs/exchange-admin-audit.csv',
      fileName: 'exchange-admin-audit.csv',
      events,
      sessions: n,
      users: usersCount,
      distinctCommands: commands.length,
      nanSessions: nanCount,
      skippedRows: 3,
      skippedLines: 3,
      skippedSamples: ['line 12, column 2: unparseable time "yesterday"', 'line 97: 3 fields, expected 6', 'line 4410, column 4: empty command'],
      maxSessionMinutes: 60,
      maxGapMinutes: 20,
      boundary: 'strict',
      timingsMs: { read: 412, sessionize: 95, train: 61, score: 140, total: 708 },
    },
    options: { sessionType: 'cmds_params_values', window, useTokens: true, geomean: false, ranking: opts.ranking ?? 'reference' },
    ranking: opts.ranking ?? 'reference',
    insightKinds: [...INSIGHT_KIND_NAMES],
    mapping: { users: ['UserId', 'ClientIP'], time: 'CreationTime', event: 'Operation', params: 'Parameters' },
    availableSessionTypes: ['cmds_only', 'cmds_params_only', 'cmds_params_values'],
    userColumns: ['UserId', 'ClientIP'],
    userTuples: userTuples(usersCount, random, opts.hostileUsers ?? []),
    commands,
    sessions: typedSessions(s),
  };
}

/** The columns as the host sends them: typed arrays, NaN for a missing number. */
function typedSessions(s: {
  count: number;
  id: number[];
  start: number[];
  end: number[];
  eventCount: number[];
  likelihood: (number | null)[];
  logLikelihood: (number | null)[];
  user: number[];
  windowOffsets: number[];
  windowCommands: number[];
  insightScore: (number | null)[];
  insightKinds: number[];
  insightCount: number[];
  topKind: number[];
  topInsight: (string | null)[];
  referenceRank: number[];
}): PanelSessions {
  const f64 = (a: (number | null)[]): Float64Array => Float64Array.from(a, (x) => x ?? Number.NaN);
  return {
    count: s.count,
    id: Int32Array.from(s.id),
    start: f64(s.start),
    end: f64(s.end),
    eventCount: Int32Array.from(s.eventCount),
    likelihood: f64(s.likelihood),
    logLikelihood: f64(s.logLikelihood),
    user: Int32Array.from(s.user),
    windowOffsets: Int32Array.from(s.windowOffsets),
    windowCommands: Int32Array.from(s.windowCommands),
    insightScore: f64(s.insightScore),
    insightKinds: Int32Array.from(s.insightKinds),
    insightCount: Int32Array.from(s.insightCount),
    topKind: Int32Array.from(s.topKind),
    topInsight: s.topInsight,
    referenceRank: Int32Array.from(s.referenceRank),
  };
}

/** An insight sentence in the engine's style, with counts. */
export function insightText(kind: string, command: string): string {
  switch (kind) {
    case 'new-actor':
      return 'first session of this account (none of the 412 sessions of 37 other accounts)';
    case 'new-command-for-actor':
      return `${command}: first time by this account (in none of its 53 sessions in 14 days; in 104 sessions of 22 other accounts)`;
    case 'unseen-transition':
      return `${command} → Set-Mailbox: never followed each other outside this session (${command} was followed 88 times by 6 other commands)`;
    case 'new-param-for-command':
      return `${command} with param DeliverToMailboxAndForward: never used outside this session (in 120 uses)`;
    case 'new-param-value':
      return `${command} ForwardingSmtpAddress=external-drop@protonmail.example: value never seen outside this session (in 240 uses)`;
    case 'uncommon-param-value':
      return `${command} ForwardingSmtpAddress=partner@fabrikam.example: seen 2 times in 940 uses (an average value 118 times)`;
    default:
      return `${command}: 212 events, 9× this account's mean of 23 per session`;
  }
}

function rankKey(log: number | null): number {
  return log === null ? Number.POSITIVE_INFINITY : log;
}

/** Details consistent with a result row: the rarest window sits in the middle of the session. */
export function makeDetails(result: PanelResult, sessionId: number): PanelSessionDetails {
  const s = result.sessions;
  const i = s.id.indexOf(sessionId);
  const random = rng(sessionId);
  const win = s.windowCommands.slice(s.windowOffsets[i], s.windowOffsets[i + 1]);
  const total = s.eventCount[i];
  const winStart = Math.max(0, Math.floor((total - win.length) / 2));
  const steps: PanelSessionStep[] = [];
  let line = 2 + Math.floor(random() * 5000);
  for (let k = 0; k < total; k++) {
    const inWindow = k >= winStart && k < winStart + win.length;
    const cmd = inWindow ? win[k - winStart] : Math.floor(random() * Math.min(10, result.commands.length));
    const endLine = k % 5 === 4 ? line + 2 : line;
    steps.push({
      command: result.commands[cmd],
      line,
      endLine,
      time: s.start[i] + k * 20_000,
      params: [
        ['Identity', `user${Math.floor(random() * 90)}@contoso.com`],
        ['ForwardTo', k % 3 === 0 ? 'external-drop@protonmail.example' : 'n/a'],
      ],
      transitionProbability: inWindow ? 0.0004 + random() * 0.01 : 0.1 + random() * 0.6,
      paramsProbability: result.options.sessionType === 'cmds_only' ? null : random() * 0.5,
      inRarestWindow: inWindow,
    });
    line = endLine + 1 + Math.floor(random() * 40);
  }
  return {
    runId: result.runId,
    sessionId,
    users: result.userTuples[s.user[i]],
    start: s.start[i],
    end: s.end[i],
    likelihood: Number.isNaN(s.likelihood[i]) ? null : s.likelihood[i],
    sessionLikelihood: Number.isNaN(s.likelihood[i]) ? null : s.likelihood[i] / 7,
    steps,
    endProbability: 0.42,
    insights: detailsInsights(result, i, steps),
    insightScore: Number.isNaN(s.insightScore[i]) ? null : s.insightScore[i],
    referenceRank: s.referenceRank[i],
  };
}

/** The insights of row i, consistent with its kinds, naming some of its steps' lines. */
function detailsInsights(result: PanelResult, i: number, steps: PanelSessionStep[]): PanelInsight[] {
  const s = result.sessions;
  const out: PanelInsight[] = [];
  const kinds = [s.topKind[i], ...INSIGHT_KIND_NAMES.map((_, k) => k).filter((k) => k !== s.topKind[i] && (s.insightKinds[i] & (1 << k)) !== 0)];
  for (const k of kinds) {
    if (k < 0) continue;
    const step = steps[Math.min(steps.length - 1, out.length + 1)];
    const text = out.length === 0 && s.topInsight[i] !== null ? (s.topInsight[i] as string) : insightText(INSIGHT_KIND_NAMES[k], step.command);
    out.push({
      kind: INSIGHT_KIND_NAMES[k],
      text,
      evidence: { command: step.command, actorSessions: 53, actorSessionsWith: 0, otherSessionsWith: 104 },
      lines: [step.line],
      probability: 0.0185 * (out.length + 1),
    });
  }
  return out;
}
