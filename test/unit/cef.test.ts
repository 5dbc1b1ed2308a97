// Raw CEF lines (src/engine/read/cef.ts): the header's seven fields split at
// unescaped '|', the extension's values running to the next key (blanks in
// them, `\=` and `\\` escapes, a URL's '=' kept), a syslog prefix passed
// over, the format told by content, and a short header located as a bad row.
import * as assert from 'node:assert/strict';
import { tempFiles } from './inputFiles';
import { utimesSync } from 'node:fs';
import { cefLine, cefStart, looksCef } from '../../src/engine/read/cef';
import { cefTimeWithYear, SyslogYear, syslogTime, syslogYearNote } from '../../src/engine/read/syslogStamp';
import { detectFormat } from '../../src/engine/read/format';
import { inspectLog } from '../../src/engine/read/detect';
import { loadLog } from '../../src/engine/pipeline';
import { eventUsers } from '../../src/engine/events';
import { formatInstant } from '../../src/engine/read/time';
import { BadRowError } from '../../src/engine/types';

const file = tempFiles('sessionscope-cef-');

const LINES = [
  '<134>Jun 20 16:00:00 fw01 CEF:0|Acme|Gate|9.1|100|Admin login|3|rt=Jun 20 2024 16:00:00 GMT suser=CORP\\\\alice src=10.0.0.5 act=login msg=Admin logged in from the console',
  '<134>Jun 20 16:00:30 fw01 CEF:0|Acme|Gate|9.1|200|Policy changed|5|rt=Jun 20 2024 16:00:30 GMT suser=CORP\\\\alice src=10.0.0.5 act=edit cs1Label=Rule cs1=allow web',
  '<134>Jun 20 16:01:10 fw01 CEF:0|Acme|Gate|9.1|101|Admin logout|3|rt=Jun 20 2024 16:01:10 GMT suser=CORP\\\\alice src=10.0.0.5 act=logout',
  '<134>Jun 20 17:00:00 fw01 CEF:0|Acme|Gate|9.1|100|Admin login|3|rt=Jun 20 2024 17:00:00 GMT suser=bob src=10.0.0.9 act=login msg=Admin logged in over SSH',
  '<134>Jun 20 17:00:40 fw01 CEF:0|Acme|Gate|9.1|101|Admin logout|3|rt=Jun 20 2024 17:00:40 GMT suser=bob src=10.0.0.9 act=logout',
];

describe('CEF lines (cef.ts)', function () {
  it('names the header fields as CommonSecurityLog does and reads extension values with blanks', function () {
    const r = cefLine(LINES[0]);
    assert.equal(r.error, undefined);
    assert.deepEqual({ ...r.fields }, {
      CEFVersion: '0', DeviceVendor: 'Acme', DeviceProduct: 'Gate', DeviceVersion: '9.1', DeviceEventClassID: '100', Name: 'Admin login', Severity: '3',
      rt: 'Jun 20 2024 16:00:00 GMT', suser: 'CORP\\alice', src: '10.0.0.5', act: 'login', msg: 'Admin logged in from the console',
    });
    assert.equal(r.pairs, 12);
  });

  it('reads escapes: \\| in the header, \\= \\\\ \\n in values; a URL\'s = stays in its value; a key seen twice keeps its first value', function () {
    const r = cefLine('CEF:0|Ven\\|dor|P|1|x|N|1|request=https://h.example/a?b=1&c=2 msg=k\\=v and C:\\\\dir\\nnext act=first act=second');
    assert.equal(r.fields.DeviceVendor, 'Ven|dor');
    assert.equal(r.fields.request, 'https://h.example/a?b=1&c=2');
    assert.equal(r.fields.msg, 'k=v and C:\\dir\nnext');
    assert.equal(r.fields.act, 'first');
    assert.equal(Object.getPrototypeOf(r.fields), null);
  });

  it('also names each custom field by its label, never over a key of the line', function () {
    const r = cefLine('CEF:0|Fortinet|FortiWeb|1|N/A|login|3|cs1Label=userID cs1=42 cs2Label=userName cs2=admin one cn1Label=src cn1=7 cs3Label= cs3=x cs4Label=cs5 cs4=y cs5=z');
    assert.equal(r.fields.userID, '42');
    assert.equal(r.fields.userName, 'admin one');
    assert.equal(r.fields.cs2, 'admin one', 'kept under its own key too');
    assert.equal(r.fields.src, '7', 'a label names a column the line does not have');
    assert.equal(cefLine('CEF:0|a|b|c|d|e|f|src=10.0.0.1 cn1Label=src cn1=7').fields.src, '10.0.0.1', "never over the line's own key");
    assert.equal(r.fields[''], undefined, 'an empty label adds nothing');
    assert.equal(r.fields.cs5, 'z', 'a label naming another custom field adds nothing');
  });

  it('finds the record after a syslog prefix, and says where a short header starts', function () {
    assert.equal(cefStart('<134>CEF:0|a|b|c|d|e|f|'), 5);
    assert.equal(cefStart('2024-06-20T16:00:00Z host CEF:1|a|b|c|d|e|f|'), 26);
    assert.equal(cefStart('no record here CEF:x|'), -1);
    const short = cefLine('<13>Jun 20 16:00:00 h CEF:0|Acme|Gate|9.1|100');
    assert.deepEqual(short.error?.column, 23);
    assert.match(short.error!.message, /the CEF header has 4 of its 7 fields/);
  });

  it("reads the forms appliances write: a program tag's colon before CEF:, a blank after it, values in quotes", function () {
    const f5 = cefLine('<131>Sep 19 13:53:34 bigip-4 ASM:CEF:0|F5|ASM|11.3.0|200021069|Automated client access "wget"|5|dvchost=bigip-4 src=10.0.0.1');
    assert.equal(f5.fields.DeviceProduct, 'ASM');
    assert.equal(f5.fields.Name, 'Automated client access "wget"');
    const waas = cefLine('Aug  3 10:49:35 Barracuda CEF: 0|BarracudaNetworks|WAAS|BNWAS-1.0|WAF|WAF|4| cat=TR duser="-" src=101.173.234.143 msg=lang=en');
    assert.equal(waas.fields.CEFVersion, '0');
    assert.equal(waas.fields.duser, '-');
    assert.equal(waas.fields.cat, 'TR');
    assert.equal(waas.fields.msg, 'lang=en');
  });

  it("takes src for the actor where no user is named, and rt for the time over a custom date a label explains", async function () {
    const lines = Array.from({ length: 12 }, (_, i) =>
      `CEF:0|F5|ASM|11.3.0|2000${i % 3}|Attack ${i % 3}|5|src=10.0.0.${i % 4} suser=N/A deviceCustomDate1=Sep 19 2012 13:49:25 deviceCustomDate1Label=policy_apply_date rt=Sep 20 2012 10:${String(10 + i).padStart(2, '0')}:00 request=/p${i}`);
    const d = await inspectLog(file('asm.log', lines.join('\n') + '\n'));
    assert.deepEqual(d.mapping.users, ['src']);
    assert.equal(d.mapping.time, 'rt');
  });

  it('reads a hostile line of 200,000 pairs, or of 200,000 "=", in one pass (a key is found back from its "=" only as far as the key goes)', function () {
    // Quadratic work on these lines took 1.4 s (20,000 pairs) and 30 s (a fuzzed run of blanks): far over this limit.
    this.timeout(10_000);
    assert.equal(cefLine('CEF:0|a|b|c|d|e|f|' + 'k=v '.repeat(200_000)).pairs, 7 + 200_000);
    const equals = cefLine('CEF:0|a|b|c|d|e|f|x' + '='.repeat(200_000));
    assert.equal(equals.pairs, 8);
    assert.equal(equals.fields.x.length, 199_999);
    assert.equal(cefLine('CEF:0|a|b|c|d|e|f|' + 'ab=c'.repeat(100_000)).pairs, 8);
    // A value with a long run of blanks inside: trimmed in one pass (the fuzzer found a line taking 30 s).
    const blanks = cefLine('CEF:0|a|b|c|d|e|f|msg=a' + ' '.repeat(300_000) + 'b  src=10.0.0.1');
    assert.equal(blanks.fields.msg.length, 300_002);
    assert.equal(blanks.fields.src, '10.0.0.1');
  });

  it('tells CEF text by its first line', function () {
    assert.ok(looksCef(LINES.join('\n')));
    assert.ok(looksCef('\nCEF:0|a|b|c|d|e|f|x=1\n'));
    assert.ok(!looksCef('a,b,c\nCEF:0|a|b|c|d|e|f|\n'));
    assert.equal(detectFormat('fw.log', LINES.join('\n')).format, 'cef');
    assert.equal(detectFormat('fw.txt', LINES.join('\n')).format, 'cef');
  });
});

describe('CEF logs, read', function () {
  it('detects the columns and reads every line as a record', async function () {
    const f = file('gate.log', LINES.join('\n') + '\n');
    const d = await inspectLog(f);
    assert.equal(d.format, 'cef');
    assert.deepEqual(d.mapping.users, ['suser']);
    assert.equal(d.mapping.time, 'rt');
    const log = await loadLog({ file: f, mapping: { users: ['suser'], time: 'rt', event: 'Name' } });
    assert.equal(log.format, 'cef');
    assert.equal(log.events.count, 5);
    assert.deepEqual([...log.events.startLine], [1, 2, 3, 4, 5]);
    assert.deepEqual(eventUsers(log.events, 0), ['CORP\\alice']);
    assert.equal(formatInstant(log.events.timeMs[1], 0), '2024-06-20T16:00:30.000Z');
    assert.deepEqual(log.events.commandNames, ['Admin login', 'Policy changed', 'Admin logout']);
  });

  it('a line with a short header is a bad row at its line and column', async function () {
    const lines = [...LINES.slice(0, 4), '<134>Jun 20 17:00:20 fw01 CEF:0|Acme|Gate', LINES[4]];
    const f = file('short.log', lines.join('\n') + '\n');
    const mapping = { users: ['suser'], time: 'rt', event: 'Name' };
    await assert.rejects(loadLog({ file: f, mapping }), (e: unknown) => {
      assert.ok(e instanceof BadRowError);
      assert.equal(e.location?.line, 5);
      assert.equal(e.location?.column, lines[4].indexOf('CEF:') + 1);
      return true;
    });
    const log = await loadLog({ file: f, mapping, read: { onBadRow: 'skip' } });
    assert.equal(log.events.count, 5);
    assert.deepEqual(log.skipped.first.map((s) => s.line), [5]);
  });
});

describe("a syslog header's time (syslogStamp.ts)", function () {
  const CHANGED = Date.UTC(2025, 0, 10, 12, 0, 0); // the file last changed 10 January 2025

  it('reads the forms syslog writes, keeps a written year and zone, and gives a year to a time that has none', function () {
    const year = new SyslogYear(CHANGED);
    assert.equal(syslogTime('<134>1 2019-05-15T16:25:50Z host app - - ', year), '2019-05-15T16:25:50Z');
    assert.equal(syslogTime('2023-01-23T03:22:26.410246-08:00 mac tccd[1]: ', year), '2023-01-23T03:22:26.410246-08:00');
    assert.equal(syslogTime('<131>Sep 19 2012 13:53:34 bigip ', year), 'Sep 19 13:53:34 2012');
    assert.equal(year.count, 0, 'no year given to times that have one');
    assert.equal(syslogTime('Aug  3 10:49:35 Barracuda ', year), 'Aug 3 10:49:35 2024', 'after the change in 2025: the year before');
    assert.equal(syslogTime('<13>Jan  9 23:59:59 h ', year), 'Jan 9 23:59:59 2025');
    assert.equal(syslogTime('03 Apr 11:04:35 ', year), 'Apr 3 11:04:35 2024');
    assert.equal(syslogTime('Jan 11 06:00:00 h ', year), 'Jan 11 06:00:00 2025', 'within a day after the change (another zone): the same year');
    assert.equal(year.count, 4);
    assert.deepEqual([...year.columns.get('syslog.time')!].sort(), [2024, 2025]);
    assert.match(syslogYearNote(year, 'syslog.time')!, /^syslog\.time is the syslog header's time, which has no year: read in 2024 and 2025, the year the file was last changed \(2025-01-10\)/);
    assert.equal(syslogYearNote(year, 'rt'), undefined, 'no note for a column given no year');
    for (const text of ['', 'fw01 ', 'Foo 12 10:00:00 h ', 'Aug 32 10:49:35 h ', '12345 ', '<134>CEF'])
      assert.equal(syslogTime(text, year), undefined, JSON.stringify(text));
    assert.equal(syslogTime('Aug  3 10:49:35 h ', undefined), undefined, 'no year and none to give');
  });

  it('is the time of CEF lines with no time of their own, the year from the file and said; a session over the new year stays whole', async function () {
    const f = file('relay.log', [
      '<134>Dec 31 23:58:30 relay CEF:0|Acme|IdP|2|300|login|1|suser=alice act=SESSION',
      '<134>Dec 31 23:59:40 relay CEF:0|Acme|IdP|2|301|token|1|suser=alice act=TOKEN',
      '<134>Jan  1 00:00:50 relay CEF:0|Acme|IdP|2|302|logout|1|suser=alice act=END',
      '<134>Jan  1 09:00:00 relay CEF:0|Acme|IdP|2|300|login|1|suser=bob act=SESSION',
    ].join('\n') + '\n');
    utimesSync(f, CHANGED / 1000, CHANGED / 1000);
    const d = await inspectLog(f);
    assert.equal(d.mapping.time, 'syslog.time');
    const note = d.doubts.find((x) => x.role === 'time');
    assert.ok(note?.note, JSON.stringify(d.doubts));
    assert.match(note.text, /no year: read in 2024 and 2025, the year the file was last changed \(2025-01-10\)/);
    const log = await loadLog({ file: f, mapping: { users: ['suser'], time: 'syslog.time', event: 'Name' } });
    assert.deepEqual([...log.events.timeMs].map((ms) => formatInstant(ms, 0)), ['2024-12-31T23:58:30.000Z', '2024-12-31T23:59:40.000Z', '2025-01-01T00:00:50.000Z', '2025-01-01T09:00:00.000Z']);
  });

  it('gives CEF time keys written with no year (the spec allows MMM dd HH:mm:ss[.SSS][ zzz]) a year too, and says so', async function () {
    const year = new SyslogYear(CHANGED);
    assert.equal(cefTimeWithYear('Sep 19 13:53:34.123 UTC', year, 'rt'), 'Sep 19 13:53:34.123 UTC 2024');
    assert.equal(cefTimeWithYear('Jan  2 08:00:00', year, 'rt'), 'Jan 2 08:00:00 2025');
    assert.equal(cefTimeWithYear('Sep 19 2012 13:53:34', year, 'rt'), 'Sep 19 2012 13:53:34', 'a year written is kept');
    assert.equal(cefTimeWithYear('1659523775000', year, 'rt'), '1659523775000');
    const lines = Array.from({ length: 6 }, (_, i) => `CEF:0|Acme|Gate|9.1|10${i % 2}|${i % 2 ? 'logout' : 'login'}|3|rt=Jan  3 10:0${i}:00.250 UTC suser=u${i % 2} act=x`);
    const f = file('yearless-rt.log', lines.join('\n') + '\n');
    utimesSync(f, CHANGED / 1000, CHANGED / 1000);
    const d = await inspectLog(f);
    assert.equal(d.mapping.time, 'rt');
    assert.ok(d.doubts.some((x) => x.note && x.role === 'time' && /^rt holds times with no year \(CEF allows "MMM dd HH:mm:ss"\): read in 2025, the year the file was last changed \(2025-01-10\)/.test(x.text)), JSON.stringify(d.doubts));
    const log = await loadLog({ file: f, mapping: { users: ['suser'], time: 'rt', event: 'Name' } });
    assert.equal(formatInstant(log.events.timeMs[0], 0), '2025-01-03T10:00:00.250Z');
  });

  it("gives way to the record's own time: rt is taken and the relay's time not doubted beside it", async function () {
    const f = file('rt.log', LINES.join('\n') + '\n');
    const d = await inspectLog(f);
    assert.equal(d.mapping.time, 'rt');
    assert.ok(d.columns.includes('syslog.time'));
    assert.deepEqual(d.doubts.filter((x) => x.role === 'time'), []);
  });
});
