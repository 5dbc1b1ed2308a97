// The CLI as a user runs it: a child process on dist/cli.js (built by `npm run build`).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { SessionReport } from '../../src/present/report';
import { REFERENCE_CSV, requireReference } from './referenceData';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const SAMPLE = path.join(ROOT, 'media', 'sample', 'exchange-admin-sample.csv');
const dir = mkdtempSync(path.join(tmpdir(), 'sessionscope-cli-'));

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: dir, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface JsonOut {
  settings: { mapping: { users: string[] }; sessionType: string; sessions: number; window: number };
  sessions: SessionReport[];
}

describe('CLI', function () {
  before(function () {
    assert.ok(existsSync(CLI), `${CLI} missing: run npm run build first`);
  });

  it('stops quietly (exit 0, no error) when the reader of its output closes the pipe early, as `| head` does', function () {
    // `head -c 1` reads one byte and exits; the CLI is still writing the sample's CSV (several MB of sessions).
    const sample = path.join(ROOT, 'media', 'sample', 'exchange-admin-sample.csv');
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" score "${sample}" --format csv --top 1000000 2>"${path.join(dir, 'epipe.err')}" | head -c 1 >/dev/null`], {
      encoding: 'utf8',
    });
    const stderr = readFileSync(path.join(dir, 'epipe.err'), 'utf8');
    assert.doesNotMatch(stderr, /internal error|EPIPE/);
    assert.equal(r.status, 0, stderr);
  });

  it('scores the bundled sample as a readable table, mapping on stderr', function () {
    const r = run('score', SAMPLE, '--top', '5');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 7);
    assert.match(lines[0], /^rank\s+likelihood\s+UserId\s+ClientIP\s+start\s+events\s+rarest window\s+top insight$/);
    assert.match(r.stderr, /users=UserId,ClientIP time=TimeGenerated event=Operation params=Parameters/);
  });

  it('writes JSON in rank order with lines that point at the rarest window', function () {
    const out = path.join(dir, 'out.json');
    const r = run('score', SAMPLE, '--format', 'json', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(readFileSync(out, 'utf8')) as JsonOut;
    assert.equal(j.settings.sessionType, 'cmds_params_values');
    assert.equal(j.sessions.length, j.settings.sessions);
    const finite = j.sessions.filter((s) => s.rarestWindowLikelihood !== null);
    for (let i = 1; i < finite.length; i++) assert.ok(finite[i - 1].rarestWindowLikelihood! <= finite[i].rarestWindowLikelihood!);
    assert.ok(j.sessions.slice(finite.length).every((s) => s.rarestWindowLikelihood === null), 'NaN sessions last');
    const text = readFileSync(SAMPLE, 'utf8').split('\n');
    const top = j.sessions[0];
    assert.equal(top.lines.length, top.eventCount);
    const [first, last] = top.rarestWindowLines!;
    const windowText = text.slice(first - 1, last).join('\n');
    for (const cmd of top.rarestWindow) assert.ok(windowText.includes(`,${cmd},`), `${cmd} within lines ${first}-${last}`);
  });

  it('saves a model and scores with it to the same numbers', function () {
    const model = path.join(dir, 'model.json');
    const a = run('score', SAMPLE, '--format', 'json', '--model-out', model);
    const b = run('score', SAMPLE, '--format', 'json', '--model-in', model);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const ja = JSON.parse(a.stdout) as JsonOut;
    const jb = JSON.parse(b.stdout) as JsonOut;
    assert.deepEqual(jb.sessions.map((s) => s.rarestWindowLikelihood), ja.sessions.map((s) => s.rarestWindowLikelihood));
  });

  it('scores another file with a saved model, unseen commands taking the UNK path', function () {
    const model = path.join(dir, 'model2.json');
    assert.equal(run('score', SAMPLE, '--format', 'json', '--model-out', model).code, 0);
    const other = path.join(dir, 'other.csv');
    writeFileSync(other, 'TimeGenerated,UserId,ClientIP,Operation,Parameters\n2024-07-01T00:00:00Z,x,1.1.1.1,Never-Seen,\n2024-07-01T00:00:05Z,x,1.1.1.1,Get-Mailbox,\n2024-07-01T00:00:09Z,x,1.1.1.1,Never-Seen,\n');
    const r = run('score', other, '--format', 'json', '--model-in', model);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as JsonOut;
    assert.equal(j.sessions.length, 1);
    assert.ok(j.sessions[0].rarestWindowLikelihood! > 0 && j.sessions[0].rarestWindowLikelihood! < 1e-3);
  });

  it('gives the reference sessionizing outputs as CSV', function () {
    const r = run('sessionize', SAMPLE);
    assert.equal(r.code, 0, r.stderr);
    const header = r.stdout.split('\n')[0];
    assert.equal(header, 'UserId,ClientIP,TimeGenerated_min,TimeGenerated_max,Operation_list,duration,number_events');
    const e = run('sessionize', SAMPLE, '--per-event');
    assert.equal(e.code, 0, e.stderr);
    assert.equal(e.stdout.split('\n')[0], 'UserId,ClientIP,TimeGenerated,Operation,Parameters,line,session_ind');
  });

  it('matches the reference session count on its demo data', function () {
    requireReference(this);
    const r = run('sessionize', REFERENCE_CSV, '--users', 'UserId,ClientIP');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trimEnd().split('\n').length - 1, 400);
  });

  it('exits 2 on bad usage and 1 on bad input, naming file and line', function () {
    assert.equal(run('score').code, 2);
    assert.equal(run('frobnicate', SAMPLE).code, 2);
    const w = run('score', SAMPLE, '--window', '0');
    assert.equal(w.code, 2);
    assert.match(w.stderr, /--window must be a whole number from 1 to 50, got "0"/);
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'time,user,op\n2020-01-01T00:00:00Z,a,A\nnope,b,B\n');
    const r = run('score', bad);
    assert.equal(r.code, 1);
    // The columns it read come first (a row may be bad only under a wrong guess), then the row, then how to read past it.
    // Detection saw the row in its sample and says so first, as a note.
    const columns = `sessionscope: ${bad}: csv, users=user time=time event=op params=(none)\nsessionscope: note: time column time does not read as a time on 1 of 2 sampled rows ("nope"): each would be a bad row`;
    assert.equal(
      r.stderr.trim(),
      `${columns}\nsessionscope: ${bad}:3:1: unparseable time "nope" in column time\nsessionscope: stopped at the first bad row; --on-bad-row skip skips bad rows and reports them`,
    );
    // Stop asked for: no hint.
    assert.equal(run('score', bad, '--on-bad-row', 'stop').stderr.trim(), `${columns}\nsessionscope: ${bad}:3:1: unparseable time "nope" in column time`);
    // What detection doubted is said before the row that stopped the run (real Google Cloud audit log: two entries lack a method).
    const gcp = run('score', path.join(ROOT, 'test', 'fixtures', 'real', 'gcp-audit-logging.jsonl'));
    assert.equal(gcp.code, 1);
    const lines = gcp.stderr.trim().split('\n');
    assert.match(lines[0], /jsonl, users=protoPayload\.authenticationInfo\.principalEmail,protoPayload\.requestMetadata\.callerIp time=timestamp event=protoPayload\.methodName/);
    const warned = lines.findIndex((l) => /warning: event column protoPayload\.methodName/.test(l));
    assert.ok(warned > 0 && warned < lines.findIndex((l) => /:8: no event: the record has no "protoPayload\.methodName" field/.test(l)), gcp.stderr);
    // Not a bad row (skipping would not help): no such hint.
    const noTime = path.join(dir, 'no-time.csv');
    writeFileSync(noTime, 'time,user,op\n2020-01-01T00:00:00Z,a,A\n');
    assert.doesNotMatch(run('score', noTime, '--time', 'when').stderr, /--on-bad-row/);
    const s = run('score', bad, '--on-bad-row', 'skip');
    assert.equal(s.code, 0, s.stderr);
    assert.match(s.stderr, /skipped 1 bad row/);
  });

  it('reads a W3C log with a time field and no date field at #Date+time (the #Date: directive\'s date), by default and when named', function () {
    const ftp = path.join(dir, 'msftpsvc.log');
    const block = (date: string, clock: string) => ['#Software: Microsoft Internet Information Server 4.0', '#Version: 1.0', `#Date: ${date} ${clock}`, '#Fields: time c-ip cs-method cs-uri-stem sc-status'];
    writeFileSync(ftp, [...block('2000-10-09', '16:44:49'), '16:44:49 10.0.0.5 [2]USER anonymous 331', '16:44:50 10.0.0.5 [2]PASS guest 230', ...block('2000-10-10', '09:00:00'), '09:00:01 10.0.0.9 [3]USER bob 331', '09:00:02 10.0.0.9 [3]RETR /a.txt 226'].join('\n') + '\n');
    const r = run('score', ftp, '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stderr.includes(`${ftp}: W3C extended log, users=c-ip time=#Date+time event=`), r.stderr);
    const out = JSON.parse(r.stdout) as JsonOut & { sessions: { start: string }[] };
    assert.deepEqual(out.sessions.map((s) => s.start).sort(), ['2000-10-09T16:44:49.000Z', '2000-10-10T09:00:01.000Z']);
    const named = run('score', ftp, '--time', '#Date+time', '--users', 'c-ip', '--event', 'cs-uri-stem');
    assert.equal(named.code, 0, named.stderr);
    assert.match(named.stderr, /time=#Date\+time event=cs-uri-stem/);
    assert.match(run('--help').stdout, /#Date\+CLOCK in a W3C log: the date of the #Date: directive before each record/);
  });

  it('shows a session too short for a window as a dash in the table, and says why under it', function () {
    const short = path.join(dir, 'short.csv');
    writeFileSync(short, 'time,user,op\n2020-01-01T00:00:00Z,a,A\n2020-01-01T00:00:10Z,a,B\n2020-01-01T00:00:20Z,a,C\n2020-01-01T05:00:00Z,b,A\n');
    const r = run('score', short, '--users', 'user', '--time', 'time', '--event', 'op');
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.split('\n').filter((l) => /^\d/.test(l));
    assert.match(rows.find((l) => / b /.test(l)) ?? '', /^2\s+-\s+b\s/);
    assert.doesNotMatch(r.stdout, /NaN/);
    assert.match(r.stdout, /- no likelihood: the session has fewer than 2 events, too few for a window of 3 with the start and end tokens/);
    const plain = run('score', short, '--users', 'user', '--time', 'time', '--event', 'op', '--window', '2');
    assert.doesNotMatch(plain.stdout, /no likelihood/, 'every session has a window of 2');
  });

  it('neutralises spreadsheet formulas from hostile log text in CSV output', function () {
    const evil = path.join(dir, 'evil.csv');
    writeFileSync(evil, 'time,user,op\n2020-01-01T00:00:00Z,=HYPERLINK("http://x"),A\n2020-01-01T00:00:01Z,=HYPERLINK("http://x"),B\n');
    const r = run('score', evil, '--format', 'csv');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /"'=HYPERLINK\(""http:\/\/x""\)"/);
  });

  it('sessionize keeps headers such as @timestamp_min as they are (#7 item 9)', function () {
    const log = path.join(dir, 'at.csv');
    writeFileSync(log, '@timestamp,@user,op\n2020-01-01T00:00:00Z,-bob,=A\n2020-01-01T00:00:01Z,-bob,-5\n');
    const r = run('sessionize', log, '--users', '@user', '--time', '@timestamp', '--event', 'op', '--params', '');
    assert.equal(r.code, 0, r.stderr);
    const [header, row] = r.stdout.split('\n');
    assert.equal(header, '@user,@timestamp_min,@timestamp_max,op_list,duration,number_events');
    assert.match(row, /^'-bob,2020-01-01T00:00:00/);
    const e = run('sessionize', log, '--users', '@user', '--time', '@timestamp', '--event', 'op', '--params', '', '--per-event');
    assert.equal(e.code, 0, e.stderr);
    assert.deepEqual(e.stdout.split('\n').slice(0, 3), ['@user,@timestamp,op,line,session_ind', "'-bob,2020-01-01T00:00:00.000Z,'=A,2,0", "'-bob,2020-01-01T00:00:01.000Z,-5,3,0"]);
  });

  it('writes the same sessionizing as a Kusto query whose output reads back as sessions', function () {
    const r = run('kql', SAMPLE, '--table', 'OfficeActivity', '--max-session', '30', '--lookback', '7d');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.deepEqual(lines.slice(0, 3), [
      "['OfficeActivity']",
      "| where ['TimeGenerated'] > ago(7d)",
      "| extend ['UserId'] = coalesce(tostring(['UserId']), ''), ['ClientIP'] = coalesce(tostring(['ClientIP']), '')",
    ]);
    assert.ok(lines.includes("| extend begin = row_window_session(['TimeGenerated'], 30m, 2m, ['UserId'] != prev(['UserId']) or ['ClientIP'] != prev(['ClientIP']))"));
    // The columns the pre-sessionized reader detects: cmds, params, begin, end and the users.
    assert.equal(lines.at(-1), "| summarize cmds = make_list(['Operation']), params = make_list(['Parameters']), end = max(['TimeGenerated']) by ['UserId'], ['ClientIP'], begin");
    const hostile = run('kql', '--table', "T'] | evil", '--users', "a'b", '--time', 't', '--event', 'e');
    assert.equal(hostile.code, 0, hostile.stderr);
    assert.match(hostile.stdout, /^\['T\\'\] \| evil'\]\n/);
    assert.equal(run('kql', SAMPLE, '--table', 'T', '--lookback', '1; drop').code, 1);
    assert.equal(run('kql', SAMPLE).code, 2);
  });

  it('refuses to write its output over the log it reads (same path, a symbolic or a hard link)', function () {
    const sub = path.join(dir, 'overwrite');
    mkdirSync(sub);
    const log = path.join(sub, 'log.csv');
    copyFileSync(SAMPLE, log);
    const before = readFileSync(log, 'utf8');
    symlinkSync(log, path.join(sub, 'symlink.csv'));
    linkSync(log, path.join(sub, 'hardlink.csv'));
    const model = path.join(sub, 'model.json');
    assert.equal(run('score', log, '--model-out', model).code, 0);
    const attempts: string[][] = [
      ['score', log, '--out', log],
      ['score', log, '--format', 'csv', '--out', path.join(sub, '..', 'overwrite', 'log.csv')],
      ['score', log, '--out', path.join(sub, 'symlink.csv')],
      ['score', path.join(sub, 'symlink.csv'), '--out', log],
      ['score', log, '--format', 'json', '--out', path.join(sub, 'hardlink.csv')],
      ['score', log, '--model-out', path.join(sub, 'hardlink.csv')],
      ['sessionize', log, '--out', log],
      ['kql', log, '--table', 'T', '--out', log],
    ];
    for (const args of attempts) {
      const r = run(...args);
      assert.equal(r.code, 2, `${args.join(' ')} must be refused: ${r.stderr}`);
      assert.match(r.stderr, /is the input log file; it is only ever read/);
    }
    const corrupt = path.join(sub, 'corrupt-model.json');
    writeFileSync(corrupt, readFileSync(model, 'utf8').replace('"transitions":[[', '"transitions":[[0.5,'));
    const bad = run('score', log, '--model-in', corrupt);
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /not a valid Sessionscope model file: transitions\[0\]/);
    const overModel = run('score', log, '--model-in', model, '--out', model);
    assert.equal(overModel.code, 2);
    assert.match(overModel.stderr, /is the model file read with --model-in/);
    assert.equal(readFileSync(log, 'utf8'), before, 'the log is untouched');
    assert.equal(run('score', log, '--model-in', model, '--out', path.join(sub, 'scores.txt')).code, 0, 'another output file is fine');
  });
});
