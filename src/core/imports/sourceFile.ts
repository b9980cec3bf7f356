// Opening a history file: which format it is (from its first bytes, never its name), and its
// content as a stream of chunks that reports progress and stops when cancelled.
import * as fs from 'node:fs';
import { PulseError, errnoCode } from '../errors';
import { looksLikeWakapiHeader } from './csvSource';
import { foreign } from './jsonSources';

export type SourceKind = 'json' | 'csv';

export interface OpenedSource {
  kind: SourceKind;
  size: number;
  chunks: AsyncIterable<Buffer>;
}

export interface SourceReadOptions {
  onProgress?: ((bytesRead: number, totalBytes: number) => void) | undefined;
  signal?: AbortSignal | undefined;
}

const PEEK_BYTES = 4096;

export async function openSource(file: string, o: SourceReadOptions = {}): Promise<OpenedSource> {
  let size: number;
  let head: string;
  try {
    const st = await fs.promises.stat(file);
    if (!st.isFile()) throw new PulseError('ENOTFILE', 'is not a file', file);
    size = st.size;
    const fh = await fs.promises.open(file, 'r');
    try {
      const buf = Buffer.alloc(Math.min(PEEK_BYTES, size));
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await fh.close();
    }
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') throw new PulseError('EINVALID', 'does not exist', file);
    throw err;
  }
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text === '') throw new PulseError('EINVALID', 'is empty; nothing was imported', file);
  const kind: SourceKind | undefined = text.startsWith('{') ? 'json' : looksLikeWakapiHeader(text.split(/\r?\n/, 1)[0] ?? '') ? 'csv' : undefined;
  if (!kind) throw withPath(foreign(), file);
  return { kind, size, chunks: counted(file, size, o) };
}

async function* counted(file: string, size: number, o: SourceReadOptions): AsyncGenerator<Buffer> {
  let read = 0;
  // 64 KiB chunks (the stream default): what is read but not yet parsed stays small.
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 64 * 1024 })) {
    if (o.signal?.aborted) throw new PulseError('ECANCELLED', 'import cancelled; nothing was imported', file);
    const b = chunk as Buffer;
    read += b.length;
    o.onProgress?.(read, size);
    yield b;
  }
}

export function withPath(err: unknown, file: string): unknown {
  return err instanceof PulseError && !err.path ? new PulseError(err.code, err.message, file) : err;
}
