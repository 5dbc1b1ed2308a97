// Log shapes beyond plain CSV and JSON, scored through the extension in the
// real VS Code: a Zeek log in Zeek's own tab-separated format (the real
// OTRF kerberos.log in test/fixtures/real), a CSV whose time is a date
// column and a time-of-day column read as one (date+time), and W3C logs
// (IIS) with double blanks or no date field (#Date+time), and key=value
// lines (the real FortiGate log: its date= and time= keys read as one time),
// raw CEF lines (CrowdStrike Falcon's audit as its SIEM connector sends it), raw LEEF lines (PAN-OS traffic),
// and Windows event XML (winlogbeat's Sysmon test data, one <Event> a line).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { score, testApi } from './api';

const EXTENSION_ID = 'sessionscope.sessionscope';

describe('Sessionscope on Zeek, W3C and key=value logs, and split date/time columns', function () {
  this.timeout(120_000);
  let fixtures: string;
  let dir: string;

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    fixtures = path.join(ext.extensionPath, 'test', 'fixtures', 'real');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sessionscope-formats-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("scores a Zeek log in Zeek's tab-separated format with the columns of its #fields line", async () => {
    const file = path.join(fixtures, 'otrf-zeek-kerberos-tsv.log');
    const outcome = await score(file, {});
    assert.ok(outcome.ok, `the run failed: ${JSON.stringify(outcome)}`);
    const last = (await testApi()).lastResult;
    assert.ok(last);
    assert.strictEqual(last.events, 5);
    assert.strictEqual(last.mapping.time, 'ts');
    assert.strictEqual(last.mapping.event, 'service');
    assert.deepStrictEqual(last.mapping.users, ['client', 'id.orig_h']);
  });

  it('reads a date column and a time-of-day column as one time', async () => {
    const file = path.join(dir, 'timeline.csv');
    const rows = ['date,time,user,type'];
    for (let i = 0; i < 40; i++) rows.push(`01/2${i % 3}/2012,${String(8 + (i % 9)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:33,u${i % 4},${['Log File', 'Cron log', 'File stat'][i % 3]}`);
    fs.writeFileSync(file, rows.join('\n') + '\n');
    const outcome = await score(file, {});
    assert.ok(outcome.ok, `the run failed: ${JSON.stringify(outcome)}`);
    const last = (await testApi()).lastResult;
    assert.ok(last);
    assert.strictEqual(last.mapping.time, 'date+time');
    assert.strictEqual(last.events, 40);
  });

  it('reads W3C logs split at runs of blanks, and one with no date field at #Date+time', async () => {
    const edge = await score(path.join(fixtures, 'plaso-iis10-edge-cases.log'), {});
    assert.ok(edge.ok, `the run failed: ${JSON.stringify(edge)}`);
    const edgeResult = (await testApi()).lastResult;
    assert.ok(edgeResult);
    assert.strictEqual(edgeResult.events, 15);
    assert.strictEqual(edgeResult.mapping.time, 'date+time');
    const timeOnly = await score(path.join(fixtures, 'plaso-iis6-time-only.log'), {});
    assert.ok(timeOnly.ok, `the run failed: ${JSON.stringify(timeOnly)}`);
    const last = (await testApi()).lastResult;
    assert.ok(last);
    assert.strictEqual(last.events, 11);
    assert.strictEqual(last.mapping.time, '#Date+time');
  });

  /**
   * Scores a fixture through the command and checks what every line-record format must show: as many events as
   * `isRecord` lines, and each event of the top session on one line that `shows` matches. Returns the run's result.
   */
  async function scoreLines(name: string, options: Parameters<typeof score>[1], isRecord: (line: string) => boolean, shows: RegExp) {
    const file = path.join(fixtures, name);
    const outcome = await score(file, options);
    assert.ok(outcome.ok, `the run failed: ${JSON.stringify(outcome)}`);
    const last = (await testApi()).lastResult;
    assert.ok(last);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    assert.strictEqual(last.events, lines.filter(isRecord).length);
    assert.ok(last.topSessionEventLines && last.topSessionEventLines.length > 0);
    for (const [first, lastLine] of last.topSessionEventLines) {
      assert.strictEqual(first, lastLine, 'a record is one line');
      assert.match(lines[first - 1], shows, `line ${first}`);
    }
    return last;
  }

  it("scores key=value lines as records, a date key and a time key read as one time, the top session's lines from the file", async () => {
    // FortiOS names the event in logdesc on its event logs only: the traffic and UTM lines are skipped as bad rows.
    const last = await scoreLines('wazuh-fortigate-keyvalue.log', { mapping: { users: ['user', 'srcip'], time: 'date+time', event: 'logdesc' } }, (l) => l.includes(' logdesc='), / logdesc=/);
    assert.strictEqual(last.mapping.time, 'date+time');
  });

  it('scores raw CEF lines with the columns detection takes, each event on its own line', async () => {
    const last = await scoreLines('crowdstrike-falconhost-audit-cef.log', {}, (l) => l.trim() !== '', /^CEF:0\|CrowdStrike\|/);
    assert.deepStrictEqual(last.mapping.users, ['duser']);
    assert.strictEqual(last.mapping.time, 'rt');
    assert.strictEqual(last.mapping.event, 'Name');
  });

  it("scores raw LEEF lines (PAN-OS's, attributes split at '|'), each event on its own line", async () => {
    // Detection doubts this one (StartTime beside devTime, the firewall beside src), so the programmatic route is given the
    // columns: by the firewall, the three lines are one session (by src, three sessions of one event and no window).
    const mapping = { users: ['DeviceName'], time: 'devTime', event: 'action' };
    const last = await scoreLines('rsyslog-panos-traffic-leef.log', { mapping }, (l) => l.includes('LEEF:1.0|'), /LEEF:1\.0\|Palo Alto Networks\|.*\|action=(allow|deny|reset-both)\|/);
    assert.strictEqual(last.events, 3);
  });

  it('scores Windows event XML, each <Event> a record with System and EventData columns, on its own line', async () => {
    const mapping = { users: ['EventData.User', 'System.Computer'], time: 'System.TimeCreated.SystemTime', event: 'System.EventID' };
    await scoreLines('beats-sysmon-eid1-2-3-5-event-xml.xml', { mapping }, (l) => l.startsWith('<Event'), /^<Event xmlns=.*<EventID>\d+<\/EventID>/);
  });
});
