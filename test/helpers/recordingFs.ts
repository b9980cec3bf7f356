// A real fs that records the operations that change a folder (rename, unlink, mkdir) and every
// fsync, of a file or a folder, by the path it was opened with: what durability tests look at.
import * as fs from 'node:fs';
import type { StoreFs } from '../../src/core/store/fsio';

export interface RecordedOp {
  op: 'rename' | 'unlink' | 'mkdir' | 'fsync';
  /** The new name of a rename; the path otherwise. */
  path: string;
  /** For an fsync: whether it was a folder's. */
  dir?: boolean;
}

export function recordingFs(ops: RecordedOp[]): StoreFs {
  const p = fs.promises;
  return {
    ...fs,
    promises: {
      ...p,
      rename: async (a: fs.PathLike, b: fs.PathLike) => {
        await p.rename(a, b);
        ops.push({ op: 'rename', path: String(b) });
      },
      unlink: async (a: fs.PathLike) => {
        await p.unlink(a);
        ops.push({ op: 'unlink', path: String(a) });
      },
      mkdir: (async (a: fs.PathLike, o?: fs.MakeDirectoryOptions) => {
        const r = await p.mkdir(a, o);
        ops.push({ op: 'mkdir', path: String(a) });
        return r;
      }) as typeof p.mkdir,
      open: (async (file: fs.PathLike, flags?: string | number, mode?: fs.Mode) => {
        const fh = await p.open(file, flags, mode);
        const dir = (await fh.stat()).isDirectory();
        const sync = fh.sync.bind(fh);
        fh.sync = async () => {
          await sync();
          ops.push({ op: 'fsync', path: String(file), dir });
        };
        return fh;
      }),
    },
  };
}
