// A coalesced user column, `a|b`: the actor of a row is a's value where a
// names someone (not missing, empty or a placeholder such as "-"), else b's.
// Every reader hands the sink the parts; the sink joins them (one place).

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { eventParams, eventUsers } from '../../src/engine/events';
import { sessionizeKql } from '../../src/engine/kql';
import { loadLog, scoreLog } from '../../src/engine/pipeline';
import { inspectLog } from '../../src/engine/read/detect';
import type { LoadedLog } from '../../src/engine/stages';
import { DEFAULT_SESSIONIZE, LogInputError, type EventTable } from '../../src/engine/types';
import { coalesceUsers, coalescedEntry, eventIn, literalUserEntries, TARGET_ACCOUNT_EVENTS, userPartSpecs, userParts, userPlan, windowsActorEntry } from '../../src/engine/userColumns';
import { REFERENCE_CSV, requireReference } from './referenceData';

const ROOT = path.resolve(__dirname, '../../..');
const WORKER = path.join(ROOT, 'dist', 'csvWorker.js');

function dir(): string {
  return mkdtempSync(path.join(tmpdir(), 'sessionscope-coalesce-'));
}

function write(name: string, text: string): string {
  const file = path.join(dir(), name);
  writeFileSync(file, text);
  return file;
}

const users = (t: EventTable): (string | null)[] => Array.from({ length: t.count }, (_, i) => eventUsers(t, i)[0]);

/** Sign-in rows name the person in Upn, audit rows in Initiator; "-" and "" name no one. */
const ROWS: [string, string, string, string][] = [
  // time, Upn, Initiator, Op
  ['2024-01-01T00:00:00Z', 'alice@x.com', '', 'SignIn'],
  ['2024-01-01T00:01:00Z', '', 'alice@x.com', 'AddUser'],
  ['2024-01-01T00:02:00Z', '-', 'bob@x.com', 'AddUser'],
  ['2024-01-01T00:03:00Z', 'bob@x.com', 'carol@x.com', 'SignIn'],
  ['2024-01-01T00:04:00Z', '-', 'N/A', 'Weird'],
  ['2024-01-01T00:05:00Z', '', '', 'Nobody'],
];
/** What Upn|Initiator reads on ROWS: the first part that names someone, else the first placeholder, else missing. */
const COALESCED = ['alice@x.com', 'alice@x.com', 'bob@x.com', 'bob@x.com', '-', null];
const MAPPING = { users: ['Upn|Initiator'], time: 'TimeGenerated', event: 'Op' };

function csvText(rows = ROWS, header = 'TimeGenerated,Upn,Initiator,Op'): string {
  return [header, ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

describe('coalesced user columns (a|b)', function () {
  describe('the entry syntax', function () {
    it('splits at |, reads \\| as a | inside a name, and leaves a name without | as it is', function () {
      assert.deepEqual(userParts('UserId'), ['UserId']);
      assert.deepEqual(userParts('a|b'), ['a', 'b']);
      assert.deepEqual(userParts('a|b|c'), ['a', 'b', 'c']);
      assert.deepEqual(userParts('user\\|name'), ['user|name']);
      assert.deepEqual(userParts('user\\|name|b'), ['user|name', 'b']);
      assert.deepEqual(userParts('C:\\dir|b'), ['C:\\dir', 'b']);
      assert.equal(coalescedEntry(['x|y', 'z']), 'x\\|y|z');
      assert.deepEqual(userParts(coalescedEntry(['x|y', 'z'])), ['x|y', 'z']);
    });

    it('takes an entry that is exactly a column of the file as that column', function () {
      assert.deepEqual(literalUserEntries(['a|b', 'c|d', 'e'], ['a|b', 'c', 'd', 'e']), ['a\\|b', 'c|d', 'e']);
      const plain = ['UserId', 'ClientIP'];
      assert.equal(literalUserEntries(plain, ['UserId']), plain);
      // The Kusto query's output names its user column by the entry, events and all: read back, that is one column.
      const windows = windowsActorEntry('SubjectUserName', 'TargetUserName');
      const [literal] = literalUserEntries([windows], [windows, 'begin', 'cmds']);
      assert.deepEqual(userPartSpecs(literal), [{ column: windows }]);
    });

    it('joins the parts: a name, else the first placeholder, else missing', function () {
      const plan = userPlan(['a|b', 'ip']);
      assert.deepEqual(plan.sources, ['a', 'b', 'ip']);
      const out: (string | undefined)[] = [];
      assert.deepEqual(coalesceUsers(plan, ['x', 'y', '1'], out), ['x', '1']);
      assert.deepEqual(coalesceUsers(plan, [' - ', 'y', '1'], out), ['y', '1']);
      assert.deepEqual(coalesceUsers(plan, ['', 'NULL', '1'], out), ['NULL', '1']);
      assert.deepEqual(coalesceUsers(plan, ['(null)', '-', undefined], out), ['(null)', undefined]);
      assert.deepEqual(coalesceUsers(plan, [undefined, '', '1'], out), [undefined, '1']);
    });
  });

  describe('a part kept to some events (a?e1;e2|b)', function () {
    it('parses the events after ?, in a coalesced entry only; \\? is a ? inside a name', function () {
      assert.deepEqual(userPartSpecs('a?4624; 4625|b'), [{ column: 'a', events: ['4624', '4625'] }, { column: 'b' }]);
      assert.deepEqual(userParts('a?4624;4625|b'), ['a', 'b']);
      assert.deepEqual(userPartSpecs('who\\?|b?x'), [{ column: 'who?' }, { column: 'b', events: ['x'] }]);
      // A ? with no event after it is part of the column's name, as it was before ? kept a part to events.
      assert.deepEqual(userPartSpecs('a?|b'), [{ column: 'a?' }, { column: 'b' }]);
      assert.deepEqual(userPartSpecs('a? |b'), [{ column: 'a? ' }, { column: 'b' }]);
      // Without |, an entry is one column whatever it holds.
      assert.deepEqual(userPartSpecs('who?'), [{ column: 'who?' }]);
      assert.deepEqual(userParts(coalescedEntry(['who?', 'x|y'])), ['who?', 'x|y']);
      assert.equal(windowsActorEntry('SubjectUserName', 'TargetUserName'), `TargetUserName?${TARGET_ACCOUNT_EVENTS.join(';')}|SubjectUserName`);
    });

    it('matches an event by its value, or by the ID it starts with (Sentinel\'s Activity)', function () {
      const set = new Set(['4624', 'Logon']);
      assert.equal(eventIn('4624', set), true);
      assert.equal(eventIn(' 4624 ', set), true);
      assert.equal(eventIn('4624 - An account was successfully logged on.', set), true);
      assert.equal(eventIn('Logon:Interactive', set), true);
      assert.equal(eventIn('46245', set), false);
      assert.equal(eventIn('4624x', set), false);
      assert.equal(eventIn('Logoff', set), false);
      assert.equal(eventIn(undefined, set), false);
    });

    it('reads the part only on its events: a name there, else the next part; the placeholder fallback keeps to them too', function () {
      const plan = userPlan(['t?4624|s', 'ip']);
      const out: (string | undefined)[] = [];
      assert.deepEqual(coalesceUsers(plan, ['alice', 'DC01$', '1'], out, '4624'), ['alice', '1']);
      assert.deepEqual(coalesceUsers(plan, ['alice', 'bob', '1'], out, '4688'), ['bob', '1']);
      assert.deepEqual(coalesceUsers(plan, ['-', 'bob', '1'], out, '4624'), ['bob', '1']);
      // No event (a row of sessions): the kept part never applies.
      assert.deepEqual(coalesceUsers(plan, ['alice', 'bob', '1'], out), ['bob', '1']);
      // Nothing names anyone: the first value of a part that applies.
      assert.deepEqual(coalesceUsers(plan, ['-', undefined, '1'], out, '4624'), ['-', '1']);
      assert.deepEqual(coalesceUsers(plan, ['-', undefined, '1'], out, '4688'), [undefined, '1']);
    });

    it('every reader: CSV, CSV in two halves, JSON Lines with numeric event IDs and nested fields', async function () {
      const rows = Array.from({ length: 300 }, (_, i) => ({ t: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(), s: i % 3 ? `svc${i % 2}` : '-', g: `user${i % 7}`, e: [4624, 4672, 4688][i % 3] }));
      const want = rows.map((r) => (r.e === 4624 ? r.g : r.s));
      const entry = 'TargetUserName?4624|SubjectUserName';
      const csv = write('w.csv', ['TimeGenerated,SubjectUserName,TargetUserName,EventID', ...rows.map((r) => [r.t, r.s, r.g, r.e].join(','))].join('\n') + '\n');
      const mapping = { users: [entry], time: 'TimeGenerated', event: 'EventID' };
      assert.deepEqual(users((await loadLog({ file: csv, mapping })).events), want);
      if (!existsSync(WORKER)) throw new Error(`the bundled CSV worker is missing (${WORKER}): run npm run build`);
      const split = await loadLog({ file: csv, mapping, parallel: { minBytes: 0, workerScript: WORKER } });
      assert.deepEqual(users(split.events), want);
      const jsonl = write('w.jsonl', rows.map((r) => JSON.stringify({ TimeCreated: r.t, EventID: r.e, EventData: { SubjectUserName: r.s, TargetUserName: r.g } })).join('\n') + '\n');
      const nested = await loadLog({ file: jsonl, mapping: { users: ['EventData.TargetUserName?4624|EventData.SubjectUserName'], time: 'TimeCreated', event: 'EventID' } });
      assert.deepEqual(users(nested.events), want);
    });

    it('KQL: the part applies where the event, or the ID it starts with, is listed', function () {
      const q = sessionizeKql({ table: 'SecurityEvent', mapping: { users: ["Target'x?4624;4625|Subject"], time: 'TimeGenerated', event: 'EventID' }, sessionize: DEFAULT_SESSIONIZE });
      const e = `trim(@'\\s+', tostring(['EventID']))`;
      const on = (v: string) => `iff(${e} in ('4624', '4625') or extract(@'^([0-9A-Za-z_]+)[^0-9A-Za-z_]', 1, ${e}) in ('4624', '4625'), ${v}, '')`;
      const name = (c: string) => `iff(tolower(trim(@'\\s+', tostring(${c}))) in ('', '-', '?', 'n/a', 'null', 'none', '(null)', '4294967295'), '', tostring(${c}))`;
      const t = "['Target\\'x']";
      assert.equal(q.split('\n')[1], `| extend ['Target\\'x?4624;4625|Subject'] = coalesce(${on(name(t))}, ${name("['Subject']")}, ${on(`tostring(${t})`)}, tostring(['Subject']), '')`);
    });
  });

  describe('every reader', function () {
    it('CSV: the events keep the entry as their user column and the coalesced values', async function () {
      const log = await loadLog({ file: write('a.csv', csvText()), mapping: MAPPING, parallel: { minBytes: Infinity } });
      assert.deepEqual(log.events.userColumns, ['Upn|Initiator']);
      assert.deepEqual(log.mapping.users, ['Upn|Initiator']);
      assert.deepEqual(users(log.events), COALESCED);
    });

    it('CSV: a coalesced entry beside a plain one (--users "a|b,ClientIP")', async function () {
      const rows = ROWS.map(([t, u, i, o], k) => `${t},${u},${i},${o},10.0.0.${k % 2}`);
      const log = await loadLog({ file: write('b.csv', ['TimeGenerated,Upn,Initiator,Op,ClientIP', ...rows].join('\n')), mapping: { ...MAPPING, users: ['Upn|Initiator', 'ClientIP'] } });
      assert.deepEqual(log.events.userColumns, ['Upn|Initiator', 'ClientIP']);
      assert.deepEqual(
        Array.from({ length: log.events.count }, (_, i) => eventUsers(log.events, i)),
        COALESCED.map((u, k) => [u, `10.0.0.${k % 2}`]),
      );
    });

    it('CSV read in two halves: the same events as a one-piece read, coalesced', async function () {
      assert.ok(existsSync(WORKER), `${WORKER} missing: run the build first`);
      const rows: string[] = ['TimeGenerated,Upn,Initiator,Op,Parameters'];
      const want: (string | null)[] = [];
      for (let i = 0; i < 8000; i++) {
        const who = `user${i % 13}@contoso.com`;
        const kind = i % 4;
        // Sign-ins (Upn), audits (Initiator, Upn "-"), both named (Upn wins), neither.
        const [upn, init] = kind === 0 ? [who, ''] : kind === 1 ? ['-', who] : kind === 2 ? [who, 'other@contoso.com'] : ['', ''];
        rows.push(`2024-06-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:${String(i % 60).padStart(2, '0')}Z,${upn},${init},Op-${i % 11},"[{""Name"":""Identity"",""Value"":""x${i % 5}""}]"`);
        want.push(kind === 3 ? null : who);
      }
      const file = write('big.csv', rows.join('\n') + '\n');
      const whole = await loadLog({ file, mapping: { ...MAPPING, params: 'Parameters' }, parallel: { minBytes: Infinity } });
      const halves = await loadLog({ file, mapping: { ...MAPPING, params: 'Parameters' }, parallel: { workerScript: WORKER, minBytes: 0 } });
      assert.equal(halves.events.count, 8000);
      assert.deepEqual(users(whole.events), want);
      const dump = (t: EventTable) => Array.from({ length: t.count }, (_, i) => JSON.stringify([eventUsers(t, i), t.timeMs[i], t.commandNames[t.commandIds[i]], eventParams(t, i), t.startLine[i]]));
      assert.deepEqual(dump(halves.events), dump(whole.events));
    });

    it('JSON and JSON Lines: missing keys and nulls name no one', async function () {
      const records = ROWS.map(([t, u, i, o]) => ({ TimeGenerated: t, ...(u === '' ? {} : { Upn: u }), Initiator: i === '' ? null : i, Op: o }));
      for (const [name, text] of [
        ['a.json', JSON.stringify(records, null, 1)],
        ['a.jsonl', records.map((r) => JSON.stringify(r)).join('\n') + '\n'],
      ]) {
        const log = await loadLog({ file: write(name, text), mapping: MAPPING });
        assert.deepEqual(log.events.userColumns, ['Upn|Initiator'], name);
        assert.deepEqual(users(log.events), COALESCED, name);
      }
    });

    it('JSON paths: a part may be a nested field (Entra sign-ins and audits)', async function () {
      const records = [
        { time: '2024-01-01T00:00:00Z', operationName: 'Sign-in activity', properties: { userPrincipalName: 'ann@x.com' } },
        { time: '2024-01-01T00:01:00Z', operationName: 'Add member to group', properties: { initiatedBy: { user: { userPrincipalName: 'ann@x.com' } } } },
      ];
      const log = await loadLog({ file: write('e.jsonl', records.map((r) => JSON.stringify(r)).join('\n')), mapping: { users: ['properties.userPrincipalName|properties.initiatedBy.user.userPrincipalName'], time: 'time', event: 'operationName' } });
      assert.deepEqual(users(log.events), ['ann@x.com', 'ann@x.com']);
      // One person, one actor: both events in one session.
      assert.equal(scoreLog(log).sessions.count, 1);
    });

    it('a query result in columns and rows (Log Analytics)', async function () {
      const doc = { tables: [{ name: 'PrimaryResult', columns: ['TimeGenerated', 'Upn', 'Initiator', 'Op'].map((name) => ({ name, type: 'string' })), rows: ROWS }] };
      const log = await loadLog({ file: write('q.json', JSON.stringify(doc)), mapping: MAPPING });
      assert.deepEqual(users(log.events), COALESCED);
    });

    it('W3C: "-" names no one, so the next part is taken', async function () {
      const text = ['#Software: Microsoft Internet Information Services 10.0', '#Version: 1.0', '#Fields: date time cs-username c-ip cs-method', '2024-01-01 00:00:00 alice 10.0.0.1 GET', '2024-01-01 00:01:00 - 10.0.0.2 POST'].join('\n') + '\n';
      const log = await loadLog({ file: write('u_ex.log', text), mapping: { users: ['cs-username|c-ip'], time: 'date+time', event: 'cs-method' } });
      assert.deepEqual(users(log.events), ['alice', '10.0.0.2']);
    });
  });

  describe('names', function () {
    it('a part not in the file is named, with the file and its columns (CSV, JSON)', async function () {
      const file = write('a.csv', csvText());
      await assert.rejects(loadLog({ file, mapping: { ...MAPPING, users: ['Upn|Initator'] } }), (e: Error) => {
        assert.ok(e instanceof LogInputError);
        assert.equal(e.message, 'the user column "Initator" (part of "Upn|Initator") is not in the header; columns are "TimeGenerated", "Upn", "Initiator", "Op"');
        assert.equal(e.location?.file, file);
        return true;
      });
      const json = write('a.jsonl', ROWS.map(([t, u, , o]) => JSON.stringify({ TimeGenerated: t, Upn: u, Op: o })).join('\n'));
      await assert.rejects(loadLog({ file: json, mapping: MAPPING }), /the user column "Initiator" \(part of "Upn\|Initiator"\) is not in any record; fields seen are "TimeGenerated", "Upn", "Op"/);
    });

    it('a column whose name holds | is that column, named as it is or escaped; \\| joins it with another', async function () {
      const rows = ROWS.map(([t, u, i, o]) => [t, u, i, o] as const);
      const file = write('p.csv', ['TimeGenerated,user|name,Initiator,Op', ...rows.map((r) => r.join(','))].join('\n'));
      const plain = await loadLog({ file, mapping: { ...MAPPING, users: ['user|name'] } });
      assert.deepEqual(plain.mapping.users, ['user\\|name']);
      assert.deepEqual(users(plain.events), ['alice@x.com', null, '-', 'bob@x.com', '-', null]);
      const escaped = await loadLog({ file, mapping: { ...MAPPING, users: ['user\\|name'] } });
      assert.deepEqual(users(escaped.events), users(plain.events));
      const joined = await loadLog({ file, mapping: { ...MAPPING, users: ['user\\|name|Initiator'] } });
      assert.deepEqual(joined.events.userColumns, ['user\\|name|Initiator']);
      assert.deepEqual(users(joined.events), COALESCED);
    });
  });

  describe('KQL', function () {
    it('a coalesced entry is Kusto coalesce() over its parts, placeholders first set aside', function () {
      const q = sessionizeKql({ table: 'T', mapping: { users: ['Upn|Initiator', 'ClientIP'], time: 'TimeGenerated', event: 'Op' }, sessionize: DEFAULT_SESSIONIZE });
      const name = (c: string) => `iff(tolower(trim(@'\\s+', tostring(['${c}']))) in ('', '-', '?', 'n/a', 'null', 'none', '(null)', '4294967295'), '', tostring(['${c}']))`;
      assert.equal(
        q.split('\n')[1],
        `| extend ['Upn|Initiator'] = coalesce(${name('Upn')}, ${name('Initiator')}, tostring(['Upn']), tostring(['Initiator']), ''), ['ClientIP'] = coalesce(tostring(['ClientIP']), '')`,
      );
      assert.match(q, /\| summarize cmds = make_list\(\['Op'\]\), end = max\(\['TimeGenerated'\]\) by \['Upn\|Initiator'\], \['ClientIP'\], begin/);
      // A plain mapping's query is as it was.
      const plain = sessionizeKql({ table: 'T', mapping: { users: ['UserId'], time: 'TimeGenerated', event: 'Op' }, sessionize: DEFAULT_SESSIONIZE });
      assert.equal(plain.split('\n')[1], `| extend ['UserId'] = coalesce(tostring(['UserId']), '')`);
    });
  });

  describe('detection', function () {
    const t = (i: number) => new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();

    const WINDOWS = `TargetUserName?${TARGET_ACCOUNT_EVENTS.join(';')}|SubjectUserName`;
    const header = 'TimeGenerated,SubjectUserName,TargetUserName,EventID';

    it('Windows Security: the account logging on (TargetUserName) on logons, the account acting (SubjectUserName) on the other events, said', async function () {
      const rows = Array.from({ length: 40 }, (_, i) =>
        i % 2 ? [t(i), `user${i % 5}`, '-', '4688'] : [t(i), '-', `user${i % 5}`, '4624'],
      );
      const file = write('sec.csv', [header, ...rows.map((r) => r.join(','))].join('\n'));
      const d = await inspectLog(file);
      assert.deepEqual(d.mapping.users, [WINDOWS]);
      const said = d.doubts.filter((x) => x.role === 'users').map((x) => x.text);
      assert.deepEqual(said, [
        `users: TargetUserName on logon, logoff and authentication events (${TARGET_ACCOUNT_EVENTS.join(', ')}), else SubjectUserName: Windows names the account logging on in TargetUserName and the account acting in SubjectUserName`,
      ]);
      const log = await loadLog({ file });
      assert.deepEqual(new Set(users(log.events)), new Set(['user0', 'user1', 'user2', 'user3', 'user4']));
    });

    it('Windows Security with both named on logons (the machine that asked beside the account logging on): the account, never the machine', async function () {
      const rows = Array.from({ length: 40 }, (_, i) => (i % 2 ? [t(i), `user${i % 5}`, '-', '4688'] : [t(i), 'DC01$', `user${(i + 1) % 5}`, '4624']));
      const file = write('sec2.csv', [header, ...rows.map((r) => r.join(','))].join('\n'));
      const d = await inspectLog(file);
      assert.deepEqual(d.mapping.users, [WINDOWS]);
      const log = await loadLog({ file });
      // Each row's actor: 4624's TargetUserName, 4688's SubjectUserName.
      assert.deepEqual(users(log.events), rows.map((r) => (r[3] === '4624' ? r[2] : r[1])));
    });

    it('Windows Security under a parent, cased as the export writes it (winlog.event_data.subjectusername)', async function () {
      const rows = Array.from({ length: 40 }, (_, i) => ({ ts: t(i), event_id: i % 2 ? 4688 : 4624, winlog: { event_data: { subjectusername: i % 2 ? `user${i % 5}` : 'DC01$', targetusername: i % 2 ? '-' : `user${(i + 1) % 5}` } } }));
      const file = write('sec.jsonl', rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
      const d = await inspectLog(file);
      assert.deepEqual(d.mapping.users, [windowsActorEntry('winlog.event_data.subjectusername', 'winlog.event_data.targetusername')]);
      const log = await loadLog({ file });
      assert.deepEqual(users(log.events), rows.map((r) => (r.event_id === 4624 ? r.winlog.event_data.targetusername : r.winlog.event_data.subjectusername)));
    });

    it('Windows Security with an actor column of its own (Sentinel\'s Account), or no logon among the sampled events: as before', async function () {
      const withAccount = Array.from({ length: 40 }, (_, i) => [t(i), `CONTOSO\\user${i % 5}`, 'DC01$', `user${i % 5}`, i % 2 ? '4688' : '4624']);
      const a = await inspectLog(write('sec3.csv', ['TimeGenerated,Account,SubjectUserName,TargetUserName,EventID', ...withAccount.map((r) => r.join(','))].join('\n')));
      assert.deepEqual(a.mapping.users, ['Account']);
      const noLogon = Array.from({ length: 40 }, (_, i) => [t(i), `user${i % 5}`, i % 3 ? '-' : `new${i}`, i % 2 ? '4688' : '4720']);
      const b = await inspectLog(write('sec4.csv', [header, ...noLogon.map((r) => r.join(','))].join('\n')));
      assert.ok(!b.mapping.users?.some((u) => u.includes('?')), JSON.stringify(b.mapping.users));
      // Event IDs are needed: an event column of names is no Windows Security log.
      const named = Array.from({ length: 40 }, (_, i) => (i % 2 ? [t(i), `user${i % 5}`, '-', 'ProcessCreate'] : [t(i), 'DC01$', `user${i % 5}`, 'Logon']));
      const c = await inspectLog(write('sec5.csv', [header, ...named.map((r) => r.join(','))].join('\n')));
      assert.ok(!c.mapping.users?.some((u) => u.includes('?')), JSON.stringify(c.mapping.users));
    });
  });

  describe('parity', function () {
    /** Everything a run gives (events, sessions, every score), as one digest. */
    function digest(log: LoadedLog): string {
      const scored = scoreLog(log);
      const e = log.events;
      const h = createHash('sha256');
      h.update(JSON.stringify([e.userColumns, log.mapping]));
      for (let i = 0; i < e.count; i++) h.update(JSON.stringify([eventUsers(e, i), e.timeMs[i], e.timeNs[i], e.commandNames[e.commandIds[i]], eventParams(e, i), e.startLine[i], e.endLine[i]]));
      for (const a of [scored.sessions.offsets, scored.sessions.eventOrder, scored.scores.sessionLikelihood, scored.scores.rarestWindowLikelihood, scored.scores.rarestWindowStart, scored.scores.ranking]) h.update(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
      return h.digest('hex');
    }

    it('a mapping without | gives byte-identical results to before on the demo data (given and detected)', async function () {
      requireReference(this);
      const given = await loadLog({ file: REFERENCE_CSV, mapping: { users: ['UserId', 'ClientIP'], time: 'TimeGenerated', event: 'Operation', params: 'Parameters' } });
      const detected = await loadLog({ file: REFERENCE_CSV });
      // Digests of the same runs before coalesced columns existed (commit 78b996c).
      assert.equal(digest(given), PARITY_DIGEST);
      assert.equal(digest(detected), PARITY_DIGEST);
    });
  });
});

const PARITY_DIGEST = '5ac09ffc02d5fc19a233b431dccd3b6ee7058de8e482e56d3cccd0891ad68199';
