// The CLI says what detection doubts, on stderr where the user looks, and
// takes --time-format to settle a day order.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const REAL = path.join(ROOT, 'test', 'fixtures', 'real');

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI doubts and time formats', function () {
  this.timeout(30_000);
  before(function () {
    assert.ok(existsSync(CLI), `${CLI} missing: run npm run build first`);
  });

  it('warns when the event column is one constant value, and stops warning once the column is named', function () {
    const file = path.join(REAL, 'syslog-linux.csv');
    const r = run('score', file, '--top', '3');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: event column ProcessName has one value on every sampled row \("sudo"\)/);
    const named = run('score', file, '--top', '3', '--event', 'SyslogMessage', '--users', 'Computer');
    assert.equal(named.code, 0, named.stderr);
    assert.doesNotMatch(named.stderr, /warning: event column/);
  });

  it('refuses, naming the columns it considered, when no column can be the event', function () {
    const r = run('score', path.join(REAL, 'linux-auditd-events.csv'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /could not find the event \(--event\)/);
    assert.match(r.stderr, /Columns: .*AuditdMessage/);
  });

  it('stopped by a first record that lacks the time column, first says which columns it read and what it doubted', function () {
    const dir = mkdtempSync(path.join(tmpdir(), 'sessionscope-lack-'));
    const file = path.join(dir, 'report.json');
    // A report's summary row comes first, without the events' fields (Zoom's reports export).
    const recs = [{ date: '2024-05-01', meetings: 3, event_type: 'summary' }, ...Array.from({ length: 16 }, (_, i) => ({ create_time: `2024-05-01T09:0${i % 10}:00Z`, email: `u${i % 3}@x.test`, event_type: `E${i % 4}` }))];
    writeFileSync(file, JSON.stringify(recs, null, 1));
    const r = run('score', file);
    assert.equal(r.code, 1);
    const lines = r.stderr.trim().split('\n');
    const columns = lines.findIndex((l) => /report\.json: json, users=email time=create_time event=event_type/.test(l));
    const stop = lines.findIndex((l) => /no time: the record has no "create_time" field/.test(l));
    assert.ok(columns >= 0 && stop > columns, r.stderr);
  });

  it('reads a day-first portal export and says an ambiguous one was read month first', function () {
    const dir = mkdtempSync(path.join(tmpdir(), 'sessionscope-tf-'));
    const rows = ['TimeGenerated [UTC],User ID,Event Name'];
    for (let i = 0; i < 12; i++) rows.push(`"${13 + (i % 3)}/04/2025, 09:4${i % 10}:54.000",u${i % 2},E${i % 3}`);
    const dmy = path.join(dir, 'dmy.csv');
    writeFileSync(dmy, rows.join('\n') + '\n');
    const r = run('score', dmy, '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /time=TimeGenerated \[UTC\] \(dmy\)/);
    const out = JSON.parse(r.stdout) as { sessions: { start: string }[] };
    assert.ok(out.sessions.every((s) => s.start.startsWith('2025-04-1')), out.sessions.map((s) => s.start).join(' '));

    const amb = path.join(dir, 'amb.csv');
    writeFileSync(amb, ['date,user_id,event_type', ...Array.from({ length: 8 }, (_, i) => `05/04/2020 10:0${i},u${i % 2},E${i % 3}`)].join('\n') + '\n');
    const a = run('score', amb, '--format', 'json');
    assert.match(a.stderr, /could be day-first or month-first; read month first/);
    assert.ok((JSON.parse(a.stdout) as { sessions: { start: string }[] }).sessions[0].start.startsWith('2020-05-04'));
    const forced = run('score', amb, '--format', 'json', '--time-format', 'dmy');
    assert.doesNotMatch(forced.stderr, /day-first or month-first/);
    assert.ok((JSON.parse(forced.stdout) as { sessions: { start: string }[] }).sessions[0].start.startsWith('2020-04-05'));
    const bad = run('score', amb, '--time-format', 'european');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--time-format must be one of auto, mdy, dmy/);
  });
});
