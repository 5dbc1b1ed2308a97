// Deterministic generator of Exchange Online admin audit logs (OfficeActivity
// shaped): the committed sample, the benchmark inputs and the
// distinct-command logs for the training benchmark all come from here.
//
// Everything is driven by one seeded PRNG, so the same options give the same
// bytes. Events are produced session by session, newest session first, and
// kept in a small heap until no later-generated session can still precede
// them: the output is sorted newest first with memory bounded by the events
// of one session length, whatever the number of events.

export type GenFormat = 'csv' | 'jsonl' | 'json';
export type GenProfile = 'sample' | 'bench';

export interface GenOptions {
  events: number;
  seed: number | string;
  format: GenFormat;
  /** `bench` scales the population with the size and trims the pretty-printed share so rows average ~290 bytes. */
  profile: GenProfile;
  /** Days covered, ending at `end`. */
  days: number;
  /** ISO instant of the newest session's start. */
  end: string;
  /**
   * Also inject the attacks the rarest-window ranking misses (issue #10): a
   * common action by an account that never did it, and a single rare param
   * value among common ones. Off for the committed sample, which stays as it is.
   */
  insightAttacks?: boolean;
}

/** The arguments the committed sample was generated with (`node dist/gen-sample.js` with no flags). */
export const SAMPLE_DEFAULTS: GenOptions = {
  events: 4000,
  seed: 7,
  format: 'csv',
  profile: 'sample',
  days: 14,
  end: '2024-06-14T18:00:00Z',
};

export const SAMPLE_PATH = 'media/sample/exchange-admin-sample.csv';
export const SAMPLE_ANOMALIES_PATH = 'media/sample/exchange-admin-sample.anomalies.json';
export const CSV_HEADER = 'TimeGenerated,UserId,ClientIP,Operation,Parameters';

export type Sink = (chunk: string) => void;

// ---------------------------------------------------------------- PRNG

/** sfc32 seeded through splitmix32: small, fast, and good enough statistically. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string) {
    let s = typeof seed === 'number' ? seed >>> 0 : fnv1a(seed);
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  }
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// ---------------------------------------------------------------- vocabulary

const TENANT = 'contoso.onmicrosoft.com';
const DOMAIN = 'contoso.com';
const ORG_DN = `NAMPR06A007.PROD.OUTLOOK.COM/Microsoft Exchange Hosted Organizations/${TENANT}`;
const DOMAIN_CONTROLLERS = [
  'SN6PR06A07DC001.NAMPR06A007.PROD.OUTLOOK.COM',
  'SN6PR06A07DC003.NAMPR06A007.PROD.OUTLOOK.COM',
  'BN8PR06A07DC002.NAMPR06A007.PROD.OUTLOOK.COM',
  'CY4PR06A07DC004.NAMPR06A007.PROD.OUTLOOK.COM',
];
const FIRST = ['Adele', 'Alex', 'Allan', 'Ben', 'Bianca', 'Carlos', 'Chloe', 'Christie', 'Dana', 'Diego', 'Eva', 'Farah',
  'Grady', 'Hana', 'Henrietta', 'Isaiah', 'Ivan', 'Jamal', 'Joni', 'Julian', 'Kenji', 'Lara', 'Lee', 'Lidia', 'Lynne',
  'Megan', 'Miriam', 'Nestor', 'Olga', 'Patti', 'Pradeep', 'Quinn', 'Raul', 'Rosa', 'Sven', 'Tomas', 'Uma', 'Wei', 'Yara', 'Zoe'];
const LAST = ['Adams', 'Bowen', 'Castillo', 'Dorsey', 'Eriksen', 'Fernandes', 'Gupta', 'Hughes', 'Ibrahim', 'Johnson',
  'Kowalski', 'Larsen', 'Moreno', 'Nakamura', 'Okafor', 'Petrov', 'Quintero', 'Rahman', 'Sherwood', 'Tanaka', 'Underwood',
  'Vance', 'Wilber', 'Xu', 'Young', 'Zimmerman', 'Abbott', 'Brennan', 'Chen', 'Dubois'];
const DEPARTMENTS = ['Finance', 'Sales', 'Marketing', 'Engineering', 'Legal', 'HR', 'Operations', 'Support', 'IT'];
const TITLES = ['Analyst', 'Manager', 'Engineer', 'Specialist', 'Director', 'Coordinator', 'Associate', 'Consultant'];
const OFFICES = ['Seattle', 'Boston', 'London', 'Dublin', 'Austin', 'Toronto'];
const GROUPS = ['All Staff', 'Finance Team', 'Sales EMEA', 'Sales NA', 'Engineering', 'Legal Notices', 'HR Announcements',
  'IT Operations', 'Support Tier 2', 'Marketing Campaigns', 'Board Communications', 'Project Falcon', 'Seattle Office',
  'London Office', 'Contractors'];
const SHARED_MAILBOXES = ['accounts-payable', 'helpdesk', 'info', 'recruiting', 'legal-intake', 'press', 'facilities'];
const ROLES = ['Mail Recipients', 'Help Desk', 'Distribution Groups', 'Mail Recipient Creation', 'View-Only Recipients',
  'User Options'];
const RETENTION = ['Default MRM Policy', 'Contoso 7 Year Retention', 'Default MRM Policy', 'Contoso Legal Hold'];
const TIMEZONES = ['Pacific Standard Time', 'Eastern Standard Time', 'GMT Standard Time', 'Central Standard Time'];
const CA_POLICIES: ReadonlyArray<{ id: string; name: string; state: string; controls: string }> = [
  { id: '6490d00c-7ba1-42cf-aa88-99eb71d53bf7', name: 'Default Policy', state: 'Disabled', controls: '' },
  { id: 'ba36f0a4-6d73-4ba4-9282-3b3c14575e36', name: 'Require MFA for admins', state: 'Enabled', controls: 'Mfa' },
  { id: '5fd0c4ff-1cd7-4bf6-8607-294a04f58f12', name: 'Azure MFA', state: 'Enabled', controls: 'Mfa' },
  { id: 'b2915792-0396-4abe-94ec-e17fa17243c5', name: 'Block legacy authentication', state: 'Enabled', controls: 'Block' },
  { id: '0c7a1f3e-55d2-4e0b-9c41-2f6d7e8a9b10', name: 'Compliant devices for Exchange', state: 'Enabled', controls: 'CompliantDevice' },
  { id: '9e41c2d8-3b7a-4f15-8d62-a1b2c3d4e5f6', name: 'Block access from untrusted countries', state: 'Enabled', controls: 'Block' },
  { id: '47d9e6a2-1c3b-4e8f-b5a4-6d7c8e9f0a1b', name: 'Session controls for unmanaged devices', state: 'EnabledForReportingButNotEnforced', controls: '' },
  { id: 'd3f2a1b0-9c8e-4d7f-a6b5-c4d3e2f1a0b9', name: 'Guest access terms of use', state: 'Enabled', controls: 'TermsOfUse' },
];

/** A few mailboxes that matter to the anomalies. */
const CEO = `nadia.holt@${DOMAIN}`;
const CFO = `marcus.reyes@${DOMAIN}`;

const PUBLIC_IPS = ['40.114.117.193', '52.229.51.154', '203.0.113.45', '198.51.100.17', '20.42.73.12',
  '[2603:1036:302:4091::5]', '104.47.58.100'];

type Workflow = (g: SessionGen, actor: Actor) => void;

interface Actor {
  id: string;
  kind: 'human' | 'service' | 'anon';
  /** Client IPs this actor is seen from; '' is an empty ClientIP. */
  ips: readonly string[];
  workflows: ReadonlyArray<readonly [Workflow, number]>;
  weight: number;
}

// ---------------------------------------------------------------- events

interface GenEvent {
  timeMs: number;
  seq: number;
  user: string;
  ip: string;
  op: string;
  params: ReadonlyArray<readonly [string, string]>;
  pretty: boolean;
  /** Index of the injected anomaly this event belongs to, -1 otherwise. */
  anomaly: number;
}

type Param = readonly [string, string];

/** Collects one session's steps with their times. */
class SessionGen {
  events: GenEvent[] = [];
  private t: number;

  constructor(
    readonly rng: Rng,
    readonly pool: Population,
    private readonly user: string,
    private readonly ip: string,
    start: number,
    private readonly prettyShare: number,
    private readonly anomaly: number,
  ) {
    this.t = start;
  }

  get now(): number {
    return this.t;
  }

  /** Adds a command `gap` seconds (mean) after the previous one; the first comes at the start. */
  step(op: string, params: Param[], gapMean = 6): void {
    if (this.events.length > 0) this.t += 1000 * Math.max(1, Math.round(this.rng.exp(gapMean)));
    const pretty = this.rng.chance(this.prettyShare);
    this.events.push({ timeMs: this.t, seq: 0, user: this.user, ip: this.ip, op, params, pretty, anomaly: this.anomaly });
  }

  /** A command within the same second or the next (scripted bursts). */
  burst(op: string, params: Param[]): void {
    if (this.events.length > 0) this.t += 1000 * (this.rng.chance(0.55) ? 0 : 1);
    const pretty = this.rng.chance(this.prettyShare);
    this.events.push({ timeMs: this.t, seq: 0, user: this.user, ip: this.ip, op, params, pretty, anomaly: this.anomaly });
  }
}

/** Mailboxes and helpers shared by the workflows. */
class Population {
  readonly mailboxes: string[] = [];
  readonly names = new Map<string, [string, string]>();

  constructor(rng: Rng, count: number) {
    const seen = new Set<string>([CEO, CFO]);
    this.mailboxes.push(CEO, CFO);
    this.names.set(CEO, ['Nadia', 'Holt']);
    this.names.set(CFO, ['Marcus', 'Reyes']);
    while (this.mailboxes.length < count) {
      const f = rng.pick(FIRST);
      const l = rng.pick(LAST);
      let upn = `${f}.${l}@${DOMAIN}`.toLowerCase();
      if (seen.has(upn)) upn = `${f}.${l}${rng.int(2, 99)}@${DOMAIN}`.toLowerCase();
      if (seen.has(upn)) continue;
      seen.add(upn);
      this.mailboxes.push(upn);
      this.names.set(upn, [f, l]);
    }
  }

  /** Skewed: a few mailboxes are touched far more often than the rest. */
  mailbox(rng: Rng): string {
    const r = rng.next();
    return this.mailboxes[2 + Math.floor(r * r * (this.mailboxes.length - 2))];
  }
}

const p = (name: string, value: string): Param => [name, value];
const dc = (g: SessionGen): Param => p('DomainController', g.rng.pick(DOMAIN_CONTROLLERS));
const guid = (rng: Rng): string => {
  const h = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[rng.int(0, 15)];
    return s;
  };
  return `${h(8)}-${h(4)}-4${h(3)}-${'89ab'[rng.int(0, 3)]}${h(3)}-${h(12)}`;
};
const scripted = (g: SessionGen, params: Param[], share = 0.6): Param[] =>
  g.rng.chance(share) ? [...params, p('ErrorAction', 'Stop')] : params;

// ---------------------------------------------------------------- workflows

const onboard: Workflow = (g) => {
  const { rng } = g;
  const f = rng.pick(FIRST);
  const l = rng.pick(LAST);
  const upn = `${f}.${l}${rng.int(1, 999)}@${DOMAIN}`.toLowerCase();
  g.step('New-Mailbox', scripted(g, [p('Name', `${f} ${l}`), p('DisplayName', `${f} ${l}`), p('FirstName', f), p('LastName', l),
    p('MicrosoftOnlineServicesID', upn), p('ResetPasswordOnNextLogon', 'True')]));
  g.step('Set-Mailbox', scripted(g, [p('Identity', upn), p('RetentionPolicy', rng.pick(RETENTION)),
    p('CustomAttribute1', rng.pick(DEPARTMENTS))]), 8);
  g.step('Set-User', scripted(g, [p('Identity', upn), p('Title', rng.pick(TITLES)), p('Department', rng.pick(DEPARTMENTS)),
    p('Office', rng.pick(OFFICES)), p('Manager', g.pool.mailbox(rng))]), 10);
  if (rng.chance(0.7)) {
    g.step('Set-CASMailbox', scripted(g, [p('Identity', upn), p('PopEnabled', 'False'), p('ImapEnabled', 'False')]), 5);
  }
  for (let i = rng.int(1, 3); i > 0; i--) {
    g.step('Add-DistributionGroupMember', scripted(g, [p('Identity', rng.pick(GROUPS)), p('Member', upn),
      p('BypassSecurityGroupManagerCheck', 'True')]), 7);
  }
  if (rng.chance(0.4)) {
    g.step('Set-MailboxRegionalConfiguration', [p('Identity', upn), p('Language', 'en-US'), p('TimeZone', rng.pick(TIMEZONES))]);
  }
};

const offboard: Workflow = (g) => {
  const { rng } = g;
  const upn = g.pool.mailbox(rng);
  g.step('Set-Mailbox', scripted(g, [p('Identity', upn), p('Type', 'Shared')]));
  g.step('Set-CASMailbox', scripted(g, [p('Identity', upn), p('ActiveSyncEnabled', 'False'), p('OWAEnabled', 'False'),
    p('PopEnabled', 'False'), p('ImapEnabled', 'False')]), 6);
  for (let i = rng.int(1, 2); i > 0; i--) {
    g.step('Remove-DistributionGroupMember', [p('Identity', rng.pick(GROUPS)), p('Member', upn), p('Confirm', 'False')], 5);
  }
  if (rng.chance(0.9)) {
    g.step('Set-Mailbox', scripted(g, [p('Identity', upn), p('ForwardingSmtpAddress', ''),
      p('DeliverToMailboxAndForward', 'False')]), 8);
  }
  if (rng.chance(0.6)) {
    g.step('Add-MailboxPermission', [p('Identity', upn), p('User', g.pool.mailbox(rng)), p('AccessRights', 'FullAccess'),
      p('InheritanceType', 'All'), p('AutoMapping', 'False')], 12);
  }
  g.step('Set-Mailbox', scripted(g, [p('Identity', upn), p('HiddenFromAddressListsEnabled', 'True')]), 6);
};

const groups: Workflow = (g) => {
  const { rng } = g;
  const group = rng.pick(GROUPS);
  if (rng.chance(0.7)) g.step('Get-DistributionGroupMember', [p('Identity', group)]);
  for (let i = rng.int(1, 5); i > 0; i--) {
    g.step('Add-DistributionGroupMember', [p('Identity', group), p('Member', g.pool.mailbox(rng)),
      p('BypassSecurityGroupManagerCheck', 'True')], 5);
  }
  for (let i = rng.int(0, 2); i > 0; i--) {
    g.step('Remove-DistributionGroupMember', [p('Identity', group), p('Member', g.pool.mailbox(rng)), p('Confirm', 'False')], 5);
  }
  if (rng.chance(0.15)) g.step('Set-DistributionGroup', [p('Identity', group), p('ManagedBy', g.pool.mailbox(rng))]);
};

const casHardening: Workflow = (g) => {
  const { rng } = g;
  if (rng.chance(0.6)) g.step('Get-CASMailbox', [p('Identity', g.pool.mailbox(rng))]);
  for (let i = rng.int(1, 6); i > 0; i--) {
    const params: Param[] = [p('Identity', g.pool.mailbox(rng)), p('PopEnabled', 'False'), p('ImapEnabled', 'False')];
    if (rng.chance(0.4)) params.push(p('SmtpClientAuthenticationDisabled', 'True'));
    g.step('Set-CASMailbox', scripted(g, params, 0.3), 4);
  }
};

/** Read-only look-ups follow habits: after a command, its usual next read (else a random one, or stop). */
const READ_NEXT: Record<string, readonly string[]> = {
  'Get-Mailbox': ['Get-MailboxPermission', 'Get-MailboxStatistics'],
  'Get-MailboxPermission': ['Get-RecipientPermission', 'Get-Mailbox'],
  'Get-RecipientPermission': ['Get-Mailbox'],
  'Get-User': ['Get-Mailbox'],
  'Get-MailboxStatistics': ['Get-Mailbox'],
  'Get-InboxRule': ['Get-Mailbox', 'Get-InboxRule'],
  'Get-CASMailbox': ['Get-Mailbox'],
};
const READS = Object.keys(READ_NEXT);

const review: Workflow = (g) => {
  const { rng } = g;
  let upn = g.pool.mailbox(rng);
  let op = rng.weighted<string>([['Get-Mailbox', 5], ['Get-User', 2], ['Get-InboxRule', 1], ['Get-CASMailbox', 1]]);
  for (let i = rng.int(2, 8); i > 0; i--) {
    g.step(op, [p(op === 'Get-InboxRule' ? 'Mailbox' : 'Identity', upn)], 9);
    if (op === 'Get-Mailbox' && rng.chance(0.4)) upn = g.pool.mailbox(rng);
    op = rng.chance(0.85) ? rng.pick(READ_NEXT[op]) : rng.pick(READS);
  }
};

const delegation: Workflow = (g) => {
  const { rng } = g;
  const shared = `${rng.pick(SHARED_MAILBOXES)}@${DOMAIN}`;
  const user = g.pool.mailbox(rng);
  if (rng.chance(0.3)) g.step('Get-MailboxPermission', [p('Identity', shared)]);
  g.step('Add-MailboxPermission', [p('Identity', shared), p('User', user), p('AccessRights', 'FullAccess'),
    p('InheritanceType', 'All'), p('AutoMapping', 'True')], 10);
  if (rng.chance(0.6)) {
    g.step('Add-RecipientPermission', [p('Identity', shared), p('Trustee', user), p('AccessRights', 'SendAs'),
      p('Confirm', 'False')], 8);
  }
  if (rng.chance(0.2)) g.step('Set-Mailbox', [p('Identity', shared), p('GrantSendOnBehalfTo', user)], 8);
};

const inboxRule: Workflow = (g) => {
  const { rng } = g;
  const upn = g.pool.mailbox(rng);
  if (rng.chance(0.5)) g.step('Get-InboxRule', [p('Mailbox', upn)]);
  const folder = rng.pick(['Newsletters', 'Notifications', 'Invoices', 'Jira', 'Receipts']);
  const params: Param[] = [p('Mailbox', upn), p('Name', `Move to ${folder}`), p('MoveToFolder', `${upn}:\\${folder}`),
    p('StopProcessingRules', 'True')];
  params.splice(2, 0, rng.chance(0.5) ? p('From', `noreply@${rng.pick(['atlassian.net', 'github.com', 'contoso-billing.com'])}`)
    : p('SubjectContainsWords', folder));
  g.step('New-InboxRule', params, 15);
  if (rng.chance(0.3)) g.step('Set-InboxRule', [p('Mailbox', upn), p('Identity', `Move to ${folder}`), p('Enabled', 'True')], 10);
};

const roles: Workflow = (g) => {
  const { rng } = g;
  const user = g.pool.mailbox(rng);
  g.step('Get-ManagementRoleAssignment', [p('RoleAssignee', user)]);
  g.step('New-ManagementRoleAssignment', [p('Role', rng.pick(ROLES)), p('User', user)], 20);
  if (rng.chance(0.5)) g.step('Get-ManagementRoleAssignment', [p('RoleAssignee', user)], 8);
};

const transport: Workflow = (g) => {
  const { rng } = g;
  g.step('Get-TransportRule', []);
  if (rng.chance(0.7)) {
    g.step('Set-TransportRule', [p('Identity', rng.pick(['External sender warning', 'Disclaimer', 'Block executable attachments'])),
      p('Enabled', 'True')], 25);
  } else {
    g.step('New-TransportRule', [p('Name', `Tag external ${rng.int(1, 40)}`), p('FromScope', 'NotInOrganization'),
      p('PrependSubject', '[EXTERNAL] ')], 40);
  }
};

function policyDetails(rng: Rng, pol: (typeof CA_POLICIES)[number], now: number): string {
  const details: Record<string, unknown> = { Version: 0, LastUpdatedTimestamp: new Date(now - rng.int(1, 40) * 86400000).toISOString() };
  details.State = pol.state;
  if (pol.controls) {
    details.Conditions = { Applications: { Include: [{ Applications: ['All'] }] }, Users: { Include: [{ Users: [guid(rng)] }] } };
    details.Controls = [{ Control: [pol.controls] }];
  } else {
    details.SignInFrequency = 'NotSet';
  }
  details.PersistentBrowserSessionMode = 'NotSet';
  return JSON.stringify(details);
}

function usTime(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

const conditionalAccess: Workflow = (g) => {
  const { rng } = g;
  if (rng.chance(0.05)) g.step('New-ConditionalAccessPolicy', [p('Organization', ORG_DN)]);
  const n = rng.chance(0.3) ? rng.int(8, 25) : rng.int(2, 7);
  for (let i = 0; i < n; i++) {
    const pol = rng.pick(CA_POLICIES);
    g.burst('Set-ConditionalAccessPolicy', [p('Identity', `${TENANT}\\${pol.id}`), p('PolicyDetails', policyDetails(rng, pol, g.now)),
      p('PolicyLastUpdatedTime', usTime(g.now)), p('TenantDefaultPolicy', pol.name === 'Default Policy' ? '18' : ''),
      p('DisplayName', pol.name), p('PolicyIdentifierString', '')]);
  }
};

const QUOTAS: Param[] = [p('RecoverableItemsQuota', '30 GB (32,212,254,720 bytes)'), p('RecoverableItemsWarningQuota', '20 GB (21,474,836,480 bytes)'),
  p('ProhibitSendQuota', '49 GB (52,613,349,376 bytes)'), p('ProhibitSendReceiveQuota', '50 GB (53,687,091,200 bytes)'),
  p('IssueWarningQuota', '48 GB (51,539,607,552 bytes)'), p('UseDatabaseQuotaDefaults', 'False')];

const migration: Workflow = (g) => {
  const { rng } = g;
  for (let i = rng.int(1, 4); i > 0; i--) {
    const params: Param[] = [p('Identity', `${guid(rng)}\\${guid(rng)}`)];
    if (rng.chance(0.5)) params.push(...QUOTAS.slice(0, rng.int(2, QUOTAS.length)));
    params.push(p('Force', 'True'), dc(g));
    g.step('Set-Mailbox', params, 3);
  }
  if (rng.chance(0.4)) g.step('Remove-MailboxLocation', [p('Identity', `${guid(rng)}\\${guid(rng)}`), p('Confirm', 'False'), p('ErrorAction', 'Stop')], 3);
};

const forwardSync: Workflow = (g) => {
  const { rng } = g;
  for (let i = rng.int(1, 6); i > 0; i--) {
    g.burst('Set-User', [p('Identity', `${guid(rng)}\\${guid(rng)}`), p('SyncMailboxLocationGuids', 'True'), dc(g)]);
  }
};

const torus: Workflow = (g) => {
  const { rng } = g;
  if (rng.chance(0.02)) {
    for (const op of ['Install-ResourceConfig', 'Install-DataClassificationConfig', 'Install-DefaultSharingPolicy', 'Install-AdminAuditLogConfig']) {
      g.step(op, [p('DomainController', ''), p('Organization', TENANT)], 2);
    }
    g.step('Set-TransportConfig', [p('DomainController', ''), p('Identity', TENANT), p('OrganizationFederatedMailbox', `FederatedEmail.${guid(rng)}@${TENANT}`)], 3);
    g.step('Set-AdminAuditLogConfig', [p('DomainController', ''), p('IgnoreDehydratedFlag', 'True'), p('Identity', ORG_DN), p('AdminAuditLogEnabled', 'True')], 2);
    g.step('Set-TenantObjectVersion', [p('DomainController', ''), p('Identity', ORG_DN)], 2);
    return;
  }
  for (let i = rng.int(1, 5); i > 0; i--) {
    const params: Param[] = [p('Identity', `${ORG_DN}/SystemMailbox{${guid(rng).toUpperCase()}}`), p('Arbitration', 'True')];
    if (rng.chance(0.7)) params.push(...QUOTAS);
    params.push(p('Force', 'True'), p('HiddenFromAddressListsEnabled', 'True'), dc(g));
    g.step('Set-Mailbox', params, 2);
  }
  if (rng.chance(0.3)) g.step('Set-OwaMailboxPolicy', [p('InstantMessagingType', 'Ocs'), p('Identity', `${TENANT}\\OwaMailboxPolicy-Default`)], 4);
};

const owa: Workflow = (g) => {
  const { rng } = g;
  const upn = g.pool.mailbox(rng);
  g.step(rng.pick(['Set-MailboxRegionalConfiguration', 'Set-MailboxJunkEmailConfiguration']),
    [p('Identity', upn), p(rng.chance(0.5) ? 'TimeZone' : 'Enabled', rng.chance(0.5) ? rng.pick(TIMEZONES) : 'True')]);
  if (rng.chance(0.4)) g.step('Set-Mailbox', [p('Identity', upn), p('MessageCopyForSentAsEnabled', 'True')], 20);
};

const hrSync: Workflow = (g) => {
  const { rng } = g;
  for (let i = rng.int(1, 10); i > 0; i--) {
    g.step('Set-User', [p('Identity', g.pool.mailbox(rng)), p('Title', rng.pick(TITLES)), p('Department', rng.pick(DEPARTMENTS)),
      p('ErrorAction', 'Stop')], 2);
  }
  if (rng.chance(0.3)) g.step('Add-DistributionGroupMember', [p('Identity', rng.pick(GROUPS)), p('Member', g.pool.mailbox(rng)), p('ErrorAction', 'Stop')], 2);
};

const backupReads: Workflow = (g) => {
  const { rng } = g;
  g.step('Get-Mailbox', [p('ResultSize', 'Unlimited'), p('ErrorAction', 'SilentlyContinue')]);
  for (let i = rng.int(1, 8); i > 0; i--) {
    g.step('Get-MailboxStatistics', [p('Identity', g.pool.mailbox(rng)), p('ErrorAction', 'SilentlyContinue')], 2);
  }
};

const migrationCleanup: Workflow = (g) => {
  const { rng } = g;
  g.step('Set-User', [p('Identity', `${guid(rng)}\\${guid(rng)}`), p('SyncMailboxLocationGuids', 'True')]);
  if (rng.chance(0.5)) g.step('Remove-MailboxLocation', [p('Identity', `${guid(rng)}\\${guid(rng)}`), p('Confirm', 'False'), p('ErrorAction', 'Stop')], 3);
};

// ---------------------------------------------------------------- anomalies

interface AnomalySpec {
  id: string;
  actor: string;
  ip: string;
  /** Position in the span, 0 = oldest, 1 = newest. */
  at: number;
  /** UTC hour of day the session starts at. */
  hour: number;
  what: string;
  run: (g: SessionGen) => void;
}

const HELPDESK = `helpdesk.t2@${TENANT}`;
const ANOMALIES: readonly AnomalySpec[] = [
  {
    id: 'fullaccess-then-forward-rule',
    actor: HELPDESK,
    ip: '185.220.101.47',
    at: 0.83,
    hour: 2,
    what: "FullAccess granted on the CEO's mailbox, then straight away an inbox rule on it that forwards to an external address and deletes the copy (Add-MailboxPermission -> New-InboxRule -ForwardTo), at 02:00 UTC from an IP never seen before.",
    run: (g) => {
      g.step('Add-MailboxPermission', [p('Identity', CEO), p('User', HELPDESK), p('AccessRights', 'FullAccess'),
        p('InheritanceType', 'All'), p('AutoMapping', 'False')]);
      g.step('New-InboxRule', [p('Mailbox', CEO), p('Name', '.'), p('ForwardTo', 'exec.archive@protonmail.com'),
        p('DeleteMessage', 'True'), p('StopProcessingRules', 'True')], 20);
      g.step('Get-InboxRule', [p('Mailbox', CEO)], 10);
    },
  },
  {
    id: 'external-smtp-forwarding',
    actor: `it.ops@${TENANT}`,
    ip: '52.229.51.154',
    at: 0.61,
    hour: 15,
    what: "Set-Mailbox on the CFO's mailbox with DeliverToMailboxAndForward True and ForwardingSmtpAddress to a gmail.com address: values never seen for those params (normally False / empty).",
    run: (g) => {
      g.step('Get-Mailbox', [p('Identity', CFO)]);
      g.step('Set-Mailbox', [p('Identity', CFO), p('ForwardingSmtpAddress', 'smtp:marcus.reyes.payments@gmail.com'),
        p('DeliverToMailboxAndForward', 'True')], 12);
    },
  },
  {
    id: 'role-grant-then-audit-off',
    actor: `admin@${TENANT}`,
    ip: '203.0.113.45',
    at: 0.42,
    hour: 23,
    what: 'New-ManagementRoleAssignment of "Mailbox Import Export" to itself, then Set-AdminAuditLogConfig -UnifiedAuditLogIngestionEnabled False, then a PST export of the CFO mailbox: rare transitions and a rare value.',
    run: (g) => {
      g.step('New-ManagementRoleAssignment', [p('Role', 'Mailbox Import Export'), p('User', `admin@${TENANT}`)]);
      g.step('Set-AdminAuditLogConfig', [p('UnifiedAuditLogIngestionEnabled', 'False')], 30);
      g.step('New-MailboxExportRequest', [p('Mailbox', CFO), p('FilePath', '\\\\10.20.4.17\\pst$\\mreyes.pst')], 25);
    },
  },
  {
    id: 'service-account-impersonation',
    actor: `svc-backup@${TENANT}`,
    ip: '',
    at: 0.27,
    hour: 4,
    what: 'The read-only backup service account grants itself ApplicationImpersonation and FullAccess on three executive mailboxes (Get-Mailbox -> New-ManagementRoleAssignment -> Add-MailboxPermission x3).',
    run: (g) => {
      g.step('Get-Mailbox', [p('ResultSize', 'Unlimited'), p('ErrorAction', 'SilentlyContinue')]);
      g.step('New-ManagementRoleAssignment', [p('Role', 'ApplicationImpersonation'), p('User', `svc-backup@${TENANT}`)], 3);
      for (const box of [CEO, CFO, `legal-intake@${DOMAIN}`]) {
        g.step('Add-MailboxPermission', [p('Identity', box), p('User', `svc-backup@${TENANT}`), p('AccessRights', 'FullAccess'),
          p('InheritanceType', 'All'), p('AutoMapping', 'False')], 2);
      }
    },
  },
  {
    id: 'legacy-protocols-reenabled',
    actor: `j.castillo-adm@${TENANT}`,
    ip: '198.51.100.17',
    at: 0.12,
    hour: 3,
    what: 'Set-CASMailbox re-enabling IMAP, POP and SMTP AUTH (values True/False opposite to the usual hardening) on three mailboxes, then Set-TransportConfig -SmtpClientAuthenticationDisabled False, at night.',
    run: (g) => {
      for (const box of [CFO, `accounts-payable@${DOMAIN}`, CEO]) {
        g.step('Set-CASMailbox', [p('Identity', box), p('PopEnabled', 'True'), p('ImapEnabled', 'True'),
          p('SmtpClientAuthenticationDisabled', 'False')], 4);
      }
      g.step('Set-TransportConfig', [p('SmtpClientAuthenticationDisabled', 'False')], 15);
    },
  },
];

const COMPLIANCE = `compliance.reader@${TENANT}`;
const AUTOMATION = `ExchangeOnlineAutomation@${TENANT}`;
const HR_SYNC = `svc-hr-sync@${TENANT}`;

/**
 * Attacks built from common steps (`insightAttacks`): each command and
 * transition is frequent in the tenant, so only the account doing it, or one
 * value among common ones, gives them away.
 */
const INSIGHT_ANOMALIES: readonly AnomalySpec[] = [
  {
    id: 'fullaccess-by-read-only-account',
    actor: COMPLIANCE,
    ip: '40.114.117.193',
    at: 0.7,
    hour: 16,
    what: "A read-only compliance account, which only ever ran Get-* look-ups, grants itself FullAccess on the CEO's mailbox the way help desk staff do (Get-MailboxPermission -> Add-MailboxPermission), in business hours from its usual IP.",
    run: (g) => {
      g.step('Get-MailboxPermission', [p('Identity', CEO)]);
      g.step('Add-MailboxPermission', [p('Identity', CEO), p('User', COMPLIANCE), p('AccessRights', 'FullAccess'),
        p('InheritanceType', 'All'), p('AutoMapping', 'True')], 10);
    },
  },
  {
    id: 'fullaccess-by-automation-account',
    actor: AUTOMATION,
    ip: '20.42.73.12',
    at: 0.52,
    hour: 14,
    what: "The provisioning automation account, which never granted mailbox permissions, grants FullAccess and SendAs on the CFO's mailbox (Add-MailboxPermission -> Add-RecipientPermission, as in the delegation workflow).",
    run: (g) => {
      g.step('Add-MailboxPermission', [p('Identity', CFO), p('User', AUTOMATION), p('AccessRights', 'FullAccess'),
        p('InheritanceType', 'All'), p('AutoMapping', 'True')]);
      g.step('Add-RecipientPermission', [p('Identity', CFO), p('Trustee', AUTOMATION), p('AccessRights', 'SendAs'),
        p('Confirm', 'False')], 8);
    },
  },
  {
    id: 'fullaccess-by-hr-sync',
    actor: HR_SYNC,
    ip: '52.229.51.154',
    at: 0.33,
    hour: 9,
    what: 'The HR sync service account, between two of its usual Set-User updates, grants FullAccess on the legal intake mailbox to itself: a command common in the tenant, never run by this account.',
    run: (g) => {
      g.step('Set-User', [p('Identity', CFO), p('Title', 'Director'), p('Department', 'Finance'), p('ErrorAction', 'Stop')]);
      g.step('Add-MailboxPermission', [p('Identity', `legal-intake@${DOMAIN}`), p('User', HR_SYNC), p('AccessRights', 'FullAccess'),
        p('InheritanceType', 'All'), p('AutoMapping', 'False')], 2);
      g.step('Set-User', [p('Identity', CEO), p('Title', 'Director'), p('Department', 'Legal'), p('ErrorAction', 'Stop')], 2);
    },
  },
  {
    id: 'smtp-auth-reenabled-once',
    actor: `m.okafor-adm@${TENANT}`,
    ip: '20.42.73.12',
    at: 0.2,
    hour: 17,
    what: 'A routine hardening run (Get-CASMailbox, Set-CASMailbox x4) where one Set-CASMailbox sets SmtpClientAuthenticationDisabled False on the CFO mailbox: one rare value among common ones.',
    run: (g) => {
      g.step('Get-CASMailbox', [p('Identity', CFO)]);
      for (const [box, smtpOff] of [[CFO, 'False'], [`accounts-payable@${DOMAIN}`, 'True'], [`helpdesk@${DOMAIN}`, 'True'], [`info@${DOMAIN}`, 'True']]) {
        g.step('Set-CASMailbox', [p('Identity', box), p('PopEnabled', 'False'), p('ImapEnabled', 'False'),
          p('SmtpClientAuthenticationDisabled', smtpOff)], 4);
      }
    },
  },
  {
    id: 'forwarding-during-offboarding',
    actor: `s.tanaka-adm@${TENANT}`,
    ip: '[2603:1036:302:4091::5]',
    at: 0.9,
    hour: 18,
    what: "An ordinary offboarding (Set-Mailbox Type Shared, Set-CASMailbox, Remove-DistributionGroupMember, Set-Mailbox) whose forwarding step sets ForwardingSmtpAddress to an external outlook.com address instead of clearing it: one rare value among common ones.",
    run: (g) => {
      const upn = `olga.petrov@${DOMAIN}`;
      g.step('Set-Mailbox', [p('Identity', upn), p('Type', 'Shared')]);
      g.step('Set-CASMailbox', [p('Identity', upn), p('ActiveSyncEnabled', 'False'), p('OWAEnabled', 'False'),
        p('PopEnabled', 'False'), p('ImapEnabled', 'False')], 6);
      g.step('Remove-DistributionGroupMember', [p('Identity', 'Finance Team'), p('Member', upn), p('Confirm', 'False')], 5);
      g.step('Set-Mailbox', [p('Identity', upn), p('ForwardingSmtpAddress', 'smtp:o.petrov.archive@outlook.com'),
        p('DeliverToMailboxAndForward', 'False')], 8);
      g.step('Set-Mailbox', [p('Identity', upn), p('HiddenFromAddressListsEnabled', 'True')], 6);
    },
  },
];

/** The anomalies injected with these options. */
function anomalySpecs(opts: GenOptions): readonly AnomalySpec[] {
  return opts.insightAttacks ? [...ANOMALIES, ...INSIGHT_ANOMALIES] : ANOMALIES;
}

// ---------------------------------------------------------------- actors

function buildActors(rng: Rng, profile: GenProfile, events: number, insightAttacks = false): Actor[] {
  const human = (id: string, ips: string[], extra: ReadonlyArray<readonly [Workflow, number]> = []): Actor => ({
    id,
    kind: 'human',
    ips,
    weight: 1,
    workflows: [[onboard, 2], [offboard, 1.5], [groups, 3], [casHardening, 2], [review, 4], [delegation, 1.5], [inboxRule, 1],
      [roles, 0.5], [transport, 0.4], ...extra],
  });
  const humans: Actor[] = [
    human(`admin@${TENANT}`, ['203.0.113.45']),
    human(HELPDESK, ['40.114.117.193', '20.42.73.12'], [[inboxRule, 3], [review, 4]]),
    human(`helpdesk.t1@${TENANT}`, ['40.114.117.193'], [[review, 6]]),
    human(`it.ops@${TENANT}`, ['52.229.51.154']),
    human(`j.castillo-adm@${TENANT}`, ['198.51.100.17', '']),
    human(`m.okafor-adm@${TENANT}`, ['20.42.73.12']),
    human(`s.tanaka-adm@${TENANT}`, ['[2603:1036:302:4091::5]']),
    human(`l.larsen-adm@${TENANT}`, ['104.47.58.100']),
    human(`exchange.admins@${TENANT}`, ['52.229.51.154', '40.114.117.193']),
    human(`r.moreno-adm@${TENANT}`, ['203.0.113.45']),
    human(`k.nakamura-adm@${TENANT}`, ['20.42.73.12', '']),
    human(`p.gupta-adm@${TENANT}`, ['198.51.100.17']),
    human(`b.hughes@${DOMAIN}`, ['']),
    human(`globaladmin@${TENANT}`, ['203.0.113.45'], [[roles, 2], [transport, 1.5]]),
  ];
  // A read-only account: look-ups only (the victim of one insight attack).
  if (insightAttacks) humans.push({ ...human(COMPLIANCE, ['40.114.117.193']), workflows: [[review, 1]] });
  const service = (id: string, workflows: ReadonlyArray<readonly [Workflow, number]>, weight: number, ips: string[] = ['']): Actor =>
    ({ id, kind: 'service', ips, weight, workflows });
  const services: Actor[] = [
    service('NAMPRD06\\Administrator (Microsoft.Office.Datacenter.Torus.PowerShellWorker)', [[torus, 1]], 2),
    service('NT AUTHORITY\\SYSTEM (MSExchangeMigrationWorkflow)', [[migration, 1], [migrationCleanup, 0.5]], 2),
    service('NT AUTHORITY\\SYSTEM (w3wp)', [[owa, 1]], 2, ['', '[2603:1036:302:4091::5]']),
    service('NT AUTHORITY\\SYSTEM (Microsoft.Exchange.Management.ForwardSync)', [[forwardSync, 1]], 1.5),
    service('NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)', [[migrationCleanup, 1]], 0.6),
    service('SpoolsProvisioning-ApplicationAccount@namprd06.prod.outlook.com', [[migration, 1]], 0.3),
    service(`svc-hr-sync@${TENANT}`, [[hrSync, 1]], 1.2, ['52.229.51.154']),
    service(`svc-backup@${TENANT}`, [[backupReads, 1]], 1, ['']),
    service(`ExchangeOnlineAutomation@${TENANT}`, [[onboard, 2], [casHardening, 1], [groups, 1]], 1, ['20.42.73.12']),
    service('ServicePrincipal_3f8c2a71-5d4e-4b6a-9c0d-1e2f3a4b5c6d', [[groups, 1], [hrSync, 1]], 0.6, ['40.114.117.193']),
  ];
  const anon: Actor[] = [
    { id: '', kind: 'anon', ips: [''], weight: 3, workflows: [[conditionalAccess, 5], [forwardSync, 1], [migrationCleanup, 1]] },
  ];
  if (profile === 'bench') {
    // Scale the population so each account keeps a plausible session rate.
    const extraHumans = Math.floor(events / 3000);
    for (let i = 0; i < extraHumans; i++) {
      const f = FIRST[i % FIRST.length];
      const l = LAST[Math.floor(i / FIRST.length) % LAST.length];
      humans.push(human(`${f[0]}.${l}${i}-adm@${TENANT}`.toLowerCase(), [rng.pick(PUBLIC_IPS)]));
    }
    const extraServices = Math.floor(events / 40000);
    for (let i = 0; i < extraServices; i++) {
      const base = services[i % services.length];
      services.push({ ...base, id: base.id.replace('NAMPRD06', `NAMPRD${String(7 + i).padStart(2, '0')}`).replace('SYSTEM', `SYSTEM${i}`) });
    }
    for (let i = 1; i < Math.floor(events / 100000); i++) {
      anon.push({ ...anon[0], ips: [PUBLIC_IPS[i % PUBLIC_IPS.length]] });
    }
  }
  return [...humans, ...services, ...anon];
}

// ---------------------------------------------------------------- ordering

/** Newest first; equal times keep generation order. */
function before(a: GenEvent, b: GenEvent): boolean {
  return a.timeMs > b.timeMs || (a.timeMs === b.timeMs && a.seq < b.seq);
}

class EventHeap {
  private items: GenEvent[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): GenEvent {
    return this.items[0];
  }

  push(e: GenEvent): void {
    const h = this.items;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  pop(): GenEvent {
    const h = this.items;
    const top = h[0];
    const last = h.pop() as GenEvent;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

// ---------------------------------------------------------------- formatting

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

function paramsJson(params: ReadonlyArray<readonly [string, string]>, pretty: boolean): string {
  const arr = params.map(([Name, Value]) => ({ Name, Value }));
  return pretty ? JSON.stringify(arr, null, 2) : JSON.stringify(arr);
}

interface Formatter {
  head: string;
  record(e: GenEvent, first: boolean): string;
  tail: string;
}

function formatter(format: GenFormat): Formatter {
  const asObject = (e: GenEvent): string =>
    JSON.stringify({
      TimeGenerated: isoSeconds(e.timeMs),
      UserId: e.user,
      ClientIP: e.ip,
      Operation: e.op,
      Parameters: e.params.map(([Name, Value]) => ({ Name, Value })),
    });
  if (format === 'jsonl') return { head: '', record: (e) => asObject(e) + '\n', tail: '' };
  if (format === 'json') return { head: '[\n', record: (e, first) => (first ? '  ' : ',\n  ') + asObject(e), tail: '\n]\n' };
  return {
    head: CSV_HEADER + '\n',
    record: (e) => `${isoSeconds(e.timeMs)},${csvField(e.user)},${csvField(e.ip)},${e.op},${csvField(paramsJson(e.params, e.pretty))}\n`,
    tail: '',
  };
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

// ---------------------------------------------------------------- the generator

export interface InjectedAnomaly {
  id: string;
  user: string;
  clientIp: string;
  start: string;
  end: string;
  commands: string[];
  what: string;
  /** 1-based first line of each of its events' records, in time order (the file is newest first, so they are not adjacent). */
  lines: number[];
}

export interface GenReport {
  events: number;
  sessions: number;
  lines: number;
  bytes: number;
  first: string;
  last: string;
  anomalies: InjectedAnomaly[];
}

const MINUTE = 60000;
/** Sessions are cut at this length, so an event can be written once the generator is this far before it. */
const MAX_SESSION_MS = 25 * MINUTE;
/** Sessions of one account are at least this far apart (more than the 2-minute sessionizing gap). */
const MIN_ACCOUNT_GAP_MS = 4 * MINUTE;

function hourFactor(kind: Actor['kind'], t: number): number {
  if (kind !== 'human') return 1;
  const d = new Date(t);
  const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
  const h = d.getUTCHours();
  const business = h >= 13 && h <= 23;
  return (weekend ? 0.1 : 1) * (business ? 1 : 0.06);
}

/**
 * Writes a log of exactly `opts.events` events (newest first) to `sink` and
 * returns what was written, including where the injected anomalies ended up.
 */
export function generateLog(options: Partial<GenOptions>, sink: Sink): GenReport {
  const opts: GenOptions = { ...SAMPLE_DEFAULTS, ...options };
  const rng = new Rng(opts.seed);
  const pool = new Population(rng, opts.profile === 'bench' ? 3000 : 400);
  const actors = buildActors(rng, opts.profile, opts.events, opts.insightAttacks);
  const specs = anomalySpecs(opts);
  const byKind = {
    human: actors.filter((a) => a.kind === 'human'),
    service: actors.filter((a) => a.kind === 'service'),
    anon: actors.filter((a) => a.kind === 'anon'),
  };
  const weightedByKind = {
    human: byKind.human.map((a) => [a, a.weight] as const),
    service: byKind.service.map((a) => [a, a.weight] as const),
    anon: byKind.anon.map((a) => [a, a.weight] as const),
  };
  const kindWeight = (kind: Actor['kind']): number => byKind[kind].reduce((s, a) => s + a.weight, 0);
  // The bench profile leans to human admins, whose rows are shorter, to keep rows near 290 bytes.
  const bench = opts.profile === 'bench';
  const kindBase = { human: kindWeight('human') * (bench ? 4 : 2.5), service: kindWeight('service'), anon: kindWeight('anon') * (bench ? 0.5 : 1) };
  const prettyShare = opts.profile === 'bench' ? 0.02 : 0.45;
  const fmt = formatter(opts.format);

  const endMs = Date.parse(opts.end);
  const startMs = endMs - opts.days * 86400000;
  const nextStart = new Map<string, number>();
  const reserved = new Map<string, Array<[number, number]>>();

  // Anomalies are laid out first so normal sessions of the same account keep clear of them.
  const anomalySessions = specs.map((spec, index) => {
    const dayStart = Math.floor((startMs + spec.at * (endMs - startMs)) / 86400000) * 86400000;
    const start = dayStart + spec.hour * 3600000 + 17 * MINUTE + 23000;
    const g = new SessionGen(rng, pool, spec.actor, spec.ip, start, prettyShare, index);
    spec.run(g);
    const span: [number, number] = [start, g.events[g.events.length - 1].timeMs];
    reserved.set(spec.actor, [...(reserved.get(spec.actor) ?? []), span]);
    return { spec, start, events: g.events };
  }).sort((a, b) => b.start - a.start);
  let nextAnomaly = 0;

  const clash = (actor: string, s: number, e: number): boolean => {
    const later = nextStart.get(actor);
    if (later !== undefined && e + MIN_ACCOUNT_GAP_MS > later) return true;
    for (const [rs, re] of reserved.get(actor) ?? []) {
      if (s < re + MIN_ACCOUNT_GAP_MS && e + MIN_ACCOUNT_GAP_MS > rs) return true;
    }
    return false;
  };

  const heap = new EventHeap();
  let generated = 0;
  let seq = 0;
  let written = 0;
  let lines = 1;
  let bytes = 0;
  let sessions = 0;
  let first = '';
  let last = '';
  const anomalyLines: number[][] = specs.map(() => []);
  const anomalyEvents: GenEvent[][] = specs.map(() => []);

  const emit = (s: string): void => {
    sink(s);
    bytes += Buffer.byteLength(s);
    lines += countNewlines(s);
  };
  emit(fmt.head);

  const writeOne = (): void => {
    const e = heap.pop();
    const text = fmt.record(e, written === 0);
    // In JSON the separator precedes the record on the previous line.
    const at = opts.format === 'json' && written > 0 ? lines + 1 : lines;
    if (e.anomaly >= 0) {
      anomalyLines[e.anomaly].push(at);
      anomalyEvents[e.anomaly].push(e);
    }
    if (written === 0) first = isoSeconds(e.timeMs);
    last = isoSeconds(e.timeMs);
    written++;
    emit(text);
  };

  const push = (events: GenEvent[]): void => {
    for (const e of events) {
      if (generated >= opts.events) return;
      e.seq = seq++;
      heap.push(e);
      generated++;
    }
    sessions++;
  };

  let cursor = endMs;
  let avgLen = 5;
  while (generated < opts.events) {
    const remaining = opts.events - generated;
    const span = Math.max(cursor - startMs, 3600000);
    const meanGap = (span * avgLen) / remaining;
    cursor -= Math.max(1000, Math.round(rng.exp(meanGap) / 1000) * 1000);

    while (nextAnomaly < anomalySessions.length && anomalySessions[nextAnomaly].start >= cursor) {
      const a = anomalySessions[nextAnomaly++];
      push(a.events);
      const prev = nextStart.get(a.spec.actor);
      nextStart.set(a.spec.actor, prev === undefined ? a.start : Math.min(prev, a.start));
    }
    if (generated >= opts.events) break;

    const kind = rng.weighted<Actor['kind']>([
      ['human', kindBase.human * hourFactor('human', cursor)],
      ['service', kindBase.service],
      ['anon', kindBase.anon],
    ]);
    for (let attempt = 0; attempt < 4; attempt++) {
      const actor = rng.weighted(weightedByKind[kind]);
      const g = new SessionGen(rng, pool, actor.id, rng.pick(actor.ips), cursor, prettyShare, -1);
      rng.weighted(actor.workflows)(g, actor);
      const events = g.events.filter((e) => e.timeMs - cursor <= MAX_SESSION_MS);
      if (clash(actor.id, cursor, events[events.length - 1].timeMs)) continue;
      nextStart.set(actor.id, cursor);
      push(events);
      avgLen = avgLen * 0.98 + events.length * 0.02;
      break;
    }
    while (heap.size > 0 && heap.peek().timeMs > cursor + MAX_SESSION_MS) writeOne();
  }
  while (heap.size > 0) writeOne();
  emit(fmt.tail);

  const anomalies: InjectedAnomaly[] = [];
  specs.forEach((spec, i) => {
    const evs = anomalyEvents[i];
    if (evs.length === 0) return;
    const order = evs.map((e, k) => k).sort((x, y) => evs[x].timeMs - evs[y].timeMs || evs[x].seq - evs[y].seq);
    anomalies.push({
      id: spec.id,
      user: spec.actor,
      clientIp: spec.ip,
      start: isoSeconds(evs[order[0]].timeMs),
      end: isoSeconds(evs[order[order.length - 1]].timeMs),
      commands: order.map((k) => evs[k].op),
      what: spec.what,
      lines: order.map((k) => anomalyLines[i][k]),
    });
  });
  anomalies.sort((a, b) => a.start.localeCompare(b.start));
  return { events: written, sessions, lines: lines - 1, bytes, first, last, anomalies };
}

/** The generator's whole output as one string (tests, small logs). */
export function generateToString(options: Partial<GenOptions>): { text: string; report: GenReport } {
  const parts: string[] = [];
  const report = generateLog(options, (s) => parts.push(s));
  return { text: parts.join(''), report };
}

/** The sidecar that documents the injected anomalies. */
export function anomaliesSidecar(options: Partial<GenOptions>, report: GenReport): string {
  const opts = { ...SAMPLE_DEFAULTS, ...options };
  return JSON.stringify({
    generator: 'scripts/gen-sample.ts',
    command: `node dist/gen-sample.js --events ${opts.events} --seed ${opts.seed} --format ${opts.format}` +
      (opts.profile !== 'sample' ? ` --profile ${opts.profile}` : '') + (opts.insightAttacks ? ' --insight-attacks' : ''),
    columns: { users: ['UserId', 'ClientIP'], time: 'TimeGenerated', event: 'Operation', params: 'Parameters' },
    events: report.events,
    from: report.last,
    to: report.first,
    anomalies: report.anomalies,
  }, null, 2) + '\n';
}

// ---------------------------------------------------------------- distinct commands

export interface DistinctOptions {
  /** Number of distinct command names. */
  commands: number;
  events: number;
  seed: number | string;
}

/** `Cmd-000123`: zero padded so names sort like numbers. */
export function commandName(i: number): string {
  return `Cmd-${String(i).padStart(6, '0')}`;
}

const DISTINCT_PARAMS = ['Identity', 'ErrorAction', 'Force', 'Confirm', 'DomainController', 'Mode', 'Scope', 'Level'];
const DISTINCT_VALUES: Record<string, readonly string[]> = {
  ErrorAction: ['Stop', 'SilentlyContinue'],
  Force: ['True'],
  Confirm: ['False'],
  DomainController: DOMAIN_CONTROLLERS,
  Mode: ['Audit', 'Enforce', 'Off'],
  Scope: ['Organization', 'User', 'Group'],
  Level: ['1', '2', '3', '4', '5'],
};

/**
 * A CSV log whose sessions walk over `commands` distinct commands (every one
 * appears): each command has a few fixed successors, so the transition table
 * stays sparse like real logs. Sessions are 8 events, 5 s apart; accounts
 * are reused every 10 minutes.
 */
export function generateDistinctCommandsCsv(opts: DistinctOptions, sink: Sink): { events: number; sessions: number } {
  const rng = new Rng(opts.seed);
  const n = opts.commands;
  const users = Math.max(50, Math.ceil(opts.events / 8 / 500));
  const base = Date.parse('2024-01-01T00:00:00Z');
  const stride = 7919 % n === 0 ? 1 : 7919;
  sink(CSV_HEADER + '\n');
  const parts: string[] = [];
  let written = 0;
  let session = 0;
  while (written < opts.events) {
    const user = `user${String(session % users).padStart(5, '0')}@${DOMAIN}`;
    const start = base + Math.floor(session / users) * 10 * MINUTE;
    let cmd = (session * stride) % n;
    for (let k = 0; k < 8 && written < opts.events; k++) {
      const params: string[] = [`{"Name":"Identity","Value":"obj-${rng.int(0, 9999)}"}`];
      for (let j = rng.int(0, 2); j > 0; j--) {
        const name = DISTINCT_PARAMS[1 + ((cmd + j) % (DISTINCT_PARAMS.length - 1))];
        params.push(`{"Name":"${name}","Value":"${rng.pick(DISTINCT_VALUES[name])}"}`);
      }
      parts.push(`${isoSeconds(start + k * 5000)},${user},,${commandName(cmd)},${csvField('[' + params.join(',') + ']')}\n`);
      written++;
      cmd = (cmd * 31 + 17 + rng.int(0, 3) * 101) % n;
      if (parts.length >= 4096) sink(parts.splice(0).join(''));
    }
    session++;
  }
  sink(parts.join(''));
  return { events: written, sessions: session };
}
