// The CLI's insight options as a user runs them (dist/cli.js, built by `npm run build`).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { SessionReport } from '../../src/present/report';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const SAMPLE = path.join(ROOT, 'media', 'sample', 'exchange-admin-sample.csv');
const SIDECAR = path.join(ROOT, 'media', 'sample', 'exchange-admin-sample.anomalies.json');
const dir = mkdtempSync(path.join(tmpdir(), 'sessionscope-insights-cli-'));

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: dir, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface JsonOut {
  settings: { ranking: string; actorColumns: string[]; sessions: number };
  sessions: SessionReport[];
}

describe('CLI insights', function () {
  this.timeout(60_000);
  before(function () {
    assert.ok(existsSync(CLI), `${CLI} missing: run npm run build first`);
  });

  const forwarding = (JSON.parse(readFileSync(SIDECAR, 'utf8')) as { anomalies: { id: string; lines: number[] }[] }).anomalies
    .find((a) => a.id === 'external-smtp-forwarding')!;
  const rankOf = (j: JsonOut, line: number): SessionReport => j.sessions.find((s) => s.lines.includes(line))!;

  it('--ranking insight orders by insight score; every session has its insights; the forwarding goes from 151st to the top 10', function () {
    const ins = run('score', SAMPLE, '--format', 'json', '--ranking', 'insight');
    const ref = run('score', SAMPLE, '--format', 'json');
    assert.equal(ins.code, 0, ins.stderr);
    assert.equal(ref.code, 0, ref.stderr);
    const ji = JSON.parse(ins.stdout) as JsonOut;
    const jr = JSON.parse(ref.stdout) as JsonOut;
    assert.equal(ji.settings.ranking, 'insight');
    assert.equal(jr.settings.ranking, 'reference');
    assert.deepEqual(ji.settings.actorColumns, ['UserId', 'ClientIP']);
    assert.equal(ji.sessions.length, ji.settings.sessions);
    for (let i = 1; i < ji.sessions.length; i++) assert.ok(ji.sessions[i - 1].insightScore! <= ji.sessions[i].insightScore!);
    for (const s of [...ji.sessions, ...jr.sessions]) {
      assert.ok(Array.isArray(s.insights));
      assert.equal(typeof s.insightScore, 'number');
    }
    const fi = rankOf(ji, forwarding.lines[0]);
    const fr = rankOf(jr, forwarding.lines[0]);
    assert.equal(fr.rank, 151);
    assert.equal(fi.referenceRank, 151);
    assert.ok(fi.rank <= 10, `insight rank ${fi.rank}`);
    assert.ok(fi.insights!.some((i) => i.kind === 'new-param-value' && i.evidence.param === 'DeliverToMailboxAndForward' && i.lines.includes(forwarding.lines[1])));
    // The same sessions, the same insights and scores, whichever the order.
    assert.deepEqual(fr.insights, fi.insights);
    assert.equal(fr.insightScore, fi.insightScore);
  });

  it('the table shows each session\'s top insight', function () {
    const r = run('score', SAMPLE, '--top', '8', '--ranking', 'insight');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], /\s+top insight$/);
    assert.match(lines[2], /First session of this account/);
    assert.match(r.stderr, /insight ranking; insights: baseline \d+ ms, sessions \d+ ms/);
  });

  it('trains on one file and judges another with the saved baseline: a new account is one insight', function () {
    const model = path.join(dir, 'model.json');
    assert.equal(run('score', SAMPLE, '--model-out', model, '--top', '1').code, 0);
    const saved = JSON.parse(readFileSync(model, 'utf8')) as { insights?: { actorColumns: string[]; actors: string[] } };
    assert.deepEqual(saved.insights?.actorColumns, ['UserId', 'ClientIP']);
    assert.ok(saved.insights!.actors.length > 20);
    const today = path.join(dir, 'today.csv');
    writeFileSync(today, 'TimeGenerated,UserId,ClientIP,Operation,Parameters\n' +
      '2024-07-01T00:00:00Z,intruder@contoso.com,1.2.3.4,Get-Mailbox,\n' +
      '2024-07-01T00:00:05Z,intruder@contoso.com,1.2.3.4,Add-MailboxPermission,\n' +
      '2024-07-01T00:00:09Z,intruder@contoso.com,1.2.3.4,New-InboxRule,\n');
    const r = run('score', today, '--format', 'json', '--model-in', model);
    assert.equal(r.code, 0, r.stderr);
    const [s] = (JSON.parse(r.stdout) as JsonOut).sessions;
    assert.deepEqual(s.insights!.filter((i) => i.kind === 'new-actor').map((i) => i.lines), [[2, 3, 4]]);
    assert.ok(!s.insights!.some((i) => i.kind === 'new-command-for-actor'));
  });

  it('--actor names the actor by one user column; bad values are usage or input errors', function () {
    const r = run('score', SAMPLE, '--format', 'json', '--actor', 'UserId', '--top', '3');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as JsonOut).settings.actorColumns, ['UserId']);
    const bad = run('score', SAMPLE, '--ranking', 'best');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--ranking must be one of reference, insight/);
    const col = run('score', SAMPLE, '--actor', 'Nobody');
    assert.equal(col.code, 1);
    assert.match(col.stderr, /the actor column "Nobody" is not one of the user columns \(UserId, ClientIP\)/);
  });
});
