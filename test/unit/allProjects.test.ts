// All projects on one machine: every store the CLI has written is in the per-user registry
// (PULSE_DATA_DIR); `report --all-projects` sums them with a per-project breakdown, and a store that
// moved, a store that cannot be read and a broken registry entry are reported and skipped.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Session } from '../../src/core/session/schema';
import { StoreRegistry, projectOf } from '../../src/core/store/registry';
import { tempDirs } from '../helpers/tempStore';

const CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const { fresh, removeAll } = tempDirs('pulse-all-');
after(removeAll);

function pulse(data: string, dir: string, ...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, '--dir', dir, ...args], { encoding: 'utf8', env: { ...process.env, PULSE_DATA_DIR: data, PULSE_USER: 'alice' } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const END = Date.parse('2026-03-02T12:00:00.000Z');

/** A session in `store` with `minutes` of activity ending at END (written as a file, then ended). */
function workIn(data: string, store: string, minutes: number): void {
  const s = JSON.parse(pulse(data, store, 'start').out) as Session;
  const end = END;
  const body = { ...s, segments: [[new Date(end - minutes * 60_000).toISOString(), new Date(end).toISOString()]], activeSeconds: minutes * 60 };
  fs.writeFileSync(path.join(store, `${s.id}.json`), JSON.stringify(body));
  assert.equal(pulse(data, store, 'end', s.id).code, 0);
}

test('report --all-projects: the union of every registered store, per project, missing ones skipped', () => {
  const data = fresh();
  const api = path.join(fresh(), 'api', '.vscode', 'sessions');
  const web = path.join(fresh(), 'web', '.vscode', 'sessions');
  const gone = path.join(fresh(), 'gone', '.vscode', 'sessions');
  workIn(data, api, 30);
  workIn(data, web, 20);
  workIn(data, gone, 10);
  fs.renameSync(path.dirname(path.dirname(gone)), `${path.dirname(path.dirname(gone))}-moved`);
  fs.writeFileSync(path.join(data, 'stores', '0123456789abcdef.json'), '{ not json');

  const r = pulse(data, '/nonexistent', 'report', '--all-projects', '--json');
  assert.equal(r.code, 0, r.err);
  const rep = JSON.parse(r.out) as { totalSeconds: number; projects: Record<string, { totalSeconds: number }> };
  // api and web overlap in time (both end at END), but the rule is per person, across projects too.
  assert.equal(rep.totalSeconds, 30 * 60);
  assert.deepEqual(Object.fromEntries(Object.entries(rep.projects).map(([k, v]) => [k, v.totalSeconds])), { api: 1800, web: 1200 });
  assert.match(r.err, /gone.*no longer there.*skipped/);
  assert.match(r.err, /0123456789abcdef\.json: registry entry skipped/);
  // The moved store was not touched, nor recreated at its old place.
  assert.equal(fs.existsSync(gone), false);
});

test('registering is idempotent, one file per store; an unreadable store is skipped with its reason', async () => {
  const data = fresh();
  const reg = new StoreRegistry(data);
  const store = path.join(fresh(), 'proj', '.vscode', 'sessions');
  await reg.remember(store);
  const file = fs.readdirSync(reg.dir)[0]!;
  const before = fs.statSync(path.join(reg.dir, file)).ino;
  await reg.remember(store);
  assert.equal(fs.statSync(path.join(reg.dir, file)).ino, before, 'an unchanged entry is not rewritten');
  assert.deepEqual((await reg.list()).entries, [{ dir: store, project: 'proj' }]);
  assert.equal(projectOf('/x/custom-store'), 'custom-store');

  fs.mkdirSync(store, { recursive: true });
  fs.chmodSync(store, 0o000);
  try {
    const r = pulse(data, '/nonexistent', 'report', '--all-projects', '--json');
    assert.equal(r.code, 0, r.err);
    if (process.getuid?.() !== 0) assert.match(r.err, /proj.*(cannot be read|permission).*skipped/i);
  } finally {
    fs.chmodSync(store, 0o755);
  }
});
