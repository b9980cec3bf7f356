// The dashboard's "All projects" scope, its grouping and its person filter: every registered store
// with a per-project breakdown, a missing store named and skipped, and one person's time alone.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadDashboard, normalizeFilters } from '../../src/core/reports/dashboard';
import { StoreRegistry } from '../../src/core/store/registry';
import { beat, finish } from '../../src/core/session/session';
import { localDayStart, localDate } from '../../src/core/time';
import type { SessionStore } from '../../src/core/store/store';
import { createSession, makeStore, tempDirs, testOwner } from '../helpers/tempStore';

const { fresh, removeAll } = tempDirs();
afterEach(removeAll);
const today = localDate(Date.now());
const at = (h: number): number => localDayStart(today) + h * 3600_000;

async function work(store: SessionStore, user: string, host: string, from: number, to: number): Promise<void> {
  const s = await createSession(store, from, { owner: { ...testOwner, user, host } });
  await store.update(s.id, (f) => beat(f, from, 86_400_000));
  await store.update(s.id, (f) => beat(f, to, 86_400_000));
  await store.update(s.id, (f) => finish(f, to, 'user'));
}

test('All projects: every registered store, grouped by project; the person filter keeps one person', async () => {
  const registry = new StoreRegistry(fresh());
  const root = fresh();
  const api = makeStore(path.join(root, 'api', '.vscode', 'sessions'), { registry });
  const web = makeStore(path.join(root, 'web', '.vscode', 'sessions'), { registry });
  await work(api, 'alice', 'A', at(9), at(10));
  await work(web, 'alice', 'C', at(9.5), at(10.5)); // same person, another machine: 30 min overlap
  await work(api, 'bob', 'B', at(9), at(9.5));
  const gone = makeStore(path.join(root, 'gone', '.vscode', 'sessions'), { registry });
  await work(gone, 'alice', 'A', at(12), at(13));
  fs.rmSync(path.join(root, 'gone'), { recursive: true });

  const now = at(18);
  const all = await loadDashboard([], normalizeFilters({ scope: 'allProjects', range: 'last7' }, []), now, 0, registry);
  assert.equal(all.filters.by, 'project');
  assert.deepEqual(all.groups, [
    { key: 'api', activeSeconds: 5400 },
    { key: 'web', activeSeconds: 3600 },
  ]);
  assert.equal(all.today.activeSeconds, 90 * 60 + 30 * 60, 'alice 9:00-10:30 once, bob 30 min');
  assert.deepEqual(all.people, ['alice', 'bob']);
  assert.equal(all.skippedStores.length, 1);
  assert.match(all.skippedStores[0]!, /gone.*no longer there/);

  const alice = await loadDashboard([], normalizeFilters({ scope: 'allProjects', range: 'last7', person: 'alice', by: 'host' }, []), now, 0, registry);
  assert.equal(alice.today.activeSeconds, 90 * 60);
  assert.deepEqual(alice.groups, [
    { key: 'A', activeSeconds: 3600 },
    { key: 'C', activeSeconds: 3600 },
  ]);
  assert.deepEqual(alice.people, ['alice', 'bob'], 'the filter still offers everyone');
});
