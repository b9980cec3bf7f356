// Sessions of every store in the per-user registry. A store that is missing (moved, deleted, on a
// drive that is not mounted), not a folder, or unreadable is reported and skipped: it never breaks
// the report of the others.
import * as nodeFs from 'node:fs';
import { messageOf } from '../errors';
import { SessionStore } from '../store/store';
import { lstatOrUndefined } from '../store/fsio';
import { loadSessions, type DateRange } from './report';
import type { Problem } from '../store/sessionFile';
import type { RegistryEntry, StoreRegistry } from '../store/registry';
import type { ProjectSession } from './groupBy';

export interface SkippedStore {
  dir: string;
  project: string;
  reason: string;
}

export interface AllProjects {
  /** Every session of every readable store, with its project. */
  sessions: ProjectSession[];
  /** The stores read, by project name. */
  stores: RegistryEntry[];
  skipped: SkippedStore[];
  /** Files inside readable stores that were skipped (invalid, foreign, too big). */
  problems: Problem[];
}

export async function loadAllProjects(registry: StoreRegistry, range: DateRange = {}, fs: typeof nodeFs = nodeFs): Promise<AllProjects> {
  const listed = await registry.list();
  // Two folders of one name (two clones, say) stay two projects.
  const names = new Map<string, number>();
  for (const e of listed.entries) names.set(e.project, (names.get(e.project) ?? 0) + 1);
  for (const e of listed.entries) if ((names.get(e.project) ?? 0) > 1) e.project = `${e.project} (${e.dir})`;
  const out: AllProjects = { sessions: [], stores: [], skipped: [], problems: [...listed.problems] };
  for (const entry of listed.entries) {
    const reason = await unusable(fs, entry.dir);
    if (reason) {
      out.skipped.push({ ...entry, reason });
      continue;
    }
    try {
      const got = await loadSessions(new SessionStore({ dir: entry.dir, fs }), range);
      const unreadable = got.problems.find((p) => p.path === entry.dir);
      if (unreadable) {
        out.skipped.push({ ...entry, reason: unreadable.message });
        continue;
      }
      out.stores.push(entry);
      out.problems.push(...got.problems);
      for (const session of got.sessions) out.sessions.push({ session, project: entry.project });
    } catch (err) {
      out.skipped.push({ ...entry, reason: messageOf(err) });
    }
  }
  return out;
}

async function unusable(fs: typeof nodeFs, dir: string): Promise<string | undefined> {
  try {
    const st = await lstatOrUndefined(fs, dir);
    if (!st) return 'no longer there (moved or deleted?)';
    if (st.isSymbolicLink()) return 'is a symlink; not followed';
    if (!st.isDirectory()) return 'is not a folder';
    await fs.promises.access(dir, nodeFs.constants.R_OK | nodeFs.constants.X_OK);
    return undefined;
  } catch (err) {
    return `cannot be read: ${messageOf(err)}`;
  }
}

/** "2 stores skipped: /a (no longer there …); /b (cannot be read …)" */
export function describeSkipped(skipped: readonly SkippedStore[]): string[] {
  return skipped.map((s) => `${s.dir} (${s.project}): ${s.reason}; skipped`);
}
