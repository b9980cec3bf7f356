// Several owner processes beat at a pace around the stale time while several cleaners sweep the
// same store. Afterwards every acknowledged heartbeat must be in its file, every revision must
// equal 1 + writes, no session may have been closed sooner than staleAfter after its last
// heartbeat, and every file must parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateSession, type Session } from '../../src/core/session/schema';
import { removeDir, tempDir } from '../helpers/tempStore';

const WORKER = path.join(__dirname, 'worker.js');
const STALE_AFTER_MS = 400;
const DURATION_MS = 7000;

type Line = { t: 'new'; id: string; prev: string | null } | { t: 'ack'; id: string; hb: string; rev: number } | { t: 'closed'; id: string } | { t: 'error'; path: string; message: string };

function run(args: string[], env: NodeJS.ProcessEnv): Promise<Line[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${args[0]} exited ${code}: ${err}`));
      else resolve(out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line));
    });
  });
}

function readAll(dir: string): Map<string, Session> {
  const files = new Map<string, Session>();
  const add = (p: string): void => {
    const text = fs.readFileSync(p, 'utf8');
    const v = validateSession(JSON.parse(text));
    assert.ok(v.ok, `${p} does not validate: ${v.ok ? '' : v.message}`);
    assert.ok(!files.has(v.session.id), `${v.session.id} is both live and archived`);
    files.set(v.session.id, v.session);
  };
  for (const n of fs.readdirSync(dir)) if (n.endsWith('.json')) add(path.join(dir, n));
  const archive = path.join(dir, 'archive');
  if (fs.existsSync(archive)) for (const m of fs.readdirSync(archive)) for (const n of fs.readdirSync(path.join(archive, m))) add(path.join(archive, m, n));
  return files;
}

async function stress(slowFsMs: number): Promise<void> {
  const dir = tempDir('pulse-stress-');
  try {
    const env = { PULSE_SLOW_FS_MS: String(slowFsMs) };
    const args = [dir, String(DURATION_MS), String(STALE_AFTER_MS)];
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () => run(['owner', ...args], env)),
      ...Array.from({ length: 2 }, () => run(['cleaner', ...args], env)),
    ]);
    const lines = results.flat();
    const files = readAll(dir);
    const acks = new Map<string, { count: number; lastHb: string }>();
    const created = lines.filter((l) => l.t === 'new');
    for (const l of lines) {
      if (l.t === 'error') assert.fail(`cleanup reported ${l.path}: ${l.message}`);
      if (l.t !== 'ack') continue;
      const a = acks.get(l.id) ?? { count: 0, lastHb: '' };
      acks.set(l.id, { count: a.count + 1, lastHb: l.hb > a.lastHb ? l.hb : a.lastHb });
    }
    const closedByCleaners = lines.filter((l) => l.t === 'closed').map((l) => l.id);
    assert.equal(new Set(closedByCleaners).size, closedByCleaners.length, 'no session was closed twice');
    assert.equal(files.size, created.length, 'one file per session created, none lost, none extra');
    let totalAcks = 0;
    for (const c of created) {
      const s = files.get(c.id);
      assert.ok(s, `session ${c.id} has a file`);
      const a = acks.get(c.id) ?? { count: 0, lastHb: s.startedAt };
      totalAcks += a.count;
      assert.equal(s.heartbeats, a.count, `${c.id}: every acknowledged heartbeat is in the file`);
      assert.equal(s.lastHeartbeat, a.lastHb, `${c.id}: the last acknowledged heartbeat is the one on disk`);
      const writes = a.count + (s.status === 'completed' ? 1 : 0);
      assert.equal(s.revision, 1 + writes, `${c.id}: revision == 1 + writes`);
      if (s.status === 'completed') {
        assert.equal(s.endReason, 'stale');
        assert.ok(closedByCleaners.includes(c.id));
        const quiet = Date.parse(s.closedAt!) - Date.parse(s.lastHeartbeat);
        assert.ok(quiet > STALE_AFTER_MS, `${c.id} was closed ${quiet} ms after its last heartbeat`);
        assert.equal(s.endedAt, s.lastActivity);
      }
      if (c.prev) assert.equal(files.get(c.prev)?.status, 'completed', 'a new session follows only a closed one');
      assert.equal(s.previousSessionId, c.prev);
    }
    // The run must have exercised both paths, or it proved nothing.
    assert.ok(totalAcks > 40, `only ${totalAcks} heartbeats were acknowledged`);
    assert.ok(closedByCleaners.length > 0, 'no cleaner ever closed a stale session');
    const live = [...files.values()].filter((s) => s.status !== 'completed').length;
    process.stdout.write(`# slowFs=${slowFsMs}ms: ${created.length} sessions, ${totalAcks} acked heartbeats, ${closedByCleaners.length} closed stale, ${live} live\n`);
  } finally {
    removeDir(dir);
  }
}

test('owners and cleaners on one store: no lost heartbeat, no early close', { timeout: 120_000 }, () => stress(0));

test('the same with a slowed fs, to widen every window', { timeout: 120_000 }, () => stress(25));
