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

/** Read at a time: what is read but not yet parsed stays small. */
const CHUNK_BYTES = 32 * 1024;

/**
 * The file's chunks, one read at a time and no read-ahead (a stream holds a chunk or two more than
 * is parsed). Not a generator: a waiting generator keeps its locals, so one would hold each chunk
 * until the next is read; here the consumer alone has it.
 */
function counted(file: string, size: number, o: SourceReadOptions): AsyncIterableIterator<Buffer> {
  let fh: fs.promises.FileHandle | undefined;
  let read = 0;
  let done = false;
  const finish = async (): Promise<IteratorReturnResult<undefined>> => {
    done = true;
    const open = fh;
    fh = undefined;
    await open?.close();
    return { done: true, value: undefined };
  };
  const next = async (): Promise<IteratorResult<Buffer, undefined>> => {
    if (done) return { done: true, value: undefined };
    if (o.signal?.aborted) {
      await finish();
      throw new PulseError('ECANCELLED', 'import cancelled; nothing was imported', file);
    }
    try {
      fh ??= await fs.promises.open(file, 'r');
      // A new buffer each time: a parser may keep a slice of the last one (csv-parse does).
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await fh.read(chunk, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return await finish();
      read += bytesRead;
      o.onProgress?.(read, size);
      return { done: false, value: chunk.subarray(0, bytesRead) };
    } catch (err) {
      await finish().catch(() => undefined);
      throw err;
    }
  };
  return {
    next,
    return: finish,
    [Symbol.asyncIterator](): AsyncIterableIterator<Buffer> {
      return this;
    },
  };
}

export function withPath(err: unknown, file: string): unknown {
  return err instanceof PulseError && !err.path ? new PulseError(err.code, err.message, file) : err;
}
