// SIGKILL a writer in the middle of its writes, many times. No file is ever torn, and the next
// cleanup gets past the dead writer's lock by itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateSession } from '../../src/core/session/schema';
import { removeDir, tempDir } from '../helpers/tempStore';

const WORKER = path.join(__dirname, 'worker.js');
const CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const KILLS = 24;

function startWriter(dir: string, first: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, 'writer', dir, String(first)], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.on('error', reject);
    child.stdout.once('data', () => {
      // Ready: now let it write for a random while, then kill it without warning.
      setTimeout(() => child.kill('SIGKILL'), 20 + Math.random() * 250);
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited ${code}`))));
  });
}

function assertNoTornFile(dir: string): number {
  let n = 0;
  for (const name of fs.readdirSync(dir)) {
    if (!/^[0-9A-Za-z_-]+\.json$/.test(name)) continue;
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    let body: unknown;
    assert.doesNotThrow(() => (body = JSON.parse(text)), `${name} is torn`);
    assert.ok(validateSession(body).ok, `${name} does not validate`);
    n++;
  }
  return n;
}

test('SIGKILL mid-write never tears a file, and cleanup recovers the dead lock', { timeout: 300_000 }, async () => {
  const dir = tempDir('pulse-crash-');
  try {
    let deadLocks = 0;
    for (let i = 0; i < KILLS; i++) {
      await startWriter(dir, i);
      assert.equal(assertNoTornFile(dir), 8);
      deadLocks += fs.readdirSync(dir).filter((n) => n.endsWith('.lock')).length > 0 ? 1 : 0;
    }
    const leftovers = fs.readdirSync(dir).filter((n) => n.endsWith('.lock') || n.endsWith('.tmp'));
    process.stdout.write(`# ${KILLS} kills; a dead lock was left behind after ${deadLocks} of them; leftovers now: ${leftovers.length}\n`);
    assert.ok(deadLocks > 0, 'no kill ever landed while a lock was held: the test proved nothing');

    // Leave one lock certainly dead, then let a fresh process clean up.
    const started = Date.now();
    const r = spawnSync(process.execPath, [CLI, '--dir', dir, 'cleanup', '--stale-after', '0'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const result = JSON.parse(r.stdout) as { closed: string[]; skipped: unknown[]; errors: unknown[] };
    process.stdout.write(`# cleanup closed ${result.closed.length} sessions past dead locks in ${Date.now() - started} ms\n`);
    assert.equal(result.closed.length, 8, JSON.stringify(result));
    assert.deepEqual(result.errors, []);
    assert.equal(assertNoTornFile(dir), 0, 'all closed and archived');
  } finally {
    removeDir(dir);
  }
});
