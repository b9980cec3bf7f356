// An import is all or nothing: a process killed (SIGKILL) at an exact point of the write leaves
// either nothing visible, or a committed batch that the next import finishes.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { recoverImports } from '../../src/core/store/importStaging';
import { tempDirs, makeStore } from '../helpers/tempStore';

const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const KILL_AT = path.join(ROOT, 'out', 'test', 'helpers', 'killAt.js');
const DUMP = path.join(ROOT, 'test', 'fixtures', 'imports', 'wakatime.json');
const { fresh, removeAll } = tempDirs('pulse-import-crash-');
afterEach(removeAll);

function importDump(dir: string, killAt?: string): { code: number | null; signal: NodeJS.Signals | null; out: string } {
  const args = [...(killAt ? ['--require', KILL_AT] : []), CLI, '--dir', dir, 'import', DUMP];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, PULSE_KILL_AT: killAt ?? '' } });
  return { code: r.status, signal: r.signal, out: r.stdout };
}

const archivedFiles = (dir: string): string[] => {
  const a = path.join(dir, 'archive');
  // Month folders only: the archive also holds the month index and its lock.
  return fs.existsSync(a) ? fs.readdirSync(a).filter((m) => /^\d{4}-\d{2}$/.test(m)).flatMap((m) => fs.readdirSync(path.join(a, m))) : [];
};
const batches = (dir: string): string[] => fs.readdirSync(dir).filter((n) => n.startsWith('.import.'));

// The lock records its holder: a SIGKILLed writer's lock is free at once, without waiting.

test('killed while staging: nothing is visible, and the abandoned batch is discarded later', async () => {
  const dir = fresh();
  // The second staged session's rename: one session staged, the import not committed.
  const killed = importDump(dir, 'rename:2:.import.');
  assert.equal(killed.signal, 'SIGKILL');
  assert.deepEqual(archivedFiles(dir), []);
  assert.equal(batches(dir).length, 1);
  const listed = await makeStore(dir).listLive();
  assert.deepEqual([listed.sessions, listed.problems], [[], []], 'the batch is invisible to listings');
  assert.deepEqual(await recoverImports(makeStore(dir)), { published: 0, discarded: 1 });
  assert.deepEqual(batches(dir), []);
  assert.deepEqual(archivedFiles(dir), []);
});

test('killed while publishing: the committed batch is rolled forward, and a re-run adds nothing more', async () => {
  const dir = fresh();
  const killed = importDump(dir, 'link:2:-imp');
  assert.equal(killed.signal, 'SIGKILL');
  assert.equal(archivedFiles(dir).length, 1, 'one of three sessions was published before the kill');
  assert.deepEqual(await recoverImports(makeStore(dir)), { published: 2, discarded: 0 });
  assert.equal(archivedFiles(dir).length, 3);
  assert.deepEqual(batches(dir), []);
  const again = importDump(dir);
  assert.equal(again.code, 0);
  assert.match(again.out, /0 new, 3 already imported/);
});

test('a re-run right after a crash finishes the committed batch, and counts against all of it', () => {
  const dir = fresh();
  assert.equal(importDump(dir, 'link:2:-imp').signal, 'SIGKILL');
  const again = importDump(dir);
  assert.equal(again.code, 0);
  // The committed batch the crash left is published first; then all three are already there.
  assert.match(again.out, /0 new, 3 already imported/);
  assert.match(again.out, /Finished an interrupted earlier import first: 2 sessions/);
  assert.equal(archivedFiles(dir).length, 3);
});
