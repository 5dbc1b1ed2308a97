// Who runs sessions: human admins, service accounts and the anonymous
// system actor, each with its client IPs, its workflows and how often it
// acts. The bench profile adds accounts as the event count grows.

import { COMPLIANCE, DOMAIN, FIRST, HELPDESK, LAST, PUBLIC_IPS, TENANT } from './directory';
import type { GenProfile } from './options';
import type { Rng } from './rng';
import type { Actor, Workflow } from './session';
import {
  backupReads, casHardening, conditionalAccess, delegation, forwardSync, groups, hrSync, inboxRule, migration,
  migrationCleanup, offboard, onboard, owa, review, roles, torus, transport,
} from './workflows';

export function buildActors(rng: Rng, profile: GenProfile, events: number, insightAttacks = false): Actor[] {
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
