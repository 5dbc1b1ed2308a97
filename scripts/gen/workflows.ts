// The admin tasks a session can be: each workflow writes a plausible run of
// Exchange cmdlets into a SessionGen. Adding or reordering a random draw
// here changes every generated file (and the committed sample).

import {
  CA_POLICIES, DEPARTMENTS, DOMAIN, FIRST, GROUPS, LAST, OFFICES, ORG_DN, RETENTION, ROLES, SHARED_MAILBOXES, TENANT,
  TIMEZONES, TITLES,
} from './directory';
import { guid, type Rng } from './rng';
import { dc, p, scripted, type Param, type Workflow } from './session';

export const onboard: Workflow = (g) => {
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

export const offboard: Workflow = (g) => {
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

export const groups: Workflow = (g) => {
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

export const casHardening: Workflow = (g) => {
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

export const review: Workflow = (g) => {
  const { rng } = g;
  let upn = g.pool.mailbox(rng);
  let op = rng.weighted<string>([['Get-Mailbox', 5], ['Get-User', 2], ['Get-InboxRule', 1], ['Get-CASMailbox', 1]]);
  for (let i = rng.int(2, 8); i > 0; i--) {
    g.step(op, [p(op === 'Get-InboxRule' ? 'Mailbox' : 'Identity', upn)], 9);
    if (op === 'Get-Mailbox' && rng.chance(0.4)) upn = g.pool.mailbox(rng);
    op = rng.chance(0.85) ? rng.pick(READ_NEXT[op]) : rng.pick(READS);
  }
};

export const delegation: Workflow = (g) => {
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

export const inboxRule: Workflow = (g) => {
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

export const roles: Workflow = (g) => {
  const { rng } = g;
  const user = g.pool.mailbox(rng);
  g.step('Get-ManagementRoleAssignment', [p('RoleAssignee', user)]);
  g.step('New-ManagementRoleAssignment', [p('Role', rng.pick(ROLES)), p('User', user)], 20);
  if (rng.chance(0.5)) g.step('Get-ManagementRoleAssignment', [p('RoleAssignee', user)], 8);
};

export const transport: Workflow = (g) => {
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

export const conditionalAccess: Workflow = (g) => {
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

export const migration: Workflow = (g) => {
  const { rng } = g;
  for (let i = rng.int(1, 4); i > 0; i--) {
    const params: Param[] = [p('Identity', `${guid(rng)}\\${guid(rng)}`)];
    if (rng.chance(0.5)) params.push(...QUOTAS.slice(0, rng.int(2, QUOTAS.length)));
    params.push(p('Force', 'True'), dc(g));
    g.step('Set-Mailbox', params, 3);
  }
  if (rng.chance(0.4)) g.step('Remove-MailboxLocation', [p('Identity', `${guid(rng)}\\${guid(rng)}`), p('Confirm', 'False'), p('ErrorAction', 'Stop')], 3);
};

export const forwardSync: Workflow = (g) => {
  const { rng } = g;
  for (let i = rng.int(1, 6); i > 0; i--) {
    g.burst('Set-User', [p('Identity', `${guid(rng)}\\${guid(rng)}`), p('SyncMailboxLocationGuids', 'True'), dc(g)]);
  }
};

export const torus: Workflow = (g) => {
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

export const owa: Workflow = (g) => {
  const { rng } = g;
  const upn = g.pool.mailbox(rng);
  g.step(rng.pick(['Set-MailboxRegionalConfiguration', 'Set-MailboxJunkEmailConfiguration']),
    [p('Identity', upn), p(rng.chance(0.5) ? 'TimeZone' : 'Enabled', rng.chance(0.5) ? rng.pick(TIMEZONES) : 'True')]);
  if (rng.chance(0.4)) g.step('Set-Mailbox', [p('Identity', upn), p('MessageCopyForSentAsEnabled', 'True')], 20);
};

export const hrSync: Workflow = (g) => {
  const { rng } = g;
  for (let i = rng.int(1, 10); i > 0; i--) {
    g.step('Set-User', [p('Identity', g.pool.mailbox(rng)), p('Title', rng.pick(TITLES)), p('Department', rng.pick(DEPARTMENTS)),
      p('ErrorAction', 'Stop')], 2);
  }
  if (rng.chance(0.3)) g.step('Add-DistributionGroupMember', [p('Identity', rng.pick(GROUPS)), p('Member', g.pool.mailbox(rng)), p('ErrorAction', 'Stop')], 2);
};

export const backupReads: Workflow = (g) => {
  const { rng } = g;
  g.step('Get-Mailbox', [p('ResultSize', 'Unlimited'), p('ErrorAction', 'SilentlyContinue')]);
  for (let i = rng.int(1, 8); i > 0; i--) {
    g.step('Get-MailboxStatistics', [p('Identity', g.pool.mailbox(rng)), p('ErrorAction', 'SilentlyContinue')], 2);
  }
};

export const migrationCleanup: Workflow = (g) => {
  const { rng } = g;
  g.step('Set-User', [p('Identity', `${guid(rng)}\\${guid(rng)}`), p('SyncMailboxLocationGuids', 'True')]);
  if (rng.chance(0.5)) g.step('Remove-MailboxLocation', [p('Identity', `${guid(rng)}\\${guid(rng)}`), p('Confirm', 'False'), p('ErrorAction', 'Stop')], 3);
};
