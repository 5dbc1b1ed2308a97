// A double quote inside a quoted CSV field that is not doubled (""), as
// writers that do not escape quotes leave it: read as part of the value, as
// spreadsheets and most CSV readers read it, where that reading gives the
// header's field count, a good event and a well-formed record after it; said
// as a note with the quote's line and column. Otherwise it stays a broken row.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { eventUsers } from '../../src/engine/events';
import { loadLog, scoreLog } from '../../src/engine/pipeline';
import type { LoadedLog } from '../../src/engine/stages';
import { buildPanelResult } from '../../src/present/panelData';
import { tempFiles } from './inputFiles';
import { LogInputError, type BadRowPolicy, type ColumnMapping, type EventTable } from '../../src/engine/types';

const ROOT = path.resolve(__dirname, '../../..');
const WORKER = path.join(ROOT, 'dist', 'csvWorker.js');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const TREE = path.join(ROOT, 'test', 'fixtures', 'real', 'msticpy-process-tree-utf16le.csv');

const file = tempFiles('sessionscope-lenient-');

const MAP: ColumnMapping = { users: ['User'], time: 'Time', event: 'CommandLine' };

/** Records of a process log: `CommandLine` quoted, some over two lines; record i starts on line starts[i]. */
function processLog(events: number): { records: string[]; starts: number[] } {
  const records = ['Time,User,CommandLine,Host'];
  const starts: number[] = [];
  let line = 2;
  for (let i = 0; i < events; i++) {
    const t = new Date(Date.UTC(2024, 5, 1) + i * 5000).toISOString();
    const two = i % 5 === 0;
    records.push(`${t},user${i % 9},"cmd.exe /c ""echo ${i}"" & exit${two ? '\n  /b 1' : ''}",host${i % 3}`);
    starts.push(line);
    line += two ? 2 : 1;
  }
  return { records, starts };
}

async function load(p: string, policy: BadRowPolicy, halves: boolean, mapping: ColumnMapping = MAP): Promise<LoadedLog> {
  return loadLog({ file: p, mapping, read: { onBadRow: policy }, parallel: halves ? { workerScript: WORKER, minBytes: 0 } : { minBytes: Infinity } });
}

function rows(t: EventTable): string[] {
  return Array.from({ length: t.count }, (_, i) => JSON.stringify([eventUsers(t, i), t.timeMs[i], t.commandNames[t.commandIds[i]], t.startLine[i], t.endLine[i]]));
}

const lenientNote = (log: LoadedLog) => log.doubts.find((d) => d.role === 'rows');

describe('CSV: a quote inside a quoted field that is not doubled', function () {
  this.timeout(60_000);
  before(function () {
    assert.ok(existsSync(WORKER), `${WORKER} missing: run npm run build first`);
  });

  const EVENTS = 3000;
  const log = processLog(EVENTS);
  const clean = file('clean.csv', log.records.join('\n') + '\n');
  // Event 2401 (a one-line record, in the second half): cmd.exe /c "echo 2401" & exit with its inner quotes not doubled.
  const EV = 2401;
  const STRAY = EV + 1;
  const strayRecords = log.records.slice();
  strayRecords[STRAY] = strayRecords[STRAY].replace(`""echo ${EV}""`, `"echo ${EV}"`);
  const stray = file('stray.csv', strayRecords.join('\n') + '\n');
  const quoteColumn = strayRecords[STRAY].indexOf('"echo') + 1;

  for (const halves of [false, true]) {
    for (const policy of ['stop', 'skip'] as const) {
      it(`is read as part of the value and said with its line and column (${policy}, ${halves ? 'two halves' : 'one piece'})`, async function () {
        const got = await load(stray, policy, halves);
        const want = rows((await load(clean, policy, halves)).events);
        assert.equal(got.events.count, EVENTS);
        assert.equal(got.skipped.count, 0);
        assert.equal(got.events.commandNames[got.events.commandIds[EV]], `cmd.exe /c "echo ${EV}" & exit`);
        assert.deepEqual(rows(got.events), want);
        const note = lenientNote(got);
        assert.ok(note?.note, JSON.stringify(got.doubts));
        assert.match(note.text, new RegExp(`^1 record has a double quote inside a quoted field that is not doubled as "": read as part of the value[^]*\\(line ${log.starts[EV]}, column ${quoteColumn} in CommandLine\\)$`));
      });
    }
  }

  it('a file with no such quote has no note', async function () {
    assert.equal(lenientNote(await load(clean, 'stop', false)), undefined);
  });

  it('counts every such record and names the first five', async function () {
    const r = log.records.slice();
    const broken = [3, 701, 1501, 2001, 2402, 2601, 2999];
    for (const k of broken) r[k + 1] = r[k + 1].replace(`""echo ${k}""`, `"echo ${k}"`);
    const p = file('many.csv', r.join('\n') + '\n');
    for (const halves of [false, true]) {
      const got = await load(p, 'stop', halves);
      assert.equal(got.events.count, EVENTS);
      for (const k of broken) assert.equal(got.events.commandNames[got.events.commandIds[k]], `cmd.exe /c "echo ${k}" & exit`);
      const text = lenientNote(got)!.text;
      assert.match(text, /^7 records have a double quote/);
      const lines = [...text.matchAll(/line (\d+), column/g)].map((m) => Number(m[1]));
      assert.deepEqual(lines, broken.slice(0, 5).map((k) => log.starts[k]));
      assert.match(text, /; 2 more\)$/);
    }
  });

  it('the last record, with no line break after it, reads the same way', async function () {
    const r = log.records.slice(0, 11);
    r[10] = r[10].replace('""echo 9""', '"echo 9"');
    const got = await load(file('last.csv', r.join('\n')), 'stop', false);
    assert.equal(got.events.count, 10);
    assert.equal(got.events.commandNames[got.events.commandIds[9]], 'cmd.exe /c "echo 9" & exit');
    assert.deepEqual([got.events.startLine[9], got.events.endLine[9]], [log.starts[9], log.starts[9]]);
  });

  it('stays a broken row where reading the quote as text does not give the header\'s fields', async function () {
    // A JSON cell whose quotes are not doubled: a quote before a comma ends the field early, so the record has too many fields.
    const text = 'Time,User,Operation,Parameters\n' + '2024-06-01T00:00:00Z,u1,Set-Mailbox,"{"Identity":"bob","Forward":"x@y"}"\n' + '2024-06-01T00:00:05Z,u1,Get-Mailbox,"{}"\n';
    const p = file('json.csv', text);
    const mapping = { users: ['User'], time: 'Time', event: 'Operation', params: 'Parameters' };
    await assert.rejects(load(p, 'stop', false, mapping), (e: unknown) => e instanceof LogInputError && /double quote inside a quoted field is not escaped/.test(e.message) && e.location?.line === 2 && e.location.column === 39);
    const got = await load(p, 'skip', false, mapping);
    assert.equal(got.events.count, 1);
    assert.equal(got.skipped.count, 1);
    assert.equal(lenientNote(got), undefined);
  });

  it('stays a broken row, reported at the quote, where the record read so is not a good event (params that are not JSON)', async function () {
    const text = 'Time,User,Operation,Parameters\n' + '2024-06-01T00:00:00Z,u1,Set-Mailbox,"{""Identity"": ""b"ob""}"\n' + '2024-06-01T00:00:05Z,u1,Get-Mailbox,"{}"\n';
    const p = file('badjson.csv', text);
    const mapping = { users: ['User'], time: 'Time', event: 'Operation', params: 'Parameters' };
    await assert.rejects(load(p, 'stop', false, mapping), (e: unknown) => e instanceof LogInputError && /double quote inside a quoted field is not escaped/.test(e.message) && e.location?.line === 2);
    const got = await load(p, 'skip', false, mapping);
    assert.deepEqual([got.events.count, got.skipped.count, got.skipped.first[0].line], [1, 1, 2]);
    assert.match(got.skipped.first[0].reason, /not escaped/);
  });

  describe('a real export: msticpy\'s process tree (line 37 has ".\\powershell.exe  -c "****REDACTED-MALWARE-SIG****",)', function () {
    const utf16 = readFileSync(TREE);
    const utf8 = Buffer.from(utf16.subarray(2).toString('utf16le'), 'utf8');
    const variants = [
      { name: 'UTF-16 LE, as in the corpus', path: TREE },
      { name: 'UTF-8', path: file('tree.csv', utf8) },
      { name: 'UTF-8, gzip', path: file('tree.csv.gz', gzipSync(utf8)) },
    ];
    for (const v of variants) {
      it(`reads all 117 records by default, with the note (${v.name})`, async function () {
        const got = await loadLog({ file: v.path });
        assert.equal(got.events.count, 117);
        assert.equal(got.skipped.count, 0);
        assert.match(lenientNote(got)!.text, /\(line 37, column 274 in CommandLine\)$/);
        const cmd = await loadLog({ file: v.path, mapping: { event: 'CommandLine' } });
        // The quote before the comma closes the field; the one after -c is text.
        assert.ok(cmd.events.commandNames.includes('.\\powershell.exe  -c "****REDACTED-MALWARE-SIG****'));
      });
    }

    it('the panel shows the note, and the CLI says it on stderr as a note', async function () {
      const scored = scoreLog(await loadLog({ file: TREE }));
      assert.ok(buildPanelResult(scored, 1).mapping.notes?.some((t) => /line 37, column 274 in CommandLine/.test(t)));
      const r = spawnSync(process.execPath, [CLI, 'score', TREE, '--top', '3'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /sessionscope: note: 1 record has a double quote inside a quoted field that is not doubled as "": read as part of the value[^\n]*\(line 37, column 274 in CommandLine\)\n/);
    });
  });
});
