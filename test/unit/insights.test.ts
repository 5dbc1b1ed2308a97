// Insights (src/engine/insights): first-seen counts leave the judged session
// out, evidence and lines point at the right events, a saved baseline judges
// another file, and the reference scores are never touched.

import assert from 'node:assert/strict';
import type { LoadedLog, ScoredLog } from '../../src/engine/stages';
import { EventTableBuilder } from '../../src/engine/events';
import type { EventTable } from '../../src/engine/types';
import { baselineFromJson, baselineToJson, buildBaseline, BaselineError } from '../../src/engine/insights/baseline';
import { analyzeInsights, insightScore, insightsOf, DEFAULT_WEIGHTS, type Insight, type InsightKind } from '../../src/engine/insights/insights';
import { runInsights } from '../../src/engine/insights/run';
import { scoreLog } from '../../src/engine/pipeline';
import { rankedReports } from '../../src/present/report';
import { scoreSessions } from '../../src/engine/score';

type Step = [command: string, params?: Record<string, string>];

/** A log from sessions of [user, steps]: each session 10 s per step, sessions an hour apart, lines in order. */
function logOf(sessions: [string, Step[]][]): LoadedLog {
  const b = new EventTableBuilder(['UserId'], true);
  let line = 2;
  sessions.forEach(([user, steps], s) => {
    steps.forEach(([cmd, params], i) => {
      b.add([user], Date.UTC(2024, 5, 1) + s * 3_600_000 + i * 10_000, 0, cmd, new Map(Object.entries(params ?? {})), line, line);
      line++;
    });
  });
  const events = b.build();
  return loaded(events, ['UserId'], 'p');
}

function loaded(events: EventTable, users: string[], params?: string): LoadedLog {
  return { file: 'test.csv', format: 'csv', mapping: { users, time: 't', event: 'e', params }, events, skipped: { count: 0, lines: 0, longest: 0, first: [] }, bytes: 0, readMs: 0, doubts: [] };
}

function judge(log: LoadedLog, ranking: 'reference' | 'insight' = 'reference') {
  const scored = scoreLog(log);
  const si = analyzeInsights(scored, buildBaseline(log.events, scored.sessions), ranking);
  const at = (line: number): Insight[] => insightsOf(si, scored, sessionAt(scored, line));
  return { scored, si, at };
}

/** The session whose first event is on `line` (sessions are numbered by user, then time). */
function sessionAt(scored: ScoredLog, line: number): number {
  const { sessions, log } = scored;
  for (let s = 0; s < sessions.count; s++) if (log.events.startLine[sessions.eventOrder[sessions.offsets[s]]] === line) return s;
  throw new Error(`no session starts on line ${line}`);
}

const kinds = (list: Insight[]): InsightKind[] => list.map((i) => i.kind);
const of = (list: Insight[], kind: InsightKind): Insight[] => list.filter((i) => i.kind === kind);

/** n sessions of `user` doing `steps`. */
const times = (n: number, user: string, steps: Step[]): [string, Step[]][] => Array.from({ length: n }, () => [user, steps]);

describe('insights', () => {
  describe('first time an account runs a command', () => {
    // alice reads 20 times, bob grants 10 times; then alice grants once.
    const sessions: [string, Step[]][] = [
      ...times(20, 'alice', [['Get-Mailbox'], ['Get-MailboxPermission']]),
      ...times(10, 'bob', [['Get-MailboxPermission'], ['Add-MailboxPermission']]),
      ['alice', [['Get-MailboxPermission'], ['Add-MailboxPermission']]],
    ];
    const log = logOf(sessions);
    const { at } = judge(log);
    const lastLine = 2 + 20 * 2 + 10 * 2;

    it('is reported with its counts and the line of the event', () => {
      const found = of(at(lastLine), 'new-command-for-actor');
      assert.equal(found.length, 1);
      const [i] = found;
      assert.deepEqual(i.lines, [lastLine + 1]);
      assert.equal(i.evidence.command, 'Add-MailboxPermission');
      assert.equal(i.evidence.actorSessions, 20);
      assert.equal(i.evidence.otherSessionsWith, 10);
      assert.equal(i.evidence.otherActorsWith, 1);
      assert.match(i.text, /^Add-MailboxPermission: first time by this account \(in none of its 20 sessions .*; in 10 sessions of 1 other account\)$/);
      // alice used both her commands in every session: Good-Turing gives 1 / 21.
      assert.ok(Math.abs(i.probability - 1 / 21) < 1e-12, String(i.probability));
    });

    it('is not reported for what the account did in its other sessions', () => {
      assert.deepEqual(of(at(2), 'new-command-for-actor'), []);
      assert.deepEqual(of(at(2 + 20 * 2), 'new-command-for-actor'), []);
    });
  });

  describe('leave one out', () => {
    it('a value seen in one session only is new there; in two sessions it is new in neither', () => {
      const base = times(60, 'ops', [['Set-CASMailbox', { ImapEnabled: 'False', Identity: 'x' }]]);
      const once = judge(logOf([...base, ['ops', [['Set-CASMailbox', { ImapEnabled: 'True', Identity: 'x' }]]]]));
      const lastLine = 2 + 60;
      const found = of(once.at(lastLine), 'new-param-value');
      assert.equal(found.length, 1);
      assert.equal(found[0].evidence.value, 'True');
      assert.equal(found[0].evidence.uses, 60);
      assert.deepEqual(found[0].lines, [lastLine]);
      const twice = judge(logOf([...base, ...times(2, 'ops', [['Set-CASMailbox', { ImapEnabled: 'True', Identity: 'x' }]])]));
      assert.deepEqual(of(twice.at(lastLine), 'new-param-value'), []);
      // ... but it is uncommon: 1 use outside against 60 of the usual value.
      assert.equal(of(twice.at(lastLine), 'uncommon-param-value').length, 1);
    });

    it('ids and names that are new all the time are not news', () => {
      const log = logOf(Array.from({ length: 40 }, (_, i) => ['ops', [['Get-Mailbox', { Identity: `user${i}` }]]] as [string, Step[]]));
      const { scored, si } = judge(log, 'insight');
      for (let s = 0; s < scored.sessions.count; s++) assert.deepEqual(kinds(insightsOf(si, scored, s)), []);
    });
  });

  it('reports a transition never seen outside the session, a param never seen with its command, and a volume far above the usual', () => {
    const sessions: [string, Step[]][] = [
      ...times(30, 'svc', [['Set-User', { Title: 'a' }], ['Set-User', { Title: 'b' }]]),
      ...times(30, 'adm', [['Get-Mailbox'], ['Add-MailboxPermission', { AccessRights: 'FullAccess' }]]),
      ['svc', [['Set-User', { Title: 'a', Manager: 'm' }], ['Add-MailboxPermission', { AccessRights: 'FullAccess' }]]],
      ['adm', Array.from({ length: 12 }, (): Step => ['Get-Mailbox'])],
    ];
    const { at } = judge(logOf(sessions));
    const odd = at(2 + 120);
    const t = of(odd, 'unseen-transition');
    assert.equal(t.length, 1);
    assert.equal(t[0].evidence.from, 'Set-User');
    assert.equal(t[0].evidence.to, 'Add-MailboxPermission');
    assert.equal(t[0].evidence.fromFollowed, 30);
    assert.deepEqual(t[0].lines, [122, 123]);
    const p = of(odd, 'new-param-for-command');
    assert.equal(p.length, 1);
    assert.equal(p[0].evidence.param, 'Manager');
    assert.deepEqual(p[0].lines, [122]);
    const volume = of(at(124), 'high-volume');
    assert.equal(volume.length, 1);
    assert.equal(volume[0].evidence.events, 12);
    assert.equal(volume[0].evidence.actorMeanEvents, 2);
    assert.equal(volume[0].lines.length, 12);
  });

  it('orders insights by weighted surprise and scores each kind once, by its strongest', () => {
    const sessions: [string, Step[]][] = [
      ...times(50, 'a', [['A'], ['B']]),
      ...times(50, 'b', [['C'], ['D'], ['E']]),
      ['a', [['C'], ['D'], ['E']]],
    ];
    const { scored, si, at } = judge(logOf(sessions));
    const list = at(2 + 100 + 150);
    assert.equal(of(list, 'new-command-for-actor').length, 3);
    const w = DEFAULT_WEIGHTS.kinds;
    for (let i = 1; i < list.length; i++) {
      assert.ok(w[list[i - 1].kind] * Math.log(list[i - 1].probability) <= w[list[i].kind] * Math.log(list[i].probability));
    }
    const s = sessionAt(scored, 2 + 100 + 150);
    const base = scored.scores.rarestWindowLogLikelihood[s];
    const expected = base + w['new-command-for-actor'] * Math.log(1 / 51);
    assert.ok(Math.abs(insightScore(base, list) - expected) < 1e-9);
    assert.ok(Math.abs(si.insightScore[s] - expected) < 1e-9);
  });

  describe('baseline saved with a model', () => {
    const train = logOf([
      ...times(20, 'alice', [['Get-Mailbox', { Identity: 'x' }], ['Set-Mailbox', { Forward: '' }]]),
      ...times(20, 'bob', [['Add-MailboxPermission', { AccessRights: 'FullAccess' }]]),
    ]);
    const trained = scoreLog(train);
    const saved = JSON.parse(JSON.stringify(baselineToJson(buildBaseline(train.events, trained.sessions)))) as unknown;

    it('round-trips through JSON with every count', () => {
      const a = buildBaseline(train.events, trained.sessions);
      const b = baselineFromJson(saved);
      assert.deepEqual(baselineToJson(b), baselineToJson(a));
      assert.equal(b.includesScored, false);
      assert.equal(a.includesScored, true);
    });

    it('judges another file: a new account is said once, a known one by its history', () => {
      const today = logOf([
        ['mallory', [['Get-Mailbox', { Identity: 'x' }], ['Add-MailboxPermission', { AccessRights: 'FullAccess' }], ['Set-Mailbox', { Forward: '' }]]],
        ['alice', [['Get-Mailbox', { Identity: 'x' }], ['Set-Mailbox', { Forward: 'smtp:evil@example.net' }]]],
        ['alice', [['Get-Mailbox', { Identity: 'x' }], ['Set-Mailbox', { Forward: '' }]]],
      ]);
      const scored = scoreLog(today, {}, {}, { model: trained.model });
      const run = runInsights(scored, { ranking: 'insight', fromModel: { section: saved } });
      assert.equal(run.notice, undefined);
      const [mallory, aliceOdd, aliceUsual] = [2, 5, 7].map((line) => insightsOf(run.insights, scored, sessionAt(scored, line)));
      assert.equal(of(mallory, 'new-actor').length, 1);
      assert.match(of(mallory, 'new-actor')[0].text, /not in the baseline/);
      assert.deepEqual(of(mallory, 'new-command-for-actor'), []);
      assert.deepEqual(of(mallory, 'new-actor')[0].lines, [2, 3, 4]);
      assert.deepEqual(kinds(aliceOdd), ['new-param-value']);
      assert.equal(aliceOdd[0].evidence.uses, 20);
      assert.deepEqual(aliceUsual, []);
    });

    it('without a saved section, compares with the file itself and says so', () => {
      const scored = scoreLog(train, {}, {}, { model: trained.model });
      const run = runInsights(scored, { ranking: 'reference', fromModel: { section: undefined } });
      assert.match(run.notice!, /no insights section/);
      assert.equal(run.baseline.includesScored, true);
    });

    it('rejects a damaged section with a clear error', () => {
      assert.throws(() => baselineFromJson({ version: 2 }), BaselineError);
      const bad = { ...(saved as Record<string, unknown>), actorCommand: [[99, 0, 1]] };
      assert.throws(() => baselineFromJson(bad), /bad "insights" section in the model file: .*actorCommand/);
      const neg = { ...(saved as Record<string, unknown>), commandCount: [-1, 0, 0, 0] };
      assert.throws(() => baselineFromJson(neg), BaselineError);
    });

    it('merges actors when the scored file has fewer user columns than the baseline', () => {
      const two = new EventTableBuilder(['UserId', 'ClientIP'], true);
      for (let s = 0; s < 30; s++) {
        // alice from two addresses; both of her histories read, only bob grants.
        const [user, ip, cmds] = s < 10 ? ['alice', '1.1.1.1', ['Get-Mailbox', 'Get-User']] : s < 20 ? ['alice', '2.2.2.2', ['Get-Mailbox', 'Get-User']] : ['bob', '3.3.3.3', ['Add-MailboxPermission']];
        cmds.forEach((c, i) => two.add([user, ip], Date.UTC(2024, 5, 1) + s * 3_600_000 + i * 1000, 0, c, new Map(), 2 + s * 2 + i, 2 + s * 2 + i));
      }
      const events = two.build();
      const log2 = loaded(events, ['UserId', 'ClientIP']);
      const scored2 = scoreLog(log2);
      const section = JSON.parse(JSON.stringify(baselineToJson(buildBaseline(events, scored2.sessions)))) as unknown;
      const today = logOf([['alice', [['Get-Mailbox'], ['Add-MailboxPermission']]]]);
      const scored = scoreLog(today, {}, {}, { model: scored2.model });
      const run = runInsights(scored, { ranking: 'reference', fromModel: { section } });
      assert.match(run.notice!, /names actors by UserId, ClientIP, this file has user columns UserId: actors are compared by UserId/);
      assert.deepEqual(run.baseline.actors, ['["alice"]', '["bob"]']);
      assert.deepEqual(Array.from(run.baseline.actorSessions), [20, 10]);
      const found = of(insightsOf(run.insights, scored, 0), 'new-command-for-actor');
      assert.deepEqual(found.map((i) => [i.evidence.command, i.evidence.actorSessions]), [['Add-MailboxPermission', 20]]);
      // Asked for explicitly, the projection says nothing.
      assert.equal(runInsights(scored, { ranking: 'reference', actorColumns: ['UserId'], fromModel: { section } }).notice, undefined);
    });

    it('names actors by the chosen column and refuses another one at scoring time', () => {
      const scored = scoreLog(train, {}, {}, { model: trained.model });
      assert.throws(() => runInsights(scored, { ranking: 'reference', actorColumns: ['ClientIP'], fromModel: { section: saved } }), /names actors by UserId/);
      assert.throws(() => buildBaseline(train.events, trained.sessions, ['ClientIP']), /not one of the user columns/);
    });
  });

  describe('rankings', () => {
    const log = logOf([
      ...times(30, 'alice', [['Get-Mailbox'], ['Get-MailboxPermission']]),
      ...times(30, 'bob', [['Get-MailboxPermission'], ['Add-MailboxPermission']]),
      ['alice', [['Get-MailboxPermission'], ['Add-MailboxPermission']]],
      ['carol', [['Get-Mailbox'], ['Set-Mailbox']]],
    ]);

    it('the insight ranking orders by insight score and leaves the reference scores as they were', () => {
      const scored = scoreLog(log);
      const before = scoreSessions(log.events, scored.sessions, scored.model, scored.score);
      const si = analyzeInsights(scored, buildBaseline(log.events, scored.sessions), 'insight');
      assert.deepEqual(scored.scores, before);
      for (let r = 1; r < si.order.length; r++) assert.ok(si.insightScore[si.order[r - 1]] <= si.insightScore[si.order[r]]);
      const reports = rankedReports(scored, 3, si);
      assert.deepEqual(reports.map((r) => r.rank), [1, 2, 3]);
      // carol's only session and alice's first grant lead; the reference ranking had alice's grant lower.
      assert.deepEqual(reports.slice(0, 2).map((r) => r.users.UserId).sort(), ['alice', 'carol']);
      const alice = reports.find((r) => r.users.UserId === 'alice')!;
      assert.equal(alice.insights![0].kind, 'new-command-for-actor');
      assert.equal(alice.insightScore, si.insightScore[alice.sessionId]);
      assert.ok(alice.referenceRank! > alice.rank, `reference rank ${alice.referenceRank}`);
    });

    it('the reference ranking judges only the sessions reported', () => {
      const scored: ScoredLog = scoreLog(log);
      const si = analyzeInsights(scored, buildBaseline(log.events, scored.sessions), 'reference');
      const reports = rankedReports(scored, 2, si);
      assert.deepEqual(Array.from(si.order), Array.from(scored.scores.ranking));
      assert.equal(si.insights.filter((x) => x !== undefined).length, 2);
      assert.equal(reports[0].referenceRank, 1);
      assert.equal(reports[1].referenceRank, 2);
    });
  });
});
