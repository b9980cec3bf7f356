// The CLI as a user runs it: real processes against a real temp store.
import { test, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Session } from '../../src/core/session/schema';
import { tempDirs } from '../helpers/tempStore';

const CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const { fresh, removeAll } = tempDirs();
afterEach(removeAll);

// The registry of stores goes to a temp folder, never the real per-user one.
const DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-cli-data-'));
after(() => fs.rmSync(DATA_DIR, { recursive: true, force: true }));

function pulse(dir: string, ...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, '--dir', dir, ...args], { encoding: 'utf8', env: { ...process.env, PULSE_DATA_DIR: DATA_DIR } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

test('start, beat, label, pause, resume, end, show: exit codes and files', () => {
  const dir = fresh();
  const started = pulse(dir, 'start', '--label', 'first');
  assert.equal(started.code, 0, started.err);
  const s = JSON.parse(started.out) as Session;
  assert.equal(s.label, 'first');
  const b = pulse(dir, 'beat', s.id, '--file', 'src/a.ts', '--language', 'typescript');
  assert.equal(b.code, 0, b.err);
  assert.equal((JSON.parse(b.out) as Session).heartbeats, 1);
  assert.equal((JSON.parse(pulse(dir, 'label', s.id, 'parser', 'work').out) as Session).label, 'parser work');
  assert.equal((JSON.parse(pulse(dir, 'pause', s.id).out) as Session).status, 'paused');
  assert.equal((JSON.parse(pulse(dir, 'resume', s.id).out) as Session).status, 'active');
  const ended = JSON.parse(pulse(dir, 'end', s.id).out) as Session;
  assert.equal(ended.endReason, 'user');
  assert.equal(ended.revision, 6);
  const again = pulse(dir, 'beat', s.id);
  assert.equal(again.code, 3);
  assert.match(again.err, /not live/);
  assert.equal(again.out, '');
  assert.equal((JSON.parse(pulse(dir, 'show', s.id).out) as Session).status, 'completed');
  assert.equal(pulse(dir, 'show', 'nosuchsession').code, 3);
  const listed = JSON.parse(pulse(dir, 'list', '--all', '--json').out) as Session[];
  assert.deepEqual(listed.map((x) => x.id), [s.id]);
});

test('usage errors exit 2 without a stack trace, and a bad id never becomes a path', () => {
  const dir = fresh();
  for (const args of [['beat', '../../etc/passwd'], ['frobnicate'], ['report', '--from', 'yesterday'], ['export', '--format', 'xml'], ['cleanup', '--stale-after', 'soon'], ['label', 'abcdefgh'], ['--nope']]) {
    const r = pulse(dir, ...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  }
  assert.deepEqual(fs.readdirSync(dir), []);
});

test('cleanup, report and export as JSON documents', () => {
  const dir = fresh();
  // --lease 0: no lease declared, so the cleaner's own stale time alone decides (the old rule).
  const s = JSON.parse(pulse(dir, 'start', '--lease', '0').out) as Session;
  pulse(dir, 'beat', s.id);
  fs.writeFileSync(path.join(dir, 'garbage00001.json'), '{nope');
  const c = pulse(dir, 'cleanup', '--stale-after', '0');
  assert.equal(c.code, 0, 'bad files are reported, not fatal');
  const r = JSON.parse(c.out) as { closed: string[]; errors: { path: string }[] };
  assert.deepEqual(r.closed, [s.id]);
  assert.equal(r.errors.length, 1);
  assert.match(c.err, /garbage00001\.json/);
  const rep = JSON.parse(pulse(dir, 'report', '--json').out) as { days: unknown[]; totalSeconds: number };
  assert.equal(typeof rep.totalSeconds, 'number');
  const csv = pulse(dir, 'export', '--format', 'csv');
  assert.equal(csv.code, 0);
  assert.equal(csv.out.trim().split('\n').length, 2);
  assert.equal(fs.readFileSync(path.join(dir, 'garbage00001.json'), 'utf8'), '{nope');
});
