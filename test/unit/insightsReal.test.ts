// Every insight shown on a real log is true: its counts are recounted here
// by brute force from the events and sessions (no baseline, no model), for
// every session of several real public logs (test/fixtures/real).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { eventParams, eventUsers } from '../../src/engine/events';
import type { Insight } from '../../src/engine/insights/insights';
import { insightsOf } from '../../src/engine/insights/insights';
import { runInsights } from '../../src/engine/insights/run';
import { loadLog, scoreLog } from '../../src/engine/pipeline';
import { sessionEvents } from '../../src/engine/sessionize';

const DIR = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'real');
const FILES = ['office-exchange-admin.csv', 'securityevent-4688-processes.csv', 'mde-process-events.csv', 'k8s-audit-falco-traces.jsonl', 'sentinel-signinlogs.csv', 'windows-security-sysmon-seatbelt.json'];

describe('insights on real logs are true (recounted by brute force)', function () {
  this.timeout(120_000);
  const checkedKinds = new Map<string, number>();
  const filesWithInsights: string[] = [];

  for (const name of FILES) {
    it(name, async function () {
      const log = await loadLog({ file: path.join(DIR, name), read: { onBadRow: 'skip' } });
      const scored = scoreLog(log);
      const { events, sessions } = { events: log.events, sessions: scored.sessions };
      const run = runInsights(scored, { ranking: 'insight' });
      const evsOf = (s: number) => Array.from(sessionEvents(sessions, s));
      const actorOf = (s: number) => JSON.stringify(eventUsers(events, evsOf(s)[0]));
      const cmd = (e: number) => events.commandNames[events.commandIds[e]];
      const others = (s: number) => Array.from({ length: sessions.count }, (_, i) => i).filter((i) => i !== s);
      const paramOf = (e: number, p: string): string | undefined => eventParams(events, e).find(([n]) => n === p)?.[1];
      let checked = 0;

      for (let s = 0; s < sessions.count; s++) {
        const mine = evsOf(s);
        const myLines = new Set(mine.map((e) => events.startLine[e]));
        const actor = actorOf(s);
        const sameActor = others(s).filter((o) => actorOf(o) === actor);
        const outsideEvents = others(s).flatMap(evsOf);
        for (const ins of insightsOf(run.insights, scored, s) as Insight[]) {
          const ev = ins.evidence;
          const what = `${name} session ${s}: ${ins.text}`;
          assert.ok(ins.lines.length > 0 && ins.lines.every((l) => myLines.has(l)), `${what}: lines ${ins.lines} are this session's`);
          switch (ins.kind) {
            case 'new-actor':
              assert.equal(sameActor.length, 0, what);
              assert.equal(ev.otherSessions, sessions.count - 1, what);
              break;
            case 'new-command-for-actor': {
              const c = ev.command as string;
              assert.ok(mine.some((e) => cmd(e) === c), what);
              assert.ok(sameActor.every((o) => !evsOf(o).some((e) => cmd(e) === c)), `${what}: the actor ran it elsewhere`);
              assert.equal(ev.actorSessions, sameActor.length, what);
              const byOthers = others(s).filter((o) => actorOf(o) !== actor && evsOf(o).some((e) => cmd(e) === c)).length;
              assert.equal(ev.otherSessionsWith, byOthers, what);
              break;
            }
            case 'unseen-transition': {
              const pairs = (o: number) => evsOf(o).slice(1).map((e, i) => `${cmd(evsOf(o)[i])}\u0000${cmd(e)}`);
              const key = `${ev.from as string}\u0000${ev.to as string}`;
              assert.ok(pairs(s).includes(key), what);
              assert.ok(others(s).every((o) => !pairs(o).includes(key)), `${what}: seen in another session`);
              const followed = others(s).flatMap(pairs).filter((k) => k.startsWith(`${ev.from as string}\u0000`)).length;
              assert.equal(ev.fromFollowed, followed, what);
              break;
            }
            case 'new-param-for-command': {
              const [c, p] = [ev.command as string, ev.param as string];
              assert.ok(outsideEvents.every((e) => cmd(e) !== c || paramOf(e, p) === undefined), `${what}: seen elsewhere`);
              assert.equal(ev.commandUses, outsideEvents.filter((e) => cmd(e) === c).length, what);
              break;
            }
            case 'new-param-value':
            case 'uncommon-param-value': {
              const [c, p, v] = [ev.command as string, ev.param as string, ev.value as string];
              const uses = outsideEvents.filter((e) => cmd(e) === c && paramOf(e, p) !== undefined);
              assert.equal(ev.uses, uses.length, `${what}: uses`);
              assert.equal(ev.count, uses.filter((e) => paramOf(e, p) === v).length, `${what}: count`);
              assert.ok(mine.some((e) => cmd(e) === c && paramOf(e, p) === v), what);
              break;
            }
            case 'high-volume': {
              assert.equal(ev.events, mine.length, what);
              assert.equal(ev.actorSessions, sameActor.length, what);
              const mean = sameActor.reduce((t, o) => t + evsOf(o).length, 0) / sameActor.length;
              assert.ok(Math.abs((ev.actorMeanEvents as number) - mean) < 0.01, what);
              break;
            }
          }
          checked++;
          checkedKinds.set(ins.kind, (checkedKinds.get(ins.kind) ?? 0) + 1);
        }
      }
      if (checked > 0) filesWithInsights.push(name);
    });
  }

  after(function () {
    console.log(`      insights recounted on ${filesWithInsights.length} files: ${[...checkedKinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    assert.ok(filesWithInsights.length >= 3, `insights to check on ${filesWithInsights.length} files only`);
    assert.ok(checkedKinds.size >= 3, 'at least three kinds of insight checked');
  });
});
