// Multi-root routing: which folder's session an event's time goes to, and under which relative
// path. The last answer is reused while the adapter keeps sending the same file and folder, which
// is what typing looks like.
import { FolderSessions } from './folderSessions';
import { containingFolder, relativeInside } from './folderPaths';
import type { ActivityInfo, TrackedFolder, TrackerStatus } from './trackerTypes';

export interface Route {
  folder: FolderSessions;
  /** Path relative to the folder; undefined when not listed (outside every folder, or names off). */
  rel: string | undefined;
  /** The event names a file, so it sets the file and language the following time goes to. */
  named: boolean;
  /** Not in any folder: keeps a session alive, never starts one. */
  keepAliveOnly: boolean;
}

export class FolderRouter {
  readonly all = new Map<string, FolderSessions>();
  /** Removed folders replaced by a re-add before their last writes were done: still to be written. */
  readonly draining: FolderSessions[] = [];
  /** Folder of the most recent activity that belonged to a folder. */
  recent: FolderSessions | undefined;
  recordFileNames = true;
  private lastFile: string | undefined;
  private lastFolder: string | undefined;
  private last: Route | null | undefined;

  constructor(folders: readonly TrackedFolder[]) {
    for (const f of folders) this.all.set(f.key, new FolderSessions(f));
  }

  route(info: ActivityInfo): Route | null {
    if (this.last !== undefined && info.file === this.lastFile && info.folder === this.lastFolder) return this.last;
    this.lastFile = info.file;
    this.lastFolder = info.folder;
    return (this.last = this.resolve(info));
  }

  /** Folders, settings or the fallback folder changed: the cached route may be wrong. */
  invalidate(): void {
    this.last = undefined;
  }

  /** True when the folder was added (or replaced a removed one). */
  add(f: TrackedFolder): boolean {
    const existing = this.all.get(f.key);
    if (existing && !existing.removed) return false;
    // Its ended sessions may still owe a write (a failing disk): keep them, never drop them.
    if (existing && !existing.idle) this.draining.push(existing);
    this.all.set(f.key, new FolderSessions(f));
    this.invalidate();
    return true;
  }

  markRemoved(f: FolderSessions): void {
    f.removed = true;
    if (this.recent === f) this.recent = undefined;
    this.invalidate();
  }

  /** Drops removed folders whose last writes are done. */
  prune(): void {
    for (const [key, f] of this.all) if (f.removed && f.idle) this.all.delete(key);
    for (let i = this.draining.length - 1; i >= 0; i--) if (this.draining[i]!.idle) this.draining.splice(i, 1);
  }

  /** Every folder that may still write: current ones, removed ones, and replaced ones draining. */
  everyFolder(): FolderSessions[] {
    return [...this.all.values(), ...this.draining];
  }

  live(key: string): FolderSessions | undefined {
    const f = this.all.get(key);
    return f && !f.removed ? f : undefined;
  }

  liveFolders(): FolderSessions[] {
    return [...this.all.values()].filter((f) => !f.removed);
  }

  /** The folder last worked in, or the only one. */
  fallback(): FolderSessions | undefined {
    if (this.recent) return this.recent;
    const live = this.liveFolders();
    return live.length === 1 ? live[0] : undefined;
  }

  /** What the status bar shows for a folder (default: the folder last worked in, or the only one). */
  /** The status of one folder; `idle` is the tracker's to fill in. */
  status(folderKey: string | undefined, paused: boolean): TrackerStatus {
    const f = folderKey !== undefined ? this.all.get(folderKey) : this.fallback();
    const slot = f?.current;
    const all = this.everyFolder();
    const failing = all.find((x) => x.failing);
    return {
      folder: f?.key,
      sessionId: slot?.id,
      state: !slot || (slot.empty && !paused) ? 'none' : paused ? 'paused' : 'active',
      activeSeconds: slot ? slot.activeSeconds() : 0,
      unflushed: all.some((x) => x.hasUnflushed()),
      failing: failing !== undefined,
      lastError: failing?.lastError,
      idle: true,
    };
  }

  private resolve(info: ActivityInfo): Route | null {
    const byKey = info.folder !== undefined ? this.live(info.folder) : undefined;
    const named = info.file !== undefined;
    if (info.file !== undefined) {
      const f = byKey ?? containingFolder(this.liveFolders(), info.file);
      if (f) return { folder: f, rel: this.recordFileNames ? relativeInside(f.path, info.file) : undefined, named, keepAliveOnly: false };
    } else if (byKey) {
      return { folder: byKey, rel: undefined, named, keepAliveOnly: false };
    }
    // A file outside every folder, or a terminal or debugger with no folder: it keeps the folder
    // last worked in alive, without listing anything.
    const f = this.fallback();
    return f ? { folder: f, rel: undefined, named, keepAliveOnly: true } : null;
  }
}
