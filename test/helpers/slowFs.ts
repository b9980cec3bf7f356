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
  type Cb = (...args: unknown[]) => void;
  const slowCb = (f: (...a: unknown[]) => void) => (...a: unknown[]): void => {
    setTimeout(() => f(...a), Math.random() * maxMs);
  };
  return {
    ...fs,
    // proper-lockfile's callback API
    mkdir: slowCb(fs.mkdir as unknown as Cb) as unknown as typeof fs.mkdir,
    stat: slowCb(fs.stat as unknown as Cb) as unknown as typeof fs.stat,
    rmdir: slowCb(fs.rmdir as unknown as Cb) as unknown as typeof fs.rmdir,
    utimes: slowCb(fs.utimes as unknown as Cb) as unknown as typeof fs.utimes,
    promises: {
      ...p,
      open: slowP(p.open),
      rename: slowP(p.rename),
      readdir: slowP(p.readdir) as typeof p.readdir,
      lstat: slowP(p.lstat) as typeof p.lstat,
      unlink: slowP(p.unlink),
    },
  };
}
