// Races between takers of one lock: whatever the interleaving, a live holder keeps its lock, and
// at most one holder has it at a time. Each test parks one process's step on a gate in its fs, so
// the others' steps land in exactly the window that matters.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { isPulseError } from '../../src/core/errors';
import { silentLogger } from '../../src/core/ports';
import { acquireLock, DEFAULT_LOCK, holderFile, type HeldLock } from '../../src/core/store/lock';
import { selfHolder } from '../../src/core/store/lockHolder';
import type { StoreFs } from '../../src/core/store/fsio';
import { tempDirs } from '../helpers/tempStore';

const { fresh, removeAll } = tempDirs('pulse-lockrace-');
afterEach(removeAll);
const ONCE = { ...DEFAULT_LOCK, retries: 0 };

interface Gate {
  fs: StoreFs;
  /** Resolves once the first change to the lock folder (or inside it) has been made. */
  changed: Promise<void>;
  /** Lets that process go on. */
  open: () => void;
  /** Holds the first change until `allow` is called; `reached` resolves when it is waiting. */
  reached: Promise<void>;
  allow: () => void;
}

/**
 * An fs that stops at the first change a process makes to `lockDir` (rename, unlink, rmdir): before
 * it until `allow()`, and after it until `open()`.
 */
function gatedFs(lockDir: string, holdBefore: boolean): Gate {
  let reach!: () => void;
  let allow!: () => void;
  let changed!: () => void;
  let open!: () => void;
  const reached = new Promise<void>((r) => (reach = r));
  const allowed = new Promise<void>((r) => (allow = r));
  const changedP = new Promise<void>((r) => (changed = r));
  const opened = new Promise<void>((r) => (open = r));
  let first = true;
  const touches = (p: fs.PathLike): boolean => String(p) === lockDir || String(p).startsWith(`${lockDir}${path.sep}`);
  const gate = <A extends [fs.PathLike, ...unknown[]], R>(f: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
    if (!first || !touches(a[0])) return f(...a);
    first = false;
    reach();
    if (holdBefore) await allowed;
    try {
      return await f(...a);
    } finally {
      changed();
      await opened;
    }
  };
  const p = fs.promises;
  if (!holdBefore) allow();
  return {
    fs: { ...fs, promises: { ...p, rename: gate(p.rename), unlink: gate(p.unlink), rmdir: gate(p.rmdir) } },
    changed: changedP,
    open,
    reached,
    allow,
  };
}

/** A pid that no process has any more. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

async function plantDead(lockDir: string): Promise<void> {
  fs.mkdirSync(lockDir);
  const rec = { ...(await selfHolder()), pid: deadPid(), start: '1', token: 'dead0000' };
  fs.writeFileSync(holderFile(lockDir, rec.token), JSON.stringify(rec));
}

async function takeOrLocked(file: string): Promise<HeldLock | 'ELOCKED'> {
  try {
    return await acquireLock(fs, file, ONCE, silentLogger);
  } catch (err) {
    if (isPulseError(err, 'ELOCKED')) return 'ELOCKED';
    throw err;
  }
}

test('a taker that judged a dead holder never disturbs the live lock that replaced it meanwhile', async () => {
  const dir = fresh();
  const file = path.join(dir, 'abcdefgh.json');
  const lockDir = `${file}.lock`;
  await plantDead(lockDir);
  // Slow taker: judges the holder dead, then stops right before it acts on that judgment.
  const slow = gatedFs(lockDir, true);
  const late = acquireLock(slow.fs, file, ONCE, silentLogger).then(
    (l) => l,
    (err: unknown) => err,
  );
  await slow.reached;
  // Meanwhile another process frees the dead lock and takes it: a live holder.
  const live = await acquireLock(fs, file, ONCE, silentLogger);
  slow.allow();
  await slow.changed;
  // The slow taker has acted on its old judgment; a third process tries now.
  const third = await takeOrLocked(file);
  const stillHeld = await live.assertHeld().then(
    () => true,
    () => false,
  );
  slow.open();
  const lateResult = await late;
  if (third !== 'ELOCKED') await third.release();
  if (!(lateResult instanceof Error) && lateResult && typeof lateResult === 'object' && 'release' in lateResult) await (lateResult as HeldLock).release();
  assert.equal(third, 'ELOCKED', 'a third process got the lock while its live holder had it');
  assert.ok(stillHeld, 'the live holder lost its lock to a stale judgment');
  assert.ok(await live.release(), 'the live holder still had its lock at release');
});

test('a release by a holder that lost its lock never opens a window in the new holder’s lock', async () => {
  const dir = fresh();
  const file = path.join(dir, 'abcdefgh.json');
  const lockDir = `${file}.lock`;
  const gate = gatedFs(lockDir, false);
  const old = await acquireLock(gate.fs, file, DEFAULT_LOCK, silentLogger);
  // Another host judged it by mtime and took it over: the old folder went, a new holder came.
  fs.rmSync(lockDir, { recursive: true });
  const current = await acquireLock(fs, file, ONCE, silentLogger);
  const released = old.release();
  await Promise.race([gate.changed, released]);
  const third = await takeOrLocked(file);
  const stillHeld = await current.assertHeld().then(
    () => true,
    () => false,
  );
  gate.open();
  assert.equal(await released, false, 'the old holder knows its lock was lost');
  if (third !== 'ELOCKED') await third.release();
  assert.equal(third, 'ELOCKED', 'a third process got the lock while the new holder had it');
  assert.ok(stillHeld, 'the new holder lost its lock to the old one’s release');
});
