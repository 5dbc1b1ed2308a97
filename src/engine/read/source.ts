// Opens a log file as a stream of text chunks: detects the encoding from its
// BOM (UTF-8, UTF-16 LE/BE as Windows exports write), reports bytes read and
// stops when the caller aborts. Gzip-compressed files (CloudTrail's native
// `*.json.gz`) stream through gunzip, told by their magic bytes, whatever
// their name. Files are only ever opened for reading.

import { createReadStream, promises as fsp } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { LogInputError } from '../types';

export type Encoding = 'utf8' | 'utf16le' | 'utf16be';

export interface SourceInfo {
  encoding: Encoding;
  /** Length of the BOM in bytes (skipped; of the decompressed text when gzip). */
  bomBytes: number;
  /** Size of the file on disk (compressed when gzip). */
  size: number;
  /** The file is gzip-compressed: it is read through gunzip, in one piece only. */
  gzip?: boolean;
  /** The text's first character after blanks is `{` or `[` (a hint for what to prepare; detection decides the format). */
  jsonLike?: boolean;
}

/** The gzip magic bytes. */
export function isGzip(head: Uint8Array): boolean {
  return head[0] === 0x1f && head[1] === 0x8b;
}

function gzipError(file: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && code.startsWith('Z_')) return new LogInputError(`the gzip data is corrupt or truncated (${(e as Error).message})`, { file });
  return e;
}

/** The file's bytes as a stream, decompressed when gzip; `compressedBytes` tells how far into the file it is. */
function openStream(file: string, info: SourceInfo, start: number, end: number | undefined): { stream: Readable; fileBytes: () => number } {
  if (!info.gzip) {
    const stream = createReadStream(file, { start, end, highWaterMark: CHUNK });
    return { stream, fileBytes: () => stream.bytesRead };
  }
  const raw = createReadStream(file, { highWaterMark: CHUNK });
  const gunzip = createGunzip({ chunkSize: CHUNK });
  pipeline(raw, gunzip, () => undefined);
  return { stream: gunzip, fileBytes: () => raw.bytesRead };
}

/** The first `max` decompressed bytes of a gzip file (fewer when it is shorter). */
async function gunzipHead(file: string, max: number): Promise<Buffer> {
  const { stream } = openStream(file, { encoding: 'utf8', bomBytes: 0, size: 0, gzip: true }, 0, undefined);
  const parts: Buffer[] = [];
  let got = 0;
  try {
    for await (const chunk of stream) {
      parts.push(chunk as Buffer);
      got += (chunk as Buffer).length;
      if (got >= max) break;
    }
  } catch (e) {
    // A head that stops mid-stream still serves detection; no head at all is an error.
    if (got === 0) throw gzipError(file, e);
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, max);
}

/** The first `n` bytes of the file as stored (compressed or not). */
export async function readBytes(file: string, n: number): Promise<Buffer> {
  const fh = await fsp.open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Bytes per read. Each chunk becomes one string; at 64 KiB an ASCII chunk's
 * string is small enough for V8's young generation and dies there, where a
 * 1 MiB one went to the large-object space and counted against the old
 * generation's limit: 1M events read with about 13 full collections a run
 * instead of 30-40, and about 4% less read time (docs/performance.md,
 * session 21). 32 KiB was no better.
 */
const CHUNK = 1 << 16;

export function encodingFromBom(head: Uint8Array): { encoding: Encoding; bomBytes: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf8', bomBytes: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', bomBytes: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', bomBytes: 2 };
  return { encoding: 'utf8', bomBytes: 0 };
}

/** Bytes [start, end) of a file. */
export interface ByteRange {
  start: number;
  end?: number;
}

export async function inspectSource(file: string): Promise<SourceInfo> {
  let stat;
  try {
    stat = await fsp.stat(file);
  } catch (e) {
    throw new LogInputError(`cannot open the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file });
  }
  if (!stat.isFile()) throw new LogInputError('not a regular file', { file });
  const head = await readBytes(file, SNIFF_BYTES);
  if (isGzip(head)) return { ...sniffEncoding(await gunzipHead(file, SNIFF_BYTES)), size: stat.size, gzip: true };
  const enc = sniffEncoding(head);
  return { ...enc, size: stat.size, jsonLike: /^[\s]*[[{]/.test(head.subarray(enc.bomBytes).toString('latin1')) };
}

const SNIFF_BYTES = 64;

/**
 * The BOM's encoding; without a BOM, UTF-16 when every other byte of the head
 * is zero (ASCII text saved as UTF-16 without BOM), else UTF-8.
 */
export function sniffEncoding(head: Uint8Array): { encoding: Encoding; bomBytes: number } {
  const bom = encodingFromBom(head);
  if (bom.bomBytes > 0) return bom;
  const n = Math.min(head.length, SNIFF_BYTES) & ~1;
  if (n < 8) return bom;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (head[i] !== 0) continue;
    if (i & 1) odd++;
    else even++;
  }
  if (even === 0 && odd >= (n / 2) * 0.75) return { encoding: 'utf16le', bomBytes: 0 };
  if (odd === 0 && even >= (n / 2) * 0.75) return { encoding: 'utf16be', bomBytes: 0 };
  return bom;
}

/** Swaps byte pairs so UTF-16 BE can go through the LE decoder. */
function swapPairs(buf: Buffer, carry: { byte: number | undefined }): Buffer {
  let b = buf;
  if (carry.byte !== undefined) {
    b = Buffer.concat([Buffer.from([carry.byte]), buf]);
    carry.byte = undefined;
  }
  if (b.length % 2 === 1) {
    carry.byte = b[b.length - 1];
    b = b.subarray(0, b.length - 1);
  }
  const out = Buffer.from(b);
  out.swap16();
  return out;
}

/**
 * Streams the file's text to `onText` in order. `onBytes` gets the running
 * byte count; an aborted signal stops the read and rejects with AbortError.
 * With `utf8AsBytes`, UTF-8 input is handed over undecoded (csv-parse works
 * on bytes, so decoding first would be wasted work).
 */
export async function readText(
  file: string,
  info: SourceInfo,
  onText: (text: string | Buffer) => void,
  onBytes?: (bytesRead: number) => void,
  signal?: AbortSignal,
  utf8AsBytes = false,
  range?: ByteRange,
): Promise<void> {
  const decoder = new StringDecoder(info.encoding === 'utf8' ? 'utf8' : 'utf16le');
  const carry = { byte: undefined as number | undefined };
  const start = range?.start ?? info.bomBytes;
  // createReadStream's `end` is inclusive.
  const { stream, fileBytes } = openStream(file, info, start, range?.end !== undefined ? range.end - 1 : undefined);
  // A gzip stream cannot seek: a range (in decompressed bytes) is read by
  // dropping what comes before it (the BOM at least) and stopping at its end.
  let skip = info.gzip ? start : 0;
  let left = info.gzip && range?.end !== undefined ? range.end - start : Infinity;
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      signal?.throwIfAborted();
      let buf = chunk as Buffer;
      // Progress is in file bytes, to compare with the file's size.
      bytes = info.gzip ? fileBytes() : bytes + buf.length;
      if (skip > 0) {
        const cut = Math.min(skip, buf.length);
        buf = buf.subarray(cut);
        skip -= cut;
        if (buf.length === 0) continue;
      }
      if (left !== Infinity) {
        if (left <= 0) break;
        if (buf.length > left) buf = buf.subarray(0, left);
        left -= buf.length;
      }
      if (utf8AsBytes && info.encoding === 'utf8') {
        onText(buf);
        onBytes?.(bytes);
        continue;
      }
      const text = decoder.write(info.encoding === 'utf16be' ? swapPairs(buf, carry) : buf);
      if (text.length > 0) onText(text);
      onBytes?.(bytes);
    }
    signal?.throwIfAborted();
    const rest = decoder.end();
    if (rest.length > 0) onText(rest);
  } catch (e) {
    throw info.gzip ? gzipError(file, e) : e;
  } finally {
    stream.destroy();
  }
}

/** The first `maxBytes` of the file as text (for detection). */
export async function readHead(file: string, info: SourceInfo, maxBytes: number): Promise<string> {
  let b: Buffer;
  if (info.gzip) {
    b = (await gunzipHead(file, maxBytes + info.bomBytes)).subarray(info.bomBytes);
  } else {
    const fh = await fsp.open(file, 'r');
    try {
      const len = Math.min(maxBytes, Math.max(0, info.size - info.bomBytes));
      const buf = Buffer.alloc(len);
      const { bytesRead } = await fh.read(buf, 0, len, info.bomBytes);
      b = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }
  if (info.encoding === 'utf16be') b = swapPairs(b, { byte: undefined });
  const decoder = new StringDecoder(info.encoding === 'utf8' ? 'utf8' : 'utf16le');
  return decoder.write(b);
}
