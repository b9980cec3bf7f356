// One store, several hosts with different clocks (a network file system, a dev container's bind
// mount, WSL from both sides). Owners whose clocks run 20 minutes behind and 20 minutes ahead beat
// their sessions; cleaners at real time sweep the same store. Per-process clocks come from the
// clockShift preload (`--require`, no package needed). No live session may be closed, and each dead
// owner's session is closed once its lease has passed in the file system's time, within the lease
// plus a cleanup interval (and some slack for a loaded machine).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Session } from '../../src/core/session/schema';
import { removeDir, tempDir } from '../helpers/tempStore';

const WORKER = path.join(__dirname, 'worker.js');
const SHIFT = path.join(__dirname, '..', 'helpers', 'clockShift.js');
const LEASE_MS = 3000;
const BEAT_MS = 600;
const CLEANUP_EVERY_MS = 500;
const RUN_MS = 9000;
const MIN20 = 20 * 60_000;
// A loaded shared machine can stall a process for a while; this bounds "within", it is not a speed test.
const SLACK_MS = 4000;

type Line =
  | { t: 'new'; id: string; prev: string | null; at: number }
  | { t: 'ack'; id: string; hb: string; rev: number }
  | { t: 'closed'; id: string; at: number }
  | { t: 'error'; path: string; message: string };

interface Proc {
  child: ChildProcess;
  lines: Line[];
  done: Promise<void>;
}

function start(args: string[], offsetMs: number): Proc {
  const child = spawn(process.execPath, ['--require', SHIFT, WORKER, ...args], {
    env: { ...process.env, PULSE_TEST_CLOCK_OFFSET_MS: String(offsetMs), PULSE_CLEANUP_EVERY_MS: String(CLEANUP_EVERY_MS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Line[] = [];
  let buf = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    for (const p of parts) if (p) lines.push(JSON.parse(p) as Line);
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<void>((resolve, reject) => {
    child.on('close', (code, signal) => (code === 0 || signal === 'SIGKILL' ? resolve() : reject(new Error(`${args[0]} exited ${code}: ${err}`))));
  });
  return { child, lines, done };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('owners 20 min behind and ahead, cleaners at real time: 0 live sessions closed, dead ones closed after their lease', { timeout: 120_000 }, async () => {
  const dir = tempDir('pulse-skew-');
  try {
    fs.mkdirSync(dir, { recursive: true });
    const live = [-MIN20, MIN20, -MIN20, MIN20].map((off) => ({ off, p: start(['steady', dir, String(RUN_MS), String(BEAT_MS)], off) }));
    const dead = [-MIN20, MIN20].map((off) => ({ off, p: start(['steady', dir, String(RUN_MS), String(BEAT_MS)], off) }));
    const cleaners = [0, 0].map(() => start(['cleaner', dir, String(RUN_MS + LEASE_MS + 2 * SLACK_MS), String(LEASE_MS)], 0));
    await sleep(2500);
    const killedAt = new Map<string, { at: number; off: number }>();
    for (const d of dead) {
      d.p.child.kill('SIGKILL');
      const first = d.p.lines.find((l) => l.t === 'new');
      assert.ok(first, 'the dead owner had started its session');
      killedAt.set(first.id, { at: Date.now(), off: d.off });
    }
    await Promise.all([...live.map((l) => l.p.done), ...dead.map((d) => d.p.done), ...cleaners.map((c) => c.done)]);

    const closed = cleaners.flatMap((c) => c.lines).filter((l): l is Extract<Line, { t: 'closed' }> => l.t === 'closed');
    const errors = cleaners.flatMap((c) => c.lines).filter((l) => l.t === 'error');
    assert.deepEqual(errors, [], 'cleanup reported no errors');
    let acks = 0;
    for (const { p } of live) {
      acks += p.lines.filter((l) => l.t === 'ack').length;
      const reopened = p.lines.filter((l) => l.t === 'new' && l.prev !== null);
      assert.deepEqual(reopened, [], 'a live owner never found its session closed under it');
    }
    assert.ok(acks > 20, `the live owners beat (${acks} acks)`);
    const liveIds = new Set(live.flatMap(({ p }) => p.lines.filter((l) => l.t === 'new').map((l) => (l as { id: string }).id)));
    assert.deepEqual(closed.filter((c) => liveIds.has(c.id)), [], '0 live sessions closed');

    const figures: string[] = [];
    for (const [id, k] of killedAt) {
      const c = closed.find((x) => x.id === id);
      assert.ok(c, `the dead owner's session ${id} (clock ${k.off / 60_000} min) was closed`);
      const file = path.join(dir, 'archive', id.slice(0, 4) + '-' + id.slice(4, 6), `${id}.json`);
      const s = JSON.parse(fs.readFileSync(file, 'utf8')) as Session;
      assert.equal(s.endReason, 'stale');
      assert.equal(s.endedAt, s.lastActivity, 'closed at its last activity');
      // Its last heartbeat, back in real time (the owner's clock was off by k.off).
      const lastBeatReal = Date.parse(s.lastHeartbeat) - k.off;
      const after = c.at - lastBeatReal;
      assert.ok(after >= LEASE_MS, `closed ${after} ms after its last heartbeat: not before its lease of ${LEASE_MS} ms`);
      assert.ok(after <= LEASE_MS + CLEANUP_EVERY_MS + SLACK_MS, `closed ${after} ms after its last heartbeat: within lease + a cleanup interval (+ slack)`);
      figures.push(`clock ${k.off > 0 ? '+' : ''}${k.off / 60_000} min: closed ${after} ms after its last beat`);
    }
    process.stdout.write(`# skew: ${liveIds.size} live sessions, ${acks} acks, 0 closed; dead: ${figures.join('; ')}\n`);
  } finally {
    removeDir(dir);
  }
});
