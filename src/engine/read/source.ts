// Opens a log file as a stream of text chunks: detects the encoding from its
// BOM (UTF-8, UTF-16 LE/BE as Windows exports write), reports bytes read and
// stops when the caller aborts. Files are only ever opened for reading.

import { createReadStream, promises as fsp } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { LogInputError } from '../types';

export type Encoding = 'utf8' | 'utf16le' | 'utf16be';

export interface SourceInfo {
  encoding: Encoding;
  /** Length of the BOM in bytes (skipped). */
  bomBytes: number;
  size: number;
}

const CHUNK = 1 << 20;

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
  const fh = await fsp.open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    return { ...encodingFromBom(head), size: stat.size };
  } finally {
    await fh.close();
  }
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
  const stream = createReadStream(file, { start, end: range?.end !== undefined ? range.end - 1 : undefined, highWaterMark: CHUNK });
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      signal?.throwIfAborted();
      const buf = chunk as Buffer;
      bytes += buf.length;
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
  } finally {
    stream.destroy();
  }
}

/** The first `maxBytes` of the file as text (for detection). */
export async function readHead(file: string, info: SourceInfo, maxBytes: number): Promise<string> {
  const fh = await fsp.open(file, 'r');
  try {
    const len = Math.min(maxBytes, Math.max(0, info.size - info.bomBytes));
    const buf = Buffer.alloc(len);
    const { bytesRead } = await fh.read(buf, 0, len, info.bomBytes);
    let b: Buffer = buf.subarray(0, bytesRead);
    if (info.encoding === 'utf16be') b = swapPairs(b, { byte: undefined });
    const decoder = new StringDecoder(info.encoding === 'utf8' ? 'utf8' : 'utf16le');
    return decoder.write(b);
  } finally {
    await fh.close();
  }
}
