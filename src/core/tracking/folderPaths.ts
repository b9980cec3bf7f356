// Which workspace folder a file belongs to, and its path relative to that folder. Absolute paths
// never reach a session file: a file outside every folder is not listed at all.
import * as path from 'node:path';

export interface FolderPath {
  key: string;
  path: string;
}

/**
 * `file` relative to `folder` with `/` separators, or undefined when it is not inside it. Called
 * whenever the file changes from one event to the next, so the common case allocates one string.
 */
export function relativeInside(folder: string, file: string, sep: string = path.sep): string | undefined {
  const cut = folder.endsWith(sep) ? folder.length - 1 : folder.length;
  if (file.length <= cut + 1 || !file.startsWith(folder.slice(0, cut)) || file[cut] !== sep) return undefined;
  const rel = file.slice(cut + 1);
  const dotSeg = sep === '/' ? '/.' : '\\.';
  const emptySeg = sep === '/' ? '//' : '\\\\';
  const suspicious = rel[0] === '.' || rel.includes(dotSeg) || rel.includes(emptySeg) || rel.endsWith(sep);
  // Why: `a/../../b` starts with the folder but leaves it; such a path is not the folder's file.
  if (suspicious && rel.split(sep).some((p) => p === '..' || p === '.' || p === '')) return undefined;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** The innermost folder that contains `file` (nested folders: the deepest one wins). */
export function containingFolder<F extends FolderPath>(folders: Iterable<F>, file: string, sep: string = path.sep): F | undefined {
  let best: F | undefined;
  for (const f of folders) {
    if (relativeInside(f.path, file, sep) !== undefined && (!best || f.path.length > best.path.length)) best = f;
  }
  return best;
}
