// "Once a day" across every window, editor and process of one user: the first to create a day's
// marker file (exclusively, O_EXCL) is the one that acts; the others find it taken. The marker is a
// file on the machine Pulse runs on, so a reload, a second window or a second browser on the same
// code-server sees the same day, which VS Code's global state alone does not promise.
import { promises as nodeFs } from 'node:fs';
import * as path from 'node:path';
import { errnoCode } from './errors';
import { DATE_PATTERN } from './time';

export type ClaimFs = Pick<typeof nodeFs, 'mkdir' | 'open' | 'readdir' | 'unlink'>;

const WHAT = /^[a-z][a-z0-9-]{0,40}$/;

/**
 * True for the one caller that claims `what` on local date `date` (YYYY-MM-DD) in `dir`; false when
 * it was claimed already. Throws when the folder cannot be written (the caller decides what then).
 * A successful claim removes that `what`'s markers of other days, so the folder holds one per kind.
 */
export async function claimDay(dir: string, what: string, date: string, fs: ClaimFs = nodeFs): Promise<boolean> {
  if (!WHAT.test(what) || !DATE_PATTERN.test(date)) throw new Error(`claimDay: bad name ${JSON.stringify(what)} or date ${JSON.stringify(date)}`);
  const name = `${what}-${date}`;
  await fs.mkdir(dir, { recursive: true });
  try {
    const handle = await fs.open(path.join(dir, name), 'wx');
    await handle.close();
  } catch (err) {
    if (errnoCode(err) === 'EEXIST') return false;
    throw err;
  }
  const old = (await fs.readdir(dir)).filter((f) => f !== name && f.startsWith(`${what}-`) && DATE_PATTERN.test(f.slice(what.length + 1)));
  // Best effort: a marker left behind only costs a few bytes, and another process may remove it first.
  await Promise.all(old.map((f) => fs.unlink(path.join(dir, f)).catch(() => undefined)));
  return true;
}
