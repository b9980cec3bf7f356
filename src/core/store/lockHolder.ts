// Who holds a lock, and whether that holder can still be alive. The lock folder records its holder
// (host, pid, process start time, boot id, pid namespace, a random token), so liveness never rests
// on an mtime refresh alone: a frozen holder stays alive, a dead one is recognised at once.
import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import { randomBytes } from 'node:crypto';

export interface HolderRecord {
  host: string;
  pid: number;
  /** Start time of the process in clock ticks since boot (/proc/<pid>/stat field 22); '' if unknown. */
  start: string;
  /** /proc/sys/kernel/random/boot_id; '' if unknown. */
  boot: string;
  /** The pid namespace (/proc/self/ns/pid); '' if unknown. Pids compare only within one. */
  pidns: string;
  token: string;
}

export type HolderState = 'alive' | 'dead';

/** Reads small /proc files; off Linux every one of them is simply unknown. */
async function procText(p: string): Promise<string> {
  try {
    return (await nodeFs.promises.readFile(p, 'utf8')).trim();
  } catch {
    return '';
  }
}

async function procLink(p: string): Promise<string> {
  try {
    return await nodeFs.promises.readlink(p);
  } catch {
    return '';
  }
}

/** Field 22 (starttime) of /proc/<pid>/stat; the command name before it may hold spaces and ')'. */
export async function processStart(pid: number): Promise<string> {
  return (await processStat(pid)).start;
}

/**
 * Fields 3 (state) and 22 (starttime) of /proc/<pid>/stat; '' when unknown. A killed process whose
 * parent has not reaped it yet is a zombie (state Z): its pid still answers, but it holds nothing.
 */
async function processStat(pid: number): Promise<{ state: string; start: string }> {
  const stat = await procText(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', start: fields[19] ?? '' };
}

let self: Promise<Omit<HolderRecord, 'token'>> | undefined;

/** This process, as a lock holder (the token is per lock, added by the caller). */
export function selfHolder(): Promise<Omit<HolderRecord, 'token'>> {
  self ??= (async () => ({
    host: os.hostname(),
    pid: process.pid,
    start: await processStart(process.pid),
    boot: await procText('/proc/sys/kernel/random/boot_id'),
    pidns: await procLink('/proc/self/ns/pid'),
  }))();
  return self;
}

export function newToken(): string {
  return randomBytes(12).toString('hex');
}

export function parseHolder(text: string): HolderRecord | undefined {
  try {
    const r = JSON.parse(text) as Partial<HolderRecord>;
    if (typeof r.host !== 'string' || typeof r.pid !== 'number' || typeof r.token !== 'string') return undefined;
    return { host: r.host, pid: r.pid, start: String(r.start ?? ''), boot: String(r.boot ?? ''), pidns: String(r.pidns ?? ''), token: r.token };
  } catch {
    return undefined;
  }
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it is just another user's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the holder of a lock may still be alive. The one place that decides it:
 * - same host, boot and pid namespace: alive exactly while that pid runs with the recorded start
 *   time (frozen or not); a gone pid, a zombie, or a pid reused by another process, is dead at once;
 * - another host, or an identity that cannot be checked (no record, another pid namespace, another
 *   boot id, no /proc): alive until the lock folder's mtime, refreshed by its holder, is older than
 *   `staleMs`. Another boot id is not "dead": host names repeat across machines (clones, containers,
 *   default names), and such a twin's pid says nothing here. After a real restart the lock's mtime
 *   is old by the time anyone looks, so it is taken within `staleMs` of the crash all the same.
 */
export async function holderState(rec: HolderRecord | undefined, mtimeMs: number, now: () => Promise<number>, staleMs: number): Promise<HolderState> {
  const me = await selfHolder();
  const sameBoot = !rec?.boot || !me.boot || rec.boot === me.boot;
  if (rec && rec.host === me.host && sameBoot) {
    if (rec.pidns === me.pidns) {
      if (!pidExists(rec.pid)) return 'dead';
      if (rec.start && me.start) {
        const now = await processStat(rec.pid);
        return now.start === rec.start && now.state !== 'Z' && now.state !== 'X' ? 'alive' : 'dead';
      }
    }
  }
  // Another host's holder (or one whose process cannot be checked): its refreshes stamp the lock in
  // the file system's time, so `now` must be that time too, never this host's clock.
  return (await now()) - mtimeMs > staleMs ? 'dead' : 'alive';
}
