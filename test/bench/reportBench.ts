// Report figures: the status bar's refresh (today's total) with 10,000 archived sessions against an
// empty archive, and a 30-day dashboard load with 10,000 archived sessions. Both read through the
// archive's month index; the first load of each store builds it and is not measured.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SessionStore, serialize } from '../../src/core/store/store';
import { DEFAULT_FILTERS, loadDashboard } from '../../src/core/reports/dashboard';
import { todayTotal } from '../../src/core/reports/report';
import { beat, finish, newSession } from '../../src/core/session/session';
import { newSessionId } from '../../src/core/session/ids';
import { localDate } from '../../src/core/time';
import { removeDir, tempDir, testOwner } from '../helpers/tempStore';
import { sideBySide, type Row } from './measure';

const MIN = 60_000;

/**
 * `archived` finished sessions of 30 minutes each, one every 55 minutes, the last one ending
 * `endBefore` ms before now; written straight into the archive (the index is built on first read).
 */
function seed(dir: string, archived: number, endBefore: number): SessionStore {
  const now = Date.now();
  for (let i = 0; i < archived; i++) {
    const t = now - endBefore - (archived - i) * 55 * MIN;
    let s = newSession({ id: newSessionId(t), now: t, owner: testOwner, branch: 'main' });
    s = beat(s, t, 5 * MIN, { language: 'typescript', file: `src/f${i % 30}.ts` });
    for (let m = 1; m <= 6; m++) s = beat(s, t + m * 5 * MIN, 5 * MIN, { language: 'typescript', file: `src/f${(i + m) % 30}.ts` });
    s = finish(s, t + 30 * MIN, 'user');
    const month = path.join(dir, 'archive', s.startedAt.slice(0, 7));
    fs.mkdirSync(month, { recursive: true });
    fs.writeFileSync(path.join(month, `${s.id}.json`), serialize(s));
  }
  return new SessionStore({ dir });
}

/** The window's own live session, which the status bar always has: one minute of typing so far. */
function addLive(dir: string): void {
  const now = Date.now();
  let s = newSession({ id: newSessionId(now - MIN), now: now - MIN, owner: testOwner, branch: 'main' });
  s = beat(beat(s, now - MIN, 5 * MIN, { language: 'typescript' }), now, 5 * MIN, { language: 'typescript' });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${s.id}.json`), serialize(s));
}

export async function runReportBench(): Promise<Row[]> {
  const big = tempDir('pulse-bench-report-big-');
  const empty = tempDir('pulse-bench-report-empty-');
  const recent = tempDir('pulse-bench-report-30d-');
  try {
    // Status bar: 10,000 sessions that all ended before today, against none.
    const withArchive = seed(big, 10_000, 2 * 24 * 60 * MIN);
    const without = seed(empty, 0, 0);
    const today = (store: SessionStore) => (): Promise<unknown> => todayTotal(store, localDate(Date.now()));
    await today(withArchive)();
    await today(without)();
    const bare = await sideBySide(200, today(withArchive), today(without));
    // As the status bar really runs: with the window's own live session in each store.
    addLive(big);
    addLive(empty);
    const t = await sideBySide(200, today(withArchive), today(without));
    const r = t.a / t.b;
    // Dashboard: 10,000 sessions up to an hour ago, so the last 30 days hold about 785 of them.
    const dash = seed(recent, 10_000, 60 * MIN);
    const folders = [{ key: 'ws', name: 'ws', store: dash }];
    const load = (): Promise<unknown> => loadDashboard(folders, { ...DEFAULT_FILTERS, folder: 'ws' }, Date.now());
    await load();
    const d = await sideBySide(10, load, load);
    return [
      { measure: "status bar refresh (today's total, 1 live session), 10,000 archived vs none", value: `${r.toFixed(2)}x`, goal: '<= 1.2x', ok: r <= 1.2 },
      { measure: `  (${t.a.toFixed(2)} ms vs ${t.b.toFixed(2)} ms, medians)`, value: '', goal: '', ok: true },
      { measure: '  the same without any live session', value: `${(bare.a / bare.b).toFixed(2)}x`, goal: 'info', ok: true },
      { measure: `  (${bare.a.toFixed(2)} ms vs ${bare.b.toFixed(2)} ms, medians)`, value: '', goal: '', ok: true },
      { measure: '30-day dashboard load, 10,000 archived (about 785 in range)', value: `${((d.a + d.b) / 2).toFixed(0)} ms`, goal: 'info', ok: true },
    ];
  } finally {
    removeDir(big);
    removeDir(empty);
    removeDir(recent);
  }
}
