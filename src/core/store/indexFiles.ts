// The files of the archive's month index (see archiveIndex.ts), read through a cache keyed by each
// file's identity, so a repeated report costs one lstat per file while nothing changed.
//
//   <store>/archive/index/<YYYY-MM>.json   {"version": 1, "sessions": [[id, folder month, first ms, last ms], …]}
//   <store>/archive/index/built.json       {"version": 1, "folders": {"<YYYY-MM>": {seen, since, unreadable}}}:
//                                          written last by a rebuild; its folder stamps rewritten (after
//                                          the month files) whenever a folder is compared with the index
import type { Stats } from 'node:fs';
import * as path from 'node:path';
import { errnoCode, messageOf } from '../errors';
import { ensureRealDir, fileIdentity, lstatOrUndefined, readRegularFile, writeAtomic, type StoreFs } from './fsio';
import type { HeldLock } from './lock';
import type { Logger } from '../ports';
import { isValidId, type Session } from '../session/schema';
import { segmentsOf } from '../session/session';
import { monthOf, startOfId } from '../session/ids';
import { ms } from '../time';

/** [id, the month folder it is archived in, first instant (ms), last instant (ms)]. */
export type IndexEntry = [string, string, number, number];

/**
 * What the index knew of one month folder when it last compared them: the folder's identity then
 * (`seen`, null when it may have changed within the same tick of the file system's clock), the
 * folder's ctime then (`since`: a file whose ctime is earlier has not changed since), and the files
 * it could not read, with the identity of the version that failed.
 */
export interface FolderStamp {
  seen: string | null;
  since: number;
  unreadable: Record<string, string>;
}

export type Stamps = Record<string, FolderStamp>;

export const VERSION = 1;
const BUILT = 'built.json';
export const MONTH_FILE = /^(\d{4}-\d{2})\.json$/;
const MONTH = /^\d{4}-\d{2}$/;

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

/** The months whose index file holds an entry: those its activity touches, and its folder's. */
export function monthsOf(e: IndexEntry): string[] {
  const months = monthsBetween(e[2], e[3]);
  return months.includes(e[1]) || !MONTH.test(e[1]) ? months : [...months, e[1]];
}

export const keyOf = (e: IndexEntry): string => `${e[0]}/${e[1]}`;

/** The session's index entry: its activity from the start (or first segment) to its last instant. */
export function entryOf(s: Session, folder = monthOf(s.startedAt)): IndexEntry {
  const segs = segmentsOf(s);
  const first = Math.min(ms(s.startedAt), segs[0]?.[0] ?? Infinity);
  const last = Math.max(ms(s.lastActivity), segs[segs.length - 1]?.[1] ?? -Infinity, s.endedAt ? ms(s.endedAt) : -Infinity);
  return [s.id, folder, first, last];
}

/**
 * A file that could not be read is indexed at the instant its id names (or the start of its
 * folder's month): a report of that instant reports it, and reports of other ranges do not open it.
 */
export function unreadableEntry(id: string, month: string): IndexEntry {
  const t = startOfId(id) ?? Date.parse(`${month}-01T00:00:00.000Z`);
  return [id, month, t, t];
}

/** A folder's identity: like a file's, and with its ctime, which no tool can set back. */
export function folderIdentity(st: { ino: number; size: number; mtimeMs: number; ctimeMs: number }): string {
  return `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}

export class IndexFiles {
  private readonly cache = new Map<string, { identity: string; value: unknown }>();

  constructor(
    private readonly fs: StoreFs,
    /** `<store>/archive/index` */
    readonly dir: string,
    /** Temp files go to the live folder, like every other write: the sweep finds a crashed one there. */
    private readonly tempDir: string,
    private readonly log: Logger,
  ) {}

  /** The marker's lstat (undefined: there is none), for a caller that looks at it alongside other things. */
  markerStat(): Promise<Stats | undefined> {
    return lstatOrUndefined(this.fs, path.join(this.dir, BUILT));
  }

  /**
   * Whether a rebuild completed (and nobody asked for another since), the folder stamps, and the
   * identity of the version read (`looked`: as a lstat just taken found it). Stamps missing or
   * damaged, there are none: every folder is then compared with the index again (each file read once).
   */
  async marker(looked?: { st: Stats | undefined }): Promise<{ built: boolean; stamps: Stamps; identity: string | undefined }> {
    let read: { value: unknown; identity: string | undefined };
    try {
      read = await this.read(BUILT, looked);
    } catch (err) {
      this.log.warn(`The archive index marker is unreadable (${messageOf(err)}); rebuilding it.`);
      return { built: false, stamps: {}, identity: undefined };
    }
    const body = read.value as { version?: unknown; folders?: unknown } | null | undefined;
    const stamps: Stamps = {};
    if (typeof body?.folders === 'object' && body.folders !== null) {
      for (const [month, s] of Object.entries(body.folders as Record<string, unknown>)) if (isStamp(s)) stamps[month] = s;
    }
    return { built: body?.version === VERSION, stamps, identity: read.identity };
  }

  /** A month's entries ([] when no session touches it), or undefined when its file is damaged. */
  async month(month: string): Promise<IndexEntry[] | undefined> {
    const body = (await this.read(`${month}.json`)).value as { version?: unknown; sessions?: unknown } | null | undefined;
    if (body === undefined) return [];
    if (body !== null && body.version === VERSION && Array.isArray(body.sessions) && body.sessions.every(isEntry)) return body.sessions;
    this.log.warn(`The archive index ${month}.json is damaged; rebuilding the index.`);
    return undefined;
  }

  async writeMonth(month: string, entries: IndexEntry[], held: HeldLock): Promise<void> {
    const lines = [...entries].sort((a, b) => a[2] - b[2] || (a[0] < b[0] ? -1 : 1)).map((e) => `    ${JSON.stringify(e)}`);
    await this.write(`${month}.json`, `{\n  "version": ${VERSION},\n  "sessions": [\n${lines.join(',\n')}\n  ]\n}\n`, held);
  }

  /** The marker with these stamps: written last, after the month files the stamps vouch for. */
  async writeMarker(stamps: Stamps, held: HeldLock): Promise<void> {
    const lines = Object.keys(stamps)
      .sort()
      .map((m) => `    ${JSON.stringify(m)}: ${JSON.stringify(stamps[m])}`);
    await this.write(BUILT, `{\n  "version": ${VERSION},\n  "folders": {\n${lines.join(',\n')}\n  }\n}\n`, held);
  }

  /** Drops the marker, so the next report rebuilds the whole index (a month file is damaged). */
  async dropBuilt(): Promise<void> {
    await this.fs.promises.unlink(path.join(this.dir, BUILT)).catch((err: unknown) => {
      if (errnoCode(err) !== 'ENOENT') throw err;
    });
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
  private async read(name: string, looked?: { st: Stats | undefined }): Promise<{ value: unknown; identity: string | undefined }> {
    const file = path.join(this.dir, name);
    const st = looked ? looked.st : await lstatOrUndefined(this.fs, file);
    if (!st) {
      this.cache.delete(name);
      return { value: undefined, identity: undefined };
    }
    const identity = fileIdentity(st);
    const hit = this.cache.get(name);
    if (hit?.identity === identity) return { value: hit.value, identity };
    let value: unknown;
    // Checked before anything inside is opened: the store never reads through a symlink.
    const real = await Promise.all([ensureRealDir(this.fs, path.dirname(this.dir), false), ensureRealDir(this.fs, this.dir, false)]);
    if (!real.every(Boolean)) return { value: undefined, identity: undefined };
    try {
      value = JSON.parse(await readRegularFile(this.fs, file));
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return { value: undefined, identity: undefined };
      if (!(err instanceof SyntaxError)) throw err;
      value = null;
    }
    if (this.cache.size > 240) this.cache.clear();
    this.cache.set(name, { identity, value });
    return { value, identity };
  }
}

/** An entry names a session file by id and month folder, so both must be what they claim: never a path elsewhere. */
function isEntry(x: unknown): x is IndexEntry {
  return Array.isArray(x) && x.length === 4 && typeof x[0] === 'string' && isValidId(x[0]) && typeof x[1] === 'string' && MONTH.test(x[1]) && Number.isFinite(x[2]) && Number.isFinite(x[3]);
}

function isStamp(x: unknown): x is FolderStamp {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Partial<FolderStamp>;
  const unreadable = s.unreadable as unknown;
  return (
    (s.seen === null || typeof s.seen === 'string') &&
    Number.isFinite(s.since) &&
    typeof unreadable === 'object' &&
    unreadable !== null &&
    Object.values(unreadable).every((v) => typeof v === 'string')
  );
}
