// Who is working: the `owner.user` of every new session. Each host (extension, CLI) picks its own
// source first; the OS user name is the last resort both share.
import { userInfo } from 'node:os';

/** Longest identity kept (an e-mail address is at most 320 characters). */
export const MAX_USER_LENGTH = 320;

/** A usable identity from any raw value (a setting, an env var, git's output), or undefined. */
export function normalizeUser(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const t = raw.replace(/\s+/g, ' ').trim();
  return t.length > 0 ? t.slice(0, MAX_USER_LENGTH) : undefined;
}

/**
 * The OS account name. `userInfo` throws where the uid has no passwd entry (some containers), so
 * the environment is asked next, and a fixed word last: a session always has a user.
 */
export function osUserName(): string {
  try {
    const n = normalizeUser(userInfo().username);
    if (n) return n;
  } catch {
    // no passwd entry for this uid: fall through to the environment
  }
  return normalizeUser(process.env.USER) ?? normalizeUser(process.env.USERNAME) ?? 'unknown';
}
