// Sharing through git, with real git: a bare remote and three clones (alice on host A, bob on host
// B, alice again on host C). Each records overlapping sessions with the CLI, commits, pushes and
// pulls. No merge conflicts, no clone ever changes a file another clone wrote, and a fresh clone's
// `pulse report --by user --json` equals the per-person union computed here by hand.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Session } from '../../src/core/session/schema';
import { tempDirs } from '../helpers/tempStore';

const CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const SHIFT = path.join(__dirname, '..', 'helpers', 'clockShift.js');
const { fresh, removeAll } = tempDirs('pulse-git-');
if (!process.env.KEEP) after(removeAll);

const root = fresh();
const HOME = path.join(root, 'home');
fs.mkdirSync(HOME);
// Every process sees only this test's git config, data folder and time zone.
const BASE_ENV = { PATH: process.env.PATH ?? '', HOME, GIT_CONFIG_NOSYSTEM: '1', TZ: 'UTC', PULSE_DATA_DIR: path.join(root, 'data'), LANG: 'C' };

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...BASE_ENV, ...env } });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} in ${cwd}:\n${r.stdout}\n${r.stderr}`);
  assert.doesNotMatch(`${r.stdout}${r.stderr}`, /CONFLICT/);
  return r.stdout;
}
const git = (cwd: string, ...args: string[]): string => run('git', args, cwd);

interface Clone {
  name: string;
  dir: string;
  host: string;
  email: string;
}

function clone(name: string, host: string, email: string): Clone {
  const dir = path.join(root, name);
  git(root, 'clone', '-q', path.join(root, 'remote.git'), dir);
  git(dir, 'config', 'user.email', email);
  git(dir, 'config', 'user.name', email.split('@')[0]!);
  return { name, dir, host, email };
}

/** The CLI in a clone, as that clone's host, at a chosen instant (no PULSE_USER: git's user.email decides). */
function pulse(c: Clone, at: number | undefined, ...args: string[]): string {
  const env: Record<string, string> = { PULSE_TEST_HOSTNAME: c.host, ...(at !== undefined ? { PULSE_TEST_NOW_MS: String(at) } : {}) };
  return run(process.execPath, ['--require', SHIFT, CLI, '--dir', path.join(c.dir, '.vscode', 'sessions'), ...args], c.dir, env);
}

const DAY = Date.parse('2026-03-02T00:00:00.000Z');
const at = (hhmm: string): number => DAY + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * 60_000;

/** One finished session: start and beat at `from`, beat at `to` (within the idle timeout), end. */
function work(c: Clone, from: string, to: string): Session {
  const s = JSON.parse(pulse(c, at(from), 'start', '--label', `${c.name} ${from}`)) as Session;
  pulse(c, at(from), 'beat', s.id);
  pulse(c, at(to), 'beat', s.id, '--idle-timeout', '86400');
  return JSON.parse(pulse(c, at(to), 'end', s.id)) as Session;
}

const sha = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Every committed archive file in a clone -> its content hash. */
function archiveFiles(c: Clone): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of git(c.dir, 'ls-files', '.vscode/sessions').split('\n').filter((l) => l.includes('/archive/'))) out.set(rel, sha(path.join(c.dir, rel)));
  return out;
}

/** The plan, in minutes of the day: [clone, from, to]. Written again below as plain minute sets. */
const PLAN: [string, string, string][] = [
  ['a', '09:00', '10:00'],
  ['a', '13:00', '13:30'],
  ['b', '09:30', '11:00'],
  ['c', '09:45', '10:30'], // alice again, on another machine: overlaps her 09:45-10:00 on A
  ['c', '13:15', '14:00'], // overlaps her 13:15-13:30 on A
  ['b', '13:00', '13:20'], // bob at the same minutes as alice: counts for both
];

test('three clones share finished sessions through git without conflicts; a fresh clone reports the per-person union', () => {
  git(root, 'init', '-q', '--bare', '-b', 'main', 'remote.git');
  const seed = clone('seed', 'S', 'seed@example.com');
  fs.writeFileSync(path.join(seed.dir, 'README'), 'project\n');
  git(seed.dir, 'add', 'README');
  git(seed.dir, 'commit', '-q', '-m', 'start');
  git(seed.dir, 'push', '-q', 'origin', 'HEAD:main');

  const clones: Record<string, Clone> = {
    a: clone('a', 'host-A', 'alice@example.com'),
    b: clone('b', 'host-B', 'bob@example.com'),
    c: clone('c', 'host-C', 'alice@example.com'),
  };
  for (const c of Object.values(clones)) {
    const shared = JSON.parse(pulse(c, undefined, 'share', 'git')) as { mode: string; changed: boolean };
    assert.deepEqual([shared.mode, shared.changed], ['git', true]);
  }
  // Round 1: the first two spans of the plan's clones, plus one live session each, never committed.
  const written = new Map<string, { by: string; sha: string }>();
  const record = (c: Clone, from: string, to: string): void => {
    const s = work(c, from, to);
    assert.equal(s.owner.user, c.email, 'owner.user comes from git config user.email in the working tree');
    assert.equal(s.owner.host, c.host);
  };
  for (const [name, from, to] of PLAN.slice(0, 3)) record(clones[name]!, from, to);
  for (const c of Object.values(clones)) pulse(c, at('15:00'), 'start', '--label', 'still running');
  const sync = (order: string[]): void => {
    for (const name of order) {
      const c = clones[name]!;
      git(c.dir, 'add', '-A');
      if (git(c.dir, 'status', '--porcelain').trim() !== '') git(c.dir, 'commit', '-q', '-m', `sessions from ${c.name}`);
      git(c.dir, 'pull', '-q', '--no-rebase', '--no-edit', 'origin', 'main');
      git(c.dir, 'push', '-q', 'origin', 'HEAD:main');
      for (const [rel, hash] of archiveFiles(c)) if (!written.has(rel)) written.set(rel, { by: c.name, sha: hash });
    }
    for (const name of order) git(clones[name]!.dir, 'pull', '-q', '--no-rebase', '--no-edit', 'origin', 'main');
  };
  sync(['a', 'b', 'c']);
  // Round 2: everyone reports and cleans up (reading the others' files), then records more.
  for (const c of Object.values(clones)) {
    pulse(c, undefined, 'report', '--by', 'user', '--json');
    // A range report builds the archive's month index: each clone's own, never committed.
    pulse(c, undefined, 'report', '--from', '2026-03-01', '--to', '2026-03-31', '--json');
    assert.ok(fs.existsSync(path.join(c.dir, '.vscode', 'sessions', 'archive', 'index')), 'the month index was built');
    // Five minutes after the live sessions' start: they are alive, and others' live files are not here.
    assert.deepEqual((JSON.parse(pulse(c, at('15:05'), 'cleanup')) as { closed: string[] }).closed, []);
    assert.equal(git(c.dir, 'status', '--porcelain').trim(), '', `${c.name}: reading and cleaning up changed nothing git sees`);
  }
  for (const [name, from, to] of PLAN.slice(3)) record(clones[name]!, from, to);
  sync(['c', 'b', 'a']);

  // No file changed by another clone: every archive file in every clone is byte for byte what its
  // writer committed, and git's history shows each added once and never modified.
  for (const c of Object.values(clones)) {
    const files = archiveFiles(c);
    assert.equal(files.size, PLAN.length, `${c.name} has every finished session`);
    for (const [rel, hash] of files) assert.equal(hash, written.get(rel)?.sha, `${rel} in ${c.name} is as ${written.get(rel)?.by} wrote it`);
    assert.deepEqual(
      git(c.dir, 'ls-files', '.vscode/sessions').split('\n').filter((l) => l && !l.includes('/archive/')),
      ['.vscode/sessions/.gitignore'],
      'live files, locks and temp files are never committed',
    );
  }
  const changes = git(clones.a!.dir, 'log', '--format=', '--name-status', '--', '.vscode/sessions/archive').trim().split('\n');
  assert.equal(changes.length, PLAN.length);
  for (const line of changes) assert.match(line, /^A\t/, `added once, never modified: ${line}`);

  // A fresh clone's report, next to the union computed by hand: each person's minutes as a set.
  const reader = clone('fresh', 'host-F', 'carol@example.com');
  const report = JSON.parse(pulse(reader, undefined, 'report', '--by', 'user', '--json')) as {
    totalSeconds: number;
    by: Record<string, { totalSeconds: number; days: { date: string; activeSeconds: number }[] }>;
  };
  const minutes = new Map<string, Set<number>>();
  const toMin = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  for (const [name, from, to] of PLAN) {
    const who = clones[name]!.email;
    const set = minutes.get(who) ?? new Set<number>();
    for (let m = toMin(from); m < toMin(to); m++) set.add(m);
    minutes.set(who, set);
  }
  const byHand = Object.fromEntries(
    [...minutes].map(([who, set]) => [who, { totalSeconds: set.size * 60, days: [{ date: '2026-03-02', activeSeconds: set.size * 60 }] }]),
  );
  // By hand: alice 09:00-10:30 and 13:00-14:00 = 150 min; bob 09:30-11:00 and 13:00-13:20 = 110 min.
  assert.deepEqual(byHand['alice@example.com']!.totalSeconds, 150 * 60);
  assert.deepEqual(byHand['bob@example.com']!.totalSeconds, 110 * 60);
  process.stdout.write(`# pulse report --by user: ${JSON.stringify(report.by)}\n# by hand:               ${JSON.stringify(byHand)}\n`);
  assert.deepEqual(report.by, byHand);
  const ranged = JSON.parse(pulse(reader, undefined, 'report', '--from', '2026-03-01', '--to', '2026-03-31', '--by', 'user', '--json')) as { by: unknown };
  assert.deepEqual(ranged.by, byHand, 'a range report (through the month index) says the same');
  assert.equal(report.totalSeconds, (150 + 110) * 60, 'the team total is the sum of each person\'s union');
});

test('share modes: git ignores live files, locks and temp files only; private restores "*"; a user .gitignore is never overwritten', () => {
  const repo = fresh();
  git(repo, 'init', '-q');
  const c: Clone = { name: 'solo', dir: repo, host: 'h', email: 'alice@example.com' };
  git(repo, 'config', 'user.email', c.email);
  const store = path.join(repo, '.vscode', 'sessions');
  pulse(c, undefined, 'share', 'git');
  const probe = [
    's/20260302T090000000Z-abcdefgh.json',
    's/20260302T090000000Z-abcdefgh.json.lock/',
    's/.20260302T090000000Z-abcdefgh.json.0123456789ab.tmp',
    's/.pulse-clock.0123456789ab.tmp',
    's/archive/2026-03/x.json.lock/',
    's/archive/index/2026-03.json',
    's/archive/index.lock/',
    's/archive/2026-03/20260302T090000000Z-abcdefgh.json',
    's/.gitignore',
  ];
  const ignored = (rel: string): boolean => spawnSync('git', ['check-ignore', '-q', rel.replace(/^s\//, '.vscode/sessions/')], { cwd: repo, env: { ...BASE_ENV } }).status === 0;
  assert.deepEqual(probe.map(ignored), [true, true, true, true, true, true, true, false, false]);
  assert.equal(JSON.parse(pulse(c, undefined, 'share')).mode, 'git');
  pulse(c, undefined, 'share', 'private');
  assert.equal(fs.readFileSync(path.join(store, '.gitignore'), 'utf8'), '*\n');
  assert.deepEqual(probe.map(ignored), probe.map(() => true));

  fs.writeFileSync(path.join(store, '.gitignore'), '# mine\n*.json\n');
  const r = spawnSync(process.execPath, [CLI, '--dir', store, 'share', 'git'], { encoding: 'utf8', env: BASE_ENV });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /was not written by Pulse; left as it is/);
  assert.equal(fs.readFileSync(path.join(store, '.gitignore'), 'utf8'), '# mine\n*.json\n');
});

test('in a store shared through git, label acts only on your own sessions, and says so', () => {
  const repo = fresh();
  git(repo, 'init', '-q');
  git(repo, 'config', 'user.email', 'alice@example.com');
  const alice: Clone = { name: 'a', dir: repo, host: 'A', email: 'alice@example.com' };
  const store = path.join(repo, '.vscode', 'sessions');
  pulse(alice, undefined, 'share', 'git');
  const mine = JSON.parse(pulse(alice, undefined, 'start')) as Session;
  const bobs = JSON.parse(run(process.execPath, [CLI, '--dir', store, 'start'], repo, { PULSE_USER: 'bob@example.com' })) as Session;
  assert.equal(bobs.owner.user, 'bob@example.com');
  const before = fs.readFileSync(path.join(store, `${bobs.id}.json`), 'utf8');
  const r = spawnSync(process.execPath, [CLI, '--dir', store, 'label', bobs.id, 'not mine'], { cwd: repo, encoding: 'utf8', env: BASE_ENV });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /belongs to bob@example\.com, not to you \(alice@example\.com\).*shared through git/);
  assert.equal(fs.readFileSync(path.join(store, `${bobs.id}.json`), 'utf8'), before, 'nothing written');
  assert.equal((JSON.parse(pulse(alice, undefined, 'label', mine.id, 'mine')) as Session).label, 'mine');
  // A private store has no owners to protect: anyone with the files may edit them.
  pulse(alice, undefined, 'share', 'private');
  assert.equal((JSON.parse(pulse(alice, undefined, 'label', bobs.id, 'fixed')) as Session).label, 'fixed');
});

test("a teammate's session pulled into last month's folder counts in this month's report, once, in a clone that has an index", () => {
  const base = fresh();
  git(base, 'init', '-q', '--bare', '-b', 'main', 'remote.git');
  const join = (name: string, host: string, email: string): Clone => {
    const dir = path.join(base, name);
    git(base, 'clone', '-q', path.join(base, 'remote.git'), dir);
    git(dir, 'config', 'user.email', email);
    git(dir, 'config', 'user.name', name);
    return { name, dir, host, email };
  };
  const alice = join('alice', 'host-A', 'alice@example.com');
  pulse(alice, undefined, 'share', 'git');
  const session = (c: Clone, from: string, to: string): Session => {
    const s = JSON.parse(pulse(c, Date.parse(from), 'start')) as Session;
    pulse(c, Date.parse(from), 'beat', s.id);
    pulse(c, Date.parse(to), 'beat', s.id, '--idle-timeout', '86400');
    return JSON.parse(pulse(c, Date.parse(to), 'end', s.id)) as Session;
  };
  const push = (c: Clone, pull = true): void => {
    git(c.dir, 'add', '-A');
    git(c.dir, 'commit', '-q', '-m', `sessions from ${c.name}`);
    if (pull) git(c.dir, 'pull', '-q', '--no-rebase', '--no-edit', 'origin', 'main');
    git(c.dir, 'push', '-q', 'origin', 'HEAD:main');
  };
  session(alice, '2026-12-02T10:00:00.000Z', '2026-12-02T10:30:00.000Z');
  push(alice, false);
  const bob = join('bob', 'host-B', 'bob@example.com');
  const december = (): { totalSeconds: number; by: Record<string, { totalSeconds: number }> } =>
    JSON.parse(pulse(alice, undefined, 'report', '--from', '2026-12-01', '--to', '2026-12-31', '--by', 'user', '--json')) as { totalSeconds: number; by: Record<string, { totalSeconds: number }> };
  assert.equal(december().totalSeconds, 1800);
  assert.ok(fs.existsSync(path.join(alice.dir, '.vscode', 'sessions', 'archive', 'index', 'built.json')), "alice's clone has its index");
  // Bob works from 23:00 on Nov 30 to 01:30 on Dec 1: his file is archived under 2026-11.
  const bobs = session(bob, '2026-11-30T23:00:00.000Z', '2026-12-01T01:30:00.000Z');
  push(bob);
  git(alice.dir, 'pull', '-q', '--no-rebase', '--no-edit', 'origin', 'main');
  assert.ok(fs.existsSync(path.join(alice.dir, '.vscode', 'sessions', 'archive', '2026-11', `${bobs.id}.json`)));
  for (let i = 0; i < 2; i++) {
    const r = december();
    assert.deepEqual(Object.fromEntries(Object.entries(r.by).map(([k, g]) => [k, g.totalSeconds])), { 'alice@example.com': 1800, 'bob@example.com': 5400 });
    assert.equal(r.totalSeconds, 1800 + 5400);
  }
  assert.equal(git(alice.dir, 'status', '--porcelain').trim(), '', 'learning the pulled file changed nothing git sees');
});
