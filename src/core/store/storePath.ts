// Where a folder's store lives. The setting is a path relative to the workspace folder, and the
// result must stay inside that folder: no `..`, no absolute path elsewhere, no symlink escape.
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { PulseError, errnoCode } from '../errors';

export const DEFAULT_STORE_DIR = '.vscode/sessions';

/** Lexical check: the setting alone, before touching the disk. */
export function storeDirFor(folder: string, setting: string | undefined): string {
  const rel = (setting ?? '').trim() || DEFAULT_STORE_DIR;
  const root = path.resolve(folder);
  const dir = path.resolve(root, rel);
  if (!isInside(root, dir) || dir === root) {
    throw new PulseError('EOUTSIDE', `pulse.directory "${rel}" must be a folder inside the workspace folder`, dir);
  }
  return dir;
}

/**
 * The store folder with symlinks resolved as far as it exists, checked to still be inside the
 * workspace folder's real path.
 */
export async function resolveStoreDir(folder: string, setting: string | undefined, fs: typeof nodeFs = nodeFs): Promise<string> {
  const dir = storeDirFor(folder, setting);
  const realRoot = await fs.promises.realpath(folder);
  // Walk up to the deepest part that exists, resolve it, and re-append the rest.
  let existing = dir;
  const rest: string[] = [];
  for (;;) {
    try {
      const real = await fs.promises.realpath(existing);
      const resolved = path.join(real, ...rest.reverse());
      if (!isInside(realRoot, resolved) || resolved === realRoot) {
        throw new PulseError('EOUTSIDE', `pulse.directory resolves outside the workspace folder (through a symlink)`, resolved);
      }
      return dir;
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err;
      rest.push(path.basename(existing));
      const parent = path.dirname(existing);
      if (parent === existing) throw err;
      existing = parent;
    }
  }
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
