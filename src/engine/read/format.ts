// What kind of file a log is, from its name and the head of its text: CSV
// (and its delimiter), JSON Lines or one JSON document, or no text log at all
// (an archive, binary data).

import { DIALECTS, dialectOf, type Dialect } from './directiveLogs';
import * as path from 'node:path';
import type { LogFormat } from '../types';
import type { JsonShape } from './json';
import { JsonDocumentScanner } from './jsonScan';
import { looksKeyValueText } from './keyValue';
import { looksCef } from './cef';
import { looksLeef } from './leef';
import { looksEventXml } from './xmlEvents';

export interface FormatGuess {
  format: LogFormat;
  jsonShape?: JsonShape;
  delimiter?: string;
  /** A log headed by '#' directive lines (read/directiveLogs.ts). */
  dialect?: Dialect;
  /** CSV: the line before the header that is no part of the table (preambleOf). */
  preamble?: string;
}

/**
 * What a file whose first line has no column delimiter looks like, for the
 * message that refuses it: Sessionscope reads tables and records, and these
 * are lines of free text each tool writes in its own shape. Undefined when
 * the line looks like none of them.
 */
export function plainTextKind(firstLine: string): string | undefined {
  const l = firstLine.trimStart();
  if (l.startsWith('<?xml') || /^<[A-Za-z][\w:.-]*[\s>]/.test(l)) return 'an XML document (Windows event XML, for one, is written so)';
  if (/^type=[A-Z_]+ msg=audit\(/.test(l)) return 'raw Linux audit (auditd) text';
  // RFC 3164's "Jan  2 03:04:05 host", and the ISO form rsyslog's high-precision format, `journalctl -o short-iso` and
  // macOS `log show --style syslog` write: a date and time (with an offset), a host, then `program[pid]:`.
  // RFC 5424 without its <PRI> (`1 2019-05-15T16:25:50Z host app procid msgid`: Check Point's Log Exporter, rsyslog's
  // RSYSLOG_SyslogProtocol23Format files) is syslog too.
  if (/^<\d{1,3}>/.test(l) || /^1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d) \S+ \S+ \S+ \S+ /.test(l) || /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ /.test(l) || /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?\s+\S+\s+[^\s[:]+(\[\d+\])?:\s/.test(l)) {
    return 'syslog text (one message per line after a timestamp and a host)';
  }
  if (/^\S+ \S+ \S+ \[[^\]]+\] "/.test(l)) return 'a web server access log in the common or combined log format';
  // Four or more name=value pairs first (FortiGate, SonicWall, Sophos XG, Juniper write each record so).
  if (/^([A-Za-z_][\w.-]*=("[^"]*"|\S*)\s+){3}[A-Za-z_][\w.-]*=/.test(l)) return 'key=value text (name=value pairs on each line, as firewalls such as FortiGate write their logs)';
  // Quoted parts aside (a request line, a user agent), no delimiter at all: blank-separated fields.
  if (/^\S+( \S+){5,}/.test(l) && !/[,;\t|]/.test(l.replace(/"[^"]*"/g, '""'))) return 'text of blank-separated fields with no header line (a load balancer or flow log, for one)';
  return undefined;
}

/**
 * A first line that comes before a CSV header and is no part of the table,
 * with its line break: Windows PowerShell's `Export-Csv` and `ConvertTo-Csv`
 * write `#TYPE <type name>` there unless told not to (`-NoTypeInformation`),
 * and Excel reads and writes `sep=<delimiter>` there. Undefined otherwise.
 */
export function preambleOf(head: string): { text: string; delimiter?: string } | undefined {
  const m = /^(?:#TYPE [^\r\n]*|sep=([^\r\n]))(?:\r\n|\n|\r)/i.exec(head);
  return m ? { text: m[0], delimiter: m[1] } : undefined;
}

const DELIMITERS = [',', ';', '\t', '|'];

/** The delimiter that splits the header line most often (outside quotes). */
export function detectDelimiter(head: string): string {
  const counts = new Map(DELIMITERS.map((d) => [d, 0]));
  let inQuotes = false;
  for (let i = 0; i < head.length; i++) {
    const ch = head[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** JSON Lines when the first line is a whole object on its own; else one JSON document. */
export function detectJsonShape(head: string): JsonShape {
  const lines = head.split('\n');
  const first = lines.find((l) => l.trim().length > 0)?.trim() ?? '';
  if (!first.startsWith('{')) return 'document';
  try {
    const v: unknown = JSON.parse(first);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'document';
    // A whole document on one line ({"value": [{..}, ..]}) is not one JSON Lines record.
    const onlyLine = lines.filter((l) => l.trim().length > 0).length === 1;
    if (!onlyLine) return 'lines';
    // Holds an array of objects, reached through objects, as the reader would find it.
    const scanner = new JsonDocumentScanner('', () => {
      scanner.stopped = true;
    });
    scanner.write(first);
    return scanner.found ? 'document' : 'lines';
  } catch {
    return 'document';
  }
}

/** The name without a compression suffix (`x.json.gz` -> `x.json`). */
function withoutGz(file: string): string {
  return /\.gz$/i.test(file) ? file.slice(0, -3) : file;
}

export function detectFormat(file: string, head: string): FormatGuess {
  const ext = path.extname(withoutGz(file)).toLowerCase();
  const firstChar = head.trimStart()[0];
  if (ext === '.jsonl' || ext === '.ndjson') return { format: 'jsonl', jsonShape: 'lines' };
  if (ext === '.json' || firstChar === '[' || firstChar === '{') {
    const shape = detectJsonShape(head);
    return { format: shape === 'lines' ? 'jsonl' : 'json', jsonShape: shape };
  }
  // Lines of key=value pairs (FortiGate, auditd, logfmt): records, read as JSON Lines records are (keyValue.ts).
  // Windows event XML (wevtutil, ToXml(), EVTX tools): <Event> records (xmlEvents.ts).
  if (looksEventXml(head)) return { format: 'xml', jsonShape: 'xml' };
  // CEF lines (ArcSight's Common Event Format, after a syslog prefix or not): records of their header and extension (cef.ts).
  if (looksCef(head)) return { format: 'cef', jsonShape: 'cef' };
  // LEEF lines (QRadar's Log Event Extended Format): the same, with their header and attributes (leef.ts).
  if (looksLeef(head)) return { format: 'leef', jsonShape: 'leef' };
  if (looksKeyValueText(head)) return { format: 'kv', jsonShape: 'kv' };
  const dialect = dialectOf(head);
  if (dialect) return { format: 'csv', delimiter: DIALECTS[dialect].delimiter, dialect };
  const preamble = preambleOf(head);
  if (preamble) return { format: 'csv', delimiter: preamble.delimiter ?? (ext === '.tsv' ? '\t' : detectDelimiter(head.slice(preamble.text.length))), preamble: preamble.text };
  return { format: 'csv', delimiter: ext === '.tsv' ? '\t' : detectDelimiter(head) };
}

/**
 * What a binary head is, when it is no text log: a named archive, a binary
 * log format with what to export it as (`then`), or undefined for data the
 * caller calls plain binary.
 */
export function binaryKind(head: Buffer): { kind: string; then?: string } | undefined {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return { kind: 'a zip archive', then: 'extract the log from it first' };
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return { kind: 'a bzip2 file', then: 'decompress it first (bunzip2)' };
  if (head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58) return { kind: 'an xz file', then: 'decompress it first (unxz)' };
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return { kind: 'a zstd file', then: 'decompress it first (unzstd)' };
  // Windows event logs (.evtx) start with "ElfFile\0"; their records are binary XML. Exported as event XML they read.
  if (head.subarray(0, 8).equals(EVTX_MAGIC)) {
    return { kind: 'a Windows event log (EVTX, binary)', then: 'export its events as XML and score that file: wevtutil qe FILE.evtx /lf:true /f:xml /e:Events > events.xml (or Get-WinEvent -Path FILE.evtx | ForEach-Object { $_.ToXml() } > events.xml in PowerShell)' };
  }
  // journald's binary journal files: journalctl writes them out as JSON Lines.
  if (head.subarray(0, 8).equals(JOURNAL_MAGIC)) return { kind: 'a systemd journal file (binary)', then: 'export it as JSON Lines and score that file: journalctl --file FILE -o json > journal.jsonl' };
  return undefined;
}

const EVTX_MAGIC = Buffer.from('ElfFile\0', 'latin1');
const JOURNAL_MAGIC = Buffer.from('LPKSHHRH', 'latin1');

/** The formats Sessionscope reads, as a message names them. */
export const TEXT_FORMATS = 'CSV, JSON, JSON Lines, key=value lines, CEF and LEEF lines and Windows event XML, plain or gzip-compressed';

/** True when decoded text holds characters no text log has (NUL, most C0 controls). */
export function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 8192);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) bad++;
  }
  return bad > Math.max(8, n / 50);
}
