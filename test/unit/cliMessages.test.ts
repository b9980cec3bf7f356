// Every message of the CLI's front door, as a user meets it: the exit code and the exact words on
// stderr (never parseArgs' own text), from real processes against real temp folders.
import { test, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Session } from '../../src/core/session/schema';
import { tempDirs } from '../helpers/tempStore';
import { repoRoot } from '../helpers/manifest';

const CLI = path.join(repoRoot, 'dist', 'cli.js');
const { fresh, removeAll } = tempDirs();
afterEach(removeAll);
// The registry of stores goes to a temp folder, never the real per-user one.
const DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-cli-data-'));
after(() => fs.rmSync(DATA_DIR, { recursive: true, force: true }));

function pulse(cwd: string, ...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, PULSE_DATA_DIR: DATA_DIR } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

test('--version and -v print the package version on stdout', () => {
  for (const flag of ['--version', '-v']) {
    const r = pulse(fresh(), flag);
    assert.equal(r.code, 0);
    assert.equal(r.out, `${version}\n`);
    assert.equal(r.err, '');
  }
});

test('help <command> and <command> --help explain that command; an unknown topic is a usage error', () => {
  const dir = fresh();
  for (const args of [['help', 'report'], ['report', '--help']]) {
    const r = pulse(dir, ...args);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Usage: pulse \[--dir <store>\] report \[--from D\] \[--to D\] \[--by K\] \[--all-projects\] \[--json\]\n/);
    assert.match(r.out, /--json +days, total and the top languages, files and branches as JSON/);
    assert.match(r.out, /--by K +also the time per user, host, project, label, branch/);
    assert.doesNotMatch(r.out, /cleanup/, 'only the command asked about');
  }
  const plain = pulse(dir, 'help');
  assert.equal(plain.code, 0);
  assert.match(plain.out, /pulse help <command> +more about one command/);
  const unknown = pulse(dir, 'help', 'frobnicate');
  assert.equal(unknown.code, 2);
  assert.equal(unknown.err, 'pulse: no command "frobnicate" to explain; the commands are listed by "pulse help"\nRun "pulse --help" for usage.\n');
});

test('option mistakes are reported in pulse\'s words, with exit code 2', () => {
  const dir = fresh();
  const cases: [string[], string][] = [
    [['list', '--nope'], 'unknown option "--nope"'],
    [['list', '-z'], 'unknown option "-z"'],
    [['list', '--json=yes'], '--json takes no value, got "yes"'],
    [['--dir'], '--dir needs a value'],
    [['cleanup', '--stale-after', '--json'], '--stale-after needs a value'],
    [['cleanup', '--stale-after', '-5'], '--stale-after needs 0 or more seconds, got -5'],
    [['cleanup', '--stale-after=-0.5'], '--stale-after needs 0 or more seconds, got -0.5'],
    [['cleanup', '--stale-after', 'soon'], '--stale-after needs a number of seconds, got "soon"'],
    [['report', '--from', '2026-02-30'], '--from 2026-02-30 is not a date on the calendar'],
    [['report', '--to', '2026-13-01'], '--to 2026-13-01 is not a date on the calendar'],
    [['export', '--from', 'yesterday'], '--from needs a date as YYYY-MM-DD, got "yesterday"'],
    [['report', '--from', '2026-03-05', '--to', '2026-03-01'], '--from 2026-03-05 is after --to 2026-03-01; put the earlier date first'],
    [['export', '--from', '2026-03-05', '--to', '2026-03-01'], '--from 2026-03-05 is after --to 2026-03-01; put the earlier date first'],
  ];
  for (const [args, message] of cases) {
    const r = pulse(dir, '--dir', dir, ...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.equal(r.err, `pulse: ${message}\nRun "pulse --help" for usage.\n`, args.join(' '));
    assert.doesNotMatch(r.err, /positional argument|ERR_PARSE_ARGS|ambiguous/);
    assert.equal(r.out, '');
  }
});

test('a read command on a --dir that does not exist warns on stderr and exits 0 with an empty result', () => {
  const cwd = fresh();
  const missing = path.join(cwd, 'no', 'such', 'store');
  const warning = `pulse: warning: no sessions folder at ${missing}, so there is nothing to read\n`;
  const list = pulse(cwd, '--dir', missing, 'list');
  assert.equal(list.code, 0);
  assert.equal(list.err, `${warning}No live sessions.\n`);
  const json = pulse(cwd, '--dir', missing, 'list', '--json');
  assert.equal(json.code, 0);
  assert.deepEqual(JSON.parse(json.out), []);
  assert.equal(json.err, warning);
  const report = pulse(cwd, '--dir', missing, 'report', '--json');
  assert.equal(report.code, 0);
  assert.equal((JSON.parse(report.out) as { totalSeconds: number }).totalSeconds, 0);
  assert.equal(report.err, warning);
  // Without --dir the default folder is named as such, so a run from the wrong folder is obvious.
  const dflt = pulse(cwd, 'list');
  assert.equal(dflt.err, 'pulse: warning: no sessions folder at .vscode/sessions (the default; pass --dir <store>), so there is nothing to read\nNo live sessions.\n');
  assert.equal(fs.existsSync(missing), false, 'reading creates nothing');
  // An existing but empty store is simply empty.
  const empty = pulse(cwd, '--dir', cwd, 'list');
  assert.equal(empty.err, 'No live sessions.\n');
});

test('list has column headers; plain report lists the top languages, files and branches', () => {
  const dir = fresh();
  const s = JSON.parse(pulse(dir, '--dir', dir, 'start', '--label', 'parser work').out) as Session;
  for (let i = 0; i < 2; i++) pulse(dir, '--dir', dir, 'beat', s.id, '--file', 'src/parser.ts', '--language', 'typescript');
  const list = pulse(dir, '--dir', dir, 'list');
  assert.equal(list.code, 0, list.err);
  const [header, row] = list.out.split('\n');
  assert.match(header!, /^ID +STATUS +ACTIVE +STARTED +LABEL$/);
  assert.match(row!, new RegExp(`^${s.id} +active +\\d+s +${s.startedAt.replace(/\./g, '\\.')} +parser work$`));
  assert.equal(header!.indexOf('STATUS'), row!.indexOf('active'), 'columns line up');

  const json = JSON.parse(pulse(dir, '--dir', dir, 'report', '--json').out) as { languages: Record<string, number>; files: Record<string, number> };
  const plain = pulse(dir, '--dir', dir, 'report');
  assert.equal(plain.code, 0, plain.err);
  assert.match(plain.out, /\nTop languages\n {2}typescript +\d+s\n/);
  assert.match(plain.out, /\nTop files\n {2}src\/parser\.ts +\d+s\n/);
  assert.deepEqual(Object.keys(json.languages), ['typescript'], 'the same keys as --json');
  assert.doesNotMatch(plain.out, /Top branches/, 'no heading for an empty list');
});
