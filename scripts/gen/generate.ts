// The generator proper: lays out the anomalies, then walks back in time from
// `end` drawing sessions, and writes events newest first through a heap.
// Also the whole-string variant and the .anomalies.json sidecar.

import { buildActors } from './actors';
import { anomalySpecs } from './anomalies';
import { countNewlines, formatter, isoSeconds } from './format';
import { EventHeap } from './heap';
import { MINUTE, SAMPLE_DEFAULTS, type GenOptions, type Sink } from './options';
import { Rng } from './rng';
import { Population, SessionGen, type Actor, type GenEvent } from './session';

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
