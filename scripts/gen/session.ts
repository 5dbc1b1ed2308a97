// One session under construction (SessionGen: commands and their times),
// the mailbox population the workflows pick targets from, and the small
// helpers that build command parameters.

import { CEO, CFO, DOMAIN, DOMAIN_CONTROLLERS, FIRST, LAST } from './directory';
import type { Rng } from './rng';

export type Workflow = (g: SessionGen, actor: Actor) => void;

export interface Actor {
  id: string;
  kind: 'human' | 'service' | 'anon';
  /** Client IPs this actor is seen from; '' is an empty ClientIP. */
  ips: readonly string[];
  workflows: ReadonlyArray<readonly [Workflow, number]>;
  weight: number;
}

export interface GenEvent {
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

export type Param = readonly [string, string];

/** Collects one session's steps with their times. */
export class SessionGen {
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
export class Population {
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

export const p = (name: string, value: string): Param => [name, value];
export const dc = (g: SessionGen): Param => p('DomainController', g.rng.pick(DOMAIN_CONTROLLERS));
export const scripted = (g: SessionGen, params: Param[], share = 0.6): Param[] =>
  g.rng.chance(share) ? [...params, p('ErrorAction', 'Stop')] : params;
