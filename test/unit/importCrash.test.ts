// An import is all or nothing: a process killed (SIGKILL) at an exact point of the write leaves
// either nothing visible, or a committed batch that the next import finishes.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { recoverImports } from '../../src/core/store/importStaging';
import { importHistory } from '../../src/core/imports/importer';
import { tempDirs, makeStore } from '../helpers/tempStore';
import { recordingFs, type RecordedOp } from '../helpers/recordingFs';

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

/** Three sessions, in January and February: a session a month-folder of its own in the staging. */
function twoMonthDump(file: string): void {
  const beat = (iso: string, entity: string): object => ({ time: Date.parse(iso) / 1000, entity, type: 'file', category: 'coding', project: 'pulse', language: 'TypeScript' });
  const days = [
    { date: '2026-01-30', heartbeats: [beat('2026-01-30T09:00:00Z', 'src/a.ts'), beat('2026-01-30T09:02:00Z', 'src/b.ts')] },
    { date: '2026-01-31', heartbeats: [beat('2026-01-31T09:00:00Z', 'src/a.ts'), beat('2026-01-31T09:03:00Z', 'src/a.ts')] },
    { date: '2026-02-01', heartbeats: [beat('2026-02-01T09:00:00Z', 'src/c.ts'), beat('2026-02-01T09:04:00Z', 'src/c.ts')] },
  ];
  fs.writeFileSync(file, JSON.stringify({ range: {}, days }));
}

test('COMMIT goes in only once every staged session, its month folder and the batch folder are fsynced', async () => {
  const root = fresh();
  const dump = path.join(root, 'dump.json');
  twoMonthDump(dump);
  const ops: RecordedOp[] = [];
  const store = makeStore(path.join(root, 'store'), { fs: recordingFs(ops) });
  const r = await importHistory({ file: dump, route: () => store, idleTimeoutMs: 5 * 60_000, sessionGapMs: 60 * 60_000, now: Date.parse('2026-06-01T00:00:00Z') });
  assert.equal(r.added, 3);
  const commit = ops.findIndex((o) => o.op === 'rename' && path.basename(o.path) === 'COMMIT');
  assert.ok(commit > 0, 'the batch was committed');
  const staged = ops.filter((o) => o.op === 'rename' && /[/\\]\.import\.[0-9a-f]{12}\.tmp[/\\]\d{4}-\d{2}[/\\][^/\\]+-imp[^/\\]+\.json$/.test(o.path)).map((o) => o.path);
  assert.deepEqual(staged.map((f) => path.basename(path.dirname(f))).sort(), ['2026-01', '2026-01', '2026-02'], 'staged in month folders');
  const batch = path.dirname(path.dirname(staged[0]!));
  const syncedBefore = new Set(ops.slice(0, commit).filter((o) => o.op === 'fsync').map((o) => o.path));
  for (const f of [...staged, path.join(batch, '2026-01'), path.join(batch, '2026-02'), batch]) assert.ok(syncedBefore.has(f), `${path.relative(batch, f) || '.'} is fsynced before COMMIT`);
  assert.equal(archivedFiles(store.dir).length, 3);
});

test('a committed batch staged without month folders is still published', () => {
  const dir = fresh();
  assert.equal(importDump(dir, 'link:2:-imp').signal, 'SIGKILL');
  // The two staged sessions the crash left, moved to the top of the batch folder.
  const [batch] = batches(dir);
  for (const month of fs.readdirSync(path.join(dir, batch!)).filter((n) => /^\d{4}-\d{2}$/.test(n))) {
    for (const f of fs.readdirSync(path.join(dir, batch!, month))) fs.renameSync(path.join(dir, batch!, month, f), path.join(dir, batch!, f));
  }
  assert.equal(fs.readdirSync(path.join(dir, batch!)).filter((n) => n.endsWith('.json')).length, 2);
  const again = importDump(dir);
  assert.match(again.out, /0 new, 3 already imported/);
  assert.match(again.out, /Finished an interrupted earlier import first: 2 sessions/);
  assert.equal(archivedFiles(dir).length, 3);
});

test('an import cancelled midway writes nothing, and leaves no batch behind', async () => {
  const root = fresh();
  const dump = path.join(root, 'dump.json');
  // Sixty days of one session each, about 2 MB: cancelled after the first chunks, sessions already staged.
  const beat = (t: number, i: number): object => ({ time: t / 1000, entity: `src/f${i % 13}.ts`, type: 'file', category: 'coding', project: 'pulse', language: 'TypeScript' });
  const days = Array.from({ length: 60 }, (_, d) => {
    const start = Date.parse('2026-01-01T09:00:00Z') + d * 86_400_000;
    return { date: new Date(start).toISOString().slice(0, 10), heartbeats: Array.from({ length: 200 }, (_, i) => beat(start + i * 20_000, i)) };
  });
  fs.writeFileSync(dump, JSON.stringify({ range: {}, days }));
  const store = makeStore(path.join(root, 'store'));
  const abort = new AbortController();
  let stagedWhenCancelled = 0;
  const cancelled = importHistory({
    file: dump,
    route: () => store,
    idleTimeoutMs: 5 * 60_000,
    sessionGapMs: 60 * 60_000,
    now: Date.parse('2026-06-01T00:00:00Z'),
    signal: abort.signal,
    onProgress: (read, total) => {
      if (read < total / 2 || abort.signal.aborted) return;
      stagedWhenCancelled = batches(store.dir).flatMap((b) => fs.readdirSync(path.join(store.dir, b), { recursive: true }).map(String)).filter((n) => n.endsWith('.json')).length;
      abort.abort();
    },
  });
  await assert.rejects(cancelled, (err: Error & { code?: string }) => err.code === 'ECANCELLED');
  assert.ok(stagedWhenCancelled > 10, `sessions were staged before the cancel (${stagedWhenCancelled})`);
  assert.deepEqual(archivedFiles(store.dir), []);
  assert.deepEqual(batches(store.dir), []);
});
