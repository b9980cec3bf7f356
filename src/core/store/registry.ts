// The per-user registry of stores: every store Pulse has written on this machine, so "today across
// all my projects" needs no configuration. One small file per store, `<data>/stores/<hash>.json`,
// written atomically: windows and CLI runs registering at once never lose each other's entries, and
// there is no shared file to lock.
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { errnoCode, messageOf } from '../errors';
import { ensureRealDir, readRegularFile, writeAtomic, type StoreFs } from './fsio';
import type { Problem } from './sessionFile';

export interface RegistryEntry {
  /** The store's absolute path. */
  dir: string;
  /** A name for people: the workspace folder's name. */
  project: string;
}

const ENTRY_FILE = /^[0-9a-f]{16}\.json$/;
const MAX_ENTRY_BYTES = 64 * 1024;

/** `<folder>/.vscode/sessions` is the folder's; any other store is named after itself. */
export function projectOf(storeDir: string): string {
  const abs = path.resolve(storeDir);
  const parent = path.dirname(abs);
  if (path.basename(abs) === 'sessions' && path.basename(parent) === '.vscode') return path.basename(path.dirname(parent));
  return path.basename(abs);
}

export class StoreRegistry {
  readonly dir: string;
  private readonly fs: StoreFs;

  constructor(dataDir: string, fs: StoreFs = nodeFs) {
    this.dir = path.join(path.resolve(dataDir), 'stores');
    this.fs = fs;
  }

  /** Records a store (idempotent: an unchanged entry is not rewritten). */
  async remember(storeDir: string, project: string = projectOf(storeDir)): Promise<void> {
    const entry: RegistryEntry = { dir: path.resolve(storeDir), project };
    const file = path.join(this.dir, `${createHash('sha256').update(entry.dir).digest('hex').slice(0, 16)}.json`);
    const text = `${JSON.stringify(entry, null, 2)}\n`;
    const old = await readRegularFile(this.fs, file, MAX_ENTRY_BYTES).catch(() => undefined);
    if (old === text) return;
    await ensureRealDir(this.fs, this.dir, true);
    await writeAtomic(this.fs, file, text);
  }

  /** Every registered store; unreadable entries are problems, never a failure. */
  async list(): Promise<{ entries: RegistryEntry[]; problems: Problem[] }> {
    const entries: RegistryEntry[] = [];
    const problems: Problem[] = [];
    let names: string[];
    try {
      if (!(await ensureRealDir(this.fs, this.dir, false))) return { entries, problems };
      names = await this.fs.promises.readdir(this.dir);
    } catch (err) {
      return { entries, problems: [{ path: this.dir, code: errnoCode(err) ?? 'EREAD', message: `registry not readable: ${messageOf(err)}` }] };
    }
    for (const name of names.filter((n) => ENTRY_FILE.test(n)).sort()) {
      const file = path.join(this.dir, name);
      try {
        entries.push(parseEntry(await readRegularFile(this.fs, file, MAX_ENTRY_BYTES)));
      } catch (err) {
        problems.push({ path: file, code: 'EINVALID', message: `registry entry skipped: ${messageOf(err)}` });
      }
    }
    // Two entries for one path cannot happen (the file name is its hash), but a hand-copied one can.
    const seen = new Set<string>();
    return { entries: entries.filter((e) => !seen.has(e.dir) && seen.add(e.dir)).sort((a, b) => a.project.localeCompare(b.project) || a.dir.localeCompare(b.dir)), problems };
  }
}

function parseEntry(text: string): RegistryEntry {
  const body: unknown = JSON.parse(text);
  if (typeof body !== 'object' || body === null) throw new Error('not an object');
  const { dir, project } = body as Record<string, unknown>;
  if (typeof dir !== 'string' || !path.isAbsolute(dir)) throw new Error('"dir" is not an absolute path');
  return { dir, project: typeof project === 'string' && project.trim() ? project.trim() : projectOf(dir) };
}
