// Which array of a JSON document holds the records when a query response puts
// arrays that describe the result first (Splunk's messages and fields,
// Defender's Schema and Stats.dataset_statistics before Results): those are
// passed over, in detection and in the read, and said as a note.

import assert from 'node:assert/strict';
import { inspectLog, metadataKind } from '../../src/engine/read/detect';
import { loadLog } from '../../src/engine/pipeline';
import { tempFiles } from './inputFiles';

const write = tempFiles('sessionscope-jsonarrays-');
const file = (content: string): string => write('doc.json', content);

const RESULTS = [
  { Timestamp: '2024-05-02T10:00:00Z', AccountName: 'alice', ActionType: 'ProcessCreated', FileName: 'cmd.exe' },
  { Timestamp: '2024-05-02T10:01:00Z', AccountName: 'alice', ActionType: 'ProcessCreated', FileName: 'powershell.exe' },
  { Timestamp: '2024-05-02T10:02:00Z', AccountName: 'bob', ActionType: 'FileCreated', FileName: 'x.ps1' },
];

describe('JSON: the records array among arrays that describe the result', function () {
  it('tells a column list, messages and statistics from records', function () {
    assert.equal(metadataKind([{ Name: 'Timestamp', Type: 'DateTime' }, { Name: 'FileName', Type: 'String' }]), 'a column list');
    assert.equal(metadataKind([{ name: '_raw' }, { name: '_time' }]), 'a column list');
    assert.equal(metadataKind([{ type: 'DEBUG', text: 'base lispy: [ AND index::_internal ]' }]), 'messages');
    assert.equal(metadataKind([{ table_row_count: 3, table_size: 1024 }]), 'statistics');
    assert.equal(metadataKind(RESULTS), undefined);
    // A record with a name and a type beside a time is no column list.
    assert.equal(metadataKind([{ name: 'login', type: 'auth', time: '2024-05-02T10:00:00Z' }]), undefined);
    assert.equal(metadataKind([{ name: 'x', type: 'y', detail: { a: 1 } }]), undefined);
    assert.equal(metadataKind([]), undefined);
  });

  for (const layout of ['indented', 'one line'] as const) {
    it(`reads Results, not Stats or Schema, and says so (Defender's advanced hunting response, ${layout})`, async function () {
      const doc = {
        Stats: { ExecutionTime: 0.01, dataset_statistics: [{ table_row_count: 3, table_size: 412 }] },
        Schema: [
          { Name: 'Timestamp', Type: 'DateTime' },
          { Name: 'AccountName', Type: 'String' },
          { Name: 'ActionType', Type: 'String' },
          { Name: 'FileName', Type: 'String' },
        ],
        Results: RESULTS,
      };
      const text = layout === 'one line' ? JSON.stringify(doc) : JSON.stringify(doc, null, 2);
      const p = file(text);
      const d = await inspectLog(p);
      assert.deepEqual(d.passOver, ['Stats.dataset_statistics', 'Schema']);
      assert.deepEqual([d.mapping.users, d.mapping.time, d.mapping.event], [['AccountName'], 'Timestamp', 'ActionType']);
      const note = d.doubts.find((x) => x.note && x.role === 'table');
      assert.equal(note?.text, 'the records are the array Results; Stats.dataset_statistics (statistics), Schema (a column list) before it describe the result and are passed over');
      const log = await loadLog({ file: p });
      assert.equal(log.events.count, 3);
      assert.deepEqual([...log.events.commandNames].sort(), ['FileCreated', 'ProcessCreated']);
      // Each event stands where its record is.
      const lines = text.split('\n');
      for (let i = 0; i < 3; i++) assert.ok(lines[log.events.startLine[i] - 1].includes(layout === 'one line' ? RESULTS[i].FileName : '{'), `event ${i}`);
      assert.ok(log.doubts.some((x) => x.text === note.text));
    });
  }

  it('passes over Splunk\'s messages and fields before results', async function () {
    const doc = {
      preview: false,
      init_offset: 0,
      messages: [{ type: 'DEBUG', text: 'base lispy: [ AND ]' }],
      fields: [{ name: 'Timestamp' }, { name: 'AccountName' }],
      results: RESULTS,
    };
    const d = await inspectLog(file(JSON.stringify(doc, null, 2)));
    assert.deepEqual(d.passOver, ['messages', 'fields']);
    assert.equal(d.mapping.event, 'ActionType');
  });

  it('keeps the first array of objects when nothing else holds records (as before)', async function () {
    const doc = { count: 2, value: [{ name: 'a', type: 'x' }, { name: 'b', type: 'y' }] };
    const d = await inspectLog(file(JSON.stringify(doc, null, 2)));
    assert.deepEqual([d.columns, d.passOver], [['name', 'type'], undefined]);
  });
});
