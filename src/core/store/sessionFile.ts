// Reading and validating one session file, shared by the store's live and archived paths. A file
// that does not parse, does not validate or names another id is reported, never "repaired".
import { PulseError, errnoCode, isPulseError, messageOf } from '../errors';
import { fileIdentity, lstatOrUndefined, readRegularFileWithIdentity, type StoreFs } from './fsio';
import { isValidId, validateSession, type Session } from '../session/schema';

/** A file the store skipped and left untouched, with the reason. */
export interface Problem {
  path: string;
  code: string;
  message: string;
}

/** One version of a session file: what it holds, and the identity that tells a later version apart. */
export interface SessionVersion {
  session: Session;
  identity: string;
  /** The file's mtime: when it was last written, in the file system's time (see fsClock.ts). */
  mtimeMs: number;
}

/** The session in `file`, or undefined when there is no file. Bad files throw a PulseError. */
export async function readSessionVersion(fs: StoreFs, file: string, id: string): Promise<SessionVersion | undefined> {
  let read: { text: string; identity: string; mtimeMs: number };
  try {
    read = await readRegularFileWithIdentity(fs, file);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
  let body: unknown;
  try {
    body = JSON.parse(read.text);
  } catch (err) {
    throw new PulseError('EINVALID', `is not valid JSON (${messageOf(err)}); left untouched`, file);
  }
  const v = validateSession(body);
  if (!v.ok) throw new PulseError(v.code, `${v.message}; left untouched`, file);
  if (v.session.id !== id) throw new PulseError('EINVALID', `holds id ${v.session.id}, not ${id}; left untouched`, file);
  return { session: v.session, identity: read.identity, mtimeMs: read.mtimeMs };
}

export function mustValidate(s: unknown, file: string): Session {
  const v = validateSession(s);
  if (!v.ok) throw new PulseError('EINVALID', `refusing to write an ${v.message}`, file);
  return v.session;
}

export function checkId(id: string): string {
  // Why: an id becomes a path; anything outside the pattern could name a file outside the store.
  if (!isValidId(id)) throw new PulseError('EBADID', `"${id}" is not a session id (expected ${'[0-9A-Za-z_-]{8,64}'})`);
  return id;
}

export function problem(file: string, err: unknown): Problem {
  return { path: file, code: isPulseError(err) ? err.code : (errnoCode(err) ?? 'EUNKNOWN'), message: messageOf(err) };
}

/** An indented array holding no array, object, or string with a bracket or brace in it. */
const FLAT_ARRAY = /\[\n[^[\]{}]*?\n\s*\]/g;

/**
 * A session as stored: indented JSON, with each array of plain values (a segment, a span, a key) on
 * one line, which keeps an hour of attributed typing a few KB. Literal newlines never occur inside
 * JSON strings, so only the layout between values changes.
 */
export function serialize(s: Session): string {
  return `${JSON.stringify(s, null, 2).replace(FLAT_ARRAY, (a) => a.replace(/\n\s*/g, ' ').replace('[ ', '[').replace(/ \]$/, ']'))}\n`;
}

/**
 * Write only if the file is still the version read (so its revision is still the one read). Guards
 * against a writer that changed the file without the lock (another tool, an older version).
 */
export async function assertUnchanged(fs: StoreFs, file: string, identity: string, revision: number): Promise<void> {
  const st = await lstatOrUndefined(fs, file);
  if (!st || fileIdentity(st) !== identity) {
    throw new PulseError('ECONFLICT', `changed under a held lock (revision ${revision} was read); write aborted`, file);
  }
}

/** A read of a session file taken before its lock was held: the version, or what went wrong. */
export type ReadAhead = { value: SessionVersion | undefined } | { error: unknown };

/** Starts a read of `file` (see confirmVersion); its failure is kept, never unhandled. */
export function readAhead(fs: StoreFs, file: string, id: string): Promise<ReadAhead> {
  return readSessionVersion(fs, file, id).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/**
 * The live file's version under the lock, from a read taken before the lock was held: it stands
 * if the file is still that version (one lstat: every Pulse write renames a new file into place,
 * and another tool's in-place edit changes size or mtime), and is read again otherwise. Whether
 * the archived copy (at `archivePath`) exists is looked at alongside, under the lock (archived wins).
 */
export async function confirmVersion(
  fs: StoreFs,
  file: string,
  id: string,
  ahead: ReadAhead,
  archivePath: (s: Session) => string,
): Promise<{ read: SessionVersion | undefined; archived?: boolean }> {
  const early = 'value' in ahead ? ahead.value : undefined;
  const [st, copy] = await Promise.all([lstatOrUndefined(fs, file), early ? lstatOrUndefined(fs, archivePath(early.session)) : undefined]);
  if ('value' in ahead && (early ? st !== undefined && fileIdentity(st) === early.identity : st === undefined)) return { read: early, archived: early ? copy !== undefined : undefined };
  return { read: await readSessionVersion(fs, file, id) };
}
