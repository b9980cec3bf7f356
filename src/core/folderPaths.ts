// Which workspace folder a file belongs to, and its path relative to that folder. Absolute paths
// never reach a session file: a file outside every folder is not listed at all.
import * as path from 'node:path';

export interface FolderPath {
  key: string;
  path: string;
}

/** `file` relative to `folder` with `/` separators, or undefined when it is not inside it. */
export function relativeInside(folder: string, file: string, sep: string = path.sep): string | undefined {
  const root = folder.endsWith(sep) ? folder : folder + sep;
  if (!file.startsWith(root) || file.length === root.length) return undefined;
  const rel = file.slice(root.length);
  // Why: `a/../../b` starts with the folder but leaves it; such a path is not the folder's file.
  const parts = rel.split(sep);
  if (parts.some((p) => p === '..' || p === '.' || p === '')) return undefined;
  return sep === '/' ? rel : parts.join('/');
}

/** The innermost folder that contains `file` (nested folders: the deepest one wins). */
export function containingFolder<F extends FolderPath>(folders: Iterable<F>, file: string, sep: string = path.sep): F | undefined {
  let best: F | undefined;
  for (const f of folders) {
    if (relativeInside(f.path, file, sep) !== undefined && (!best || f.path.length > best.path.length)) best = f;
  }
  return best;
}
