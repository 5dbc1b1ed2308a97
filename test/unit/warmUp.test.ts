// The made-up logs a spare pipeline thread warms its code on
// (src/run/warmUp.ts): they must read the way real logs of their kind do, so
// the warm-up runs the paths a user's first run takes, and the warm-up must
// stop when asked and leave nothing behind.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { inspectLog } from '../../src/engine/read/detect';
import { loadLog } from '../../src/engine/pipeline';
import { warmCsv, warmJsonLines, warmUp } from '../../src/run/warmUp';

const warmFolders = (): string[] => readdirSync(tmpdir()).filter((f) => f.startsWith('sessionscope-warm-'));

describe('the warm-up of a spare pipeline thread', function () {
  this.timeout(30_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sessionscope-warmtest-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const logs = [
    { what: 'its CSV as an Exchange admin audit: users with addresses, JSON name/value parameters', name: 'admin.csv', text: warmCsv, events: 400,
      mapping: { users: ['UserId', 'ClientIP'], time: 'TimeGenerated', event: 'Operation', params: 'Parameters' } },
    { what: 'its JSON Lines as CloudTrail-like records: a nested identity, and the address where it names no one', name: 'trail.jsonl', text: warmJsonLines, events: 300,
      mapping: { users: ['userIdentity.userName', 'sourceIPAddress'], time: 'eventTime', event: 'eventName', params: 'requestParameters' } },
  ];
  for (const l of logs) {
    it(`reads ${l.what}`, async function () {
      const file = path.join(dir, l.name);
      writeFileSync(file, l.text());
      const d = await inspectLog(file);
      const { users, time, event, params } = d.mapping;
      assert.deepEqual({ users, time, event, params }, l.mapping);
      const log = await loadLog({ file, mapping: d.mapping, read: { onBadRow: 'stop' } });
      assert.equal(log.events.count, l.events);
      assert.ok(log.events.paramOffsets[log.events.count] > l.events, 'the parameters were not read');
    });
  }

  it('runs every step, or stops at the step it is asked to, and removes its folder either way', async function () {
    const before = warmFolders();
    assert.equal(await warmUp(() => false), 12);
    assert.deepEqual(warmFolders(), before);
    let asked = 0;
    assert.equal(await warmUp(() => ++asked > 3), 3);
    assert.deepEqual(warmFolders(), before);
    assert.equal(await warmUp(() => true), 0);
    assert.deepEqual(warmFolders(), before);
  });
});
