// A line before a CSV header that is no part of the table: Windows
// PowerShell's Export-Csv / ConvertTo-Csv write `#TYPE <type>` there unless
// told -NoTypeInformation, Excel reads and writes `sep=<delimiter>`. The
// header is the next line; every line keeps its number in the file (events,
// bad rows, refusals), in one piece or two halves, UTF-8 or UTF-16.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadLog } from '../../src/engine/pipeline';
import { inspectLog } from '../../src/engine/read/detect';
import { preambleOf } from '../../src/engine/read/format';
import { LogInputError } from '../../src/engine/types';

const ROOT = path.resolve(__dirname, '../../..');
const WORKER = path.join(ROOT, 'dist', 'csvWorker.js');
const dir = mkdtempSync(path.join(tmpdir(), 'sessionscope-preamble-'));
let n = 0;
function file(content: string | Buffer, ext = '.csv'): string {
  const p = path.join(dir, `${n++}${ext}`);
  writeFileSync(p, content);
  return p;
}

const TYPE = '#TYPE Selected.System.Diagnostics.Eventing.Reader.EventLogRecord';
function rows(count: number, sep = ','): string[] {
  return Array.from({ length: count }, (_, i) => [`"10/22/2018 ${4 + Math.floor(i / 3600)}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} AM"`, `"CORP\\u${i % 3}"`, `"${['4624', '4688', '4672'][i % 3]}"`].join(sep));
}

describe('a line before the CSV header (#TYPE, sep=)', () => {
  it('is recognised only as the first line, in its two forms', () => {
    assert.deepEqual(preambleOf(`${TYPE}\r\n"a","b"\r\n`), { text: `${TYPE}\r\n`, delimiter: undefined });
    assert.deepEqual(preambleOf('sep=;\na;b\n'), { text: 'sep=;\n', delimiter: ';' });
    assert.equal(preambleOf('"a","b"\n#TYPE x\n'), undefined);
    assert.equal(preambleOf('#TYPEX,b\n'), undefined);
    assert.equal(preambleOf('#Fields: date time\n'), undefined);
  });

  it('is skipped: the header is the next line, and events keep their file lines', async () => {
    const p = file([TYPE, '"TimeCreated","Account","Id"', ...rows(6)].join('\r\n') + '\r\n');
    const d = await inspectLog(p);
    assert.deepEqual(d.columns, ['TimeCreated', 'Account', 'Id']);
    assert.equal(d.mapping.time, 'TimeCreated');
    assert.deepEqual(d.preamble, { lines: 1, bytes: TYPE.length + 2 });
    const log = await loadLog({ file: p, mapping: { users: ['Account'], time: 'TimeCreated', event: 'Id' } });
    assert.equal(log.events.count, 6);
    assert.deepEqual(Array.from(log.events.startLine), [3, 4, 5, 6, 7, 8]);
  });

  it('takes the delimiter sep= names', async () => {
    const p = file(['sep=;', 'TimeCreated;Account;Id', ...rows(4, ';')].join('\n') + '\n');
    const d = await inspectLog(p);
    assert.equal(d.delimiter, ';');
    assert.deepEqual(d.columns, ['TimeCreated', 'Account', 'Id']);
  });

  it('leaves bad rows and refusals located at the file\'s lines', async () => {
    const lines = [TYPE, '"TimeCreated","Account","Id"', ...rows(4)];
    lines[4] = '"10/22/2018 4:13:02 AM","CORP\\u2"';
    const p = file(lines.join('\n') + '\n');
    await assert.rejects(loadLog({ file: p, mapping: { users: ['Account'], time: 'TimeCreated', event: 'Id' } }), (e: LogInputError) => e.location?.line === 5);
    const skipped = await loadLog({ file: p, mapping: { users: ['Account'], time: 'TimeCreated', event: 'Id' }, read: { onBadRow: 'skip' } });
    assert.deepEqual(skipped.skipped.first.map((r) => r.line), [5]);
    // No column fits a role: the refusal points at the header's line.
    const q = file([TYPE, '"TimeCreated","Message"', '"10/22/2018 4:13:27 AM","started"', '"10/22/2018 4:13:29 AM","stopped"'].join('\n') + '\n');
    await assert.rejects(loadLog({ file: q }), (e: LogInputError) => /could not find the user/.test(e.message) && e.location?.line === 2);
  });

  it('reads the same in two halves as in one piece', async () => {
    const p = file([TYPE, '"TimeCreated","Account","Id"', ...rows(3000)].join('\n') + '\n');
    const mapping = { users: ['Account'], time: 'TimeCreated', event: 'Id' };
    const halves = await loadLog({ file: p, mapping, parallel: { workerScript: WORKER, minBytes: 0 } });
    const whole = await loadLog({ file: p, mapping, parallel: { minBytes: Infinity } });
    assert.equal(halves.events.count, 3000);
    assert.deepEqual(Array.from(halves.events.startLine), Array.from(whole.events.startLine));
    assert.equal(whole.events.startLine[0], 3);
    assert.deepEqual(Array.from(halves.events.timeMs), Array.from(whole.events.timeMs));
  });

  it('is skipped in UTF-16 (Export-Csv -Encoding Unicode) as in UTF-8', async () => {
    const text = [TYPE, '"TimeCreated","Account","Id"', ...rows(5)].join('\r\n') + '\r\n';
    const p = file(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const log = await loadLog({ file: p, mapping: { users: ['Account'], time: 'TimeCreated', event: 'Id' } });
    assert.equal(log.events.count, 5);
    assert.equal(log.events.startLine[0], 3);
    assert.equal(log.events.userValues[0][log.events.userIds[0][0]], 'CORP\\u0');
  });
});
