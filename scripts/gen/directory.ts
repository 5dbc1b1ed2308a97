// The fictional tenant: names, departments, groups, policies, client IPs and
// the accounts the injected anomalies use. Constant tables only.

export const TENANT = 'contoso.onmicrosoft.com';
export const DOMAIN = 'contoso.com';
export const ORG_DN = `NAMPR06A007.PROD.OUTLOOK.COM/Microsoft Exchange Hosted Organizations/${TENANT}`;
export const DOMAIN_CONTROLLERS = [
  'SN6PR06A07DC001.NAMPR06A007.PROD.OUTLOOK.COM',
  'SN6PR06A07DC003.NAMPR06A007.PROD.OUTLOOK.COM',
  'BN8PR06A07DC002.NAMPR06A007.PROD.OUTLOOK.COM',
  'CY4PR06A07DC004.NAMPR06A007.PROD.OUTLOOK.COM',
];
export const FIRST = ['Adele', 'Alex', 'Allan', 'Ben', 'Bianca', 'Carlos', 'Chloe', 'Christie', 'Dana', 'Diego', 'Eva', 'Farah',
  'Grady', 'Hana', 'Henrietta', 'Isaiah', 'Ivan', 'Jamal', 'Joni', 'Julian', 'Kenji', 'Lara', 'Lee', 'Lidia', 'Lynne',
  'Megan', 'Miriam', 'Nestor', 'Olga', 'Patti', 'Pradeep', 'Quinn', 'Raul', 'Rosa', 'Sven', 'Tomas', 'Uma', 'Wei', 'Yara', 'Zoe'];
export const LAST = ['Adams', 'Bowen', 'Castillo', 'Dorsey', 'Eriksen', 'Fernandes', 'Gupta', 'Hughes', 'Ibrahim', 'Johnson',
  'Kowalski', 'Larsen', 'Moreno', 'Nakamura', 'Okafor', 'Petrov', 'Quintero', 'Rahman', 'Sherwood', 'Tanaka', 'Underwood',
  'Vance', 'Wilber', 'Xu', 'Young', 'Zimmerman', 'Abbott', 'Brennan', 'Chen', 'Dubois'];
export const DEPARTMENTS = ['Finance', 'Sales', 'Marketing', 'Engineering', 'Legal', 'HR', 'Operations', 'Support', 'IT'];
export const TITLES = ['Analyst', 'Manager', 'Engineer', 'Specialist', 'Director', 'Coordinator', 'Associate', 'Consultant'];
export const OFFICES = ['Seattle', 'Boston', 'London', 'Dublin', 'Austin', 'Toronto'];
export const GROUPS = ['All Staff', 'Finance Team', 'Sales EMEA', 'Sales NA', 'Engineering', 'Legal Notices', 'HR Announcements',
  'IT Operations', 'Support Tier 2', 'Marketing Campaigns', 'Board Communications', 'Project Falcon', 'Seattle Office',
  'London Office', 'Contractors'];
export const SHARED_MAILBOXES = ['accounts-payable', 'helpdesk', 'info', 'recruiting', 'legal-intake', 'press', 'facilities'];
export const ROLES = ['Mail Recipients', 'Help Desk', 'Distribution Groups', 'Mail Recipient Creation', 'View-Only Recipients',
  'User Options'];
export const RETENTION = ['Default MRM Policy', 'Contoso 7 Year Retention', 'Default MRM Policy', 'Contoso Legal Hold'];
export const TIMEZONES = ['Pacific Standard Time', 'Eastern Standard Time', 'GMT Standard Time', 'Central Standard Time'];
export const CA_POLICIES: ReadonlyArray<{ id: string; name: string; state: string; controls: string }> = [
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
export const CEO = `nadia.holt@${DOMAIN}`;
export const CFO = `marcus.reyes@${DOMAIN}`;

export const PUBLIC_IPS = ['40.114.117.193', '52.229.51.154', '203.0.113.45', '198.51.100.17', '20.42.73.12',
  '[2603:1036:302:4091::5]', '104.47.58.100'];

/** Accounts that the injected anomalies and the actor table share. */
export const HELPDESK = `helpdesk.t2@${TENANT}`;
export const COMPLIANCE = `compliance.reader@${TENANT}`;
export const AUTOMATION = `ExchangeOnlineAutomation@${TENANT}`;
export const HR_SYNC = `svc-hr-sync@${TENANT}`;
