// File primitives for the store: bounded, symlink-refusing reads and atomic writes.
// The fs module is injected so tests can slow it down or inject faults (ENOSPC, EACCES, …).
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PulseError, errnoCode } from '../errors';

export type StoreFs = typeof nodeFs;

/** Pulse never writes a session this large; anything bigger is foreign and is not read. */
export const MAX_SESSION_BYTES = 4 * 1024 * 1024;

export const TEMP_PATTERN = /^\..+\.[0-9a-f]{12}\.tmp$/;

const O_NOFOLLOW = nodeFs.constants.O_NOFOLLOW ?? 0;
/**
 * Opening a FIFO (or a device) for reading blocks until a writer comes, and holds a thread of the
 * fs pool meanwhile: with O_NONBLOCK the open returns at once, and the fstat then refuses it. On a
 * regular file O_NONBLOCK changes nothing.
 */
const O_NONBLOCK = nodeFs.constants.O_NONBLOCK ?? 0;

/** Flags for reading a file Pulse did not necessarily write: never through a link, never blocking. */
export const READ_UNTRUSTED = nodeFs.constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK;

/**
 * Reads a regular file without following a symlink at its last component (O_NOFOLLOW) and
 * without reading more than `maxBytes`. ENOENT passes through as the fs error.
 */
export async function readRegularFile(fs: StoreFs, file: string, maxBytes = MAX_SESSION_BYTES): Promise<string> {
  return (await readRegularFileWithIdentity(fs, file, maxBytes)).text;
}

/**
 * Identifies one version of a file: every Pulse write renames a new inode into place, and an
 * in-place edit by another tool changes size or mtime.
 */
export function fileIdentity(st: nodeFs.Stats): string {
  return `${st.ino}:${st.size}:${st.mtimeMs}`;
}

export async function readRegularFileWithIdentity(fs: StoreFs, file: string, maxBytes = MAX_SESSION_BYTES): Promise<{ text: string; identity: string; mtimeMs: number }> {
  let fh: nodeFs.promises.FileHandle;
  try {
    fh = await fs.promises.open(file, READ_UNTRUSTED);
  } catch (err) {
    // ELOOP is how O_NOFOLLOW reports a symlink.
    if (errnoCode(err) === 'ELOOP') throw new PulseError('ENOTFILE', 'is a symlink; not followed', file);
    if (errnoCode(err) === 'EISDIR') throw new PulseError('ENOTFILE', 'is a directory, not a session file', file);
    throw err;
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new PulseError('ENOTFILE', 'is not a regular file', file);
    if (st.size > maxBytes) throw new PulseError('ETOOBIG', `is ${st.size} bytes, more than a session file can be`, file);
    // One read of the size just seen; a file that grew meanwhile (an in-place edit) is read again,
    // whole, but never past the bound.
    const buf = Buffer.alloc(st.size + 1);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const text = bytesRead <= st.size ? buf.toString('utf8', 0, bytesRead) : await readBounded(fh, maxBytes, file);
    return { text, identity: fileIdentity(st), mtimeMs: st.mtimeMs };
  } finally {
    await fh.close();
  }
}

async function readBounded(fh: nodeFs.promises.FileHandle, maxBytes: number, file: string): Promise<string> {
  const buf = Buffer.alloc(maxBytes + 1);
  let n = 0;
  for (;;) {
    const { bytesRead } = await fh.read(buf, n, buf.length - n, n);
    if (bytesRead === 0) break;
    n += bytesRead;
    if (n > maxBytes) throw new PulseError('ETOOBIG', `grew past ${maxBytes} bytes while it was read, more than a session file can be`, file);
  }
  return buf.toString('utf8', 0, n);
}

/**
 * Writes `data` to `target` atomically: a temp file in the same folder, fsync, then rename over the
 * target and fsync the folder, so a reader sees the old file or the new one, never half of one, and a
 * power cut cannot undo an acknowledged write. `beforeRename` runs after the data is durable and may
 * throw to abort (a lost lock, a revision conflict).
 */
export async function writeAtomic(
  fs: StoreFs,
  target: string,
  data: string,
  beforeRename: () => void | Promise<void> = () => undefined,
  tempDir: string = path.dirname(target),
): Promise<void> {
  await (await renameIntoPlace(fs, target, data, beforeRename, tempDir)).durable;
}

/**
 * writeAtomic up to the rename, with the folder's fsync left running in `durable`: a caller with
 * more to do (a lock to release) does it meanwhile, and awaits `durable` before it answers.
 * Steps that need not wait for each other don't: the folder is opened alongside the temp file,
 * and the temp file is closed while `beforeRename` runs.
 */
export async function renameIntoPlace(
  fs: StoreFs,
  target: string,
  data: string,
  beforeRename: () => void | Promise<void> = () => undefined,
  tempDir: string = path.dirname(target),
): Promise<{ durable: Promise<void> }> {
  // tempDir must be on the same file system as target, so the rename stays atomic.
  const tmp = path.join(tempDir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const folder = openFolder(fs, path.dirname(target));
  let fh: nodeFs.promises.FileHandle | undefined;
  let renamed = false;
  try {
    fh = await fs.promises.open(tmp, 'wx', 0o644);
    await fh.writeFile(data, 'utf8');
    await fh.sync();
    const closing = fh.close();
    fh = undefined;
    const [closed, checked] = await Promise.allSettled([closing, beforeRename()]);
    if (closed.status === 'rejected') throw closed.reason;
    if (checked.status === 'rejected') throw checked.reason;
    await fs.promises.rename(tmp, target);
    renamed = true;
  } finally {
    // Why: a failed write must not leave its temp file behind; a crash that does is swept by cleanup.
    if (fh) await fh.close().catch(() => undefined);
    if (!renamed) {
      await fs.promises.unlink(tmp).catch(() => undefined);
      await folder.then((d) => d?.close()).catch(() => undefined);
    }
  }
  return { durable: syncFolder(folder) };
}

/** A folder opened for its fsync; undefined on Windows, which cannot open one. */
function openFolder(fs: StoreFs, dir: string): Promise<nodeFs.promises.FileHandle | undefined> {
  if (process.platform === 'win32') return Promise.resolve(undefined);
  const opening = fs.promises.open(dir, nodeFs.constants.O_RDONLY | (nodeFs.constants.O_DIRECTORY ?? 0));
  // Settled here too, so a failure while the write is still under way is never unhandled.
  opening.catch(() => undefined);
  return opening;
}

async function syncFolder(folder: Promise<nodeFs.promises.FileHandle | undefined>): Promise<void> {
  const fh = await folder;
  if (!fh) return;
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Makes a rename, unlink or mkdir inside `dir` durable. Windows cannot open a folder; its NTFS
 * journals metadata, so there is nothing to do there.
 */
export async function fsyncDir(fs: StoreFs, dir: string): Promise<void> {
  await syncFolder(openFolder(fs, dir));
}

/** unlink, made durable in its folder. */
export async function unlinkDurably(fs: StoreFs, file: string): Promise<void> {
  await fs.promises.unlink(file);
  await fsyncDir(fs, path.dirname(file));
}

/** lstat that answers undefined for a missing path. */
export async function lstatOrUndefined(fs: StoreFs, p: string): Promise<nodeFs.Stats | undefined> {
  try {
    return await fs.promises.lstat(p);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Makes sure `dir` is a real directory (creating it if asked, durably), never a symlink: the store
 * must not be redirected out of its folder.
 */
export async function ensureRealDir(fs: StoreFs, dir: string, create: boolean): Promise<boolean> {
  let st = await lstatOrUndefined(fs, dir);
  if (!st && create) {
    try {
      await fs.promises.mkdir(dir);
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') throw err;
    }
    await fsyncDir(fs, path.dirname(dir));
    st = await fs.promises.lstat(dir);
  }
  if (!st) return false;
  if (st.isSymbolicLink()) throw new PulseError('EOUTSIDE', `is a symlink; refusing to follow it out of the store. ${SYMLINK_FIX}`, dir);
  if (!st.isDirectory()) throw new PulseError('ENOTFILE', 'is not a directory', dir);
  return true;
}

export const SYMLINK_FIX = 'Point `pulse.directory` (or the CLI\'s `--dir`) at a real folder, or replace the symlink with one';

/**
 * Checks every folder from below `root` down to `dir`: each must be a real folder, never a symlink,
 * so a link anywhere on the way (`.vscode -> ../elsewhere`) cannot carry the store out of its
 * workspace. With `create`, missing ones are made (each mkdir made durable). Answers whether `dir`
 * exists. `root` itself is the user's (the workspace folder, or an explicit `--dir`).
 */
export async function ensureStorePath(fs: StoreFs, root: string, dir: string, create: boolean): Promise<boolean> {
  const rel = path.relative(root, dir);
  const parts = rel === '' ? [] : rel.split(path.sep);
  if (parts[0] === '..' || path.isAbsolute(rel)) throw new PulseError('EOUTSIDE', `is not inside ${root}`, dir);
  // The root is the user's: made with its parents if missing, never checked above itself.
  if (create && !(await lstatOrUndefined(fs, root))) {
    await fs.promises.mkdir(root, { recursive: true });
    await fsyncDir(fs, path.dirname(root));
  }
  let at = root;
  for (const part of parts) {
    at = path.join(at, part);
    const st = await lstatOrUndefined(fs, at);
    if (st?.isSymbolicLink()) {
      throw new PulseError('EOUTSIDE', `is a symlink, so the store would leave the workspace folder; nothing was written. Set \`pulse.directory\` to a real folder inside the workspace, or pass \`--dir\` to the CLI`, at);
    }
    if (!(await ensureRealDir(fs, at, create))) return false;
  }
  // The store folder itself: checked even when it is the root (an explicit `--dir` that is a link).
  return parts.length > 0 || ensureRealDir(fs, dir, create);
}
