// Windows event XML (src/engine/read/xmlEvents.ts): records found one per
// line, pretty-printed over lines, inside an <Events> wrapper, or all on one
// line as wevtutil writes them; System.*, EventData.* and UserData.*
// columns; entities read; a broken record and one never closed located as
// bad rows; a record cut between chunks read whole.
import * as assert from 'node:assert/strict';
import { tempFiles } from './inputFiles';
import { eventXmlFields, looksEventXml, XmlEventScanner, type XmlPos, type XmlRecord } from '../../src/engine/read/xmlEvents';
import { detectFormat } from '../../src/engine/read/format';
import { inspectLog } from '../../src/engine/read/detect';
import { loadLog } from '../../src/engine/pipeline';
import { eventRange, eventUsers } from '../../src/engine/events';
import { BadRowError } from '../../src/engine/types';

const file = tempFiles('sessionscope-xml-');

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';
/** A Security 4624/4688 event as wevtutil writes it. */
function event(id: number, second: number, subject: string, target: string, extra = ''): string {
  return (
    `<Event xmlns="${NS}"><System><Provider Name="Microsoft-Windows-Security-Auditing" Guid="{54849625-5478-4994-a5ba-3e3b0328c30d}"/>` +
    `<EventID>${id}</EventID><TimeCreated SystemTime="2024-05-01T10:00:${String(second).padStart(2, '0')}.1234567Z"/>` +
    `<EventRecordID>${1000 + second}</EventRecordID><Execution ProcessID="712" ThreadID="20372"/><Channel>Security</Channel><Computer>WS01.corp.local</Computer><Security/></System>` +
    `<EventData><Data Name="SubjectUserName">${subject}</Data><Data Name="TargetUserName">${target}</Data>` +
    `<Data Name="CommandLine">cmd.exe /c echo a &amp; b &lt;x&gt;</Data>${extra}</EventData></Event>`
  );
}

describe('Windows event XML (xmlEvents.ts)', function () {
  it('names System elements and attributes, EventData by Name, unnamed Data in order, and reads entities', function () {
    const f = eventXmlFields(event(4688, 1, 'alice', '-', '<Data>first</Data><Data>second</Data>'));
    assert.equal(f['System.EventID'], '4688');
    assert.equal(f['System.TimeCreated.SystemTime'], '2024-05-01T10:00:01.1234567Z');
    assert.equal(f['System.Provider.Name'], 'Microsoft-Windows-Security-Auditing');
    assert.equal(f['System.Execution.ProcessID'], '712');
    assert.equal(f['System.Computer'], 'WS01.corp.local');
    assert.equal(f['EventData.SubjectUserName'], 'alice');
    assert.equal(f['EventData.CommandLine'], 'cmd.exe /c echo a & b <x>');
    assert.equal(f['EventData.Data'], 'first');
    assert.equal(f['EventData.Data2'], 'second');
    assert.equal(Object.getPrototypeOf(f), null);
  });

  it("reads UserData by element names, and keeps an EventID's zeros", function () {
    const f = eventXmlFields(`<Event xmlns="${NS}"><System><EventID Qualifiers="16384">0007</EventID></System><UserData><LogFileCleared xmlns="x"><SubjectUserName>bob</SubjectUserName><SubjectDomainName>CORP</SubjectDomainName></LogFileCleared></UserData></Event>`);
    assert.equal(f['System.EventID'], '0007');
    assert.equal(f['System.EventID.Qualifiers'], '16384');
    assert.equal(f['UserData.LogFileCleared.SubjectUserName'], 'bob');
  });

  it('says what is wrong with a broken record or another element; an element named __proto__ is data', function () {
    assert.throws(() => eventXmlFields(`<Event><System><EventID>1</System></Event>`), /unexpected close tag/);
    assert.throws(() => eventXmlFields(`<Event><System><EventID>1</EventID></System>`), /unclosed tag: Event/);
    assert.throws(() => eventXmlFields(`<Events><Event/></Events>`), /a <Events> element, not an <Event>/);
    const f = eventXmlFields(`<Event><System><__proto__>x</__proto__><EventID>1</EventID></System></Event>`);
    assert.equal(f['System.__proto__'], 'x');
    assert.equal(Object.getPrototypeOf(f), null);
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  it("reads RenderingInfo's message, entities and all, and its lists", function () {
    const f = eventXmlFields(`<Event xmlns="${NS}"><System><EventID>4624</EventID></System><RenderingInfo Culture="en-US"><Message>An account was&#xD;\n\tsuccessfully logged on.</Message><Keywords><Keyword>Audit Success</Keyword><Keyword>Other</Keyword></Keywords></RenderingInfo></Event>`);
    assert.equal(f['RenderingInfo.Message'], 'An account was\r\n\tsuccessfully logged on.');
    assert.equal(f['RenderingInfo.Keywords'], 'Audit Success, Other');
  });

  it('finds records one per line, over lines, in a wrapper, and all on one line, with their lines and columns, across chunks', function () {
    const one = event(4624, 1, '-', 'alice');
    const texts = {
      perLine: `${one}\n${one}\n`,
      pretty: `<?xml version="1.0" encoding="utf-8"?>\n<Events>\n${one.replace(/></g, '>\n  <')}\n${one.replace(/></g, '>\n  <')}\n</Events>\n`,
      oneLine: `<Events>${one}${one}</Events>`,
    };
    for (const [name, text] of Object.entries(texts)) {
      for (const size of [7, 64, 1 << 20]) {
        const found: XmlRecord[] = [];
        const broken: string[] = [];
        const s = new XmlEventScanner((r) => found.push(r), (_, m) => broken.push(m));
        for (let i = 0; i < text.length; i += size) s.write(text.slice(i, i + size));
        s.end();
        assert.equal(found.length, 2, `${name} in chunks of ${size}`);
        assert.deepEqual(broken, []);
        for (const r of found) assert.equal(eventXmlFields(r.text)['EventData.TargetUserName'], 'alice');
        const lines = text.split('\n');
        for (const r of found) {
          assert.equal(lines[r.start.line - 1].slice(r.start.column - 1, r.start.column - 1 + 6), '<Event', `${name}/${size}: start`);
          assert.equal(lines[r.end.line - 1].slice(r.end.column - 8, r.end.column), '</Event>', `${name}/${size}: end`);
        }
      }
    }
  });

  it('finds a record of over a megabyte, with line breaks, and those around it, in chunks of 64 KiB and of 4093 characters', function () {
    const script = Array.from({ length: 60_000 }, () => 'powershell -enc QUFB').join('\n');
    const big = event(4688, 1, '-', 'bob', `<Data Name="Script">${script}</Data>`);
    const one = event(4624, 1, '-', 'alice');
    const text = `<Events>\n${one}\n${big}\n${one}\n<Event>never closed`;
    for (const size of [1 << 16, 4093]) {
      const found: XmlRecord[] = [];
      const broken: [XmlPos, string][] = [];
      const s = new XmlEventScanner((r) => found.push(r), (at, m) => broken.push([at, m]));
      for (let i = 0; i < text.length; i += size) s.write(text.slice(i, i + size));
      s.end();
      assert.deepEqual(found.map((r) => eventXmlFields(r.text)['EventData.TargetUserName']), ['alice', 'bob', 'alice'], `chunks of ${size}`);
      assert.deepEqual(found.map((r) => r.start.line), [2, 3, 60_003], `chunks of ${size}: lines`);
      assert.equal(eventXmlFields(found[1].text)['EventData.Script'], script);
      assert.deepEqual(broken.map(([at, m]) => [at.line, m]), [[60_004, 'the <Event> record is never closed (a truncated file?)']], `chunks of ${size}: the open one`);
    }
  });

  it('tells event XML from other XML and from JSON', function () {
    assert.ok(looksEventXml(`<?xml version="1.0"?>\n<Events>${event(4624, 1, '-', 'a')}</Events>`));
    assert.ok(!looksEventXml('<catalog><book/></catalog>'));
    assert.ok(!looksEventXml('{"Event": 1}'));
    assert.equal(detectFormat('security.xml', event(4624, 1, '-', 'a')).format, 'xml');
    assert.equal(detectFormat('security.log', event(4624, 1, '-', 'a')).format, 'xml');
  });
});

describe('Windows event XML, read', function () {
  it('detects the columns (the per-event actor of Security logs) and reads each record where it stands', async function () {
    const records = [event(4624, 1, '-', 'alice'), event(4688, 2, 'alice', '-'), event(4688, 3, 'alice', '-'), event(4624, 4, '-', 'bob'), event(4688, 5, 'bob', '-')];
    const f = file('security.xml', `<Events>${records.join('')}</Events>`);
    const d = await inspectLog(f);
    assert.equal(d.format, 'xml');
    assert.equal(d.mapping.time, 'System.TimeCreated.SystemTime');
    assert.equal(d.mapping.event, 'System.EventID');
    assert.match(d.mapping.users![0], /^EventData\.TargetUserName\?4624;.*\|EventData\.SubjectUserName$/);
    const log = await loadLog({ file: f, mapping: { users: d.mapping.users!, time: d.mapping.time!, event: d.mapping.event!, params: 'EventData.CommandLine' } });
    assert.equal(log.format, 'xml');
    assert.equal(log.events.count, 5);
    assert.deepEqual([0, 1, 2, 3, 4].map((i) => eventUsers(log.events, i)[0]), ['alice', 'alice', 'alice', 'bob', 'bob']);
    // All on line 1: each record's columns tell it apart.
    const [line, column, endLine, endColumn] = eventRange(log.events, 1);
    assert.deepEqual([line, endLine], [1, 1]);
    assert.equal(column, '<Events>'.length + records[0].length + 1);
    assert.equal(endColumn, '<Events>'.length + records[0].length + records[1].length);
  });

  it('a broken record and one never closed are bad rows at their lines; skipped, the rest are read', async function () {
    const good = event(4624, 1, '-', 'alice');
    const lines = [good, good.replace('</EventID>', ''), good, good.replace('</Event>', '')];
    const f = file('broken.xml', lines.join('\n') + '\n');
    const mapping = { users: ['EventData.TargetUserName'], time: 'System.TimeCreated.SystemTime', event: 'System.EventID' };
    await assert.rejects(loadLog({ file: f, mapping }), (e: unknown) => {
      assert.ok(e instanceof BadRowError);
      assert.equal(e.location?.line, 2);
      assert.match(e.message, /invalid event XML/);
      return true;
    });
    const log = await loadLog({ file: f, mapping, read: { onBadRow: 'skip' } });
    assert.equal(log.events.count, 2);
    assert.deepEqual(log.skipped.first.map((s) => s.line), [2, 4]);
    assert.match(log.skipped.first[1].reason, /never closed/);
  });

  it('a record left open before the next <Event> is a bad row alone, and a hostile nesting is refused at its depth, not read for minutes', async function () {
    this.timeout(20_000);
    const good = event(4624, 1, '-', 'alice');
    // A record cut inside (a crash mid-write), then a whole one on the next line: only the cut one is lost.
    const cut = good.slice(0, good.indexOf('<EventData>')) + ' '.repeat(20_000);
    // 100,000 nested elements took over a minute (each element's column names its whole path).
    const deep = good.replace('<EventData>', '<EventData>' + '<a>'.repeat(100_000));
    const f = file('open.xml', [good, cut, good, deep, good].join('\n') + '\n');
    const mapping = { users: ['EventData.TargetUserName'], time: 'System.TimeCreated.SystemTime', event: 'System.EventID' };
    const log = await loadLog({ file: f, mapping, read: { onBadRow: 'skip' } });
    assert.equal(log.events.count, 3);
    assert.deepEqual([...log.events.startLine], [1, 3, 5]);
    assert.deepEqual(log.skipped.first.map((s) => [s.line, s.lastLine]), [[2, 2], [4, 4]]);
    assert.match(log.skipped.first[0].reason, /the <Event> record is not closed before the next <Event> starts/);
    assert.match(log.skipped.first[1].reason, /invalid event XML: the record nests elements more than 64 deep \(at <a>\)/);
  });
});
