// Column-role detection on the classes of real-log trouble: constant, empty
// and object-valued columns, time columns present on only some records,
// numbers that only look like epochs, names spelled every which way.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { inspectLog } from '../../src/engine/read/detect';
import { loadLog } from '../../src/engine/pipeline';
import { normalizeName } from '../../src/engine/read/guess';

const dir = mkdtempSync(path.join(tmpdir(), 'sessionscope-guess-'));
let fileNo = 0;
function jsonl(records: object[]): string {
  const file = path.join(dir, `f${fileNo++}.jsonl`);
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}
function csv(header: string[], rows: (string | number)[][]): string {
  const file = path.join(dir, `f${fileNo++}.csv`);
  writeFileSync(file, [header, ...rows].map((r) => r.map((v) => JSON.stringify(String(v))).join(',')).join('\n') + '\n');
  return file;
}
const t = (i: number) => new Date(Date.UTC(2024, 4, 1, 9, 0, i * 7)).toISOString();
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('column detection', function () {
  it('never chooses a constant event column confidently, and says why', async function () {
    const d = await inspectLog(csv(['TimeGenerated', 'Account', 'EventID'], range(60).map((i) => [t(i), `u${i % 4}`, 4688])));
    assert.equal(d.confident, false);
    assert.match(d.doubts.map((x) => x.text).join('\n'), /EventID has one value on every sampled row \("4688"\)/);
  });
  it('prefers a varying process column to a constant event id', async function () {
    const d = await inspectLog(csv(['TimeGenerated', 'SubjectUserName', 'EventID', 'NewProcessName'], range(60).map((i) => [t(i), `u${i % 4}`, 4688, `C:\\p${i % 7}.exe`])));
    assert.equal(d.mapping.event, 'NewProcessName');
    assert.equal(d.confident, true);
  });
  it('an always-empty column is never the user; an object-valued field is never user or event', async function () {
    const d = await inspectLog(jsonl(range(40).map((i) => ({ TimeGenerated: t(i), Computer: '', actor: { id: i % 3, type: 'User' }, eventType_s: `e${i % 5}`, actor_alternateId_s: `a${i % 3}@x.com` }))));
    assert.deepEqual(d.mapping.users, ['actor_alternateId_s']);
    assert.equal(d.mapping.event, 'eventType_s');
    assert.ok(d.rejected.users.some((r) => r.column === 'Computer' && /empty/.test(r.why)));
    assert.ok(d.rejected.users.some((r) => r.column === 'actor' && /objects/.test(r.why)));
  });
  it('a time column on only part of the records loses to one on all of them', async function () {
    const d = await inspectLog(jsonl(range(50).map((i) => ({ UtcTime: i % 4 === 0 ? undefined : t(i), TimeCreated: t(i), User: `u${i % 3}`, Image: `p${i % 5}` }))));
    assert.equal(d.mapping.time, 'TimeCreated');
  });
  it('an account id is never the time column', async function () {
    const d = await inspectLog(csv(['recipientAccountId', 'eventTime', 'userName', 'eventName'], range(30).map((i) => ['123456789012', t(i), `u${i % 3}`, `E${i % 4}`])));
    assert.equal(d.mapping.time, 'eventTime');
    const only = await inspectLog(csv(['accountId', 'userName', 'eventName'], range(30).map((i) => [123456789012 + i, `u${i % 3}`, `E${i % 4}`])));
    assert.equal(only.mapping.time, undefined);
  });
  it('an ingestion time stamped once for the whole batch loses to the event\'s own time', async function () {
    // A Log Analytics custom-log table: TimeGenerated is when the batch arrived, published_t when each event happened.
    const d = await inspectLog(jsonl(range(12).map((i) => ({ TimeGenerated: '2020-05-26T22:20:03.402Z', published_t: t(i), actor_alternateId_s: `u${i % 3}`, eventType_s: `e${i % 4}` }))));
    assert.equal(d.mapping.time, 'published_t');
    // Alone, a constant time is a weak match, and said to be one.
    const alone = await inspectLog(jsonl(range(12).map((i) => ({ TimeGenerated: '2020-05-26T22:20:03.402Z', actor: `u${i % 3}`, eventType: `e${i % 4}` }))));
    assert.match(alone.doubts.map((x) => x.text).join('\n'), /time column TimeGenerated is a weak match: .*the same value on every sampled row/);
  });
  it('doubts the time when two time columns fit as well and tell different times', async function () {
    const late = (i: number) => new Date(Date.UTC(2024, 4, 1, 9, 30, i * 11)).toISOString();
    const d = await inspectLog(csv(['TimeGenerated', 'EventTime', 'Account', 'Operation'], range(40).map((i) => [late(i), t(i), `u${i % 3}`, `Op${i % 5}`])));
    // EventTime is earlier on every row that differs: the event's own time, TimeGenerated its ingestion.
    assert.equal(d.mapping.time, 'EventTime');
    assert.match(d.doubts.map((x) => x.text).join('\n'), /time column EventTime: TimeGenerated fits nearly as well and differs by more than a second on 40 of 40 sampled rows/);
    // Neither always earlier (a local time beside UTC, for one either side of it): the better fit stays first.
    const mixed = await inspectLog(csv(['TimeGenerated', 'EventTime', 'Account', 'Operation'], range(40).map((i) => [i % 2 ? late(i) : t(i), i % 2 ? t(i) : late(i), `u${i % 3}`, `Op${i % 5}`])));
    assert.equal(mixed.mapping.time, 'TimeGenerated');
    // The same instants in two spellings are no doubt.
    const same = await inspectLog(csv(['TimeGenerated', 'EventTime', 'Account', 'Operation'], range(40).map((i) => [t(i), t(i).replace('T', ' ').replace('.000Z', 'Z'), `u${i % 3}`, `Op${i % 5}`])));
    assert.equal(same.doubts.filter((x) => x.role === 'time').length, 0, JSON.stringify(same.doubts));
    // Nor the same instants day-first in one column (decided for the column: some days are over 12) and ISO in the other.
    const day = (i: number) => 1 + (i % 20);
    const dmy = await inspectLog(
      csv(['TimeGenerated', 'EventTime', 'Account', 'Operation'], range(40).map((i) => [`${String(day(i)).padStart(2, '0')}/05/2024 09:00:${String(i).padStart(2, '0')}`, `2024-05-${String(day(i)).padStart(2, '0')}T09:00:${String(i).padStart(2, '0')}Z`, `u${i % 3}`, `Op${i % 5}`])),
    );
    assert.equal(dmy.mapping.timeFormat, 'dmy');
    assert.equal(dmy.doubts.filter((x) => x.role === 'time').length, 0, JSON.stringify(dmy.doubts));
  });
  it('reads CEF users (SourceUserName) before an address or the collector host', async function () {
    // CommonSecurityLog: Computer is the collector (one value), SourceIP the client, SourceUserName the account.
    const d = await inspectLog(csv(['TimeGenerated', 'Computer', 'SourceIP', 'SourceUserName', 'Activity'], range(40).map((i) => [t(i), 'collector01', `10.0.0.${i % 6}`, `admin${i % 3}`, `A${i % 4}`])));
    assert.deepEqual(d.mapping.users, ['SourceUserName']);
    assert.deepEqual(d.doubts, []);
  });
  it('says so when users are read by address alone while a person\'s column exists', async function () {
    // One anonymous principal on nearly every row: the address tells the actors apart, and the doubt names the other column.
    const d = await inspectLog(csv(['Event DateTime', 'User ID', 'Source IP', 'Event Name'], range(40).map((i) => [t(i), i === 0 ? 'arn:aws:iam::1:user/x' : 'ANONYMOUS_PRINCIPAL', `198.51.100.${i % 7}`, `E${i % 4}`])));
    assert.deepEqual(d.mapping.users, ['Source IP']);
    assert.match(d.doubts.map((x) => x.text).join('\n'), /users by Source IP alone: User ID present in 40 of 40 sampled rows, 2 distinct values/);
  });
  it('doubts a person\'s column that some rows lack when another has a value on every row', async function () {
    // The ARN empty on some rows, and a user name on every row that does not name the same people (session 13 takes
    // one that does: see below).
    const d = await inspectLog(csv(['TimeGenerated', 'UserIdentityArn', 'UserIdentityUserName', 'SourceIpAddress', 'EventName'], range(20).map((i) => [t(i), i % 4 === 0 ? '' : `arn:aws:iam::1:user/u${i % 3}`, `u${i % 5}`, `203.0.113.${i % 5}`, `E${i % 3}`])));
    assert.equal(d.mapping.users?.[0], 'UserIdentityArn');
    assert.match(d.doubts.map((x) => x.text).join('\n'), /user column UserIdentityArn is empty on 5 of 20 sampled rows; UserIdentityUserName has a value on 20/);
  });
  it('reads an ASIM-normalised table: ActorUsername and SrcIpAddr, EventStartTime beside the ingestion time', async function () {
    const late = (i: number) => new Date(Date.UTC(2024, 4, 1, 9, 45, i * 7)).toISOString();
    const d = await inspectLog(
      jsonl(range(30).map((i) => ({ TimeGenerated: late(i), EventStartTime: t(i), ActorUsername: i % 5 === 0 ? '' : `user${i % 3}@contoso.com`, SrcIpAddr: `203.0.113.${i % 4}`, EventType: `Logon${i % 3}`, TargetUsername: `svc${i % 7}` }))),
    );
    assert.deepEqual(d.mapping.users, ['ActorUsername', 'SrcIpAddr']);
    assert.equal(d.mapping.event, 'EventType');
    // Both times fit as well; they disagree, and that is said.
    assert.match(d.doubts.map((x) => x.text).join('\n'), /TimeGenerated: EventStartTime fits nearly as well and differs|EventStartTime: TimeGenerated fits nearly as well and differs/);
  });
  it('a weak user doubt gives the evidence of the column it names', async function () {
    // A person's column on a fifth of the rows is chosen before a better-scored address, and paired with it: the doubt is about the person's column.
    const d = await inspectLog(csv(['TimeGenerated', 'ClientIP', 'Identity', 'Operation'], range(40).map((i) => [t(i), `10.0.0.${i % 5}`, i % 5 === 0 ? `user${i % 3}` : '', `Op${i % 4}`])));
    assert.deepEqual(d.mapping.users, ['Identity', 'ClientIP']);
    const doubt = d.doubts.find((x) => x.role === 'users')?.text ?? '';
    assert.match(doubt, /^user column Identity is a weak match: name matches a user\/host\/address column \(Identity\); present in 8 of 40 sampled rows/);
  });
  it('with no person\'s column, takes a client address scored above a host, and says which host it passed over', async function () {
    // An access log: the host is the server that wrote the record (Application Gateway's properties.host), the client the actor.
    const d = await inspectLog(jsonl(range(40).map((i) => ({ timeStamp: t(i), properties: { host: `app${i % 2}.example.com`, clientIP: `203.0.113.${i % 6}`, httpMethod: ['GET', 'POST'][i % 2], requestUri: `/p${i % 5}` }, operationName: 'ApplicationGatewayAccess' }))));
    assert.deepEqual(d.mapping.users, ['properties.clientIP']);
    // Beside the request's method and URI the host is the Host header, the server: nothing to doubt.
    assert.equal(d.doubts.find((x) => x.role === 'users'), undefined);
    // Without them a host may be the actor's machine, and passing it over is said.
    const bare = await inspectLog(jsonl(range(40).map((i) => ({ timeStamp: t(i), properties: { host: `app${i % 2}.example.com`, clientIP: `203.0.113.${i % 6}` }, operationName: `Op${i % 3}` }))));
    assert.deepEqual(bare.mapping.users, ['properties.clientIP']);
    assert.match(bare.doubts.find((x) => x.role === 'users')?.text ?? '', /users by properties\.clientIP \(an address\); properties\.host \(a host\) fits nearly as well/);
    // A host with no address stays the user (host logs are read by host).
    const hosts = await inspectLog(csv(['TimeGenerated', 'Computer', 'ProcessName'], range(40).map((i) => [t(i), `h${i % 3}`, `p${i % 4}`])));
    assert.deepEqual(hosts.mapping.users, ['Computer']);
  });
  it('never reads the actor from the destination side of a connection (ECS destination.ip, OCSF dst_endpoint.ip)', async function () {
    const ecs = await inspectLog(jsonl(range(40).map((i) => ({ '@timestamp': t(i), destination: { ip: `10.1.0.${i % 2}` }, source: { ip: `192.0.2.${i % 7}` }, event: { action: `a${i % 4}` } }))));
    assert.deepEqual(ecs.mapping.users, ['source.ip']);
    const ocsf = await inspectLog(jsonl(range(40).map((i) => ({ time: t(i), dst_endpoint: { ip: `10.1.0.${i % 2}` }, src_endpoint: { ip: `192.0.2.${i % 7}` }, activity_name: `a${i % 4}` }))));
    assert.deepEqual(ocsf.mapping.users, ['src_endpoint.ip']);
  });
  it('says nothing of a second event column that holds the very same values (AuditLogs OperationName / ActivityDisplayName)', async function () {
    const ops = ['Add member to group', 'Update user', 'Reset password', 'Delete user'];
    const d = await inspectLog(jsonl(range(30).map((i) => ({ TimeGenerated: t(i), UserPrincipalName: `u${i % 3}`, OperationName: ops[i % 4], ActivityDisplayName: ops[i % 4] }))));
    assert.equal(d.mapping.event, 'OperationName');
    assert.deepEqual(d.doubts.filter((x) => x.role === 'event'), []);
  });
  it('doubts an event column some rows lack (each a bad row), naming a column every row has', async function () {
    const d = await inspectLog(jsonl(range(38).map((i) => ({ TimeGenerated: t(i), Account: `u${i % 3}`, EventID: 4624 + (i % 4), ...(i % 10 === 0 ? {} : { Activity: `${4624 + (i % 4)} - An account was logged on` }) }))));
    assert.equal(d.mapping.event, 'Activity');
    assert.match(d.doubts.map((x) => x.text).join('\n'), /event column Activity is empty on 4 of 38 sampled rows \(each would be a bad row\); EventID has a value on every sampled row/);
  });
  it('doubts user columns most rows lack when another person\'s column has a value on more (a union of Defender tables)', async function () {
    const d = await inspectLog(jsonl(range(20).map((i) => ({ Timestamp: t(i), ActionType: `a${i % 4}`, ...(i % 4 === 0 ? { AccountName: `acc${i % 3}` } : {}), ...(i % 2 ? { InitiatingProcessAccountName: 'system' } : {}) }))));
    assert.deepEqual(d.mapping.users, ['AccountName']);
    assert.match(d.doubts.map((x) => x.text).join('\n'), /user column AccountName is empty on 15 or more of 20 sampled rows, which would all be one actor; InitiatingProcessAccountName has a value on 10/);
  });
  it('reads Zeek kerberos JSON (client, id.orig_h, request_type) and an IDS alert\'s signature', async function () {
    const zeek = await inspectLog(jsonl(range(30).map((i) => ({ ts: 1_600_000_000 + i, uid: `C${i}`, 'id.orig_h': `10.0.0.${i % 4}`, 'id.resp_h': '10.0.0.1', request_type: i % 2 ? 'TGS' : 'AS', client: `user${i % 3}/CORP`, service: `svc${i % 5}` }))));
    assert.deepEqual(zeek.mapping.users, ['client']);
    // request_type (AS or TGS) and service fit by name alike: the one with more distinct values is the event.
    assert.equal(zeek.mapping.event, 'service');
    assert.equal(zeek.guesses.event[1]?.column, 'request_type');
    const eve = await inspectLog(jsonl(range(30).map((i) => ({ timestamp: t(i), event_type: 'alert', src_ip: `192.0.2.${i % 5}`, dest_ip: '10.0.0.2', alert: { signature_id: 2000 + (i % 6), signature: `ET POLICY rule ${i % 6}`, category: ['Misc activity', 'Potentially Bad Traffic'][i % 2] } }))));
    assert.equal(eve.mapping.event, 'alert.signature');
  });
  it('never takes record ids (GUIDs) or a serialiser key for the event', async function () {
    const guid = (i: number) => `8552${i}_15600_${String(i).padStart(8, '0')}-1c2d-4e5f-8a9b-0c1d2e3f4a5b`;
    const ids = await inspectLog(csv(['Event ID', 'Category', 'User', 'Date'], range(15).map((i) => [guid(i), ['Access file', 'Unspecified'][i % 2], `u${i % 3}`, t(i)])));
    assert.equal(ids.mapping.event, 'Category');
    // GUIDs without dashes and hashes (Carbon Black's eventId) are record ids too.
    const hex = (i: number) => (0x37075c01 + i * 7919).toString(16) + '730511e89504c9ba022c3fbf';
    const hexIds = await inspectLog(jsonl(range(15).map((i) => ({ devTime: t(i), loginName: `u${i % 3}`, eventId: hex(i), summary: ['Logged in', 'Updated connector', 'Logged out'][i % 3] }))));
    assert.notEqual(hexIds.mapping.event, 'eventId');
    assert.ok(hexIds.rejected.event.some((r) => r.column === 'eventId' && /record ids \(GUIDs or hex strings, 15 distinct in 15 rows\)/.test(r.why)), JSON.stringify(hexIds.rejected.event));
    const dunder = await inspectLog(jsonl(range(20).map((i) => ({ datetime: t(i), computer_name: `h${i % 2}`, event_identifier: 7036 + (i % 3), path_spec: { __type__: 'PathSpec', location: `/c${i}` } }))));
    assert.equal(dunder.mapping.event, 'event_identifier');
  });
  it('reads a date column and a time-of-day column as one time (date+time), and doubts a date with no time of day', async function () {
    const rows = range(20).map((i) => [`01/2${i % 3}/2012`, `07:${String(10 + i).padStart(2, '0')}:33`, `u${i % 2}`, ['Log File', 'Cron log'][i % 2]]);
    const file = csv(['date', 'time', 'user', 'type'], rows);
    const d = await inspectLog(file);
    assert.equal(d.mapping.time, 'date+time');
    assert.equal(d.mapping.timeFormat, 'mdy');
    assert.deepEqual(d.doubts.filter((x) => x.role === 'time'), []);
    const log = await loadLog({ file });
    assert.equal(log.events.timeMs[0], Date.UTC(2012, 0, 20, 7, 10, 33));
    assert.equal(log.events.timeMs[5], Date.UTC(2012, 0, 22, 7, 15, 33));
    // With no time of day anywhere, the date alone is said to be one.
    const alone = await inspectLog(csv(['date', 'user', 'type'], rows.map((r) => [r[0], r[2], r[3]])));
    assert.equal(alone.mapping.time, 'date');
    assert.match(alone.doubts.map((x) => x.text).join('\n'), /time column date holds dates without a time of day \("01\/20\/2012"\): the events of one day cannot be ordered/);
  });
  it('takes a named A+B time as two columns, but a column literally named A+B as itself', async function () {
    const file = csv(['Day', 'Clock', 'User', 'Operation', 'a+b'], range(6).map((i) => ['2024-05-01', `10:0${i}:00`, 'u', `Op${i}`, `2020-01-0${i + 1}T00:00:00Z`]));
    const joined = await loadLog({ file, mapping: { users: ['User'], time: 'Day+Clock', event: 'Operation' } });
    assert.equal(joined.events.timeMs[3], Date.UTC(2024, 4, 1, 10, 3));
    const literal = await loadLog({ file, mapping: { users: ['User'], time: 'a+b', event: 'Operation' } });
    assert.equal(literal.events.timeMs[3], Date.UTC(2020, 0, 4));
  });
  it('says a time column of times of day with no date column is that, not "0% times"', async function () {
    const file = csv(['time', 'user', 'op'], range(8).map((i) => [`07:1${i}:33`, `u${i % 2}`, `Op${i % 3}`]));
    await assert.rejects(loadLog({ file }), /could not find the time \(--time\); considered time \(its values are times of day with no date \("07:10:33"\)\)/);
  });
  it('pairs a person\'s column most rows lack with a varying host, and never takes a remote peer address for the actor', async function () {
    const plaso = await inspectLog(jsonl(range(20).map((i) => ({ timestamp: 1_327_000_000_000_000 + i * 1_000_000, ...(i === 5 ? {} : { hostname: `host${i % 2}` }), ...(i % 5 < 2 ? { username: `u${i % 3}` } : {}), data_type: ['syslog:line', 'fs:stat'][i % 2] }))));
    assert.deepEqual(plaso.mapping.users, ['username', 'hostname']);
    assert.equal(plaso.mapping.event, 'data_type');
    const xdr = await inspectLog(csv(['Timestamp', 'InitiatingProcessAccountName', 'LocalIP', 'RemoteIP', 'ActionType'], range(30).map((i) => [t(i), i % 4 === 0 ? '' : `acct${i % 3}`, '10.0.0.4', `203.0.113.${i}`, `a${i % 5}`])));
    assert.ok(!xdr.mapping.users?.includes('RemoteIP'), `users ${JSON.stringify(xdr.mapping.users)}`);
  });
  it('weighs params by how many rows carry them', async function () {
    const d = await inspectLog(csv(['Timestamp', 'AccountName', 'ActionType', 'ProcessCommandLine', 'InitiatingProcessCommandLine'], range(40).map((i) => [t(i), `u${i % 3}`, `a${i % 4}`, i % 10 < 3 ? 'cmd.exe /c x' : '', `powershell.exe -c p${i % 5}`])));
    assert.equal(d.mapping.params, 'InitiatingProcessCommandLine');
  });
  it('decides day-first from the values, and doubts an ambiguous column', async function () {
    const dmy = await inspectLog(csv(['TimeGenerated [UTC]', 'User ID', 'Event Name'], range(30).map((i) => [`${(i % 28) + 1}/04/2025, 09:45:${String(i).padStart(2, '0')}.000`, `u${i % 3}`, `E${i % 4}`])));
    assert.deepEqual([dmy.mapping.time, dmy.mapping.timeFormat, dmy.mapping.users, dmy.mapping.event], ['TimeGenerated [UTC]', 'dmy', ['User ID'], 'Event Name']);
    const amb = await inspectLog(csv(['date', 'user_id', 'event_type'], range(30).map((i) => [`05/04/2020 10:${String(i).padStart(2, '0')}`, `u${i % 3}`, `E${i % 4}`])));
    assert.equal(amb.mapping.timeFormat, 'mdy');
    assert.match(amb.doubts.map((x) => x.text).join('\n'), /day-first or month-first/);
  });
  it('never takes a column of severities or outcomes for the event, and says which it passed over', async function () {
    // NXLog's Windows EventType is the level (INFO, AUDIT_SUCCESS), scored by name above EventID.
    const levels = ['AUDIT_SUCCESS', 'AUDIT_FAILURE', 'INFO', 'VERBOSE', 'WARNING'];
    const d = await inspectLog(jsonl(range(30).map((i) => ({ EventTime: t(i), SubjectUserName: `u${i % 3}`, EventType: levels[i % 5], EventID: 4720 + (i % 6) }))));
    assert.equal(d.mapping.event, 'EventID');
    assert.ok(d.guesses.event.every((g) => g.column !== 'EventType'));
    // With nothing else to take, the level column is not taken either: the run stops and says why.
    const only = await inspectLog(jsonl(range(30).map((i) => ({ EventTime: t(i), SubjectUserName: `u${i % 3}`, EventType: levels[i % 5] }))));
    assert.equal(only.mapping.event, undefined);
    assert.match(only.doubts.map((x) => x.text).join('\n'), /no event column found; considered EventType \(its values are severities or outcomes/);
  });
  it('doubts a user column that says "-" (no account) on many rows, naming the column that has names there', async function () {
    // Windows' own columns with Windows event IDs are read per event (coalesceUsers.test.ts); any log's "-" is doubted.
    const d = await inspectLog(jsonl(range(40).map((i) => ({ EventTime: t(i), SubjectUserName: i % 2 ? '-' : `svc${i % 3}`, TargetUserName: `u${i % 5}`, Operation: i % 2 ? 'Logon' : 'Privileges' }))));
    if (d.mapping.users?.[0] === 'SubjectUserName') {
      assert.match(d.doubts.map((x) => x.text).join('\n'), /user column SubjectUserName holds no name \("-"\) on 20 of 40 sampled rows; TargetUserName names one on 40/);
    } else assert.deepEqual(d.mapping.users, ['TargetUserName']);
    // A few "-" among names is no doubt.
    const few = await inspectLog(jsonl(range(40).map((i) => ({ EventTime: t(i), UserName: i === 3 ? '-' : `u${i % 5}`, Operation: `op${i % 4}` }))));
    assert.deepEqual(few.doubts.filter((x) => x.role === 'users'), []);
  });
  it('reads a HashiCorp Vault audit record: the token display name is the user, not the one auth method metadata that has an email', async function () {
    const d = await inspectLog(jsonl(range(20).map((i) => ({ time: t(i), type: 'response', auth: { display_name: `token-${i % 3}`, ...(i % 4 === 0 ? { metadata: { email: 'a@b.c' } } : {}) }, request: { operation: ['read', 'update', 'list'][i % 3], path: `secret/p${i % 4}`, remote_address: `10.0.0.${i % 3}` } }))));
    assert.equal(d.mapping.users?.[0], 'auth.display_name');
    assert.equal(d.mapping.time, 'time');
  });
  it('reads CEF (CommonSecurityLog) by its Activity, or by its DeviceAction where Activity is one value for every row', async function () {
    const header = ['TimeGenerated', 'DeviceVendor', 'Activity', 'DeviceAction', 'SourceUserName'];
    const constant = await inspectLog(csv(header, range(30).map((i) => [t(i), 'Infoblox', 'BloxOne Audit Log', ['create', 'delete', 'update', 'revoke'][i % 4], `admin${i % 3}@x.com`])));
    assert.equal(constant.mapping.event, 'DeviceAction');
    const varying = await inspectLog(csv(header, range(30).map((i) => [t(i), 'Fortinet', ['login', 'logout', 'config-change', 'policy-edit', 'backup'][i % 5], ['allow', 'deny'][i % 2], `admin${i % 3}@x.com`])));
    assert.equal(varying.mapping.event, 'Activity');
  });
  it('names a flow log\'s own start time when it disagrees with the ingestion time taken', async function () {
    // Sentinel's NSG flow analytics: TimeGenerated is when the batch was ingested, FlowStartTime_t when the flow began.
    const d = await inspectLog(csv(['TimeGenerated', 'FlowStartTime_t', 'VMName', 'L7Protocol'], range(40).map((i) => [t(i + 600), t(i), `vm${i % 2}`, ['http', 'https', 'dns', 'ssh'][i % 4]])));
    if (d.mapping.time === 'TimeGenerated') assert.match(d.doubts.map((x) => x.text).join('\n'), /time column TimeGenerated: FlowStartTime_t fits nearly as well and differs/);
    else assert.equal(d.mapping.time, 'FlowStartTime_t');
  });
  it('reads an export of one account\'s activity by the account, from however many addresses', async function () {
    // A search by user (Purview, one user's sign-ins): the person's column is the same on every row and the address varies.
    const one = await inspectLog(csv(['CreationTime', 'UserId', 'ClientIP', 'Operation'], range(30).map((i) => [t(i), 'adele@contoso.com', `203.0.113.${i % 9}`, `Op${i % 5}`])));
    assert.deepEqual(one.mapping.users, ['UserId']);
    assert.deepEqual(one.doubts.filter((x) => x.role === 'users'), []);
    // A person's column on a few rows does not beat the one every row has because that one never varies (GitHub's email).
    const few = await inspectLog(jsonl(range(30).map((i) => ({ '@timestamp': Date.UTC(2024, 0, 1) + i * 60_000, actor: 'octocat', action: `repo.a${i % 4}`, ...(i === 3 ? { email: 'o@example.com' } : {}) }))));
    assert.deepEqual(few.mapping.users, ['actor']);
    // A machine's own account on every row of a host's log, beside hosts that vary: the host is the actor.
    const sysmon = await inspectLog(jsonl(range(30).map((i) => ({ EventTime: t(i), UserID: 'S-1-5-18', AccountName: 'SYSTEM', Hostname: `ws${i % 3}.corp`, Image: `C:\\p${i % 4}.exe` }))));
    assert.deepEqual(sysmon.mapping.users, ['Hostname']);
    // One constant account beside another person\'s column that varies: still counted against it.
    const two = await inspectLog(jsonl(range(30).map((i) => ({ ts: t(i), 'decorations.username': 'LOGIN', username: i % 5 ? undefined : `u${i % 3}`, name: `q${i % 4}` }))));
    assert.deepEqual(two.mapping.users, ['username']);
  });
  it('takes a column of accounts for the user when no column is named as one, and says so', async function () {
    // (JSON Lines: the test's CSV writer would double each backslash.)
    const d = await inspectLog(jsonl(range(20).map((i) => ({ DateTime: t(i), RunAs: `CORP\\svc${i % 3}`, ClientIpAddress: `10.1.0.${i % 4}`, Protocol: 'Ews', UrlStem: `/ews/${i % 5}` }))));
    assert.equal(d.mapping.users?.[0], 'RunAs');
    assert.match(d.doubts.map((x) => x.text).join('\n'), /user column RunAs: its values are accounts \("CORP\\\\svc0"\), though its name is not a user column's/);
    // Not where a column is named as a person's, nor for values that are not accounts.
    const named = await inspectLog(csv(['DateTime', 'Mailbox', 'AuthenticatedUser', 'Protocol'], range(20).map((i) => [t(i), `m${i % 3}@contoso.com`, `CORP\\u${i % 2}`, `P${i % 3}`])));
    assert.deepEqual(named.mapping.users, ['AuthenticatedUser']);
  });
  it('knows mail senders and the W3C whole URI', async function () {
    const mail = await inspectLog(csv(['date-time', 'client-ip', 'sender-address', 'recipient-address', 'event-id'], range(20).map((i) => [t(i), i % 3 ? '' : '10.0.0.5', `s${i % 3}@contoso.com`, `r${i % 4}@fabrikam.com`, ['RECEIVE', 'SEND', 'DELIVER'][i % 3]])));
    assert.deepEqual(mail.mapping.users, ['sender-address']);
    assert.equal(mail.mapping.event, 'event-id');
  });
  it('says when the time column is empty on some rows (each a bad row)', async function () {
    const d = await inspectLog(csv(['DateTime', 'AuthenticatedUser', 'Protocol'], range(20).map((i) => [i % 5 === 0 ? '' : t(i), `CORP\\u${i % 2}`, `P${i % 3}`])));
    assert.equal(d.mapping.time, 'DateTime');
    assert.match(d.doubts.map((x) => x.text).join('\n'), /time column DateTime is empty on 4 of 20 sampled rows \(each would be a bad row\)/);
  });
  it('reads the date of a log that rolls daily with its clock, and never a number most rows lack', async function () {
    // One date on every row (pfirewall.log, IIS): the pair still orders the day; tcpack reads as epoch seconds on TCP rows only.
    const rows = range(15).map((i) => ['2005-04-11', `08:0${Math.floor(i / 6)}:${String(10 + i).padStart(2, '0')}`, ['DROP', 'OPEN'][i % 2], `10.0.0.${i % 2}`, i % 4 === 0 ? String(1_100_000_000 + i * 99_991) : '']);
    const d = await inspectLog(csv(['date', 'time', 'action', 'src-ip', 'tcpack'], rows));
    assert.equal(d.mapping.time, 'date+time');
    assert.deepEqual(d.doubts.filter((x) => x.role === 'time'), []);
  });
  it('reads ECS records: event.action over its categories, names over numeric ids, no http.request params', async function () {
    const ecs = await inspectLog(jsonl(range(20).map((i) => ({ '@timestamp': t(i), 'event.type': ['access', 'change'][i % 2], 'event.category': 'authentication', 'event.action': `act${i % 6}`, 'user.id': String(1000 + (i % 3)), 'user.name': `u${i % 3}`, 'http.request': { method: 'GET', bytes: 10 + i } }))));
    assert.equal(ecs.mapping.event, 'event.action');
    assert.deepEqual(ecs.mapping.users, ['user.name']);
    assert.equal(ecs.mapping.params, undefined);
    assert.match(ecs.rejected.event.map((r) => `${r.column}: ${r.why}`).join('\n'), /event\.type: an ECS category of events/);
  });
  it('takes an event\'s own time over a batch\'s ingestion time that fits as well, and never a table name for the event', async function () {
    const d = await inspectLog(jsonl(range(16).map((i) => ({ TimeGenerated: t(Math.floor(i / 4) * 40), eventTime: t(i), loginName: `u${i % 3}@x.com`, description: `d${i % 5}`, Type: 'CarbonBlackAuditLogs_CL' }))));
    assert.equal(d.mapping.time, 'eventTime');
    assert.match(d.doubts.map((x) => x.text).join('\n'), /time column eventTime: TimeGenerated fits nearly as well/);
    assert.match(d.rejected.event.map((r) => `${r.column}: ${r.why}`).join('\n'), /Type: its values are Log Analytics table names/);
  });
  it('reads an alert table by its alert type and the entity it is about; a key inside a JSON cell on few rows names no actor', async function () {
    const rows = range(30).map((i) => [t(i), ['SuspiciousLogon', 'Malware'][i % 2], `host${i % 3}`, JSON.stringify(i % 10 === 0 ? { 'User Name': `u${i}` } : { Severity: 'High' })]);
    const d = await inspectLog(csv(['TimeGenerated', 'AlertType', 'CompromisedEntity', 'ExtendedProperties'], rows));
    assert.equal(d.mapping.event, 'AlertType');
    assert.deepEqual(d.mapping.users, ['CompromisedEntity']);
  });
  it('says so when one account on every row is passed over for names a few rows carry', async function () {
    const d = await inspectLog(jsonl(range(8).map((i) => ({ '@timestamp': t(i), 'user.id': '1000', 'event.action': `a${i % 3}`, ...(i % 3 === 0 ? { 'user.name': `new${i}` } : {}) }))));
    assert.deepEqual(d.mapping.users, ['user.name']);
    assert.match(d.doubts.map((x) => x.text).join('\n'), /user column user\.name is empty on 5 of 8 sampled rows; user\.id has one value on all 8 \("1000"\)/);
  });
  it('pairs a sparse user with an address column, not with a key inside a cell\'s JSON on a row or two', async function () {
    // CSV written here with RFC 4180 quoting (the csv() helper quotes cells as JSON strings, which would break the JSON cell).
    const cell = (o: object) => `"${JSON.stringify(o).replace(/"/g, '""')}"`;
    const write = (withClientIp: boolean) => {
      const file = path.join(dir, `f${fileNo++}.csv`);
      const lines = [`TimeGenerated,UserId,${withClientIp ? 'ClientIP,' : ''}ExtendedProperties,Operation`];
      for (const i of range(30)) {
        const ip = withClientIp ? (i === 2 ? '10.0.0.1,' : ',') : '';
        lines.push(`${t(i)},${i % 3 === 0 ? `u${i % 2}` : ''},${ip}${cell(i === 1 ? { 'IP address': '10.0.0.9' } : { Severity: 'High' })},Op${i % 5}`);
      }
      writeFileSync(file, lines.join('\n') + '\n');
      return file;
    };
    // Exchange's ClientIP on a single row is still paired, as the reference notebook pairs it.
    const column = await inspectLog(write(true));
    assert.deepEqual(column.mapping.users, ['UserId', 'ClientIP']);
    const inCell = await inspectLog(write(false));
    assert.ok(inCell.columns.includes('ExtendedProperties.IP address'), inCell.columns.join(', '));
    assert.deepEqual(inCell.mapping.users, ['UserId']);
  });
  it('reads a one-element array as the name it holds (ECS event.action), and a longer one as no name', async function () {
    const file = jsonl(range(12).map((i) => ({ '@timestamp': t(i), 'user.name': [`u${i % 2}`], 'event.action': [['added-user-account', 'changed-password'][i % 2]], 'event.category': ['iam', 'configuration'] })));
    const d = await inspectLog(file);
    assert.equal(d.mapping.event, 'event.action');
    assert.deepEqual(d.mapping.users, ['user.name']);
    const log = await loadLog({ file });
    assert.deepEqual(log.events.commandNames.slice().sort(), ['added-user-account', 'changed-password']);
    assert.deepEqual(log.events.userValues[0].slice().sort(), ['u0', 'u1']);
    const multi = await inspectLog(jsonl(range(12).map((i) => ({ ts: t(i), user: `u${i % 2}`, tags: ['a', `b${i}`], op: `o${i % 3}` }))));
    assert.equal(multi.mapping.event, 'op');
  });
  it('says a first line of values is a record, not a header, when no column can be named', async function () {
    const file = path.join(dir, `f${fileNo++}.csv`);
    writeFileSync(file, range(6).map((i) => `10.0.0.${i},${1_700_000_000_000 + i * 1000},user${i % 2},Op${i % 3}`).join('\n') + '\n');
    await assert.rejects(loadLog({ file }), (e: Error & { location?: { line?: number } }) =>
      /the first line looks like a record, not a header \("10\.0\.0\.0", "1700000000000" are values, not column names\)/.test(e.message) && e.location?.line === 1);
    // A header line of names is never taken for data.
    const named = path.join(dir, `f${fileNo++}.csv`);
    writeFileSync(named, ['ip,ts,user,op', ...range(6).map((i) => `10.0.0.${i},${1_700_000_000_000 + i * 1000},user${i % 2},Op${i % 3}`)].join('\n') + '\n');
    assert.equal((await inspectLog(named)).headerAsData, undefined);
  });
  it('reads a query result in columns-and-rows form as its rows (columnarJson.test.ts has the rest)', async function () {
    const file = path.join(dir, `f${fileNo++}.json`);
    writeFileSync(file, JSON.stringify({ tables: [{ name: 'PrimaryResult', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'UserId', type: 'string' }], rows: [[t(0), 'u1'], [t(1), 'u2']] }] }, null, 2));
    const d = await inspectLog(file);
    assert.deepEqual([d.table?.name, d.mapping.time], ['PrimaryResult', 'TimeGenerated']);
    assert.deepEqual(d.columns, ['TimeGenerated', 'UserId']);
    const kusto = path.join(dir, `f${fileNo++}.json`);
    writeFileSync(kusto, JSON.stringify({ Tables: [{ TableName: 'Table_0', Columns: [{ ColumnName: 'ts', DataType: 'DateTime' }], Rows: [[t(0)]] }] }));
    assert.deepEqual((await inspectLog(kusto)).columns, ['ts']);
  });
  it('refuses a text log that is no table, saying what it looks like and what to do', async function () {
    const text = (lines: string[]) => {
      const file = path.join(dir, `f${fileNo++}.log`);
      writeFileSync(file, lines.join('\n') + '\n');
      return file;
    };
    const cases: [string[], RegExp][] = [
      [['Feb 22 16:45:20 host1 sshd[2738]: Failed password for root from 192.0.2.1 port 1786 ssh2', 'Feb 22 16:45:21 host1 sshd[2738]: Accepted password for bob'], /has no column delimiter[^]*looks like syslog text/],
      // The ISO forms: rsyslog's high-precision format, macOS `log show --style syslog`.
      [['2024-05-02T10:01:02.123456+02:00 web1 sshd[123]: Accepted publickey for bob from 192.0.2.1 port 50000 ssh2'], /has no column delimiter[^]*looks like syslog text/],
      [['2023-01-23 03:22:26.410246-0800  localhost tccd[1030]: [com.apple.TCC:access] Update Access Record: kTCCServiceMicrophone'], /has no column delimiter[^]*looks like syslog text/],
      // RFC 5424 without its <PRI> (Check Point's Log Exporter): its semicolons make no table.
      [['1 2019-05-15T16:25:50Z HOSTNAME CheckPoint 19710 - [action:"Drop"; flags:"400644"; ifdir:"inbound"]'], /its first line is no header and looks like syslog text/],
      // Lines of key=value pairs are read (keyValue.test.ts); a first line of pairs among lines of free text is not.
      [['date=2016-06-15 time=10:42:31 devname=Device_Name devid=FGT99 logid=0101037129 type=event', 'free text follows', 'and more of it'], /looks like key=value text/],
      [['192.0.2.9 - - [17/May/2015:10:05:03 +0000] "GET /x HTTP/1.1" 200 203 "-" "Mozilla/5.0 (Macintosh; Intel Mac OS X)"'], /the file is not a table[^]*looks like a web server access log in the common or combined log format/],
      // Windows event XML is read (xmlEvents.test.ts); other XML is not.
      [['<catalog xmlns="urn:example"><book id="1"><title>x</title></book></catalog>'], /looks like an XML document/],
      // Audit records of two pairs only (no line with four) are not read as key=value text.
      [['type=EOE msg=audit(1551485405.594:7507): ', 'type=EOE msg=audit(1551485405.594:7508): '], /looks like raw Linux audit \(auditd\) text/],
      [['https 2020-01-11T16:55:20.356586Z app/web/jf29 192.0.2.10:44325 10.0.0.1:80 0.013 0.164 0.000 200 200 391 107999 "GET https://x:443/ HTTP/1.1" "curl; x"'], /looks like text of blank-separated fields with no header line/],
      [['just some words', 'more words'], /^the file is not a table: its first line has no column delimiter \(comma, semicolon, tab or \|\)\. Sessionscope reads CSV/],
    ];
    for (const [lines, message] of cases) {
      await assert.rejects(loadLog({ file: text(lines) }), (e: Error & { location?: { line?: number } }) => message.test(e.message) && /export these events/.test(e.message) && e.location?.line === 1, lines[0]);
    }
  });
  it('never takes an HTTP request\'s host (the server asked) for the actor, even beside one client address', async function () {
    // Zeek's http.log of one browsing client: the Host header names many sites, id.orig_h one client.
    const file = csv(['ts', 'id.orig_h', 'method', 'host', 'uri', 'username'], range(60).map((i) => [1320279566 + i, '192.168.2.76', i % 9 ? 'GET' : 'POST', `site${i % 11}.example`, `/p${i % 13}`, '']));
    const d = await inspectLog(file);
    assert.deepEqual(d.mapping.users, ['id.orig_h']);
    assert.ok(!d.doubts.some((x) => x.role === 'users' && /host/.test(x.text)), JSON.stringify(d.doubts));
    // A W3C log's cs-host is the Host header too; without a request's URI or method a host column is still the machine.
    const w3c = await inspectLog(jsonl(range(30).map((i) => ({ time: t(i), 'c-ip': '10.0.0.5', 'cs-host': `h${i % 5}`, 'cs-method': 'GET', 'cs-uri-stem': `/a${i % 4}` }))));
    assert.deepEqual(w3c.mapping.users, ['c-ip']);
    const machines = await inspectLog(jsonl(range(30).map((i) => ({ TimeGenerated: t(i), SrcIp: '10.0.0.5', host: `h${i % 5}`, Operation: `o${i % 4}` }))));
    assert.deepEqual(machines.mapping.users, ['host']);
  });
  it('says a column taken by a name that is not one of the surest from one or two records is taken by its name alone', async function () {
    const one = await inspectLog(jsonl([{ TimeCreated: t(0), EventData: { SubjectUserName: 'alice', ProcessName: 'C:\\Windows\\System32\\services.exe' }, EventID: 4624 }]));
    assert.ok(one.doubts.some((d) => d.role === 'event' && /only 1 record to judge by/.test(d.text)), JSON.stringify(one.doubts));
    const sure = await inspectLog(jsonl([{ time: t(0), user: 'alice', op: 'Get-Mailbox' }, { time: t(1), user: 'bob', op: 'Set-Mailbox' }]));
    assert.ok(!sure.doubts.some((d) => /to judge by/.test(d.text)), JSON.stringify(sure.doubts));
  });
  it("prefers an account's names to its Windows security identifiers (Sysmon's System.Security.UserID is SYSTEM's SID)", async function () {
    const d = await inspectLog(jsonl(range(30).map((i) => ({ 'System.TimeCreated.SystemTime': t(i), 'System.Security.UserID': 'S-1-5-18', 'EventData.User': `CORP\\u${i % 3}`, 'System.EventID': String([1, 3, 11][i % 3]) }))));
    assert.deepEqual(d.mapping.users, ['EventData.User']);
  });
  it("takes a log statement's msg as the event where nothing else names one, weakly, and never over a named event", async function () {
    const kinds = ['TCP packet dropped', 'Web site access denied', 'IPsec Authentication Failed', 'NAT Mapping'];
    const only = await inspectLog(jsonl(range(30).map((i) => ({ time: t(i), src: `10.0.0.${i % 5}`, msg: kinds[i % 4], n: i }))));
    assert.equal(only.mapping.event, 'msg');
    assert.ok(only.doubts.some((d) => d.role === 'event' && /weak match/.test(d.text)), JSON.stringify(only.doubts));
    const named = await inspectLog(jsonl(range(30).map((i) => ({ time: t(i), user: `u${i % 3}`, action: ['login', 'logout', 'edit'][i % 3], msg: kinds[i % 4] }))));
    assert.equal(named.mapping.event, 'action');
  });
  it('reads a DNS log by the name queried', async function () {
    const d = await inspectLog(jsonl(range(30).map((i) => ({ ts: 1588205198 + i, id_orig_h: '10.0.1.4', proto: 'udp', trans_id: 1000 + i, query: `h${i % 7}.corp.local`, qtype_name: i % 5 ? 'A' : 'SRV' }))));
    assert.equal(d.mapping.event, 'query');
    const sysmon = await inspectLog(jsonl(range(30).map((i) => ({ UtcTime: t(i), Computer: 'ws1', QueryName: `h${i % 7}.corp.local`, QueryStatus: '0' }))));
    assert.equal(sysmon.mapping.event, 'QueryName');
  });
  it('says when no column was even considered for a role, not only that it was not found', async function () {
    // An NTFS change journal: files and reasons, no user, host or address; a process list: no time.
    const usn = jsonl(range(10).map((i) => ({ Usn: 25165824 + 96 * i, Timestamp: t(i), Filename: 'setupapi.dev.log', Reason: ['DATA_EXTEND'] })));
    await assert.rejects(loadLog({ file: usn }), /could not find the user \(--users\): no column is named as a user, host or address, and none holds accounts\. Name it explicitly\. Columns: Usn, Timestamp/);
    const words = csv(['when', 'who', 'what'], range(10).map((i) => [t(i), `u${i % 2}`, `w${i % 3}`]));
    await assert.rejects(loadLog({ file: words }), /could not find the user \(--users\): no column is named as a user[^;]*; the event \(--event\): no column is named as an event\. /);
    // Considered columns are still named as before.
    await assert.rejects(loadLog({ file: csv(['TimeGenerated', 'Account', 'EventType'], range(10).map((i) => [t(i), `u${i % 2}`, 'INFO'])) }), /could not find the event \(--event\); considered EventType/);
  });
  it('does not take Python reprs for JSON params', async function () {
    const d = await inspectLog(csv(['eventTime', 'userName', 'eventName', 'requestParameters'], range(30).map((i) => [t(i), `u${i % 3}`, `E${i % 4}`, `{'bucketName': 'b${i}'}`])));
    assert.equal(d.mapping.params, undefined);
  });
});

describe('name normalisation (property)', function () {
  const word = fc.stringMatching(/^[A-Za-z][a-z0-9]{0,7}$/);
  // A last part of one letter s, d, b, t or g after "_" is Sentinel's type suffix (eventType_s) and is dropped on purpose.
  const typeSuffix = (parts: string[], sep: string) => sep === '_' && parts.length > 1 && /^[sdbtgSDBTG]$/.test(parts[parts.length - 1]);
  it('case, separators and a bracketed suffix do not change a name', function () {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), fc.constantFrom('_', '-', ' ', '.', ''), fc.constantFrom('', ' [UTC]', ' (UTC)'), (parts, sep, suffix) => {
        fc.pre(!typeSuffix(parts, sep));
        const canonical = parts.join('').toLowerCase();
        assert.equal(normalizeName(parts.join(sep) + suffix), canonical);
        assert.equal(normalizeName(parts.map((p) => p.toUpperCase()).join(sep) + suffix), canonical);
      }),
    );
  });
  it('a bracketed suffix goes as the expression /\\s*[[(][^\\])]*[\\])]\\s*$/ would take it, and a hostile run of blanks costs one pass', function () {
    this.timeout(10_000);
    // normalizeName as it was written, with the expression.
    const byExpression = (c: string) =>
      c
        .replace(/\s*[[(][^\])]*[\])]\s*$/, '')
        .replace(/(?<=[A-Za-z0-9])_(?:[sdbtg]|CF)$/, '')
        .toLowerCase()
        .replace(/[\s_\-.@$:/]+/g, '');
    const chars = fc.constantFrom('a', 'B', ' ', '\t', '[', ']', '(', ')', '_', 's', '.', '\u00a0');
    fc.assert(fc.property(fc.array(chars, { maxLength: 14 }).map((a) => a.join('')), (c) => normalizeName(c) === byExpression(c)), { numRuns: 20_000 });
    for (const [name, want] of [['TimeGenerated [UTC]', 'timegenerated'], ['TimeTaken(ms)', 'timetaken'], ['a [b [c]', 'a'], ['a (b) [c]', 'a(b)'], ['x]', 'x]'], ['[x]', '']]) assert.equal(normalizeName(name), want, name);
    // The expression took 1.1 s for 50,000 blanks and grows with their square: 400,000 would take over a minute.
    assert.equal(normalizeName(' '.repeat(400_000) + 'User [x]'), 'user');
    assert.equal(normalizeName('User' + ' '.repeat(400_000) + 'x'), 'userx');
  });
  it('two person columns that each name the actor on the other\'s empty rows are one coalesced user column (Entra sign-ins beside audits)', async function () {
    const d = await inspectLog(jsonl(range(40).map((i) => ({
      time: t(i),
      operationName: i % 2 ? `Audit${i % 5}` : 'Sign-in activity',
      callerIpAddress: `203.0.113.${i % 3}`,
      properties: i % 2
        ? { initiatedBy: { user: { userPrincipalName: `admin${i % 3}@contoso.com` } } }
        : { userId: `id-${i % 7}`, userPrincipalName: `user${i % 7}@contoso.com`, appDisplayName: `App${i % 4}` },
    }))));
    // Equally present: the pair's own order (the same field under another parent first); one column, so a person named in both kinds of row is one actor.
    assert.deepEqual(d.mapping.users, ['properties.userPrincipalName|properties.initiatedBy.user.userPrincipalName']);
    const said = (d.doubts ?? []).filter((x) => x.role === 'users').map((x) => x.text);
    assert.ok(
      said.some((x) => x === 'users: properties.userPrincipalName where it has a value, else properties.initiatedBy.user.userPrincipalName (each names the person on the rows where the other is empty: 20 and 20 of 40 sampled rows)'),
      said.join(' | '),
    );
  });
  it('reads the spellings hunters meet', function () {
    for (const [raw, want] of [['eventType_s', 'eventtype'], ['published_t', 'published'], ['user_id', 'userid'], ['User ID', 'userid'], ['TimeGenerated [UTC]', 'timegenerated'], ['actor_alternateId_s', 'actoralternateid'], ['@timestamp', 'timestamp'], ['id.time', 'idtime'], ['Event Name', 'eventname'], ['type_CF', 'type'], ['Action_CF', 'action']]) {
      assert.equal(normalizeName(raw), want, raw);
    }
  });
});

describe('hostile cells in detection', function () {
  this.timeout(20_000);
  it('30 KB runs of blanks in every sampled row do not stall detection (the old time pattern backtracked for seconds per cell)', async function () {
    const blanks = '1/1/2020' + ' '.repeat(30_000) + 'x';
    const file = csv(['TimeGenerated', 'UserId', 'Operation', 'Notes'], range(40).map((i) => [t(i), `u${i % 3}`, `Op${i % 4}`, blanks]));
    const t0 = performance.now();
    const d = await inspectLog(file);
    // Generous bound: a quadratic pattern takes minutes here, a linear scan milliseconds.
    assert.ok(performance.now() - t0 < 10_000, `${Math.round(performance.now() - t0)} ms`);
    assert.equal(d.mapping.time, 'TimeGenerated');
  });
});

describe('column detection: what real exports taught (session 12)', function () {
  it('says a third time column that disagrees when the second only copies the first', async function () {
    // Sysmon through a collector: TimeCreated and the collector's @timestamp agree, the event's UtcTime is hours off.
    const later = (i: number) => new Date(Date.UTC(2024, 4, 2, 4, 0, i * 7)).toISOString();
    // (A third column named as UTC is taken instead when the shift is whole quarter hours: session 13.)
    const d = await inspectLog(jsonl(range(40).map((i) => ({ TimeCreated: t(i), '@timestamp': t(i), SystemTime: later(i), User: `u${i % 3}`, EventType: `e${i % 5}` }))));
    assert.notEqual(d.mapping.time, 'SystemTime', 'a later time is never taken over the better fit');
    assert.match(d.doubts.map((x) => x.text).join('\n'), /time column (TimeCreated|@timestamp): SystemTime fits nearly as well and differs by more than a second on 40 of 40 sampled rows/);
    // The same log without the third column has nothing to say about its times.
    const copies = await inspectLog(jsonl(range(40).map((i) => ({ TimeCreated: t(i), '@timestamp': t(i), User: `u${i % 3}`, EventType: `e${i % 5}` }))));
    assert.deepEqual(copies.doubts.filter((x) => x.role === 'time'), []);
  });
  it('takes the earlier of two times that differ on even one row, the later being when the record was received', async function () {
    // A log service's receipt time beside the event's own, equal but where one record came in late.
    const received = (i: number) => (i === 7 ? new Date(Date.UTC(2024, 4, 1, 9, 6, 0)).toISOString() : t(i));
    const d = await inspectLog(jsonl(range(12).map((i) => ({ timestamp: received(i), event: { eventTime: t(i), userName: `u${i % 3}`, eventName: `e${i % 4}` } }))));
    assert.equal(d.mapping.time, 'event.eventTime');
    // One row is no reason to doubt: nothing said about the time.
    assert.deepEqual(d.doubts.filter((x) => x.role === 'time'), []);
    const same = await inspectLog(jsonl(range(12).map((i) => ({ timestamp: t(i), event: { eventTime: t(i), userName: `u${i % 3}`, eventName: `e${i % 4}` } }))));
    assert.equal(same.mapping.time, 'timestamp');
  });
  it('says that a portal export in local time is read as UTC', async function () {
    const rows = range(20).map((i) => [`5/1/2024, 9:${String(10 + i).padStart(2, '0')}:00.000 AM`, `u${i % 3}`, `Op${i % 4}`]);
    const local = await inspectLog(csv(['TimeGenerated [Local Time]', 'UserId', 'Operation'], rows));
    assert.equal(local.mapping.time, 'TimeGenerated [Local Time]');
    assert.match(local.doubts.map((x) => x.text).join('\n'), /time column TimeGenerated \[Local Time\] holds the exporting browser's local time, with no zone in its values: it is read as UTC/);
    // A note about the values, not a doubt about the choice: nothing to ask.
    assert.equal(local.confident, true);
    const utc = await inspectLog(csv(['TimeGenerated [UTC]', 'UserId', 'Operation'], rows));
    assert.doesNotMatch(utc.doubts.map((x) => x.text).join('\n'), /local time/);
  });
  it('says that user values differing only in case are separate actors, without asking about the column', async function () {
    const d = await inspectLog(csv(['TimeGenerated', 'Computer', 'ProcessName'], range(30).map((i) => [t(i), i < 20 ? 'Zabbix' : 'zabbix', `p${i % 4}`])));
    assert.deepEqual(d.mapping.users, ['Computer']);
    assert.match(d.doubts.map((x) => x.text).join('\n'), /user column Computer has values that differ only in case \("Zabbix", "zabbix"\): each spelling is its own actor/);
    assert.equal(d.confident, true);
    const oneCase = await inspectLog(csv(['TimeGenerated', 'Computer', 'ProcessName'], range(30).map((i) => [t(i), i < 20 ? 'Zabbix' : 'Nagios', `p${i % 4}`])));
    assert.deepEqual(oneCase.doubts, []);
  });
  it('takes an actor\'s e-mail address over its opaque id', async function () {
    const d = await inspectLog(jsonl(range(30).map((i) => ({ created_at: t(i), actor: { user_id: `usr_${(i % 3) * 7919}`, email_address: `p${i % 3}@example.com` }, type: `t${i % 4}` }))));
    assert.deepEqual(d.mapping.users, ['actor.email_address']);
  });
  it('reads a Sysmon process-access log by the process acted on, where its EventID is one value', async function () {
    const d = await inspectLog(jsonl(range(40).map((i) => ({ TimeCreated: t(i), EventID: 10, SourceUser: `CORP\\u${i % 3}`, SourceImage: `C:\\tools\\s${i % 4}.exe`, TargetImage: `C:\\Windows\\system32\\t${i % 9}.exe`, GrantedAccess: '0x1010' }))));
    assert.equal(d.mapping.event, 'TargetImage');
  });
});

describe('column detection: what real exports taught (session 13)', function () {
  // CloudTrail console sign-ins: userIdentity.arn is empty on failed sign-ins; userName and principalId are on every row.
  const signIn = (i: number, arnOn: (i: number) => boolean) => ({
    eventTime: t(i),
    eventName: `e${i % 4}`,
    userIdentity: { arn: arnOn(i) ? `arn:aws:iam::123456789012:user/u${i % 3}` : '', userName: `u${i % 3}`, principalId: `AIDA${(i % 3) * 7919}` },
    sourceIPAddress: `198.51.100.${i % 7}`,
  });
  it('takes a person\'s column on every row over one that names the same people on fewer rows', async function () {
    const d = await inspectLog(jsonl(range(20).map((i) => signIn(i, (k) => k % 4 !== 0))));
    // The name, not the id: both are on every row and name the same people one to one.
    assert.deepEqual(d.mapping.users, ['userIdentity.userName']);
    assert.match(d.guesses.users[0].evidence.join('\n'), /names the same people as userIdentity\.arn \(one to one on 15 rows\) and is on 20 of 20 sampled rows, where userIdentity\.arn is on 15/);
    assert.deepEqual(d.doubts.filter((x) => x.role === 'users'), []);
  });
  it('keeps the better-named column when it is on every row, or when the other names other people', async function () {
    const complete = await inspectLog(jsonl(range(20).map((i) => signIn(i, () => true))));
    assert.deepEqual(complete.mapping.users, ['userIdentity.arn']);
    // userName and principalId not one to one with the arn (two names for one arn): not the same people's other names.
    const rows = range(20).map((i) => signIn(i, (k) => k % 4 !== 0));
    rows[5].userIdentity.userName = 'someone-else';
    rows[5].userIdentity.principalId = 'AIDA-someone-else';
    const other = await inspectLog(jsonl(rows));
    assert.deepEqual(other.mapping.users, ['userIdentity.arn', 'sourceIPAddress']);
  });
  // Auditd through Filebeat/Auditbeat (ECS): user.name is the account a step was for (root after sudo), user.audit.id the
  // login behind it; 4294967295 is auditd's unset login id.
  const auditd = (i: number, auid: (i: number) => string) => ({
    '@timestamp': t(i),
    event: { action: ['user_start', 'cred_acq', 'executed', 'user_end'][i % 4] },
    user: { name: i % 3 === 0 ? 'root' : `u${i % 2}`, id: i % 3 === 0 ? '0' : `${1000 + (i % 2)}`, audit: { id: auid(i) } },
  });
  it('takes Linux audit\'s login identity over the account a step ran as, one login on every row included', async function () {
    const d = await inspectLog(jsonl(range(24).map((i) => auditd(i, (k) => `${700 + (k % 2)}`))));
    assert.deepEqual(d.mapping.users, ['user.audit.id']);
    assert.match(d.guesses.users[0].evidence.join('\n'), /the login identity \(audit uid\), kept through su and sudo/);
    // One login did everything: still its session's person, not marked down as a constant beside a varying user.name.
    const one = await inspectLog(jsonl(range(24).map((i) => auditd(i, () => '1000'))));
    assert.deepEqual(one.mapping.users, ['user.audit.id']);
  });
  it('reads auditd\'s unset login id as no one', async function () {
    // Half the rows from daemons (unset): the login id names no one there, and user.name is on more rows.
    const d = await inspectLog(jsonl(range(24).map((i) => auditd(i, (k) => (k % 2 === 0 ? '4294967295' : '700')))));
    assert.deepEqual(d.mapping.users, ['user.name']);
  });
  // CloudTrail as S3 delivers it: AWS services' rows carry userIdentity.invokedBy only, principals' rows an ARN.
  const delivered = (i: number) => ({
    eventTime: t(i),
    eventName: i % 5 === 0 ? 'AssumeRole' : 'GetBucketAcl',
    userIdentity: i % 5 === 0 ? { type: 'IAMUser', arn: `arn:aws:iam::123456789012:user/u${i % 2}`, principalId: `AIDA${i % 2}` } : { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' },
    sourceIPAddress: i % 5 === 0 ? `198.51.100.${i % 3}` : 'cloudtrail.amazonaws.com',
    requestParameters: i % 5 === 0 ? { roleArn: 'arn:aws:iam::123456789012:role/r', userName: `target${i % 4}` } : { bucketName: 'trail-bucket', Host: 'trail-bucket.s3.us-east-1.amazonaws.com', acl: '' },
  });
  it('never takes a key of what a call was given for its actor or its event', async function () {
    const d = await inspectLog(jsonl(range(20).map(delivered)));
    // requestParameters.Host and .userName are the call's subject; the principal is the ARN (the address keys the services).
    assert.deepEqual(d.mapping.users, ['userIdentity.arn', 'sourceIPAddress']);
    assert.match(d.rejected.users.map((r) => `${r.column}: ${r.why}`).join('\n'), /requestParameters\.Host: a key of requestParameters, what the call was given, not who acted/);
    // Databricks: requestParams.name (a cluster's, a job's) is not the event; actionName is.
    const db = await inspectLog(jsonl(range(20).map((i) => ({ timestamp: Date.UTC(2024, 4, 1, 9, 0, i * 7), actionName: `a${i % 4}`, serviceName: 'clusters', userIdentity: { email: `p${i % 3}@example.com` }, requestParams: { name: `cluster${i % 2}` } }))));
    assert.equal(db.mapping.event, 'actionName');
  });
  it('marks down a key inside a cell\'s JSON text that most rows lack, not a key of the record\'s own nesting', async function () {
    // The same shape as JSON text in a CSV cell: the ARN is a key the cell's JSON has on a fifth of the rows.
    const rows = range(20).map(delivered);
    const cell = (v: string) => `"${v.replace(/"/g, '""')}"`;
    const file = path.join(dir, `f${fileNo++}.csv`);
    writeFileSync(file, ['eventTime,eventName,userIdentity,sourceIPAddress', ...rows.map((r) => [r.eventTime, r.eventName, JSON.stringify(r.userIdentity), r.sourceIPAddress].map(cell).join(','))].join('\n') + '\n');
    const asCells = await inspectLog(file);
    const arn = (g: { guesses: { users: { column: string; score: number; evidence: string[] }[] } }) => g.guesses.users.find((x) => x.column === 'userIdentity.arn');
    assert.match(arn(asCells)!.evidence.join('\n'), /a key inside the JSON of userIdentity, on 4 of 20 sampled rows/);
    const nested = await inspectLog(jsonl(rows));
    assert.doesNotMatch(arn(nested)!.evidence.join('\n'), /a key inside the JSON/);
    assert.ok(arn(nested)!.score > arn(asCells)!.score);
  });
  // NXLog's Sysmon records: EventTime in the machine's local time with no zone, UtcTime the same instant in UTC.
  const local = (i: number, hoursAhead: number, jitterMs = 0) => new Date(Date.UTC(2024, 4, 1, 9, 0, i * 7) + hoursAhead * 3_600_000 + jitterMs).toISOString().replace('T', ' ').replace('Z', '');
  const sysmon = (i: number, utc: string) => ({ EventTime: local(i, -4).slice(0, 19), UtcTime: utc, Hostname: `h${i % 2}`, Image: `C:\\p${i % 5}.exe`, EventID: 3 });
  it('takes the column named as UTC over the same instants in another zone, and says so without asking', async function () {
    const d = await inspectLog(jsonl(range(30).map((i) => sysmon(i, local(i, 0, 433)))));
    assert.equal(d.mapping.time, 'UtcTime');
    const text = d.doubts.map((x) => x.text).join('\n');
    assert.match(text, /time column UtcTime: EventTime holds the same instants 4 hours earlier on each of the 30 sampled rows where both read as times \(another zone's clock, read as UTC\); UtcTime says UTC in its name and is taken/);
    // Not also said to differ, and not asked about: the note says why they do.
    assert.doesNotMatch(text, /fits nearly as well and differs/);
    assert.equal(d.confident, true);
  });
  it('keeps the better fit when the two differ by varying amounts or not at all', async function () {
    // An ingestion delay of minutes that varies row to row is no zone.
    const delayed = await inspectLog(jsonl(range(30).map((i) => sysmon(i, local(i, 4, i * 13_000)))));
    assert.equal(delayed.mapping.time, 'EventTime');
    assert.match(delayed.doubts.map((x) => x.text).join('\n'), /time column EventTime: UtcTime fits nearly as well and differs/);
    // The same times: nothing to choose by.
    const same = await inspectLog(jsonl(range(30).map((i) => ({ ...sysmon(i, ''), UtcTime: local(i, -4).slice(0, 19) }))));
    assert.equal(same.mapping.time, 'EventTime');
  });
  it('reads dotted dates day-first, saying so without asking; slashed ones still ask', async function () {
    // A German Excel export: semicolons, dotted dates, every day 12 or under.
    const rows = range(20).map((i) => [`0${1 + (i % 9)}.05.2024 09:${String(10 + i).padStart(2, '0')}:00`, `u${i % 3}`, `Op${i % 4}`]);
    const file = path.join(dir, `f${fileNo++}.csv`);
    writeFileSync(file, ['Time;UserId;Operation', ...rows.map((r) => r.join(';'))].join('\r\n') + '\r\n');
    const dotted = await inspectLog(file);
    assert.equal(dotted.mapping.timeFormat, 'dmy');
    assert.match(dotted.doubts.map((x) => x.text).join('\n'), /time column Time: dates such as "01\.05\.2024 09:10:00" are written with dots, which every locale that does so writes day-first; read day first/);
    assert.equal(dotted.confident, true);
    const slashed = await inspectLog(csv(['Time', 'UserId', 'Operation'], rows.map(([d, u, o]) => [d.replace(/\./g, '/'), u, o])));
    assert.equal(slashed.mapping.timeFormat, 'mdy');
    assert.match(slashed.doubts.map((x) => x.text).join('\n'), /could be day-first or month-first; read month first/);
  });
  it('of two params columns that fit as well, takes the one with more distinct values', async function () {
    // Entra AuditLogs: AdditionalDetails (a user agent or two) before TargetResources (what each change was to).
    const rows = range(20).map((i) => ({ TimeGenerated: t(i), OperationName: `Op${i % 4}`, InitiatedBy: { user: { userPrincipalName: `p${i % 3}@contoso.com` } }, AdditionalDetails: [{ key: 'User-Agent', value: `UA${i % 2}` }], TargetResources: [{ id: `obj${i}`, type: 'Application' }] }));
    const d = await inspectLog(jsonl(rows));
    assert.equal(d.mapping.params, 'TargetResources');
  });
  it('says a first line of values is a record even when some of its values read as column names', async function () {
    // Bitbucket's audit log, no header: a user value "admin" and an epoch time read as a user and a time column's names.
    const file = path.join(dir, `f${fileNo++}.csv`);
    const line = (i: number) => `10.0.0.${i} | Op${i % 3}Event | admin | ${1_400_681_361_906 + i * 1000} | {"id":${i}}`;
    writeFileSync(file, range(6).map(line).join('\n') + '\n');
    await assert.rejects(loadLog({ file }), (e: Error & { location?: { line?: number } }) => /the first line looks like a record, not a header/.test(e.message) && e.location?.line === 1);
    // Named by the user, the columns are read as named.
    const named = await loadLog({ file, mapping: { users: [' admin '], time: ' 1400681361906 ', event: ' Op0Event ' } });
    assert.equal(named.events.count, 5);
  });
  it('takes an administration log\'s administrator, never a key of the changed thing\'s before or after snapshot, nor a flag', async function () {
    // Zscaler's admin audit: preaction/postaction hold the user account changed (its e-mail, adminUser: false).
    const d = await inspectLog(jsonl(range(20).map((i) => ({ event: { time: t(i), action: ['CREATE', 'UPDATE', 'DELETE'][i % 3], adminid: `admin${i % 2}@example.com`, clientip: `198.51.100.${i % 3}`, preaction: { email: `target${i % 5}@example.com`, adminUser: false }, postaction: { email: `target${i % 5}@example.com`, adminUser: i % 7 === 0 } } }))));
    assert.deepEqual(d.mapping.users, ['event.adminid']);
    const why = d.rejected.users.map((r) => `${r.column}: ${r.why}`).join('\n');
    assert.match(why, /event\.preaction\.email: a key of event\.preaction, a snapshot of what was changed, not who acted/);
    // A column of true and false is no one, wherever it stands.
    const flags = await inspectLog(jsonl(range(20).map((i) => ({ time: t(i), admin: i % 2 === 0, user: `u${i % 3}`, action: `a${i % 4}` }))));
    assert.match(flags.rejected.users.map((r) => `${r.column}: ${r.why}`).join('\n'), /admin: its values are true or false/);
  });
  it('takes no params column whose objects hold only the record\'s own id', async function () {
    // OCSF (Security Lake): api.request is {"uid": <the request id>}; Alibaba's {"RegionId": ...} is a parameter.
    const ocsf = await inspectLog(jsonl(range(20).map((i) => ({ time: Date.UTC(2024, 4, 1, 9, 0, i * 7), api: { operation: `Op${i % 4}`, request: { uid: `req-${i}` } }, actor: { user: { name: `u${i % 3}` } } }))));
    assert.equal(ocsf.mapping.params, undefined);
    const region = await inspectLog(jsonl(range(20).map((i) => ({ eventTime: t(i), eventName: `Op${i % 4}`, userName: `u${i % 3}`, requestParameters: { RegionId: 'cn-hangzhou' } }))));
    assert.equal(region.mapping.params, 'requestParameters');
  });
  it('reads OCSF by its own names: actor.user.email_addr, api.operation over an unmapped source field, api.request.data', async function () {
    const d = await inspectLog(jsonl(range(20).map((i) => ({
      time: Date.UTC(2024, 4, 1, 9, 0, i * 7),
      class_name: 'API Activity',
      actor: { user: { email_addr: `p${i % 3}@example.com`, uid: `00u${i % 3}` } },
      api: { operation: `Op${i % 4}`, request: { uid: `req-${i}`, data: { target: `t${i % 5}` } } },
      unmapped: { eventType: ['AwsApiCall', 'AwsConsoleSignIn', 'AwsServiceEvent', 'AwsCloudTrailInsight'][i % 4] },
    }))));
    assert.deepEqual(d.mapping.users, ['actor.user.email_addr']);
    assert.equal(d.mapping.event, 'api.operation');
    assert.equal(d.mapping.params, 'api.request.data');
    assert.deepEqual(d.doubts.filter((x) => x.role === 'event'), []);
  });
  it('takes a column of IP addresses for the machine when no column is named as a user, host or address', async function () {
    // CrowdStrike FDR: aip, the sensor's address; UserName empty on these event types.
    const rows = range(20).map((i) => [t(i), `Reg${i % 3}`, `198.51.100.${i % 4}`, `${'0'.repeat(30)}${i % 4}a`, '']);
    const d = await inspectLog(csv(['TimeGenerated', 'event_simpleName', 'aip', 'aid', 'UserName'], rows));
    assert.deepEqual(d.mapping.users, ['aip']);
    assert.match(d.guesses.users[0].evidence.join('\n'), /its values are IP addresses \("198\.51\.100\.0"\), and no column is named as a user, host or address/);
    // Beside a named user column that has values, addresses found by their values are not considered.
    const named = await inspectLog(csv(['TimeGenerated', 'event_simpleName', 'aip', 'UserName'], rows.map(([a, b, c], i) => [a, b, c, `u${i % 2}`])));
    assert.deepEqual(named.mapping.users, ['UserName']);
  });
  it('reads a CEF table by DeviceEventClassID where Activity is empty, never by Log Analytics\' table name in Type', async function () {
    const header = ['TenantId', 'TimeGenerated [UTC]', 'DeviceVendor', 'DeviceEventClassID', 'Activity', 'DeviceName', 'SourceSystem', 'Type'];
    const d = await inspectLog(csv(header, range(20).map((i) => ['t', t(i), 'Cisco', `1130${i % 4}`, '', `asa${i % 2}`, 'OpsManager', 'CommonSecurityLog'])));
    assert.equal(d.mapping.event, 'DeviceEventClassID');
    assert.match(d.rejected.event.map((r) => `${r.column}: ${r.why}`).join('\n'), /Type: its values are Log Analytics table names \(CommonSecurityLog\), not events/);
  });
  it('names CrowdStrike FDR\'s event_simpleName and Netskope\'s audit_log_event as events', async function () {
    const fdr = await inspectLog(csv(['TimeGenerated', 'event_simpleName', 'name', 'aid', 'ComputerName'], range(20).map((i) => [t(i), `Reg${i % 3}`, `Reg${i % 3}V1`, `a${i % 2}`, `h${i % 2}`])));
    assert.equal(fdr.mapping.event, 'event_simpleName');
    const ns = await inspectLog(jsonl(range(20).map((i) => ({ timestamp: Math.floor(Date.UTC(2024, 4, 1, 9, 0, i * 7) / 1000), user: `p${i % 3}@example.com`, audit_log_event: `Edit ${['policy', 'user', 'app'][i % 3]}`, supporting_data: { data_type: i % 2 ? 'user' : 'policy' } }))));
    assert.equal(ns.mapping.event, 'audit_log_event');
  });
  it('takes a machine\'s id for the entity where nothing names a person, host or address (Defender\'s DeviceId)', async function () {
    const rows = range(20).map((i) => [t(i), `f${i % 4}.exe`, `${'ab'.repeat(19)}${i % 3}0`]);
    const d = await inspectLog(csv(['Timestamp', 'FileName', 'DeviceId'], rows));
    assert.deepEqual(d.mapping.users, ['DeviceId']);
    // A device's name beside it is the better choice.
    const named = await inspectLog(csv(['Timestamp', 'FileName', 'DeviceId', 'DeviceName'], rows.map((r, i) => [...r, `host${i % 3}`])));
    assert.deepEqual(named.mapping.users, ['DeviceName']);
  });
  it('names MongoDB Atlas\'s eventTypeName, Hayabusa\'s RuleTitle and an application (SRUM\'s AppName) as events, and APT-Hunter\'s "Date and Time" as the time', async function () {
    const atlas = await inspectLog(jsonl(range(20).map((i) => ({ created: t(i), username: `u${i % 3}@example.com`, eventTypeName: `EVT_${i % 4}`, orgId: 'o1' }))));
    assert.equal(atlas.mapping.event, 'eventTypeName');
    // CloudTrail through Sentinel: EventTypeName (AwsApiCall) is the call's class, EventName the call.
    const ct = await inspectLog(csv(['TimeGenerated', 'UserIdentityArn', 'EventName', 'EventTypeName'], range(20).map((i) => [t(i), `arn:aws:iam::1:user/u${i % 3}`, `Call${i % 5}`, ['AwsApiCall', 'AwsConsoleSignIn'][i % 2]])));
    assert.equal(ct.mapping.event, 'EventName');
    const hayabusa = await inspectLog(csv(['Timestamp', 'Computer', 'Channel', 'RuleTitle', 'Level'], range(20).map((i) => [t(i), `pc${i % 2}`, 'Sec', `Rule ${i % 6}`, 'med'])));
    assert.equal(hayabusa.mapping.event, 'RuleTitle');
    const srum = await inspectLog(jsonl(range(20).map((i) => ({ TimeStamp: t(i), UserName: `u${i % 3}`, AppName: `app${i % 7}.exe`, ForegroundCycleTime: i * 100 }))));
    assert.equal(srum.mapping.event, 'AppName');
    const apt = await inspectLog(csv(['Date and Time', 'Account Name', 'Logon Type', 'timestamp'], range(20).map((i) => [t(i).replace('T', ' ').replace('Z', ''), `u${i % 3}`, `${[2, 3, 10][i % 3]}`, i % 5 === 0 ? '-11644473600.0' : `${Date.UTC(2024, 4, 1, 9, 0, i * 7) / 1000}`])));
    assert.equal(apt.mapping.time, 'Date and Time');
  });
  it('reads a tagged union\'s tag as the event where its object is named as one (Dropbox\'s event_type..tag / _tag), never as the user', async function () {
    const records = (tag: string) =>
      range(20).map((i) => ({ timestamp: t(i), actor: { [tag]: 'user', user: { email: `p${i % 3}@example.com` } }, event_type: { [tag]: ['sign_in', 'file_add', 'tfa_change'][i % 3], description: 'x' } }));
    for (const tag of ['.tag', '_tag']) {
      const d = await inspectLog(jsonl(records(tag)));
      assert.equal(d.mapping.event, `event_type.${tag}`);
      assert.match(d.guesses.event[0].evidence[0], /the tag of event_type, a tagged union named as an event column/);
      assert.deepEqual(d.mapping.users, ['actor.user.email']);
    }
    // A tag under an object not named as an event says nothing.
    const other = await inspectLog(jsonl(range(20).map((i) => ({ timestamp: t(i), user: `u${i % 3}`, details: { _tag: `d${i % 3}` }, action: `a${i % 4}` }))));
    assert.equal(other.mapping.event, 'action');
  });
  it('of two times that fit as well, takes the one whose values all read as times, and says when the time does not read on some rows', async function () {
    // Timesketch's import layout from APT-Hunter: "-11644473600.0" (no time) in the epoch column, 1601 in the ISO one.
    const rows = range(20).map((i) => (i % 6 === 0 ? ['-11644473600.0', '1601-01-01T04:00:00+04:00'] : [`${Date.UTC(2024, 4, 1, 9, 0, i * 7) / 1000}.0`, t(i)]));
    const d = await inspectLog(csv(['message', 'timestamp', 'datetime', 'Computer Name'], rows.map((r, i) => [`[T10${i % 4}] x`, ...r, `pc${i % 2}`])));
    assert.equal(d.mapping.time, 'datetime');
    assert.deepEqual(d.doubts.filter((x) => x.role === 'time'), []);
    const alone = await inspectLog(csv(['message', 'timestamp', 'Computer Name'], rows.map((r, i) => [`[T10${i % 4}] x`, r[0], `pc${i % 2}`])));
    assert.equal(alone.mapping.time, 'timestamp');
    assert.ok(alone.doubts.some((x) => x.note && x.text === 'time column timestamp does not read as a time on 4 of 20 sampled rows ("-11644473600.0"): each would be a bad row'), JSON.stringify(alone.doubts));
  });
  it('reads a Vault-style audit log by the call, not by which half of it a line is, and never takes the call\'s whole object as its params', async function () {
    // HashiCorp Vault's audit device: a request and a response line per call (`type`), the call in request.operation.
    const records = range(24).map((i) => ({
      time: t(i),
      type: i % 2 ? 'response' : 'request',
      auth: { display_name: `approle-${i % 3}`, policies: ['default'] },
      request: { id: `r${i >> 1}`, operation: ['read', 'update', 'list'][(i >> 1) % 3], path: `secret/data/app${i % 4}`, remote_address: '10.0.0.5' },
    }));
    const d = await inspectLog(jsonl(records));
    assert.equal(d.mapping.event, 'request.operation');
    assert.notEqual(d.mapping.params, 'request');
    assert.match(d.rejected.event.map((r) => `${r.column}: ${r.why}`).join('\n'), /type: its values say which half of a call a line is \((request, response|response, request)\), not which call/);
    // With a product's prefix too (Vault's KMIP engine).
    const kmip = await inspectLog(jsonl(records.map((r) => ({ ...r, type: `kmip-${r.type}` }))));
    assert.equal(kmip.mapping.event, 'request.operation');
  });
  it('reads PostgreSQL\'s command tag as the event and MongoDB\'s param as the call\'s arguments, never its user', async function () {
    const pg = await inspectLog(jsonl(range(20).map((i) => ({ ts: t(i), record: { user_name: `app${i % 2}`, command_tag: ['SELECT', 'UPDATE', 'ALTER ROLE'][i % 3], application_name: i % 4 ? '' : 'psql' } }))));
    assert.equal(pg.mapping.event, 'record.command_tag');
    const mongo = await inspectLog(jsonl(range(20).map((i) => ({ atype: ['createUser', 'dropUser', 'authenticate'][i % 3], ts: { $date: t(i) }, remote: { ip: `10.0.0.${i % 3}` }, param: { user: `new${i}`, db: 'admin' } }))));
    assert.equal(mongo.mapping.params, 'param');
    assert.ok(!(mongo.mapping.users ?? []).includes('param.user'), JSON.stringify(mongo.mapping));
  });
  it('reads a workload identity\'s sign-ins by the principal and the resource, never by the principal twice (Entra service-principal sign-ins)', async function () {
    const records = range(20).map((i) => ({ createdDateTime: t(i), servicePrincipalName: `svc-${i % 3}`, appDisplayName: `svc-${i % 3}`, resourceDisplayName: ['Microsoft Graph', 'Azure Key Vault'][i % 2], userPrincipalName: '', ipAddress: '' }));
    const d = await inspectLog(jsonl(records));
    assert.deepEqual(d.mapping.users, ['servicePrincipalName']);
    assert.equal(d.mapping.event, 'resourceDisplayName');
    assert.match(d.guesses.event.find((g) => g.column === 'appDisplayName')!.evidence.join('\n'), /the same as the user column servicePrincipalName on each of the 20 sampled rows that have both: it names who acted, not what they did/);
    // Where the app differs from the user (a person's sign-ins), the app is the event, over the resource.
    const people = await inspectLog(jsonl(records.map((r, i) => ({ ...r, servicePrincipalName: '', userPrincipalName: `p${i % 4}@example.com` }))));
    assert.equal(people.mapping.event, 'appDisplayName');
  });
  it('names an Entra audit event\'s app as its actor where no user started it, and a risk detection by its risk event type', async function () {
    const audit = await inspectLog(jsonl(range(20).map((i) => ({ activityDateTime: t(i), activityDisplayName: `Act${i % 4}`, initiatedBy: i % 5 === 0 ? { user: null, app: { displayName: 'MFA service' } } : { user: { userPrincipalName: `p${i % 3}@example.com` }, app: null } }))));
    assert.deepEqual(audit.mapping.users, ['initiatedBy.user.userPrincipalName|initiatedBy.app.displayName']);
    const risk = await inspectLog(csv(['ActivityDateTime', 'UserPrincipalName', 'Activity', 'RiskEventType'], range(60).map((i) => [t(i), `p${i % 3}@example.com`, ['signin', 'user'][i % 2], ['unfamiliarFeatures', 'anonymizedIPAddress', 'leakedCredentials', 'newCountry'][i % 4]])));
    assert.equal(risk.mapping.event, 'RiskEventType');
  });
  it('takes no params column that is on fewer than one sampled row in ten, and says so; reads go-libaudit\'s record_type as the event', async function () {
    const rows = range(40).map((i) => [t(i), `u${i % 3}`, `${[4624, 4634, 4672][i % 3]}`, i % 20 === 0 ? 'cmd.exe /c whoami' : '']);
    const d = await inspectLog(csv(['TimeCreated', 'SubjectUserName', 'EventID', 'CommandLine'], rows));
    assert.equal(d.mapping.params, undefined);
    assert.ok(d.doubts.some((x) => x.note && x.text === 'no params column taken: CommandLine has a value on only 2 of 40 sampled rows (name it with --params to score with it)'), JSON.stringify(d.doubts));
    // On one row in five it is taken.
    const more = await inspectLog(csv(['TimeCreated', 'SubjectUserName', 'EventID', 'CommandLine'], rows.map((r, i) => [...r.slice(0, 3), i % 5 === 0 ? 'cmd.exe /c whoami' : ''])));
    assert.equal(more.mapping.params, 'CommandLine');
    const audit = await inspectLog(jsonl(range(20).map((i) => ({ '@timestamp': t(i), record_type: ['SYSCALL', 'EXECVE', 'USER_LOGIN', 'CWD'][i % 4], data: { auid: `${1000 + (i % 2)}`, op: i % 3 ? undefined : 'login' } }))));
    assert.equal(audit.mapping.event, 'record_type');
  });
  it('reads a stream of mixed record kinds by the operation, not by the kind, and takes no params the event\'s rows lack (CrowdStrike Event Streams)', async function () {
    const d = await inspectLog(jsonl(range(30).map((i) => {
      const audit = i % 5 !== 0;
      return { metadata: { eventType: audit ? 'AuthActivityAuditEvent' : 'DetectionSummaryEvent', eventCreationTime: Date.UTC(2024, 4, 1, 9, 0, i * 7) }, event: audit ? { UserId: `p${i % 3}@example.com`, OperationName: `op${i % 7}` } : { UserName: `p${i % 3}`, CommandLine: 'cmd.exe /c whoami' } };
    })));
    assert.equal(d.mapping.event, 'event.OperationName');
    assert.equal(d.mapping.params, undefined);
    assert.ok(d.doubts.some((x) => x.note && /no params column taken: event\.CommandLine has a value on only 0 of 24 sampled rows that have the event/.test(x.text)), JSON.stringify(d.doubts));
  });
  it('reads runtime sensors\' process events by the process\'s own binary and the node, not the parent\'s fields (Tetragon)', async function () {
    const d = await inspectLog(jsonl(range(20).map((i) => ({
      time: t(i),
      node_name: `node-${i % 2}`,
      process_exec: {
        process: { binary: `/usr/bin/p${i % 5}`, arguments: `-x ${i}`, auid: 4294967295, pod: { name: `pod-${i % 3}` } },
        parent: { binary: '/usr/bin/bash', arguments: '-c run', auid: 4294967295 },
      },
    }))));
    assert.deepEqual(d.mapping.users, ['node_name']);
    assert.equal(d.mapping.event, 'process_exec.process.binary');
    assert.equal(d.mapping.params, 'process_exec.process.arguments');
    // Linux audit's unset login id on every row names no one.
    assert.ok(d.rejected.users.some((r) => r.column === 'process_exec.process.auid' && /holds no name on any of its 20 sampled rows/.test(r.why)), JSON.stringify(d.rejected.users));
  });
  it('takes the process\'s own start time, not its parent\'s nor one of an object inside it, where the record has no time of its own', async function () {
    // The parent started before the process, the container long before: neither is when the exec happened.
    const d = await inspectLog(jsonl(range(20).map((i) => ({
      node_name: `node-${i % 2}`,
      process_exec: {
        parent: { binary: '/usr/bin/bash', start_time: t(i - 30) },
        process: { binary: `/usr/bin/p${i % 5}`, start_time: t(i), pod: { name: `pod-${i % 3}`, container: { name: 'app', start_time: t(-500 - i) } } },
      },
    }))));
    assert.equal(d.mapping.time, 'process_exec.process.start_time');
    const parent = d.guesses.time.find((g) => g.column === 'process_exec.parent.start_time');
    assert.ok(parent?.evidence.includes("describes the parent process (process_exec.process.start_time is the process's own)"), JSON.stringify(d.guesses.time));
    const container = d.guesses.time.find((g) => g.column === 'process_exec.process.pod.container.start_time');
    assert.ok(container?.evidence.includes('the time of the container, not of the event'), JSON.stringify(d.guesses.time));
    // Both earlier than the process's time on every row: neither is taken for the event's own time (as a receipt time's earlier twin is).
    assert.deepEqual(d.doubts.filter((x) => x.role === 'time'), []);
  });
  it('names the actor inside an object named as one (Docker events\' Actor.Attributes.name), and not a tenancy\'s account name (SentinelOne)', async function () {
    const docker = await inspectLog(jsonl(range(20).map((i) => ({ docker: { time: Math.floor(Date.UTC(2024, 4, 1, 9, 0, i * 7) / 1000), Action: ['start', 'stop', 'die', 'create'][i % 4], Actor: { ID: `c${i % 4}`, Attributes: { name: `web-${i % 4}` } } } }))));
    assert.deepEqual(docker.mapping.users, ['docker.Actor.Attributes.name']);
    const s1 = await inspectLog(jsonl(range(20).map((i) => ({ createdAt: t(i), accountName: 'Acme', accountId: '1', siteName: 'HQ', siteId: '2', groupName: 'Default', activityType: `${20 + (i % 5)}`, data: { username: `p${i % 3}@example.com` } }))));
    assert.deepEqual(s1.mapping.users, ['data.username']);
    assert.match(s1.guesses.users.find((g) => g.column === 'accountName')!.evidence.join('\n'), /a scope of the record \(beside its site or group\), not a person/);
  });
  it('reads a vendor\'s event id (mimecastEventId), ASIM\'s DvcAction and EventEndTime, a gateway\'s HTTP method; never an "id" of phrases', async function () {
    const mc = await inspectLog(jsonl(range(20).map((i) => ({ 'TimeGenerated [UTC]': t(i), Sender_s: `p${i % 3}@example.com`, mimecastEventId_s: `mail_${['receipt', 'process', 'delivery', 'ttp'][i % 4]}` }))));
    assert.equal(mc.mapping.event, 'mimecastEventId_s');
    // Only the names of events: a parent's process name is not read as an event after its first word.
    const parent = await inspectLog(jsonl(range(20).map((i) => ({ time: t(i), user: `u${i % 3}`, parentProcessName: `p${i % 4}.exe` }))));
    assert.notEqual(parent.mapping.event, 'parentProcessName');
    const sophos = await inspectLog(jsonl(range(20).map((i) => ({ EventEndTime: t(i), Source: `h${i % 3}`, DvcAction: ['Event::Endpoint::Threat::Detected', 'Event::Endpoint::UpdateSuccess'][i % 2], EventType: 'event' }))));
    assert.deepEqual([sophos.mapping.time, sophos.mapping.event], ['EventEndTime', 'DvcAction']);
    const cf = await inspectLog(csv(['Datetime', 'Email', 'Action', 'HTTPMethod'], range(20).map((i) => [t(i), `p${i % 3}@example.com`, 'allow', ['GET', 'POST', 'PUT', 'DELETE'][i % 4]])));
    assert.equal(cf.mapping.event, 'HTTPMethod');
    const pulse = await inspectLog(jsonl(range(20).map((i) => ({ LogTime: t(i), User: `u${i % 3}`, EventID: ['Personal_PC No MSTSC', 'Users Admins'][i % 2], Action: `act${i % 4}` }))));
    assert.equal(pulse.mapping.event, 'Action');
    assert.match(pulse.rejected.event.map((r) => `${r.column}: ${r.why}`).join('\n'), /EventID: named as an id, its values are phrases \("Personal_PC No MSTSC"\)/);
  });
  it('pairs the user with an address inside a cell\'s JSON only where that address tells apart rows the user leaves empty (Duo)', async function () {
    const rows = range(20).map((i) => [t(i), i % 4 === 0 ? '' : `u${i % 3}`, `act${i % 4}`, JSON.stringify(i % 4 === 0 ? { factor: 'sms' } : { ip_address: `192.0.2.${i % 5}` })]);
    const d = await inspectLog(csv(['timestamp', 'username', 'action', 'description'], rows));
    assert.deepEqual(d.mapping.users, ['username']);
  });
});
