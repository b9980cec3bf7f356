// A real fs with a random delay before each operation the store and the lock use: it widens every
// window between read, check and write, so races that are rare at full speed happen in seconds.
import * as fs from 'node:fs';
import type { StoreFs } from '../../src/core/store/fsio';

const delay = (maxMs: number): Promise<void> => new Promise((r) => setTimeout(r, Math.random() * maxMs));

export function slowFs(maxMs: number): StoreFs {
  if (maxMs <= 0) return fs;
  const p = fs.promises;
  const slowP = <A extends unknown[], R>(f: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
    await delay(maxMs);
    return f(...a);
  };
  return {
    ...fs,
    promises: {
      ...p,
      open: slowP(p.open),
      rename: slowP(p.rename),
      readdir: slowP(p.readdir) as typeof p.readdir,
      lstat: slowP(p.lstat) as typeof p.lstat,
      unlink: slowP(p.unlink),
      // The lock's own steps: staging folder, holder record, rename into place, release.
      mkdir: slowP(p.mkdir) as typeof p.mkdir,
      rmdir: slowP(p.rmdir),
      readFile: slowP(p.readFile) as typeof p.readFile,
      writeFile: slowP(p.writeFile),
      symlink: slowP(p.symlink),
      readlink: slowP(p.readlink) as typeof p.readlink,
    },
  };
}
