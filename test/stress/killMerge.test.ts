// A merge is two steps: the merged session is written over the earlier one, then the later file is
// deleted. Killed (SIGKILL) after each file operation, readers must still count every second once:
// in the list, the export and every breakdown of the report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { removeDir, tempDir } from '../helpers/tempStore';
import { SessionStore } from '../../src/core/store/store';
import { beat, finish, newSession } from '../../src/core/session/session';
import { newSessionId } from '../../src/core/session/ids';
import type { Session } from '../../src/core/session/schema';

const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const CHILD = path.join(__dirname, '..', 'helpers', 'mergeChild.js');
const PRELOAD = path.join(__dirname, '..', 'helpers', 'killAfterOps.js');

function cli(dir: string, args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, '--dir', dir, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** Two finished sessions of one folder, 10 minutes apart: 60 s of TypeScript, then 90 s of Python. */
async function seeded(): Promise<{ dir: string; earlier: Session; later: Session }> {
  const dir = tempDir('pulse-merge-kill-');
  const store = new SessionStore({ dir });
  const owner = { host: 'merge-test', pid: 1, instance: 'seed', user: 'ada@example.com' };
  const make = async (start: number, seconds: number, typing: { file: string; language: string }): Promise<Session> => {
    const s = await store.create(newSession({ id: newSessionId(start), now: start, owner }));
    await store.update(s.id, (f) => beat(f, start, 300_000, typing));
    await store.update(s.id, (f) => beat(f, start + seconds * 1000, 300_000, typing));
    const r = await store.update(s.id, (f) => finish(f, start + seconds * 1000, 'user'));
    assert.equal(r.kind, 'written');
    return r.session;
  };
  const t = Date.now() - 3_600_000;
  const earlier = await make(t, 60, { file: 'a.ts', language: 'typescript' });
  const later = await make(t + 600_000, 90, { file: 'b.py', language: 'python' });
  return { dir, earlier, later };
}

test('a merge killed after each file operation never counts a second twice', { timeout: 300_000 }, async () => {
  const rows: string[] = [];
  for (let k = 1; k < 80; k++) {
    const { dir, earlier, later } = await seeded();
    // The time attributed per person is counted once whatever the listing says; the list and the
    // export (a timesheet's rows) are where a session listed twice shows.
    try {
      const r = spawnSync(process.execPath, ['--require', PRELOAD, CHILD, dir, later.id], { encoding: 'utf8', env: { ...process.env, PULSE_KILL_AFTER_OP: String(k) } });
      const laterFile = path.join(dir, 'archive', later.startedAt.slice(0, 7), `${later.id}.json`);
      const both = fs.existsSync(laterFile);
      const listed = (JSON.parse(cli(dir, ['list', '--all', '--json'])) as Session[]).map((s) => s.id);
      const exported = JSON.parse(cli(dir, ['export', '--format', 'json'])) as unknown[];
      const report = JSON.parse(cli(dir, ['report', '--json'])) as { totalSeconds: number; languages: Record<string, number>; files: Record<string, number> };
      const step = r.signal === 'SIGKILL' ? `killed after op ${k}` : 'completed';
      assert.equal(new Set(listed).size, listed.length, `${step}: no id listed twice`);
      // Once the merged session is on disk, it holds the later one's time: one session, one row.
      const earlierNow = JSON.parse(fs.readFileSync(path.join(dir, 'archive', earlier.startedAt.slice(0, 7), `${earlier.id}.json`), 'utf8')) as Session;
      const merged = earlierNow.heartbeats === earlier.heartbeats + later.heartbeats;
      assert.equal(listed.length, merged ? 1 : 2, `${step}: ${listed.length} sessions listed, the merged one ${merged ? 'written' : 'not yet written'}`);
      assert.equal(exported.length, listed.length, `${step}: the export has what the list has`);
      assert.deepEqual(report.languages, { typescript: 60, python: 90 }, `${step}: each language once`);
      assert.equal(report.files['a.ts'], 60, `${step}: a.ts once`);
      assert.equal(report.files['b.py'], 90, `${step}: b.py once`);
      assert.equal(report.totalSeconds, 150, `${step}: the total once`);
      rows.push(`${step}: later file ${both ? 'still there' : 'gone'}, ${listed.length} listed`);
      if (r.signal !== 'SIGKILL') {
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(listed, [earlier.id], 'the finished merge leaves one session');
        break;
      }
    } finally {
      removeDir(dir);
    }
  }
  process.stdout.write(`# merge, killed after each file operation:\n${rows.map((x) => `#   ${x}`).join('\n')}\n`);
  assert.ok(rows.some((x) => x.includes('still there, 1 listed')), 'some kill landed between the merged write and the delete');
});
