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

const DUMP = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'imports', 'wakatime.json');

test('import: a WakaTime dump, then report gives the hand totals; a second import adds nothing', () => {
  const dir = fresh();
  const env = { ...process.env, TZ: 'UTC' };
  const run = (...args: string[]): { code: number; out: string; err: string } => {
    const r = spawnSync(process.execPath, [CLI, '--dir', dir, ...args], { encoding: 'utf8', env });
    return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
  };
  const dry = run('import', DUMP, '--dry-run');
  assert.equal(dry.code, 0, dry.err);
  assert.match(dry.out, /3 new, 0 already imported/);
  assert.deepEqual(fs.readdirSync(dir), [], 'a dry run writes nothing');
  const first = run('import', DUMP);
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, /3 new, 0 already imported/);
  assert.match(first.err, /100%/, 'progress on stderr');
  const second = run('import', DUMP, '--json');
  assert.deepEqual([JSON.parse(second.out).added, JSON.parse(second.out).alreadyImported], [0, 3]);
  // By hand (see import.test.ts): 03-01 4 min, 03-02 17 min, total 21 min.
  assert.deepEqual(JSON.parse(run('report', '--json').out).days, [
    { date: '2026-03-01', activeSeconds: 240 },
    { date: '2026-03-02', activeSeconds: 1020 },
  ]);
  assert.match(run('report').out, /total\s+21m/);
});

test('import: bad input exits 1 with the reason, usage mistakes exit 2, and nothing is written', () => {
  const dir = fresh();
  // A fresh project: the default store's folders (.vscode/sessions) do not exist yet.
  const project = path.join(fresh(), 'project');
  const firstImport = spawnSync(process.execPath, [CLI, '--dir', path.join(project, '.vscode', 'sessions'), 'import', DUMP], { encoding: 'utf8' });
  assert.equal(firstImport.status, 0, firstImport.stderr);
  assert.equal(fs.readdirSync(path.join(project, '.vscode', 'sessions', 'archive', '2026-03')).length, 3);
  const bad = path.join(fresh(), 'dump.json');
  fs.writeFileSync(bad, fs.readFileSync(DUMP, 'utf8').slice(0, 500));
  const r = pulse(dir, 'import', bad);
  assert.equal(r.code, 1);
  assert.match(r.err, /dump\.json: ends in the middle of its JSON/);
  assert.equal(pulse(dir, 'import').code, 2);
  assert.equal(pulse(dir, 'import', DUMP, '--format', 'toggl').code, 2);
  assert.deepEqual(fs.readdirSync(dir), []);
});

test('export: timesheets to stdout with the rounding stated on stderr; bad choices exit 2', () => {
  const dir = fresh();
  const env = { ...process.env, TZ: 'UTC', PULSE_USER: 'ada@example.com' };
  const run = (...args: string[]): { code: number; out: string; err: string } => {
    const r = spawnSync(process.execPath, [CLI, '--dir', dir, ...args], { encoding: 'utf8', env });
    return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
  };
  assert.equal(run('import', DUMP).code, 0);
  const ics = run('export', '--format', 'ics', '--round', '15', '--from', '2026-03-02', '--to', '2026-03-02');
  assert.equal(ics.code, 0, ics.err);
  assert.equal(ics.out.match(/BEGIN:VEVENT/g)?.length, 3);
  assert.match(ics.err, /3 entries, 17m active; each entry rounded up to 15 min: 45m billed/);
  const toggl = run('export', '--format', 'toggl', '--by', 'day', '--project', 'site', '--billable');
  assert.equal(toggl.code, 0, toggl.err);
  assert.equal(toggl.out, 'User,Email,Client,Project,Task,Description,Billable,Start date,Start time,Duration,Tags\nada@example.com,ada@example.com,,site,,,Yes,2026-03-02,09:02:00,00:04:00,\n');
  for (const args of [['--round', '0'], ['--round', '7.5'], ['--by', 'week'], ['--format', 'xlsx']]) {
    assert.equal(run('export', '--format', 'ics', ...args).code, 2, args.join(' '));
  }
});
