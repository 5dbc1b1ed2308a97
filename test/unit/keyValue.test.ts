// Key=value text logs (src/engine/read/keyValue.ts): the line reader (quoted
// values and their escapes, auditd's single-quoted userspace message and its
// pairs, repeated keys, a syslog priority, words that are no pair, keys that
// are only data), the format's detection, a date and a time of day in two
// keys read as one time, auditd's `audit(epoch:serial):` stamp, and the
// reader's bad rows located by line and column.
import * as assert from 'node:assert/strict';
import { utimesSync } from 'node:fs';
import * as path from 'node:path';
import { syslogHeaderEnd } from '../../src/engine/read/syslogStamp';
import { tempFiles } from './inputFiles';
import { AuditEvents, keyValueLine, looksKeyValue } from '../../src/engine/read/keyValue';
import { detectFormat } from '../../src/engine/read/format';
import { inspectLog } from '../../src/engine/read/detect';
import { toInstant, formatInstant } from '../../src/engine/read/time';
import { loadLog } from '../../src/engine/pipeline';
import { eventUsers } from '../../src/engine/events';
import { BadRowError } from '../../src/engine/types';

const file = tempFiles('sessionscope-kv-');

/** FortiOS-shaped lines: date and time in two keys, quoted values with blanks, the user on admin records only. */
const FORTI = [
  'date=2024-06-01 time=10:00:00 devname="fw1" logid="0100032001" type="event" subtype="system" level="information" user="alice" ui="https(10.0.0.5)" action="login" status="success" msg="Administrator alice logged in"',
  'date=2024-06-01 time=10:00:30 devname="fw1" logid="0100044546" type="event" subtype="system" level="information" user="alice" ui="https(10.0.0.5)" action="Edit" cfgpath="firewall.policy" msg="Edit firewall.policy 7"',
  'date=2024-06-01 time=10:01:10 devname="fw1" logid="0100032003" type="event" subtype="system" level="information" user="alice" ui="https(10.0.0.5)" action="logout" status="success" msg="Administrator alice logged out"',
  'date=2024-06-01 time=11:00:00 devname="fw1" logid="0100032001" type="event" subtype="system" level="information" user="bob" ui="ssh(10.0.0.9)" action="login" status="success" msg="Administrator bob logged in"',
  'date=2024-06-01 time=11:00:40 devname="fw1" logid="0100032003" type="event" subtype="system" level="information" user="bob" ui="ssh(10.0.0.9)" action="logout" status="success" msg="Administrator bob logged out"',
];

describe('key=value lines (keyValue.ts)', function () {
  it('reads bare and quoted values, with \\" and \\\\ escapes, and empty ones', function () {
    const r = keyValueLine('a=1 b="two words" c="say \\"hi\\" \\\\ back" d= e=x=y');
    assert.equal(r.pairs, 5);
    assert.deepEqual({ ...r.fields }, { a: '1', b: 'two words', c: 'say "hi" \\ back', d: '', e: 'x=y' });
    assert.equal(r.unclosed, undefined);
  });

  it("takes the pairs of auditd's single-quoted userspace message, and keeps a key's first value", function () {
    const line = `type=USER_LOGIN msg=audit(1551485412.164:7519): pid=16101 uid=0 auid=4294967295 ses=4294967295 msg='op=login acct="root" exe="/usr/sbin/sshd" hostname=? addr=61.184.247.3 terminal=sshd res=failed'`;
    const r = keyValueLine(line);
    assert.equal(r.fields.msg, 'audit(1551485412.164:7519):');
    assert.equal(r.fields.op, 'login');
    assert.equal(r.fields.acct, 'root');
    assert.equal(r.fields.exe, '/usr/sbin/sshd');
    assert.equal(r.fields.addr, '61.184.247.3');
    assert.equal(r.fields.res, 'failed');
    assert.equal(r.fields.type, 'USER_LOGIN');
  });

  it('skips a syslog priority and words that are no pair; a key named __proto__ is data', function () {
    const r = keyValueLine('<189>date=2024-06-01 stray words here __proto__=x constructor=y z=1');
    assert.deepEqual(Object.keys(r.fields), ['date', '__proto__', 'constructor', 'z']);
    assert.equal(r.fields.__proto__, 'x');
    assert.equal(Object.getPrototypeOf(r.fields), null);
    assert.equal(r.pairs, 4);
  });

  it('reads hostile lines (200,000 pairs, a quote left open after 100,000 pairs, a quoted message of 100,000 pairs) in one pass', function () {
    assert.equal(keyValueLine('k=v '.repeat(200_000)).pairs, 200_000);
    assert.deepEqual(keyValueLine('k=v '.repeat(100_000) + 'a="never closed').unclosed, { column: 400_003, key: 'a' });
    assert.equal(keyValueLine(`m='${'a=b '.repeat(100_000)}'`).pairs, 100_000);
  });

  it('says where a quote the line never closes opens, and for which key', function () {
    const r = keyValueLine('a=1 msg="never closed b=2');
    assert.deepEqual(r.unclosed, { column: 9, key: 'msg' });
    assert.equal(keyValueLine("a=1 m='open").unclosed?.column, 7);
  });

  it('knows key=value lines from CSV headers, JSON and syslog text', function () {
    assert.ok(looksKeyValue(FORTI[0]));
    assert.ok(looksKeyValue('type=DAEMON_START msg=audit(1551485405.594:7507): op=start ver=2.8.2 format=raw'));
    assert.ok(looksKeyValue('<189>date=2016-06-15 time=10:42:31 devname=x devid=y'));
    assert.ok(!looksKeyValue('TimeGenerated,UserId,Operation,Parameters'));
    assert.ok(!looksKeyValue('{"a":1,"b":2}'));
    assert.ok(!looksKeyValue('Jun 15 10:42:31 host sshd[12]: Accepted password for root'));
    assert.ok(!looksKeyValue('a=1 b=2 c=3'), 'three pairs are not enough to call a line key=value text');
    assert.equal(detectFormat('fw.log', FORTI.join('\n')).format, 'kv');
    // A log that opens on a short record (two pairs) is key=value text when a line after it holds four or more.
    assert.equal(detectFormat('audit.log', 'type=EOE msg=audit(1551485405.594:7507): \ntype=SYSCALL msg=audit(1551485405.600:7508): arch=c000003e syscall=59 success=yes\n').format, 'kv');
    assert.equal(detectFormat('notes.txt', 'a=1 b=2\nsome text here\nc=3 d=4 e=5 f=6\n').format, 'csv');
    assert.equal(detectFormat('fw.csv', 'a,b,c\n1,2,3\n').format, 'csv');
  });

  it("reads auditd's stamp as its time, the serial left out", function () {
    const t = toInstant('audit(1551485405.594:7507):');
    assert.ok(t);
    assert.equal(formatInstant(t.ms, t.ns), '2019-03-02T00:10:05.594Z');
    assert.ok(toInstant('audit(1551485405:1)'));
    assert.equal(toInstant('audit(12:3):'), undefined);
    assert.equal(toInstant('audit(1551485405.594):'), undefined);
  });
});

/** One execve as auditd writes it: a SYSCALL record naming who acted, then records of the same stamp that do not. */
const AUDIT = [
  'type=SYSCALL msg=audit(1778355633.149:2322536): arch=c000003e syscall=59 success=yes exit=0 ppid=1140452 pid=1140453 auid=1019 uid=1019 gid=1019 euid=1019 ses=7 tty=pts0 comm="bash" exe="/usr/bin/bash" key=(null)',
  'type=EXECVE msg=audit(1778355633.149:2322536): argc=1 a0="-bash"',
  'type=CWD msg=audit(1778355633.149:2322536): cwd="/home/user"',
  'type=PATH msg=audit(1778355633.149:2322536): item=0 name="/bin/bash" inode=13348 dev=103:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL',
  'type=USER_LOGIN msg=audit(1778355640.001:2322540): pid=1200 uid=0 auid=4294967295 ses=4294967295 msg=\'op=login acct="root" exe="/usr/sbin/sshd" hostname=? addr=192.0.2.9 terminal=sshd res=failed\'',
  'type=PROCTITLE msg=audit(1778355641.002:2322541): proctitle=2D62617368',
];

describe('Linux audit events (AuditEvents)', function () {
  it("gives an event's later records who acted, from its records before them; their own keys stay; a new stamp starts afresh", function () {
    const audit = new AuditEvents();
    const records = AUDIT.map((l) => keyValueLine(l).fields);
    assert.deepEqual(records.map((r, i) => audit.join(r, i + 1)), [1, 1, 1, 1, 5, 6]);
    assert.equal(audit.joined, 3);
    for (const r of records.slice(1, 4)) {
      assert.deepEqual([r.auid, r.uid, r.ses, r.pid, r.tty], ['1019', '1019', '7', '1140453', 'pts0']);
      assert.equal(r.comm, undefined, 'what a record says of itself (its command) is not shared');
    }
    assert.equal(records[1].type, 'EXECVE');
    assert.equal(records[4].auid, '4294967295');
    assert.equal(records[5].auid, undefined, 'another stamp is another event');
  });
});

describe('key=value logs, read', function () {
  it("takes an audit record's type for the event, over an op that only some record types have", async function () {
    const types = ['USER_AUTH', 'USER_ACCT', 'CRED_ACQ', 'USER_LOGIN', 'USER_START', 'CONFIG_CHANGE'];
    const lines = Array.from({ length: 24 }, (_, i) => {
      const type = types[i % types.length];
      const stamp = `msg=audit(1551485${400 + i}.1${i}:${7500 + i}):`;
      return type === 'CONFIG_CHANGE'
        ? `type=${type} ${stamp} audit_backlog_limit=8192 old=64 auid=4294967295 ses=4294967295 res=1`
        : `type=${type} ${stamp} pid=${15000 + i} uid=0 auid=${i % 2 ? 1000 : 1001} ses=${200 + (i % 2)} msg='op=PAM:${type.toLowerCase()} acct="root" exe="/usr/sbin/sshd" hostname=10.0.0.${i % 3} addr=10.0.0.${i % 3} terminal=ssh res=success'`;
    });
    const d = await inspectLog(file('audit-op.log', lines.join('\n') + '\n'));
    assert.equal(d.mapping.time, 'msg');
    assert.equal(d.mapping.event, 'type');
    // msticpy's raw audit log of an SSH brute force: auid unset (4294967295) on most records, the PAM records' hostname
    // an address or auditd's `?` for none; `?` names no one, so the login identity is the user column.
    const real = await inspectLog(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'real', 'msticpy-auditd-raw.log'));
    assert.deepEqual(real.mapping.users, ['auid']);
    assert.equal(real.mapping.event, 'type');
    // Elsewhere a column named type is a weaker event name than op.
    const plain = await inspectLog(file('plain-op.log', Array.from({ length: 24 }, (_, i) => `ts=2024-06-01T10:00:${String(i).padStart(2, '0')}Z user=u${i % 3} type=t${i % 2} op=o${i % 5} x=1`).join('\n') + '\n'));
    assert.equal(plain.mapping.event, 'op');
  });

  it("reads an audit event's records as one actor's, and says so in a note", async function () {
    const f = file('audit.log', AUDIT.join('\n') + '\n');
    const d = await inspectLog(f);
    assert.deepEqual(d.mapping.users, ['auid']);
    assert.equal(d.mapping.time, 'msg');
    assert.ok(d.doubts.some((x) => x.note && /3 of 6 sampled records are later records of a Linux audit event/.test(x.text)), JSON.stringify(d.doubts));
    const log = await loadLog({ file: f, mapping: { users: ['auid'], time: 'msg', event: 'type' }, read: { onBadRow: 'skip' } });
    assert.deepEqual([0, 1, 2, 3].map((i) => eventUsers(log.events, i)[0]), ['1019', '1019', '1019', '1019']);
    assert.equal(eventUsers(log.events, 5)[0], null);
    // Each later record of the event stands on the lines from the event's SYSCALL record, where who acted is written.
    assert.deepEqual([...log.events.startLine], [1, 1, 1, 1, 5, 6]);
    assert.deepEqual([...log.events.endLine], [1, 2, 3, 4, 5, 6]);
  });

  it('detects the columns, joins date and time into one time, and reads every line as a record', async function () {
    const f = file('fortigate.log', FORTI.join('\n') + '\n');
    const d = await inspectLog(f);
    assert.equal(d.format, 'kv');
    assert.equal(d.mapping.time, 'date+time');
    assert.deepEqual(d.mapping.users, ['user']);
    assert.equal(d.mapping.event, 'action');
    const log = await loadLog({ file: f });
    assert.equal(log.format, 'kv');
    assert.equal(log.events.count, 5);
    assert.deepEqual([...log.events.startLine], [1, 2, 3, 4, 5]);
    assert.deepEqual([...log.events.endLine], [1, 2, 3, 4, 5]);
    assert.equal(formatInstant(log.events.timeMs[1], 0), '2024-06-01T10:00:30.000Z');
    assert.deepEqual(eventUsers(log.events, 3), ['bob']);
    assert.deepEqual(log.events.commandNames, ['login', 'Edit', 'logout']);
  });

  it('locates bad lines (an unclosed quote, a line of no pairs) and skips them under skip', async function () {
    const lines = [...FORTI, FORTI[1].replace('msg="Edit', 'msg="Edit never closed').replace(/"$/, ''), 'just some words', FORTI[2]];
    const f = file('bad.log', lines.join('\n') + '\n');
    const mapping = { users: ['user'], time: 'date+time', event: 'action' };
    await assert.rejects(loadLog({ file: f, mapping }), (e: unknown) => {
      assert.ok(e instanceof BadRowError);
      assert.equal(e.location?.line, 6);
      assert.equal(e.location?.column, lines[5].indexOf('msg="') + 5);
      assert.match(e.message, /quoted value of "msg" is never closed/);
      return true;
    });
    const log = await loadLog({ file: f, mapping, read: { onBadRow: 'skip' } });
    assert.equal(log.events.count, 6);
    assert.deepEqual([...log.events.startLine], [1, 2, 3, 4, 5, 8]);
    assert.deepEqual(log.skipped.first.map((s) => s.line), [6, 7]);
    assert.match(log.skipped.first[1].reason, /no key=value pairs on the line/);
  });

  it("reads the lines a syslog server writes (a header's time and host before the pairs) as the device's, its time kept as syslog.time", async function () {
    const relayed = FORTI.map((l, i) => `${['Jun  1 10:00:02', '<189>Jun  1 10:00:31', 'Jun  1 10:01:11', 'Jun  1 11:00:01', 'Jun  1 11:00:41'][i]} fw1.corp.local ${l}`);
    assert.equal(syslogHeaderEnd(relayed[0]), relayed[0].indexOf('date='));
    assert.equal(syslogHeaderEnd('<134>1 2019-05-15T16:25:50Z fw app 42 - date=1 b=2'), '<134>1 2019-05-15T16:25:50Z fw app 42 - '.length);
    assert.equal(syslogHeaderEnd('Jun 15 10:42:31 host sshd[12]: Accepted password for root'), 'Jun 15 10:42:31 host sshd[12]: Accepted password for '.length, 'at most five words');
    assert.equal(syslogHeaderEnd(FORTI[0]), 0);
    assert.equal(detectFormat('fortigate.log', relayed.join('\n')).format, 'kv');
    assert.equal(detectFormat('secure', 'Jun 15 10:42:31 host sshd[12]: Accepted password for root from 10.0.0.1 port 22 ssh2\n').format, 'csv', 'syslog text without pairs is no key=value log');
    const f = file('relayed.log', relayed.join('\n') + '\n');
    utimesSync(f, Date.UTC(2024, 11, 1) / 1000, Date.UTC(2024, 11, 1) / 1000);
    const d = await inspectLog(f);
    assert.equal(d.format, 'kv');
    assert.equal(d.mapping.time, 'date+time', "the record's own time, not the relay's");
    assert.deepEqual(d.mapping.users, ['user']);
    assert.ok(d.columns.includes('syslog.time'));
    const log = await loadLog({ file: f });
    assert.equal(log.events.count, 5);
    assert.equal(formatInstant(log.events.timeMs[1], 0), '2024-06-01T10:00:30.000Z');
    const relayTime = await loadLog({ file: f, mapping: { users: ['user'], time: 'syslog.time', event: 'action' } });
    assert.equal(formatInstant(relayTime.events.timeMs[1], 0), '2024-06-01T10:00:31.000Z', "the relay's time, given the file's year");
  });

  it("applies a record's tz key to its date and time, and says so", async function () {
    const f = file('fortios7.log', FORTI.map((l) => l.replace(' devname=', ' tz="-0700" devname=')).join('\n') + '\n');
    const d = await inspectLog(f);
    assert.equal(d.mapping.time, 'date+time');
    assert.ok(d.doubts.some((x) => x.role === 'time' && x.note && /tz key \(-0700\)/.test(x.text)), JSON.stringify(d.doubts));
    const log = await loadLog({ file: f });
    assert.equal(formatInstant(log.events.timeMs[0], 0), '2024-06-01T17:00:00.000Z');
  });

  it('a date or a time of day missing from a record is a bad row naming the joined time', async function () {
    const f = file('notime.log', [FORTI[0], FORTI[1].replace(/ time=\S+/, ''), FORTI[2]].join('\n') + '\n');
    const log = await loadLog({ file: f, mapping: { users: ['user'], time: 'date+time', event: 'action' }, read: { onBadRow: 'skip' } });
    assert.equal(log.events.count, 2);
    assert.equal(log.skipped.first[0].line, 2);
    assert.match(log.skipped.first[0].reason, /no time: the record has no "time" field \(the time joins "date" and "time"\)/);
  });
});
