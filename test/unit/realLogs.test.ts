// The real public logs under test/fixtures/real (sources and licences in its
// README): a default run must choose the mapping an analyst would
// (expected.json, written from the schemas, not from our output) or say
// what it doubts, and the top sessions' events must stand on the lines the
// report gives.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Detection } from '../../src/engine/stages';
import { eventUsers } from '../../src/engine/events';
import { loadLog, scoreLog } from '../../src/engine/pipeline';
import { inspectLog } from '../../src/engine/read/detect';
import { rankedReports } from '../../src/present/report';
import { sessionEvents } from '../../src/engine/sessionize';
import { LogInputError } from '../../src/engine/types';

const DIR = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'real');

interface Expected {
  file: string;
  users: string[];
  time: string;
  event: string;
  params: string | null;
  preSessionized?: boolean;
  alternatives?: Partial<Record<'users' | 'time' | 'event' | 'params', unknown[]>>;
  /** Roles the file has no usable column for (the event only inside free text): right when detection doubts them. */
  noColumn?: ('users' | 'time' | 'event')[];
}

const expected = JSON.parse(readFileSync(path.join(DIR, 'expected.json'), 'utf8')) as Expected[];

/** Files the default run must refuse, saying why: events only inside free text (naming the missing role and the columns), a format that is not CSV. */
const REFUSED: Record<string, RegExp> = {
  'linux-auditd-events.csv': /could not find the event[^]*(considered|Columns:)/,
  'plaso-l2ttln.log': /could not find the event[^]*Columns: Time, Source, Host, User, Description/,
  'plaso-dynamic-winevtx.csv': /could not find the user \(--users\): no column is named as a user[^;]*; the event \(--event\): no column is named as an event[^]*Columns:/,
  'plaso-json.json': /no JSON records found at the start of the file: it is one object whose values are objects under keys of their own \(the first "event_0"\)[^]*psort -o json_line/,
  // Carbon Black through Sentinel: the audit's description is free text and Type the table's name; no column names the event.
  'carbonblack-cloud-audit-sentinel.json': /could not find the event \(--event\); considered [^]*Type \(its values are Log Analytics table names/,
  // A Log Analytics REST response, read as its PrimaryResult table's rows: SecurityAlert's entity column is empty on every row.
  'msticpy-azmon-rest-api-securityalert.json': /could not find the user \(--users\); considered CompromisedEntity \(empty in all 3 sampled rows\)[^]*Columns: TenantId, TimeGenerated, DisplayName, AlertName/,
  // Text logs, not tables: refused saying what the file looks like and what to do.
  'beats-secure-rhel7.log': /the file is not a table: its first line has no column delimiter[^]*looks like syslog text[^]*export these events/,
  'elastic-examples-apache-combined.log': /the file is not a table[^]*looks like a web server access log in the common or combined log format/,
  'plaso-aws-alb-access.log': /the file is not a table[^]*looks like text of blank-separated fields with no header line/,
  // Bitbucket's audit log has no header line: its first record is not read as one.
  'plaso-bitbucket-audit.log': /the first line looks like a record, not a header \("0:0:0:0:0:0:0:1", "1400681361906"[^]*add one/,
  // PostgreSQL's csvlog never has a header line: its first record is not read as one.
  'pgbadger-postgresql-csvlog-no-header.csv': /the first line looks like a record, not a header \("2026-05-16 05:11:50\.269 UTC", "1001", "192\.0\.2\.10:54321" are values[^]*add one/,
  // The header is line 2, after PowerShell's #TYPE line: no column names a user, none an event.
  'lnav-winevent-export-csv-type-preamble.csv': /could not find the user \(--users\): no column is named as a user[^;]*; the event \(--event\): no column[^]*Columns: TimeCreated, ProviderName, Message/,
  // An NTFS change journal (Velociraptor's Windows.Forensics.Usn) names files and reasons, no user, host or address.
  'msticpy-velociraptor-usn.json': /could not find the user \(--users\): no column is named as a user, host or address, and none holds accounts\. Name it explicitly\. Columns: Usn, Timestamp, Filename/,
  // GuardDuty findings name the principal only in prose (title, description): no user, host or address column.
  'panther-aws-guardduty-findings.jsonl': /could not find the user \(--users\): no column is named as a user, host or address, and none holds accounts\. Name it explicitly\. Columns: schemaVersion, accountId/,
  // VPC flow records and S3 server access lines: blank-separated fields, no header.
  'panther-aws-vpcflow-default.log': /the file is not a table[^]*looks like text of blank-separated fields with no header line/,
  'panther-aws-s3-server-access.log': /the file is not a table[^]*looks like text of blank-separated fields with no header line/,
  // Rows as arrays with a header row first (no record names its fields): refused saying so and what to write instead.
  'msticpy-process-tree-array-of-arrays.json': /no JSON records found at the start of the file: it is an array of arrays \(rows of bare values, the first starting ""\); Sessionscope reads records with named fields/,
  // A process listing (Velociraptor's Windows.System.Pslist) is a snapshot: no column holds a time.
  'msticpy-velociraptor-pslist.json': /could not find the time \(--time\); considered Authenticode\.Timestamp \(empty in all 10 sampled rows\)\. Name it explicitly\. Columns: Pid, Ppid, TokenIsElevated, Name/,
  // A Redline timeline names files and their times, not who acted or the host.
  // (It also says no column names the event, though Field holds the kind of file event: the user is what it lacks.)
  'timesketch-redline-simple.csv': /could not find the user \(--users\): no column is named as a user, host or address, and none holds accounts[^]*Columns: Alert, Tag, Timestamp, Field, Summary/,
  // Graph security alerts exported by Microsoft-Extractor-Suite: AffectedUser is filled on 1 of 23 rows, no other column names an actor.
  'extractorsuite-graph-securityalerts.csv': /could not find the user \(--users\)[^]*Columns: Id, Title, Category, Severity/,
  // Meraki syslog lines kept whole in a custom table's Message: Computer empty, Type the table's name; no user or event column.
  // A hunting query's output of Entra AuditLogs whose projection dropped TimeGenerated: no column holds a time.
  'sentinel-auditlogs-hunting-appcredentials.csv': /could not find the time \(--time\): no column is named as a time, and none holds dates and times on nearly every row\. Name it explicitly\. Columns: OperationName, InitiatingUserOrApp, InitiatingIpAddress/,
  'meraki-syslog-restapi-sentinel.csv': /could not find the user \(--users\); considered Computer \(empty in all 21 sampled rows\); the event \(--event\); considered Type \(its values are Log Analytics table names \(meraki_CL\), not events\)[^]*Columns: TenantId, SourceSystem, MG, ManagementGroupName, TimeGenerated \[UTC\], Computer, RawData, Message/,
  // Check Point Log Exporter in RFC 5424 syslog form (key:"value"; pairs in brackets): syslog text, not a ';'-separated table.
  'wazuh-checkpoint-logexporter-syslog.log': /the file is not a table[^]*looks like syslog text/,
  // Splunk exports: a `stats count by host` export stream (no time, no event) and a CSV of default fields whose event is only in _raw.
  'splunk-export-json-preview-stream.json': /could not find the time \(--time\): no column is named as a time[^]*the event \(--event\)[^]*Columns: preview, offset, lastrow, result, result\.host, result\.count/,
  'splunk-results-csv-multivalue.csv': /could not find the event \(--event\): no column is named as an event[^]*Columns: _bkt, _cd, _indextime, _raw/,
  // Query responses whose metadata arrays come before the records: refused for what the results lack, naming the results' columns
  // (Splunk's results hold no event column outside _raw; the Defender hunting query projected no user, host or address).
  'splunk-rest-json-messages-first.json': /could not find the event \(--event\)[^]*Columns: _bkt, _cd, _indextime, _raw/,
  'm365d-advanced-hunting-api-stats-first.json': /could not find the user \(--users\)[^]*Columns: Timestamp, FileName, InitiatingProcessFileName/,
  // macOS unified log as `log show --style syslog` text lines: not a table; to be refused as a syslog-like text log.
  'wazuh-macos-log-show-syslog.log': /the file is not a table[^]*looks like syslog text/,
};
/** The line a refusal points at, when not line 1 (the header's, after a line before it). */
const REFUSED_AT: Record<string, number> = { 'lnav-winevent-export-csv-type-preamble.csv': 2 };
/**
 * Refused files that read once the user names the role they lack (the analyst's column, empty here): the
 * roles detection did fill must still be right, and the events must stand on the lines reported.
 */
const READ_WITH: Record<string, { users: string[] }> = { 'msticpy-azmon-rest-api-securityalert.json': { users: ['CompromisedEntity'] } };

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function roleRight(e: Expected, d: Detection, role: 'users' | 'time' | 'event' | 'params'): boolean {
  if (role !== 'params' && e.noColumn?.includes(role)) return d.doubts.some((x) => x.role === role);
  const got = d.mapping[role];
  return same(got, e[role]) || (e.alternatives?.[role] ?? []).some((alt) => same(got, alt));
}

function mappingRight(e: Expected, d: Detection): boolean {
  if (e.preSessionized) return d.preSessionized !== undefined;
  return (['users', 'time', 'event', 'params'] as const).every((r) => roleRight(e, d, r));
}

function fileLines(file: string): string[] {
  const raw = readFileSync(file);
  const bytes = file.endsWith('.gz') ? gunzipSync(raw) : raw;
  // Decoded by its byte-order mark, as the editor and the reader decode it (a UTF-16 LE export from Windows PowerShell).
  const text = bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2).toString('utf16le') : bytes[0] === 0xfe && bytes[1] === 0xff ? Buffer.from(bytes.subarray(2)).swap16().toString('utf16le') : bytes.toString('utf8');
  // Lines as the editor counts them: CRLF, LF or a lone CR end a line.
  return text.split(/\r\n|\n|\r/);
}

/** The text a log shows for a value: as is (CSV), or JSON-escaped inside a JSON string. */
function shows(text: string, value: string): boolean {
  return text.includes(value) || text.includes(JSON.stringify(value).slice(1, -1)) || text.includes(value.replace(/"/g, '""'));
}

describe('real public logs (test/fixtures/real)', function () {
  this.timeout(60_000);
  const right: string[] = [];
  const silentlyWrong: string[] = [];

  for (const e of expected) {
    const file = path.join(DIR, e.file);
    describe(e.file, function () {
      it(REFUSED[e.file] ? 'the default run refuses with a message that says why' : 'a default run maps the columns as an analyst would, or says what it doubts', async function () {
        if (REFUSED[e.file]) {
          await assert.rejects(loadLog({ file }), (err: unknown) => err instanceof LogInputError && REFUSED[e.file].test(err.message) && err.location?.line === (REFUSED_AT[e.file] ?? 1));
          if (READ_WITH[e.file]) {
            const d = await inspectLog(file);
            const wrong = (['time', 'event', 'params'] as const).filter((r) => !roleRight(e, d, r) && !d.doubts.some((x) => x.role === r));
            assert.deepEqual(wrong, [], `wrong with no doubt: ${JSON.stringify(d.mapping)}`);
          }
          return;
        }
        const d = await inspectLog(file);
        if (mappingRight(e, d)) right.push(e.file);
        else {
          // Each wrong role must be doubted itself: a doubt about another role tells the user nothing about this one.
          const wrong = e.preSessionized ? ['users', 'time', 'event', 'params'] : (['users', 'time', 'event', 'params'] as const).filter((r) => !roleRight(e, d, r));
          const undoubted = wrong.filter((r) => !d.doubts.some((x) => x.role === r));
          if (undoubted.length > 0) silentlyWrong.push(`${e.file}: ${undoubted.join(', ')} ${JSON.stringify(d.mapping)}`);
          assert.deepEqual(undoubted, [], `wrong with no doubt on ${undoubted.join(', ')}: ${JSON.stringify(d.mapping)}`);
        }
      });
      if (REFUSED[e.file] && !READ_WITH[e.file]) return;
      it('the top sessions\' events stand on the lines the report gives', async function () {
        const log = await loadLog({ file, mapping: READ_WITH[e.file], read: { onBadRow: 'skip' } });
        const scored = scoreLog(log);
        const lines = fileLines(file);
        const top = rankedReports(scored, 3);
        assert.ok(top.length > 0);
        for (const r of top) {
          const evs = sessionEvents(scored.sessions, r.sessionId);
          assert.equal(evs.length, r.eventCount);
          for (let i = 0; i < evs.length; i++) {
            const ev = evs[i];
            const first = log.events.startLine[ev];
            const last = log.events.endLine[ev];
            assert.equal(r.lines[i], first);
            assert.ok(first >= 1 && last >= first && last <= lines.length, `lines ${first}-${last} of ${lines.length}`);
            const text = lines.slice(first - 1, last).join('\n');
            if (log.sessionsFromFile) continue; // one row holds the session: its commands are checked by the parity test
            const command = log.events.commandNames[log.events.commandIds[ev]];
            assert.ok(shows(text, command), `line ${first}-${last} should show the command ${JSON.stringify(command)}`);
            for (const u of eventUsers(log.events, ev)) if (u) assert.ok(shows(text, u), `line ${first}-${last} should show the user ${JSON.stringify(u)}`);
          }
          if (r.rarestWindowLines) assert.ok(r.lines.includes(r.rarestWindowLines[0]) || r.rarestWindowLines[0] <= r.rarestWindowLines[1]);
        }
      });
    });
  }

  after(function () {
    const share = right.length / (expected.length - Object.keys(REFUSED).length);
    // Printed so a run shows the figure the issue asks for.
    console.log(`      real logs: default mapping right on ${right.length} of ${expected.length - Object.keys(REFUSED).length} (${Math.round(100 * share)}%), refused with a clear message on ${Object.keys(REFUSED).length}`);
    assert.deepEqual(silentlyWrong, []);
    assert.ok(share >= 0.9, `default mapping right on ${right.length} files only`);
  });
});
