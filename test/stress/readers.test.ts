// Reports and exports taken while sessions are being finished count every session exactly once:
// the live folder is read before the archive, and an archived copy wins over a live one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { removeDir, tempDir } from '../helpers/tempStore';

const WORKER = path.join(__dirname, 'worker.js');
const SESSIONS = 60;

function run(args: string[], slowMs: number): Promise<{ t: string; [k: string]: unknown }[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, ...args], { env: { ...process.env, PULSE_SLOW_FS_MS: String(slowMs) }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { t: string })) : reject(new Error(`${args[0]} exited ${code}`))));
  });
}

test('listings and report loads taken during finishes count each session exactly once', { timeout: 120_000 }, async () => {
  const dir = tempDir('pulse-readers-');
  try {
    assert.equal(spawnSync(process.execPath, [WORKER, 'seed', dir, String(SESSIONS)]).status, 0);
    const [ended, ...readers] = await Promise.all([
      run(['end', dir], 8),
      run(['reader', dir, '5000', String(SESSIONS)], 3),
      run(['reader', dir, '5000', String(SESSIONS)], 3),
    ]);
    const reads = readers.flat().reduce((n, l) => n + (l.t === 'reads' ? Number(l.n) : 0), 0);
    const during = readers.flat().reduce((n, l) => n + (l.t === 'reads' ? Number(l.during) : 0), 0);
    const wrong = readers.flat().filter((l) => l.t === 'miscount');
    process.stdout.write(`# ${ended.length} sessions ended while ${reads} listings + report loads ran (${during} of them mid-way): ${wrong.length} miscounted\n`);
    assert.equal(ended.length, SESSIONS);
    assert.ok(during >= 5, `only ${during} reads ran while sessions were being ended`);
    assert.deepEqual(wrong, []);
  } finally {
    removeDir(dir);
  }
});

test('range reports during finishes, with files pulled into earlier month folders behind the index, count each session exactly once', { timeout: 120_000 }, async () => {
  const dir = tempDir('pulse-readers-pulled-');
  const PULLED = 12;
  try {
    assert.equal(spawnSync(process.execPath, [WORKER, 'seed', dir, String(SESSIONS)]).status, 0);
    const pulls = spawnSync(process.execPath, [WORKER, 'pulled', dir, String(PULLED)], { encoding: 'utf8' });
    assert.equal(pulls.status, 0, pulls.stderr);
    const folders = new Set(pulls.stdout.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { folder: string }).folder));
    assert.ok(folders.size >= 2, `pulled into ${[...folders].join(', ')}`);
    // Every read sees the 60 sessions being finished and the 12 pulled ones; the whole listing also the old one.
    const [ended, ...readers] = await Promise.all([
      run(['end', dir], 8),
      run(['reader', dir, '5000', String(SESSIONS + PULLED + 1), String(SESSIONS + PULLED)], 3),
      run(['reader', dir, '5000', String(SESSIONS + PULLED + 1), String(SESSIONS + PULLED)], 3),
    ]);
    const reads = readers.flat().reduce((n, l) => n + (l.t === 'reads' ? Number(l.n) : 0), 0);
    const during = readers.flat().reduce((n, l) => n + (l.t === 'reads' ? Number(l.during) : 0), 0);
    const wrong = readers.flat().filter((l) => l.t === 'miscount');
    process.stdout.write(`# ${ended.length} sessions ended and ${PULLED} pulled into ${folders.size} earlier folders while ${reads} rounds of reads ran (${during} mid-way): ${wrong.length} miscounted\n`);
    assert.equal(ended.length, SESSIONS);
    assert.ok(during >= 5, `only ${during} reads ran while sessions were being ended`);
    assert.deepEqual(wrong, []);
  } finally {
    removeDir(dir);
  }
});
