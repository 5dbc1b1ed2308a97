// Raw LEEF lines (src/engine/read/leef.ts): the header split at unescaped
// '|', the attributes at the delimiter LEEF 2.0 names (a character or its hex
// code, a tab when empty or left out) or, in LEEF 1.0, at tabs and at a '|' or
// '^' before a key; a syslog prefix's time kept; the format told by content;
// a short header or a bad delimiter located as a bad row.
import * as assert from 'node:assert/strict';
import { readFileSync, utimesSync } from 'node:fs';
import * as path from 'node:path';
import { tempFiles } from './inputFiles';
import { leefLine, leefStart, looksLeef } from '../../src/engine/read/leef';
import { SyslogYear } from '../../src/engine/read/syslogStamp';
import { detectFormat } from '../../src/engine/read/format';
import { inspectLog } from '../../src/engine/read/detect';
import { loadLog } from '../../src/engine/pipeline';
import { eventUsers } from '../../src/engine/events';
import { formatInstant, toInstant } from '../../src/engine/read/time';
import { BadRowError } from '../../src/engine/types';

const file = tempFiles('sessionscope-leef-');
const REAL = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'real');

const LINES = [
  '<13>Jun 20 16:00:00 idp01 LEEF:2.0|Acme|IdP|3.1|LOGIN|^|devTime=Jun 20 2024 16:00:00 GMT^usrName=alice^src=10.0.0.5^cat=Authentication',
  '<13>Jun 20 16:00:30 idp01 LEEF:2.0|Acme|IdP|3.1|MFA_PUSH|^|devTime=Jun 20 2024 16:00:30 GMT^usrName=alice^src=10.0.0.5^cat=Authentication',
  '<13>Jun 20 16:01:10 idp01 LEEF:2.0|Acme|IdP|3.1|ROLE_GRANT|^|devTime=Jun 20 2024 16:01:10 GMT^usrName=alice^src=10.0.0.5^cat=Admin^role=Global Administrator',
  '<13>Jun 20 17:00:00 idp01 LEEF:2.0|Acme|IdP|3.1|LOGIN|^|devTime=Jun 20 2024 17:00:00 GMT^usrName=bob^src=10.0.0.9^cat=Authentication',
  '<13>Jun 20 17:00:40 idp01 LEEF:2.0|Acme|IdP|3.1|LOGOUT|^|devTime=Jun 20 2024 17:00:40 GMT^usrName=bob^src=10.0.0.9^cat=Authentication',
];

describe('LEEF lines (leef.ts)', function () {
  it('splits the header and the attributes at the delimiter LEEF 2.0 names, in any of its spellings', function () {
    const r = leefLine(LINES[2]);
    assert.equal(r.error, undefined);
    assert.deepEqual({ ...r.fields }, {
      LEEFVersion: '2.0', DeviceVendor: 'Acme', DeviceProduct: 'IdP', DeviceVersion: '3.1', EventID: 'ROLE_GRANT',
      devTime: 'Jun 20 2024 16:01:10 GMT', usrName: 'alice', src: '10.0.0.5', cat: 'Admin', role: 'Global Administrator',
    });
    assert.equal(r.pairs, 5 + 5);
    assert.equal(leefLine('LEEF:2.0|V|P|1|E|x09|a=1\tb=two words\tc=x=y').fields.b, 'two words');
    assert.equal(leefLine('LEEF:2.0|V|P|1|E|x09|a=1\tb=2\tc=x=y').fields.c, 'x=y', "a value keeps its '='");
    assert.equal(leefLine('LEEF:2.0|V|P|1|E|0x5E|a=1^b=2').fields.b, '2');
    assert.equal(leefLine('LEEF:2.0|V|P|1|E||a=1\tb=2').fields.b, '2', 'an empty delimiter field: a tab');
    assert.equal(leefLine('LEEF:2.0|V|P|1|E|a=1\tb=2').fields.b, '2', 'no delimiter field at all: a tab, and the first pair kept');
    const bad = leefLine('<13>Jun 20 16:00:00 h LEEF:2.0|V|P|1|E|xZZ|a=1');
    assert.match(bad.error!.message, /the LEEF 2\.0 header's delimiter field is "xZZ", not one character or its hex code/);
    assert.equal(bad.error!.column, 23);
  });

  it("reads LEEF 1.0 at tabs, and at a '|' or '^' before a key as senders write it (PAN-OS, CyberArk PTA)", function () {
    assert.deepEqual({ ...leefLine('LEEF:1.0|V|P|1|E|a=1\tb=two words').fields }.b, 'two words');
    const panos = leefLine('LEEF:1.0|Palo Alto Networks|PAN-OS Syslog Integration|11.1|allow|cat=TRAFFIC|src=10.1.1.1|usrName=|Application=ssl');
    assert.equal(panos.fields.src, '10.1.1.1');
    assert.equal(panos.fields.usrName, '');
    assert.equal(panos.fields.Application, 'ssl');
    const mixed = leefLine('LEEF:1.0|CyberArk|PTA|14.0|1|Cat=Suspected credentials theft|sev=8|src=src1\tuserName=mike\turl=https://h/x?a=b|c');
    assert.equal(mixed.fields.Cat, 'Suspected credentials theft');
    assert.equal(mixed.fields.sev, '8');
    assert.equal(mixed.fields.userName, 'mike');
    assert.equal(mixed.fields.url, 'https://h/x?a=b|c', "a '|' no key follows stays in the value");
  });

  it('reads escaped pipes in the header, keeps the first of a key seen twice, and keeps __proto__ as data', function () {
    const r = leefLine('LEEF:1.0|Ven\\|dor|P\\\\Q|1|E|EventID=other\t__proto__=x\tk=1\tk=2\tno pair here');
    assert.equal(r.fields.DeviceVendor, 'Ven|dor');
    assert.equal(r.fields.DeviceProduct, 'P\\Q');
    assert.equal(r.fields.EventID, 'E', "the header's EventID is kept over an attribute of the same name");
    assert.equal(r.fields.k, '1');
    assert.equal(Object.getPrototypeOf(r.fields), null);
    assert.equal(r.fields['__proto__'], 'x');
  });

  it('finds the record after a syslog prefix, keeps the prefix time, and says where a short header starts', function () {
    assert.equal(leefStart('<13>Jan 18 11:07:53 host LEEF:1.0|a|b|c|d|'), 25);
    assert.equal(leefStart('zscaler-nss: LEEF:1.0|a|b|c|d|'), 13);
    assert.equal(leefStart('no record LEEF here'), -1);
    const year = new SyslogYear(Date.UTC(2025, 5, 30));
    assert.equal(leefLine('<13>Jan 18 11:07:53 host LEEF:1.0|a|b|c|d|x=1', year).fields['syslog.time'], 'Jan 18 11:07:53 2025');
    assert.equal(leefLine('LEEF:1.0|a|b|c|d|devTime=Jan 18 11:07:53.120 UTC', year).fields.devTime, 'Jan 18 11:07:53.120 UTC 2025', 'a devTime without a year is given one');
    const short = leefLine('<13>Jun 20 16:00:00 h LEEF:1.0|Acme|IdP');
    assert.equal(short.error?.column, 23);
    assert.match(short.error!.message, /the LEEF header has 2 of its 5 fields/);
  });

  it('tells LEEF text by its first line, and reads the times LEEF senders write', function () {
    assert.ok(looksLeef(LINES.join('\n')));
    assert.ok(!looksLeef('a,b\nLEEF:1.0|a|b|c|d|\n'));
    assert.equal(detectFormat('idp.log', LINES.join('\n')).format, 'leef');
    assert.equal(detectFormat('idp.txt', LINES.join('\n')).jsonShape, 'leef');
    // Carbon Black's connector writes dashes where its devTimeFormat says blanks.
    assert.equal(formatInstant(toInstant('Apr-15-2016 06:54:00 GMT')!.ms, 0), '2016-04-15T06:54:00.000Z');
    assert.equal(formatInstant(toInstant('15-Apr-2016 06:54:00')!.ms, 0), '2016-04-15T06:54:00.000Z');
    assert.equal(toInstant('Apr-15 06:54:00'), undefined);
  });
});

describe('LEEF logs, read', function () {
  it('detects the columns and reads every line as a record on its line', async function () {
    const f = file('idp.log', LINES.join('\n') + '\n');
    const d = await inspectLog(f);
    assert.equal(d.format, 'leef');
    assert.deepEqual(d.mapping.users, ['usrName']);
    assert.equal(d.mapping.time, 'devTime');
    assert.equal(d.mapping.event, 'EventID');
    const log = await loadLog({ file: f });
    assert.equal(log.format, 'leef');
    assert.equal(log.events.count, 5);
    assert.deepEqual([...log.events.startLine], [1, 2, 3, 4, 5]);
    assert.deepEqual(eventUsers(log.events, 3), ['bob']);
    assert.equal(formatInstant(log.events.timeMs[1], 0), '2024-06-20T16:00:30.000Z');
    assert.deepEqual(log.events.commandNames, ['LOGIN', 'MFA_PUSH', 'ROLE_GRANT', 'LOGOUT']);
  });

  it('a line with a short header is a bad row at its line and column; skipped, the rest are read', async function () {
    const lines = [...LINES.slice(0, 3), '<13>Jun 20 16:30:00 idp01 LEEF:2.0|Acme|IdP', ...LINES.slice(3)];
    const f = file('short.log', lines.join('\n') + '\n');
    const mapping = { users: ['usrName'], time: 'devTime', event: 'EventID' };
    await assert.rejects(loadLog({ file: f, mapping }), (e: unknown) => {
      assert.ok(e instanceof BadRowError);
      assert.equal(e.location?.line, 4);
      assert.equal(e.location?.column, lines[3].indexOf('LEEF:') + 1);
      return true;
    });
    const log = await loadLog({ file: f, mapping, read: { onBadRow: 'skip' } });
    assert.equal(log.events.count, 5);
    assert.deepEqual(log.skipped.first.map((s) => s.line), [4]);
  });

  it("reads Carbon Black's connector output by devTime, and says the lines that have none", async function () {
    const f = path.join(REAL, 'cbc-syslog-carbonblack-alerts-leef.log');
    const d = await inspectLog(f);
    assert.equal(d.mapping.time, 'devTime');
    assert.ok(d.doubts.some((x) => x.role === 'time' && /devTime is empty on 12 of 15 sampled rows/.test(x.text)), JSON.stringify(d.doubts));
    const log = await loadLog({ file: f, read: { onBadRow: 'skip' } });
    assert.equal(log.events.count, 3);
    assert.deepEqual([...log.events.timeMs].map((ms) => formatInstant(ms, 0)), ['2016-04-15T06:54:00.000Z', '2015-02-05T19:07:43.000Z', '2019-04-07T15:43:31.000Z']);
  });

  it('gives the year of the file to a syslog prefix time when no time of the record is there (Zscaler NSS)', async function () {
    const copy = file('nss.log', readFileSync(path.join(REAL, 'tenzir-zscaler-nss-fw-leef.log')));
    utimesSync(copy, Date.UTC(2024, 11, 31) / 1000, Date.UTC(2024, 11, 31) / 1000);
    const d = await inspectLog(copy);
    assert.equal(d.mapping.time, 'syslog.time');
    assert.ok(d.doubts.some((x) => x.note && /syslog\.time is the syslog header's time, which has no year: read in 2024/.test(x.text)));
    const log = await loadLog({ file: copy });
    assert.equal(formatInstant(log.events.timeMs[0], 0), '2024-06-02T16:34:55.000Z');
  });
});
