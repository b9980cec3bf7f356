// Kill a process (SIGKILL) right after each file operation of `pulse end` and of cleanup's close,
// one step at a time. After each kill, readers see the session exactly once (finished once its
// archived copy exists), a late beat from its owner writes nothing to a finished session, and the
// next cleanup with default settings finishes the move.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Session } from '../../src/core/session/schema';
import { removeDir, tempDir } from '../helpers/tempStore';
import { SessionStore } from '../../src/core/store/store';
import { beat, newSession } from '../../src/core/session/session';
import { newSessionId } from '../../src/core/session/ids';

const CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const PRELOAD = path.join(__dirname, '..', 'helpers', 'killAfterOps.js');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

function pulse(dir: string, args: string[], killAfter = 0): Run {
  const pre = killAfter > 0 ? ['--require', PRELOAD] : [];
  const r = spawnSync(process.execPath, [...pre, CLI, '--dir', dir, ...args], { encoding: 'utf8', env: { ...process.env, PULSE_KILL_AFTER_OP: String(killAfter) } });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

function archivedFile(dir: string, s: Session): string {
  return path.join(dir, 'archive', s.startedAt.slice(0, 7), `${s.id}.json`);
}

/** A store with one live session that has some recorded time, and no lease (the old rule). */
async function seeded(): Promise<{ dir: string; s: Session }> {
  const dir = tempDir('pulse-kill-');
  // Seeded in this process (the same files the CLI writes), to keep the matrix quick.
  const store = new SessionStore({ dir });
  const start = Date.now() - 60_000;
  const first = await store.create(newSession({ id: newSessionId(start), now: start, owner: { host: 'kill-test', pid: 1, instance: 'seed' } }));
  const typing = { file: 'a.ts', language: 'typescript' };
  await store.update(first.id, (f) => beat(f, start + 10_000, 300_000, typing));
  const r = await store.update(first.id, (f) => beat(f, start + 40_000, 300_000, typing));
  assert.equal(r.kind, 'written');
  return { dir, s: r.session };
}

interface Row {
  step: string;
  archived: boolean;
  live: boolean;
  listed: number;
  status: string;
  beat: string;
  cleanup: string;
}

/** Checks every promise after one kill, and says what was seen. */
function afterKill(dir: string, s: Session, step: string): Row {
  const archived = fs.existsSync(archivedFile(dir, s));
  const live = fs.existsSync(path.join(dir, `${s.id}.json`));
  const list = JSON.parse(pulse(dir, ['list', '--all', '--json']).out) as Session[];
  const mine = list.filter((x) => x.id === s.id);
  assert.equal(mine.length, 1, `${step}: listed exactly once`);
  const shown = JSON.parse(pulse(dir, ['show', s.id]).out) as Session;
  if (archived) {
    assert.equal(mine[0]!.status, 'completed', `${step}: list says finished once the archived copy exists`);
    assert.equal(shown.status, 'completed', `${step}: show says finished`);
  }
  const exported = JSON.parse(pulse(dir, ['export', '--format', 'json']).out) as unknown[];
  assert.equal(exported.length, 1, `${step}: exported once`);
  const report = JSON.parse(pulse(dir, ['report', '--json']).out) as { totalSeconds: number };
  assert.equal(report.totalSeconds, s.activeSeconds, `${step}: reported once`);
  // The next cleanup with default settings finishes an interrupted move at once.
  const c = JSON.parse(pulse(dir, ['cleanup']).out) as { finished: string[]; errors: unknown[] };
  assert.deepEqual(c.errors, []);
  if (live && archived) assert.deepEqual(c.finished, [s.id], `${step}: the cleanup finished the move`);
  if (archived) assert.ok(!fs.existsSync(path.join(dir, `${s.id}.json`)), `${step}: no live copy is left after the cleanup`);
  // A late beat from the owner.
  const before = archived ? fs.readFileSync(archivedFile(dir, s), 'utf8') : '';
  const b = pulse(dir, ['beat', s.id]);
  if (archived) {
    assert.equal(b.code, 3, `${step}: a late beat to a finished session gets exit 3`);
    assert.equal(fs.readFileSync(archivedFile(dir, s), 'utf8'), before, `${step}: and writes nothing`);
    assert.ok(!fs.existsSync(path.join(dir, `${s.id}.json`)), `${step}: and brings nothing back`);
  } else {
    assert.equal(b.code, 0, `${step}: not finished yet, so the owner's beat is written (${b.err})`);
  }
  const after = fs.readdirSync(dir).filter((n) => n.endsWith('.lock'));
  assert.deepEqual(after, [], `${step}: no lock is left after the cleanup`);
  return { step, archived, live, listed: mine.length, status: mine[0]!.status, beat: b.code === 3 ? 'exit 3, nothing written' : 'written (still live)', cleanup: c.finished.includes(s.id) ? 'finished the move' : '-' };
}

async function matrix(name: string, args: (s: Session) => string[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (let k = 1; k < 60; k++) {
    const { dir, s } = await seeded();
    try {
      const r = pulse(dir, args(s), k);
      if (r.signal !== 'SIGKILL') {
        assert.equal(r.code, 0, r.err);
        assert.ok(rows.length > 5, `${name}: only ${rows.length} steps were killed`);
        return rows;
      }
      const ops = r.err.split('\n').filter((l) => l.startsWith('op '));
      const step = `${k}: ${describeOp(ops[ops.length - 1]!)}`;
      rows.push(afterKill(dir, s, `${name} ${step}`));
      rows[rows.length - 1]!.step = step;
    } finally {
      removeDir(dir);
    }
  }
  throw new Error(`${name} never completed`);
}

/** "op 7 rename 2026-12/<id>.json" -> "rename -> archived copy" */
function describeOp(line: string): string {
  const [, , op, where = ''] = line.split(' ');
  const base = path.basename(where);
  const index = where.includes('index.lock') ? 'index ' : '';
  const what =
    base.startsWith('holder.') ? 'lock holder record'
    : /\.lock\.[0-9a-f]{12}\.tmp$/.test(base) ? 'lock folder (staged)'
    : base.endsWith('.lock') ? 'lock folder'
    : base.endsWith('.tmp') ? 'temp file'
    : /^\d{4}-\d{2}$/.test(base) ? 'month folder'
    : base === 'archive' ? 'archive folder'
    : base.endsWith('.json') && /^\d{4}-\d{2}$/.test(path.dirname(where)) ? 'archived copy'
    : base.endsWith('.json') ? 'live file'
    : 'store folder';
  return `${op} ${index}${what}`;
}

function print(name: string, rows: Row[]): void {
  process.stdout.write(`# ${name}: killed after each of ${rows.length} file operations\n`);
  for (const r of rows) {
    process.stdout.write(`#   ${r.step.padEnd(44)} live=${r.live ? 'y' : 'n'} archived=${r.archived ? 'y' : 'n'} listed=${r.listed} as ${r.status.padEnd(9)} beat: ${r.beat.padEnd(24)} cleanup: ${r.cleanup}\n`);
  }
}

test('pulse end, killed after each file operation', { timeout: 300_000 }, async () => {
  const rows = await matrix('end', (s) => ['end', s.id]);
  print('end', rows);
  assert.ok(rows.some((r) => r.live && r.archived), 'some kill landed between the archived copy and the unlink');
});

test("cleanup's close, killed after each file operation", { timeout: 300_000 }, async () => {
  const rows = await matrix('cleanup', () => ['cleanup', '--stale-after', '0']);
  print('cleanup close', rows);
  assert.ok(rows.some((r) => r.live && r.archived), 'some kill landed between the archived copy and the unlink');
});
