// JSON keys the user names that some records lack (sparse keys are normal in
// real JSON logs: only some CloudTrail events carry requestParameters). A
// missing params key is an event without params, a missing user key a missing
// user value (as an empty CSV cell is), a missing time or event key a bad row
// of its own, located, under the bad-row policy: never "no such column" for
// the whole file while later records have the key.

import assert from 'node:assert/strict';
import { eventParams } from '../../src/engine/events';
import { loadLog } from '../../src/engine/pipeline';
import { BadRowError, LogInputError } from '../../src/engine/types';
import { rejectsWith, tempFiles } from './inputFiles';

const file = tempFiles('sessionscope-sparse-');

interface Rec {
  eventTime?: string;
  eventName?: string;
  user?: string;
  requestParameters?: { bucket: string };
}

/** Ten CloudTrail-like records; only the later ones carry requestParameters. */
function recs(): Rec[] {
  return Array.from({ length: 10 }, (_, i) => ({
    eventTime: `2024-01-01T00:${String(i).padStart(2, '0')}:00Z`,
    eventName: ['List', 'Get', 'Put'][i % 3],
    user: `u${i % 2}`,
    ...(i >= 3 ? { requestParameters: { bucket: `b${i % 2}` } } : {}),
  }));
}
const jsonl = (rs: Rec[]): string => rs.map((r) => JSON.stringify(r)).join('\n') + '\n';
const MAP = { users: ['user'], time: 'eventTime', event: 'eventName', params: 'requestParameters' };

describe('JSON keys missing from some records', function () {
  it('params missing from the first records: those events have no params, nothing is skipped', async function () {
    const log = await loadLog({ file: file('params.jsonl', jsonl(recs())), mapping: MAP });
    assert.equal(log.events.count, 10);
    assert.equal(log.skipped.count, 0);
    assert.deepEqual(eventParams(log.events, 0), []);
    assert.deepEqual(eventParams(log.events, 3), [['bucket', 'b1']]);
  });

  it('time missing from the first record: under stop a located bad row, not a missing column', async function () {
    const rs = recs();
    delete rs[0].eventTime;
    const p = file('time.jsonl', jsonl(rs));
    const e = await rejectsWith(loadLog({ file: p, mapping: MAP }), /no time: the record has no "eventTime" field[^]*its fields are "eventName", "user"/, 1);
    assert.ok(e instanceof BadRowError, e.describe());
    assert.doesNotMatch(e.message, /is not in/);
  });

  it('time missing from the first record: under skip that record alone is skipped and reported', async function () {
    const rs = recs();
    delete rs[0].eventTime;
    const log = await loadLog({ file: file('time-skip.jsonl', jsonl(rs)), mapping: MAP, read: { onBadRow: 'skip' } });
    assert.equal(log.events.count, 9);
    assert.equal(log.skipped.count, 1);
    assert.equal(log.skipped.first[0].line, 1);
    assert.match(log.skipped.first[0].reason, /no time: the record has no "eventTime" field/);
  });

  it('event missing from the first two records: each is a bad row at its own line', async function () {
    const rs = recs();
    delete rs[0].eventName;
    delete rs[1].eventName;
    const p = file('event.jsonl', jsonl(rs));
    const e = await rejectsWith(loadLog({ file: p, mapping: MAP }), /no event: the record has no "eventName" field/, 1);
    assert.ok(e instanceof BadRowError);
    const log = await loadLog({ file: p, mapping: MAP, read: { onBadRow: 'skip' } });
    assert.equal(log.events.count, 8);
    assert.deepEqual(
      log.skipped.first.map((s) => s.line),
      [1, 2],
    );
  });

  it('a missing event key later on names the key as seen before', async function () {
    const rs = recs();
    delete rs[4].eventName;
    const e = await rejectsWith(loadLog({ file: file('event-late.jsonl', jsonl(rs)), mapping: MAP }), /no event: the record has no "eventName" field; its fields/, 5);
    assert.ok(e instanceof BadRowError);
  });

  it('a pretty-printed record without the time spans its lines in the skip report', async function () {
    const rs = recs();
    delete rs[1].eventTime;
    const text = JSON.stringify({ Records: rs }, null, 1);
    const p = file('doc.json', text);
    const lines = text.split('\n');
    const first = lines.findIndex((l, i) => i > 0 && l.trim() === '{' && lines[i + 1].includes('"eventName": "Get"')) + 1;
    const log = await loadLog({ file: p, mapping: MAP, read: { onBadRow: 'skip' } });
    assert.equal(log.events.count, 9);
    const s = log.skipped.first[0];
    assert.equal(s.line, first);
    assert.equal(s.firstLine, first);
    assert.equal(s.lastLine, first + 3); // {, eventName, user, }
  });

  it('user missing: the event has a missing user, as an empty CSV cell gives', async function () {
    const rs = recs();
    delete rs[0].user;
    const json = await loadLog({ file: file('user.jsonl', jsonl(rs)), mapping: MAP });
    const csvText = ['eventTime,eventName,user', ...rs.map((r) => `${r.eventTime},${r.eventName},${r.user ?? ''}`)].join('\n') + '\n';
    const csv = await loadLog({ file: file('user.csv', csvText), mapping: { ...MAP, params: undefined } });
    assert.equal(json.events.count, 10);
    assert.equal(json.skipped.count, 0);
    assert.deepEqual([...json.events.userIds[0]], [...csv.events.userIds[0]]);
    assert.equal(json.events.userIds[0][0], -1);
  });

  it('a key no record has is still refused once the file is read, naming the fields seen', async function () {
    const p = file('typo.jsonl', jsonl(recs()));
    const e = await rejectsWith(loadLog({ file: p, mapping: { ...MAP, time: 'eventTme' }, read: { onBadRow: 'skip' } }), /the time column "eventTme" is not in any record; fields seen are "eventTime"/);
    assert.ok(e instanceof LogInputError);
    // Under stop the first record stops the read, saying no record before it had the key either.
    await rejectsWith(loadLog({ file: p, mapping: { ...MAP, time: 'eventTme' } }), /no time: the record has no "eventTme" field \(nor has any record before it\)/, 1);
  });
});
