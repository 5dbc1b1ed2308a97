import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import {
  CSV_HEADER,
  Rng,
  SAMPLE_ANOMALIES_PATH,
  SAMPLE_DEFAULTS,
  SAMPLE_PATH,
  anomaliesSidecar,
  commandName,
  generateDistinctCommandsCsv,
  generateToString,
} from '../../scripts/gen-lib';

// Compiled to out/test/unit: the repository root is three levels up.
const ROOT = path.resolve(__dirname, '..', '..', '..');

interface Row {
  TimeGenerated: string;
  UserId: string;
  ClientIP: string;
  Operation: string;
  Parameters: string;
}

interface ParsedRow {
  record: Row;
  info: { lines: number };
}

function parseCsv(text: string): { rows: Row[]; firstLines: number[] } {
  const parsed = parse(text, { columns: true, info: true }) as ParsedRow[];
  // `info.lines` is the line a record ends on; the next record starts on the line after.
  const firstLines: number[] = [];
  let prevEnd = 1;
  for (const p of parsed) {
    firstLines.push(prevEnd + 1);
    prevEnd = p.info.lines;
  }
  return { rows: parsed.map((p) => p.record), firstLines };
}

describe('sample generator', () => {
  describe('PRNG', () => {
    it('is deterministic and spreads over [0, 1)', () => {
      const a = new Rng(42);
      const b = new Rng(42);
      const xs = Array.from({ length: 1000 }, () => a.next());
      assert.deepEqual(xs, Array.from({ length: 1000 }, () => b.next()));
      assert.ok(xs.every((x) => x >= 0 && x < 1));
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      assert.ok(Math.abs(mean - 0.5) < 0.05, `mean ${mean}`);
      assert.notDeepEqual(xs.slice(0, 10), Array.from({ length: 10 }, () => new Rng(43).next()));
    });

    it('accepts string seeds', () => {
      assert.equal(new Rng('abc').u32(), new Rng('abc').u32());
      assert.notEqual(new Rng('abc').u32(), new Rng('abd').u32());
    });
  });

  describe('determinism', () => {
    it('gives identical bytes for the same seed and size', () => {
      const a = generateToString({ events: 800, seed: 11 });
      const b = generateToString({ events: 800, seed: 11 });
      assert.equal(a.text, b.text);
      assert.deepEqual(a.report, b.report);
    });

    it('gives different bytes for a different seed', () => {
      assert.notEqual(generateToString({ events: 800, seed: 11 }).text, generateToString({ events: 800, seed: 12 }).text);
    });

    it('writes exactly the number of events asked for', () => {
      for (const events of [1, 37, 1500]) {
        const { text, report } = generateToString({ events, seed: 5 });
        assert.equal(report.events, events);
        assert.equal(parseCsv(text).rows.length, events);
      }
    });
  });

  describe('committed sample', () => {
    const committed = fs.readFileSync(path.join(ROOT, SAMPLE_PATH), 'utf8');
    const generated = generateToString(SAMPLE_DEFAULTS);
    const { rows, firstLines } = parseCsv(committed);
    const sidecar = JSON.parse(fs.readFileSync(path.join(ROOT, SAMPLE_ANOMALIES_PATH), 'utf8')) as {
      events: number;
      anomalies: Array<{ id: string; user: string; clientIp: string; commands: string[]; lines: number[]; start: string }>;
    };

    it('is what the generator writes with the documented defaults (regenerate: npm run gen-sample)', () => {
      assert.ok(committed === generated.text, 'media/sample/exchange-admin-sample.csv drifted from scripts/gen-lib.ts');
      assert.equal(fs.readFileSync(path.join(ROOT, SAMPLE_ANOMALIES_PATH), 'utf8'), anomaliesSidecar(SAMPLE_DEFAULTS, generated.report));
    });

    it('has the header, a few thousand events and stays under 2 MB', () => {
      assert.equal(committed.slice(0, committed.indexOf('\n')), CSV_HEADER);
      assert.equal(rows.length, SAMPLE_DEFAULTS.events);
      assert.equal(sidecar.events, rows.length);
      assert.ok(Buffer.byteLength(committed) < 2_000_000);
    });

    it('every record parses, with a JSON Name/Value array of params', () => {
      for (const r of rows) {
        assert.match(r.TimeGenerated, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        assert.match(r.Operation, /^[A-Z][a-z]+-[A-Za-z]+$/);
        const params = JSON.parse(r.Parameters) as unknown;
        assert.ok(Array.isArray(params));
        for (const p of params as Array<Record<string, unknown>>) {
          assert.deepEqual(Object.keys(p), ['Name', 'Value']);
          assert.equal(typeof p.Name, 'string');
          assert.equal(typeof p.Value, 'string');
        }
      }
    });

    it('looks like a portal export: newest first, multi-line records, empty users and IPs, 20-40 accounts', () => {
      for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].TimeGenerated >= rows[i].TimeGenerated, `row ${i} out of order`);
      const multiLine = rows.filter((r) => r.Parameters.includes('\n')).length;
      assert.ok(multiLine > rows.length * 0.25 && multiLine < rows.length * 0.75, `multi-line: ${multiLine}`);
      assert.ok(rows.some((r) => r.UserId === ''));
      assert.ok(rows.some((r) => r.ClientIP === ''));
      assert.ok(rows.some((r) => r.UserId.includes('Microsoft.Office.Datacenter.Torus.PowerShellWorker')));
      const accounts = new Set(rows.map((r) => r.UserId)).size;
      assert.ok(accounts >= 20 && accounts <= 40, `${accounts} accounts`);
      const days = (Date.parse(rows[0].TimeGenerated) - Date.parse(rows[rows.length - 1].TimeGenerated)) / 86400000;
      assert.ok(days > 12 && days < 16, `${days} days`);
    });

    it('has recurring param values (ErrorAction, Force, DomainController)', () => {
      const values = new Map<string, Set<string>>();
      for (const r of rows) {
        for (const p of JSON.parse(r.Parameters) as Array<{ Name: string; Value: string }>) {
          if (!values.has(p.Name)) values.set(p.Name, new Set());
          values.get(p.Name)!.add(p.Value);
        }
      }
      assert.deepEqual([...values.get('Force')!], ['True']);
      assert.ok(values.get('ErrorAction')!.has('Stop'));
      assert.ok(values.get('DomainController')!.size <= 5);
      assert.ok(values.get('Identity')!.size > 500);
    });

    it('holds the injected anomalies where the sidecar says', () => {
      assert.ok(sidecar.anomalies.length >= 3 && sidecar.anomalies.length <= 6);
      const byLine = new Map(firstLines.map((line, i) => [line, rows[i]]));
      for (const a of sidecar.anomalies) {
        assert.equal(a.lines.length, a.commands.length, a.id);
        a.lines.forEach((line, k) => {
          const row = byLine.get(line);
          assert.ok(row, `${a.id}: no record starts on line ${line}`);
          assert.equal(row.UserId, a.user, a.id);
          assert.equal(row.ClientIP, a.clientIp, a.id);
          assert.equal(row.Operation, a.commands[k], a.id);
        });
      }
      const ops = (id: string): string[] => sidecar.anomalies.find((a) => a.id === id)!.commands;
      assert.deepEqual(ops('fullaccess-then-forward-rule').slice(0, 2), ['Add-MailboxPermission', 'New-InboxRule']);
      assert.ok(ops('role-grant-then-audit-off').join(' ').includes('New-ManagementRoleAssignment Set-AdminAuditLogConfig'));
      const forward = rows.find((r) => r.Operation === 'New-InboxRule' && r.Parameters.includes('ForwardTo'));
      assert.ok(forward && forward.Parameters.includes('protonmail.com'));
      const smtp = rows.filter((r) => r.Parameters.includes('"DeliverToMailboxAndForward"'));
      assert.equal(smtp.filter((r) => /"Value":\s*"True"/.test(r.Parameters.split('DeliverToMailboxAndForward')[1])).length, 1);
    });
  });

  describe('other formats', () => {
    it('jsonl: one object per line with nested params', () => {
      const { text, report } = generateToString({ events: 300, seed: 2, format: 'jsonl' });
      const lines = text.trimEnd().split('\n');
      assert.equal(lines.length, 300);
      for (const line of lines) {
        const o = JSON.parse(line) as { Parameters: unknown; Operation: string };
        assert.ok(Array.isArray(o.Parameters));
        assert.equal(typeof o.Operation, 'string');
      }
      for (const a of report.anomalies) {
        a.lines.forEach((line, k) => assert.equal((JSON.parse(lines[line - 1]) as { Operation: string }).Operation, a.commands[k]));
      }
    });

    it('json: one array document, each record on its own line', () => {
      const { text, report } = generateToString({ events: 300, seed: 2, format: 'json' });
      const doc = JSON.parse(text) as Array<{ Operation: string }>;
      assert.equal(doc.length, 300);
      const lines = text.split('\n');
      for (const a of report.anomalies) {
        a.lines.forEach((line, k) => assert.ok(lines[line - 1].includes(`"Operation":"${a.commands[k]}"`)));
      }
    });

    it('same events whatever the format', () => {
      const csv = parseCsv(generateToString({ events: 200, seed: 9 }).text).rows.map((r) => r.Operation);
      const jsonl = generateToString({ events: 200, seed: 9, format: 'jsonl' }).text.trimEnd().split('\n')
        .map((l) => (JSON.parse(l) as { Operation: string }).Operation);
      assert.deepEqual(csv, jsonl);
    });
  });

  describe('bench profile', () => {
    it('keeps rows near 290 bytes', () => {
      const { report } = generateToString({ events: 20000, seed: 1, profile: 'bench' });
      const perRow = report.bytes / report.events;
      assert.ok(perRow > 250 && perRow < 380, `${perRow} bytes per row`);
    });
  });

  describe('distinct-command logs', () => {
    it('uses every one of the N commands', () => {
      const parts: string[] = [];
      const r = generateDistinctCommandsCsv({ commands: 1000, events: 12000, seed: 1 }, (s) => parts.push(s));
      const rows = parse(parts.join(''), { columns: true }) as Row[];
      assert.equal(rows.length, 12000);
      assert.equal(r.events, 12000);
      const names = new Set(rows.map((x) => x.Operation));
      assert.equal(names.size, 1000);
      assert.ok(names.has(commandName(0)) && names.has(commandName(999)));
      for (const x of rows.slice(0, 50)) assert.ok(Array.isArray(JSON.parse(x.Parameters)));
    });
  });
});
