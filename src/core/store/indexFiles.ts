// The files of the archive's month index (see archiveIndex.ts), read through a cache keyed by each
// file's identity, so a repeated report costs one lstat per file while nothing changed.
//
//   <store>/archive/index/<YYYY-MM>.json   [[id, folder month, first ms, last ms], …]
//   <store>/archive/index/built.json       written last by a rebuild: the index is complete
import * as path from 'node:path';
import { errnoCode, messageOf } from '../errors';
import { fileIdentity, lstatOrUndefined, readRegularFile, writeAtomic, type StoreFs } from './fsio';
import type { HeldLock } from './lock';
import type { Logger } from '../ports';
import type { Session } from '../session/schema';
import { segmentsOf } from '../session/session';
import { monthOf } from '../session/ids';
import { ms } from '../time';

/** [id, the month folder it is archived in, first instant (ms), last instant (ms)]. */
export type IndexEntry = [string, string, number, number];

const VERSION = 1;
const BUILT = 'built.json';
const MONTH_FILE = /^(\d{4}-\d{2})\.json$/;

/** The UTC months (YYYY-MM) from the one holding `from` through the one holding `to`. */
export function monthsBetween(from: number, to: number): string[] {
  const out: string[] = [];
  const d = new Date(from);
  let y = d.getUTCFullYear();
  let m = d.getUTCMonth();
  const end = new Date(to);
  const last = end.getUTCFullYear() * 12 + end.getUTCMonth();
  while (y * 12 + m <= last && out.length < 1200) {
    out.push(`${y}-${String(m + 1).padStart(2, '0')}`);
    if (++m === 12) {
      m = 0;
      y++;
    }
  }
  return out;
}

/** The session's index entry: its activity from the start (or first segment) to its last instant. */
export function entryOf(s: Session): IndexEntry {
  const segs = segmentsOf(s);
  const first = Math.min(ms(s.startedAt), segs[0]?.[0] ?? Infinity);
  const last = Math.max(ms(s.lastActivity), segs[segs.length - 1]?.[1] ?? -Infinity, s.endedAt ? ms(s.endedAt) : -Infinity);
  return [s.id, monthOf(s.startedAt), first, last];
}

export class IndexFiles {
  /**
   * Parsed index files by name, with the identity of the version parsed: a repeated report (the
   * status bar's refresh) costs one lstat per file while nothing changed, whoever changes it.
   */
  private readonly cache = new Map<string, { identity: string; value: unknown }>();

  constructor(
    private readonly fs: StoreFs,
    /** `<store>/archive/index` */
    readonly dir: string,
    /** Temp files go to the live folder, like every other write: the sweep finds a crashed one there. */
    private readonly tempDir: string,
    private readonly log: Logger,
  ) {}

  /** Whether a rebuild completed (and nobody asked for another since). */
  async built(): Promise<boolean> {
    try {
      const body = (await this.read(BUILT)) as { version?: unknown } | undefined;
      return body?.version === VERSION;
    } catch (err) {
      this.log.warn(`The archive index marker is unreadable (${messageOf(err)}); rebuilding it.`);
      return false;
    }
  }

  /** A month's entries ([] when no session touches it), or undefined when its file is damaged. */
  async month(month: string): Promise<IndexEntry[] | undefined> {
    const body = (await this.read(`${month}.json`)) as { version?: unknown; sessions?: unknown } | null | undefined;
    if (body === undefined) return [];
    if (body !== null && body.version === VERSION && Array.isArray(body.sessions) && body.sessions.every(isEntry)) return body.sessions;
    this.log.warn(`The archive index ${month}.json is damaged; rebuilding the index.`);
    return undefined;
  }

  async writeMonth(month: string, entries: IndexEntry[], held: HeldLock): Promise<void> {
    const lines = entries.sort((a, b) => a[2] - b[2]).map((e) => `    ${JSON.stringify(e)}`);
    await this.write(`${month}.json`, `{\n  "version": ${VERSION},\n  "sessions": [\n${lines.join(',\n')}\n  ]\n}\n`, held);
  }

  async writeBuilt(held: HeldLock): Promise<void> {
    await this.write(BUILT, `${JSON.stringify({ version: VERSION })}\n`, held);
  }

  /** Drops the marker, so the next report rebuilds the whole index (a month file is damaged). */
  async dropBuilt(): Promise<void> {
    await this.fs.promises.unlink(path.join(this.dir, BUILT));
  }

  /** Removes the month files of months outside `keep` (a rebuild found no session touching them). */
  async removeMonthsExcept(keep: ReadonlySet<string>): Promise<void> {
    for (const name of await this.fs.promises.readdir(this.dir)) {
      if (MONTH_FILE.test(name) && !keep.has(name.slice(0, 7))) await this.fs.promises.unlink(path.join(this.dir, name));
    }
  }

  private async write(name: string, text: string, held: HeldLock): Promise<void> {
    await writeAtomic(this.fs, path.join(this.dir, name), text, () => held.assertHeld(), this.tempDir);
  }

  /** The parsed JSON of an index file (undefined when there is none; null when it does not parse). */
  private async read(name: string): Promise<unknown> {
    const file = path.join(this.dir, name);
    const st = await lstatOrUndefined(this.fs, file);
    if (!st) {
      this.cache.delete(name);
      return undefined;
    }
    const identity = fileIdentity(st);
    const hit = this.cache.get(name);
    if (hit?.identity === identity) return hit.value;
    let value: unknown;
    try {
      value = JSON.parse(await readRegularFile(this.fs, file));
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return undefined;
      if (!(err instanceof SyntaxError)) throw err;
      value = null;
    }
    if (this.cache.size > 240) this.cache.clear();
    this.cache.set(name, { identity, value });
    return value;
  }
}

function isEntry(x: unknown): x is IndexEntry {
  return Array.isArray(x) && x.length === 4 && typeof x[0] === 'string' && typeof x[1] === 'string' && Number.isFinite(x[2]) && Number.isFinite(x[3]);
}
