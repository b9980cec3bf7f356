// The file system's own clock. A store shared by several hosts (NFS or SMB home folders, a dev
// container's bind mount, WSL opened from both sides) is written by processes whose clocks differ.
// Their files' mtimes, though, all come from one clock: the file system's (the server's, on a
// network file system). Session staleness is judged in that time, never by comparing one
// host's clock with another host's timestamps.
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { StoreFs } from './fsio';

/** Matches the store's temp-file pattern, so listings skip a probe and the sweep removes a leftover one. */
const probeName = (): string => `.pulse-clock.${randomBytes(6).toString('hex')}.tmp`;

/** "Now" in the file system's time: the mtime of a probe file written into `dir` at this moment. */
export async function fsNow(fs: StoreFs, dir: string): Promise<number> {
  const file = path.join(dir, probeName());
  const fh = await fs.promises.open(file, 'wx', 0o644);
  try {
    await fh.writeFile('probe\n');
    return (await fh.stat()).mtimeMs;
  } finally {
    await fh.close().catch(() => undefined);
    await fs.promises.unlink(file).catch(() => undefined);
  }
}

/**
 * A margin for file systems whose mtimes are coarse (FAT and some SMB servers: 2 s; ext4 a few ms):
 * a session is closed only once it has been silent for this much longer than its limit.
 */
export function mtimeMarginMs(limitMs: number): number {
  return Math.min(2000, limitMs / 4);
}
