// How a store is shared, as its `.gitignore` says. `private` (the default) ignores everything;
// `git` ignores only what is live, transient or derived (live sessions, locks, temp files, probes,
// the month index), so that
// finished sessions under archive/ are committed with the project. Pulse never commits or pushes:
// the user does. The `.gitignore` is the state itself, so every clone of a shared store agrees.
import * as path from 'node:path';
import { PulseError, errnoCode } from '../errors';
import { fsyncDir, readRegularFile, writeAtomic, type StoreFs } from './fsio';

export const SHARE_MODES = ['private', 'git'] as const;
export type ShareMode = (typeof SHARE_MODES)[number];

export const GITIGNORE: Record<ShareMode, string> = {
  private: '*\n',
  git: [
    '# Written by Pulse (pulse share git): finished sessions under archive/ are committed;',
    '# live sessions, locks, temp files, clock probes and the month index (each clone keeps',
    '# its own) stay out. `pulse share private` undoes this.',
    '/*',
    '!/.gitignore',
    '!/archive/',
    '/archive/index/',
    '*.lock/',
    '.*.tmp',
    '',
  ].join('\n'),
};

export function isShareMode(v: unknown): v is ShareMode {
  return typeof v === 'string' && (SHARE_MODES as readonly string[]).includes(v);
}

/** `custom`: a .gitignore Pulse did not write; `none`: there is none yet. */
export type ShareState = ShareMode | 'custom' | 'none';

export async function readShareState(fs: StoreFs, dir: string): Promise<ShareState> {
  let text: string;
  try {
    text = await readRegularFile(fs, path.join(dir, '.gitignore'), 64 * 1024);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return 'none';
    throw err;
  }
  for (const m of SHARE_MODES) if (text === GITIGNORE[m]) return m;
  return 'custom';
}

/**
 * Sets a store's mode by writing its `.gitignore`. Never overwrites a .gitignore Pulse did not
 * write: that is the user's, and the error says what to do instead.
 */
export async function setShareMode(fs: StoreFs, dir: string, mode: ShareMode): Promise<{ changed: boolean; file: string }> {
  // The caller (SessionStore.setShare) has made sure the store's folders exist and are real.
  const file = path.join(dir, '.gitignore');
  const now = await readShareState(fs, dir);
  if (now === mode) return { changed: false, file };
  if (now === 'custom') {
    throw new PulseError('ECUSTOM', `was not written by Pulse; left as it is. Remove it (or make it ${JSON.stringify(GITIGNORE[mode])}) to share as "${mode}"`, file);
  }
  await writeAtomic(fs, file, GITIGNORE[mode]);
  return { changed: true, file };
}

/** Writes a new store's `.gitignore` for `mode`, durably; an existing one (the user's, or ours) is left as it is. */
export async function createGitignore(fs: StoreFs, dir: string, mode: ShareMode): Promise<void> {
  try {
    await fs.promises.writeFile(path.join(dir, '.gitignore'), GITIGNORE[mode], { flag: 'wx' });
    await fsyncDir(fs, dir);
  } catch (err) {
    // Why: an existing .gitignore is the user's (or ours from before); never overwrite it.
    if (errnoCode(err) !== 'EEXIST') throw err;
  }
}
