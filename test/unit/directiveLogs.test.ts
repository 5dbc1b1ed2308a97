// Logs headed by '#' directive lines (src/engine/read/directiveLogs.ts):
// Zeek's own tab-separated logs (columns from #fields, directive lines
// skipped with the file's line numbers kept, values read as written: quotes
// are text, '-' and '(empty)' as no value, gzip, bad rows located) and W3C
// extended logs (IIS: #Fields, date and time read as one, repeated
// directives, a change of fields located; fields split at runs of blanks,
// double-quoted values unquoted; a time field with no date field dated by
// the #Date: directive, `#Date+time`; Windows Firewall's pfirewall.log).
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { inspectLog } from '../../src/engine/read/detect';
import { w3cFields, w3cRecord } from '../../src/engine/read/directiveLogs';
import { loadLog, scoreLog } from '../../src/engine/pipeline';
import { eventUsers } from '../../src/engine/events';
import { LogInputError } from '../../src/engine/types';

const dir = mkdtempSync(path.join(tmpdir(), 'sessionscope-zeek-'));
let n = 0;
function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, `${n++}-${name}`);
  writeFileSync(p, content);
  return p;
}

const HEAD = [
  '#separator \\x09',
  '#set_separator\t,',
  '#empty_field\t(empty)',
  '#unset_field\t-',
  '#path\tntlm',
  '#open\t2024-05-01-09-00-00',
  '#fields\tts\tuid\tid.orig_h\tid.resp_h\tusername\thostname\tserver_nb_computer_name\tsuccess',
  '#types\ttime\tstring\taddr\taddr\tstring\tstring\tstring\tbool',
];
const t0 = 1_714_554_000;
// Lines 9..: one record per line; a value with quotes (text here), an unset user, an empty set.
const RECORDS = [
  [t0 + 0.25, 'C1', '10.0.0.5', '10.0.0.1', 'alice', 'WS1', 'DC01', 'T'],
  [t0 + 10.5, 'C2', '10.0.0.5', '10.0.0.1', 'alice', '"quoted" host', 'DC01', 'T'],
  [t0 + 20, 'C3', '10.0.0.9', '10.0.0.1', '-', 'WS9', '(empty)', 'F'],
  [t0 + 30, 'C4', '10.0.0.5', '10.0.0.1', 'alice', 'WS1', 'FILE01', 'T'],
];
const text = (records = RECORDS, close = true) =>
  [...HEAD, ...records.map((r) => r.join('\t')), ...(close ? ['#close\t2024-05-01-10-00-00'] : [])].join('\n') + '\n';

describe("Zeek's tab-separated logs", function () {
  it('detects the format and takes the column names from #fields', async function () {
    const d = await inspectLog(file('ntlm.log', text()));
    assert.equal(d.format, 'csv');
    assert.equal(d.delimiter, '\t');
    assert.equal(d.dialect, 'zeek');
    assert.deepEqual(d.header, ['ts', 'uid', 'id.orig_h', 'id.resp_h', 'username', 'hostname', 'server_nb_computer_name', 'success']);
    assert.equal(d.mapping.time, 'ts');
  });

  it('reads every record on its own line, quotes as text, "-" and "(empty)" as no value, #close skipped', async function () {
    const mapping = { users: ['username'], time: 'ts', event: 'server_nb_computer_name', params: 'hostname' };
    const log = await loadLog({ file: file('ntlm.log', text()), mapping, read: { onBadRow: 'skip' } });
    assert.equal(log.dialect, 'zeek');
    const ev = log.events;
    // The record with an empty event ('(empty)') is a bad row, at its own line (11).
    assert.equal(ev.count, 3);
    assert.deepEqual(Array.from({ length: ev.count }, (_, i) => ev.startLine[i]), [9, 10, 12]);
    assert.deepEqual(log.skipped.first.map((s) => s.line), [11]);
    assert.equal(eventUsers(ev, 0)[0], 'alice');
    assert.equal(ev.timeMs[0], (t0 + 0.25) * 1000);
    assert.deepEqual(Array.from({ length: ev.count }, (_, i) => ev.commandNames[ev.commandIds[i]]), ['DC01', 'DC01', 'FILE01']);
    // An unset user is no user: its session is the "(missing)" actor's, not a user called "-".
    const withUnset = await loadLog({ file: file('ntlm.log', text()), mapping: { users: ['username'], time: 'ts', event: 'hostname' } });
    assert.equal(withUnset.events.count, 4);
    assert.equal(eventUsers(withUnset.events, 2)[0] ?? '', '');
    assert.equal(withUnset.events.commandNames[withUnset.events.commandIds[1]], '"quoted" host');
    const scored = scoreLog(withUnset);
    assert.ok(scored.sessions.count >= 2);
  });

  it('reads a gzip-compressed log the same way', async function () {
    const mapping = { users: ['username'], time: 'ts', event: 'hostname' };
    const plain = await loadLog({ file: file('ntlm.log', text()), mapping });
    const gz = await loadLog({ file: file('ntlm.log.gz', gzipSync(text())), mapping });
    assert.equal(gz.dialect, 'zeek');
    assert.deepEqual(Array.from(gz.events.startLine.subarray(0, gz.events.count)), Array.from(plain.events.startLine.subarray(0, plain.events.count)));
    assert.deepEqual(Array.from(gz.events.timeMs.subarray(0, gz.events.count)), Array.from(plain.events.timeMs.subarray(0, plain.events.count)));
  });

  it('locates a record with a field too many, and stops there by default', async function () {
    const records = [...RECORDS.slice(0, 2), [...RECORDS[2], 'extra'], RECORDS[3]];
    await assert.rejects(loadLog({ file: file('ntlm.log', text(records)), mapping: { users: ['username'], time: 'ts', event: 'hostname' } }), (e: unknown) => {
      assert.ok(e instanceof LogInputError);
      assert.equal(e.location?.line, 11);
      assert.match(e.message, /expected 8 fields as in the header, found 9/);
      return true;
    });
  });

  it('keeps the empty field between two tabs and a value with blanks or quotes whole (runs of blanks are a W3C rule, not Zeek\'s)', async function () {
    const records = [RECORDS[0], [t0 + 5, 'C9', '10.0.0.5', '10.0.0.1', 'alice', '', '"a  b"', 'T'], RECORDS[3]];
    const log = await loadLog({ file: file('ntlm.log', text(records)), mapping: { users: ['username'], time: 'ts', event: 'server_nb_computer_name' } });
    assert.equal(log.events.count, 3);
    assert.equal(log.events.commandNames[log.events.commandIds[1]], '"a  b"');
  });

  it('refuses a Zeek log with no #fields line, saying so', async function () {
    const noFields = [HEAD[0], HEAD[1], ...RECORDS.map((r) => r.join('\t'))].join('\n') + '\n';
    await assert.rejects(loadLog({ file: file('ntlm.log', noFields) }), /a Zeek TSV without a fields line \(#fields, #Fields:\) before its first record/);
  });
});

describe('W3C extended logs (IIS)', function () {
  const W3C = [
    '#Software: Microsoft Internet Information Services 10.0',
    '#Version: 1.0',
    '#Date: 2024-05-01 00:00:00',
    // IIS may end its #Fields line with a blank.
    '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status ',
    '2024-05-01 00:00:01 10.0.0.5 GET /default.aspx - 443 - 203.0.113.9 Mozilla/5.0+(Windows+NT+10.0) 200',
    '2024-05-01 00:00:05 10.0.0.5 POST /aspnet_client/shell.aspx cmd=whoami 443 - 203.0.113.9 python-requests/2.31 200 ',
    // IIS restarted: its directives again, with the same fields.
    '#Software: Microsoft Internet Information Services 10.0',
    '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status',
    '2024-05-01 00:03:00 10.0.0.5 GET /owa/ - 443 CORP\\bob 198.51.100.7 Mozilla/5.0+(Macintosh) 200',
  ];

  it('reads the #Fields columns, the date and time as one time, the client as the user and the stem as the event', async function () {
    const f = file('u_ex240501.log', W3C.join('\r\n') + '\r\n');
    const d = await inspectLog(f);
    assert.equal(d.dialect, 'w3c');
    assert.equal(d.delimiter, ' ');
    assert.equal(d.mapping.time, 'date+time');
    assert.equal(d.mapping.event, 'cs-uri-stem');
    assert.ok(d.mapping.users?.includes('c-ip'), JSON.stringify(d.mapping.users));
    const log = await loadLog({ file: f });
    assert.equal(log.dialect, 'w3c');
    const ev = log.events;
    assert.equal(ev.count, 3);
    assert.deepEqual(Array.from(ev.startLine.subarray(0, 3)), [5, 6, 9]);
    assert.deepEqual(Array.from(ev.timeMs.subarray(0, 3)), [Date.UTC(2024, 4, 1, 0, 0, 1), Date.UTC(2024, 4, 1, 0, 0, 5), Date.UTC(2024, 4, 1, 0, 3)]);
    assert.equal(ev.commandNames[ev.commandIds[1]], '/aspnet_client/shell.aspx');
  });

  it('stops, naming the line, where the fields change', async function () {
    const changed = [...W3C.slice(0, 6), '#Fields: date time c-ip cs-method', '2024-05-01 00:04:00 198.51.100.7 GET'];
    await assert.rejects(loadLog({ file: file('u_ex2.log', changed.join('\n') + '\n'), mapping: { users: ['c-ip'], time: 'date+time', event: 'cs-method' } }), (e: unknown) => {
      assert.ok(e instanceof LogInputError);
      assert.equal(e.location?.line, 7);
      assert.match(e.message, /the columns change here/);
      return true;
    });
  });

  it('splits fields at runs of blanks (spaces or tabs), as the W3C format does, and reads double-quoted values without their quotes', function () {
    assert.deepEqual(w3cFields('a  b\t c '), ['a', 'b', 'c']);
    assert.deepEqual(w3cFields('  a b'), ['a', 'b']);
    assert.deepEqual(w3cFields('"2017-06-28" "Mozilla/5.0 (Windows NT 6.1)" "" "say ""hi""" x'), ['2017-06-28', 'Mozilla/5.0 (Windows NT 6.1)', '', 'say "hi"', 'x']);
    // A quote never closed before a blank or the line's end is text, as is a quote inside a field.
    assert.deepEqual(w3cFields('"open a b'), ['"open', 'a', 'b']);
    assert.deepEqual(w3cFields('5"+disk "q"x y'), ['5"+disk', '"q"x', 'y']);
    assert.deepEqual(w3cFields('"a b"', false), ['"a', 'b"']);
    // IIS writes a quote inside a value as it is: when the quoted reading breaks the field count and the plain one fits, the plain one.
    assert.deepEqual(w3cRecord('GET "x 200 y" 5'.split(' '), 5), ['GET', '"x', '200', 'y"', '5']);
    assert.deepEqual(w3cRecord('GET "x 200 y" 5'.split(' '), 3), ['GET', 'x 200 y', '5']);
  });

  it('reads a record with a double blank between two fields as one with single blanks (IIS writes some so)', async function () {
    const lines = [
      '#Software: Microsoft Internet Information Services 10.0',
      '#Date: 2022-01-01 00:00:01',
      '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status',
      '2022-01-01 00:01:24 ::1 POST /powershell clientApplication=ActiveMonitor 444  CORP\\alice ::1 Microsoft+WinRM+Client 200',
      '2022-01-01 00:01:25 ::1 POST /powershell clientApplication=ActiveMonitor 444 CORP\\alice ::1 Microsoft+WinRM+Client 500',
      '\t2022-01-01 00:02:00 ::1  GET /owa/ -\t444 CORP\\bob   10.0.0.7 Mozilla/5.0 200  ',
    ];
    const f = file('u_ex220101.log', lines.join('\r\n') + '\r\n');
    const d = await inspectLog(f);
    assert.equal(d.samples['cs-username'].join(','), 'CORP\\alice,CORP\\bob');
    const log = await loadLog({ file: f, mapping: { users: ['cs-username'], time: 'date+time', event: 'cs-uri-stem' } });
    const ev = log.events;
    assert.equal(ev.count, 3);
    assert.deepEqual(Array.from(ev.startLine.subarray(0, 3)), [4, 5, 6]);
    assert.deepEqual([0, 1, 2].map((i) => eventUsers(ev, i)[0]), ['CORP\\alice', 'CORP\\alice', 'CORP\\bob']);
    assert.equal(ev.timeMs[2], Date.UTC(2022, 0, 1, 0, 2));
  });

  it('reads double-quoted values (Incapsula) as one field each, without their quotes; "" is an empty value', async function () {
    const lines = [
      '#Software: Incapsula LOGS API',
      '#Version: 1.1',
      '#Date: 28/Jun/2017 07:28:59',
      '#Fields: date time cs-vid c-ip cs(User-Agent) cs-uri cs-uri-query sc-status',
      '"2017-06-28" "07:26:35" "a1f3" "203.0.113.9" "Mozilla/5.0 (Windows NT 6.1; Win64; x64)" "www.example.com/page.php" "variable=test" "200"',
      '"2017-06-28" "07:27:01" "a1f3" "203.0.113.9" "curl ""7.1""" "www.example.com/login" "" ""',
    ];
    const f = file('incapsula.log', lines.join('\n') + '\n');
    const d = await inspectLog(f);
    assert.equal(d.mapping.time, 'date+time');
    assert.deepEqual(d.samples['cs(User-Agent)'], ['Mozilla/5.0 (Windows NT 6.1; Win64; x64)', 'curl "7.1"']);
    const log = await loadLog({ file: f, mapping: { users: ['c-ip'], time: 'date+time', event: 'cs-uri', params: 'cs-uri-query' } });
    const ev = log.events;
    assert.equal(ev.count, 2);
    assert.deepEqual(Array.from(ev.timeMs.subarray(0, 2)), [Date.UTC(2017, 5, 28, 7, 26, 35), Date.UTC(2017, 5, 28, 7, 27, 1)]);
    assert.equal(eventUsers(ev, 1)[0], '203.0.113.9');
    assert.equal(ev.commandNames[ev.commandIds[1]], 'www.example.com/login');
  });

  it('still locates a W3C record with a field too many, by line and field', async function () {
    const lines = [...W3C.slice(0, 5), '2024-05-01 00:00:09 10.0.0.5 GET /a - 443 - 203.0.113.9 Mozilla/5.0 (Windows) 200'];
    await assert.rejects(loadLog({ file: file('u_ex3.log', lines.join('\n') + '\n'), mapping: { users: ['c-ip'], time: 'date+time', event: 'cs-uri-stem' } }), (e: unknown) => {
      assert.ok(e instanceof LogInputError);
      assert.equal(e.location?.file?.endsWith('u_ex3.log'), true);
      assert.equal(e.location?.line, 6);
      assert.equal(e.location?.column, 12);
      assert.match(e.message, /expected 11 fields as in the header, found 12/);
      return true;
    });
  });
});

describe('W3C logs with a time field and no date field (IIS FTP, IIS 6): dated by #Date:', function () {
  // Two blocks, as IIS FTP writes one per day; the second's first time is earlier in the day than the first block's last.
  const FTP = [
    '#Software: Microsoft Internet Information Server 4.0',
    '#Version: 1.0',
    '#Date: 2000-10-09 16:44:49',
    '#Fields: time c-ip cs-method cs-uri-stem sc-status',
    '16:44:49 10.0.0.5 [2]USER anonymous 331',
    '16:44:50 10.0.0.5 [2]PASS - 230',
    '16:48:05 10.0.0.5 [2]QUIT - 226',
    '#Software: Microsoft Internet Information Server 4.0',
    '#Version: 1.0',
    '#Date: 2000-10-10 09:00:00',
    '#Fields: time c-ip cs-method cs-uri-stem sc-status',
    '09:00:01 10.0.0.9 [3]USER bob 331',
    '09:00:02 10.0.0.9 [3]PASS - 230',
    '09:01:00 10.0.0.9 [3]RETR /secret.txt 226',
  ];

  it('detects #Date+time (the directive\'s date with the time of day) as the time, with no doubt about it', async function () {
    const d = await inspectLog(file('msftpsvc.log', FTP.join('\r\n') + '\r\n'));
    assert.equal(d.dialect, 'w3c');
    assert.equal(d.mapping.time, '#Date+time');
    assert.ok(d.columns.includes('#Date'));
    assert.deepEqual(d.header, ['time', 'c-ip', 'cs-method', 'cs-uri-stem', 'sc-status']);
    assert.deepEqual(d.samples['#Date'], ['2000-10-09', '2000-10-10']);
    assert.deepEqual(d.doubts.filter((x) => x.role === 'time'), []);
    // One day's log: the constant directive date still gives the time, over a byte count that reads as epoch seconds.
    const oneDay = [FTP[0], FTP[2], '#Fields: time c-ip cs-method sc-bytes', ...[0, 1, 2, 3, 4, 5].map((i) => `16:4${i}:00 10.0.0.${i % 2} [${i}]RETR ${987654321 + i * 1000}`)];
    const d1 = await inspectLog(file('ex001009.log', oneDay.join('\n') + '\n'));
    assert.equal(d1.mapping.time, '#Date+time');
    assert.deepEqual(d1.doubts.filter((x) => x.role === 'time'), []);
  });

  it('reads each record\'s time with the date of the #Date: directive before it, by default and when named', async function () {
    const f = file('msftpsvc.log', FTP.join('\n') + '\n');
    for (const mapping of [undefined, { users: ['c-ip'], time: '#Date+time', event: 'cs-method' }]) {
      const log = await loadLog({ file: f, mapping });
      const ev = log.events;
      assert.equal(ev.count, 6);
      assert.deepEqual(Array.from(ev.startLine.subarray(0, 6)), [5, 6, 7, 12, 13, 14]);
      assert.equal(ev.timeMs[0], Date.UTC(2000, 9, 9, 16, 44, 49));
      assert.equal(ev.timeMs[2], Date.UTC(2000, 9, 9, 16, 48, 5));
      assert.equal(ev.timeMs[3], Date.UTC(2000, 9, 10, 9, 0, 1));
      assert.equal(ev.timeMs[5], Date.UTC(2000, 9, 10, 9, 1));
    }
    // A log with a date field may name #Date too: the directive's date, whatever the date field says.
    const dated = [FTP[0], FTP[2], '#Fields: date time c-ip cs-method', '2000-10-11 16:45:00 10.0.0.5 USER', '2000-10-11 16:46:00 10.0.0.5 QUIT'];
    const log = await loadLog({ file: file('dated.log', dated.join('\n') + '\n'), mapping: { users: ['c-ip'], time: '#Date+time', event: 'cs-method' } });
    assert.equal(log.events.timeMs[1], Date.UTC(2000, 9, 9, 16, 46));
  });

  it('locates a record no #Date: directive dates, at its line and time-of-day field', async function () {
    const lines = ['#Software: Microsoft Internet Information Server 4.0', FTP[3], FTP[4], FTP[9], FTP[11]];
    const f = file('nodate.log', lines.join('\n') + '\n');
    const mapping = { users: ['c-ip'], time: '#Date+time', event: 'cs-method' };
    await assert.rejects(loadLog({ file: f, mapping }), (e: unknown) => {
      assert.ok(e instanceof LogInputError);
      assert.equal(e.location?.line, 3);
      assert.equal(e.location?.column, 1);
      assert.match(e.message, /no #Date: directive comes before this record to give the date of its time of day \(#Date\+time\)/);
      return true;
    });
    const skipped = await loadLog({ file: f, mapping, read: { onBadRow: 'skip' } });
    assert.equal(skipped.events.count, 1);
    assert.equal(skipped.events.timeMs[0], Date.UTC(2000, 9, 10, 9, 0, 1));
  });

  it('refuses a time-only log with no #Date: directive, saying the time field holds times of day with no date', async function () {
    const lines = ['#Software: Microsoft Internet Information Server 4.0', FTP[3], ...FTP.slice(4, 7)];
    const f = file('undated.log', lines.join('\n') + '\n');
    await assert.rejects(loadLog({ file: f }), (e: unknown) => {
      assert.ok(e instanceof LogInputError);
      assert.equal(e.location?.line, 1);
      assert.match(e.message, /could not find the time \(--time\); considered time \(its values are times of day with no date \("16:44:49"\); the log has no date field and no #Date: directive before its records to date them\)/);
      return true;
    });
    // Named as the time, the clock alone says what it lacks.
    await assert.rejects(loadLog({ file: f, mapping: { users: ['c-ip'], time: 'time', event: 'cs-method' } }), (e: unknown) => {
      assert.ok(e instanceof LogInputError);
      assert.equal(e.location?.line, 3);
      assert.equal(e.location?.column, 1);
      assert.match(e.message, /unparseable time "16:44:49" in column time: a time of day with no date \(name the date column with it: --time DATE\+CLOCK; in a W3C log, #Date\+CLOCK/);
      return true;
    });
  });
});

describe("Windows Firewall's pfirewall.log (W3C-like)", function () {
  const PFIREWALL = [
    '#Version: 1.5',
    '#Software: Microsoft Windows Firewall',
    '#Time Format: Local',
    '#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path',
    '',
    '2005-04-11 08:05:57 DROP UDP 192.0.2.90 192.0.2.255 137 137 78 - - - - - - - RECEIVE',
    '2005-04-11 08:05:58 OPEN TCP 192.0.2.90 198.51.100.90 1027 80 - - - - - - - - -',
    '2005-04-11 08:06:02 CLOSE TCP 192.0.2.90 198.51.100.90 1027 80 - - - - - - - - -',
    '2005-04-11 08:06:05 DROP TCP 198.51.100.7 192.0.2.90 4017 445 48 S 987654321 0 16384 - - - RECEIVE',
  ];

  it('is read as a W3C log, and with --time date+time each record at its date and time of day', async function () {
    const f = file('pfirewall.log', PFIREWALL.join('\r\n') + '\r\n');
    const d = await inspectLog(f);
    assert.equal(d.dialect, 'w3c');
    assert.equal(d.header?.length, 17);
    const log = await loadLog({ file: f, mapping: { users: ['src-ip'], time: 'date+time', event: 'action' } });
    const ev = log.events;
    assert.equal(log.dialect, 'w3c');
    assert.equal(ev.count, 4);
    assert.deepEqual(Array.from(ev.startLine.subarray(0, 4)), [6, 7, 8, 9]);
    assert.deepEqual(Array.from(ev.timeMs.subarray(0, 4)), [Date.UTC(2005, 3, 11, 8, 5, 57), Date.UTC(2005, 3, 11, 8, 5, 58), Date.UTC(2005, 3, 11, 8, 6, 2), Date.UTC(2005, 3, 11, 8, 6, 5)]);
    assert.deepEqual([0, 1, 2, 3].map((i) => ev.commandNames[ev.commandIds[i]]), ['DROP', 'OPEN', 'CLOSE', 'DROP']);
    assert.equal(eventUsers(ev, 3)[0], '198.51.100.7');
  });
});
