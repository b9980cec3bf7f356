// The CLI's `owner.user`: PULSE_USER, else `git config user.email` in the store's working tree,
// else the OS user name. The CLI is a short-lived process, so one synchronous git call is fine.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { normalizeUser, osUserName } from '../core/identity';

/** The nearest existing folder at or above `dir` (a store that does not exist yet still has a repo). */
function existingAncestor(dir: string): string {
  let d = path.resolve(dir);
  while (!fs.existsSync(d)) {
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  return d;
}

/** `git config user.email` as seen from `dir`; undefined without git, a repo or the setting. */
export function gitUserEmail(dir: string): string | undefined {
  try {
    const out = execFileSync('git', ['config', 'user.email'], { cwd: existingAncestor(dir), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
    return normalizeUser(out);
  } catch {
    // git missing, not a repository, or the key unset (exit 1): the next source decides
    return undefined;
  }
}

export function cliUser(storeDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return normalizeUser(env.PULSE_USER) ?? gitUserEmail(storeDir) ?? osUserName();
}
