// Report figures: the status bar's refresh (today's total) with 10,000 archived sessions against an
// empty archive, and a 30-day dashboard load with 10,000 archived sessions. Both read through the
// archive's month index; the first load of each store builds it and is not measured. Each is taken
// in a private store (Pulse's default: only Pulse writes its archive) and again once it is shared
// through git, where every month folder up to the range's end is looked at (one lstat each).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SessionStore, serialize } from '../../src/core/store/store';
import { GITIGNORE, type ShareMode } from '../../src/core/store/share';
import { DEFAULT_FILTERS, loadDashboard } from '../../src/core/reports/dashboard';
import { todayTotal } from '../../src/core/reports/report';
import { beat, finish, newSession } from '../../src/core/session/session';
import { newSessionId } from '../../src/core/session/ids';
import { localDate } from '../../src/core/time';
import { removeDir, tempDir, testOwner } from '../helpers/tempStore';
import { sideBySide, type Row } from './measure';

const MIN = 60_000;

/** The store's `.gitignore`, as a first write (or `pulse share git`) leaves it. */
function share(dir: string, mode: ShareMode): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, '.gitignore'), GITIGNORE[mode]);
}

/**
 * `archived` finished sessions of 30 minutes each, one every 55 minutes, the last one ending
 * `endBefore` ms before now; written straight into the archive (the index is built on first read),
 * in a private store.
 */
function seed(dir: string, archived: number, endBefore: number): SessionStore {
  share(dir, 'private');
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
    // The same stores shared through git: the first load after the switch reads the older folders once.
    share(big, 'git');
    share(empty, 'git');
    share(recent, 'git');
    await today(withArchive)();
    await today(without)();
    const g = await sideBySide(200, today(withArchive), today(without));
    await load();
    const gd = await sideBySide(10, load, load);
    const months = fs.readdirSync(path.join(big, 'archive')).filter((m) => /^\d{4}-\d{2}$/.test(m)).length;
    return [
      { measure: "status bar refresh (today's total, 1 live session), 10,000 archived vs none", value: `${r.toFixed(2)}x`, goal: '<= 1.2x', ok: r <= 1.2 },
      { measure: `  (${t.a.toFixed(2)} ms vs ${t.b.toFixed(2)} ms, medians)`, value: '', goal: '', ok: true },
      { measure: '  the same without any live session', value: `${(bare.a / bare.b).toFixed(2)}x`, goal: 'info', ok: true },
      { measure: `  (${bare.a.toFixed(2)} ms vs ${bare.b.toFixed(2)} ms, medians)`, value: '', goal: '', ok: true },
      { measure: `  the same (1 live session) in a store shared through git: ${months} month folders looked at`, value: `${(g.a / g.b).toFixed(2)}x`, goal: 'info', ok: true },
      { measure: `  (${g.a.toFixed(2)} ms vs ${g.b.toFixed(2)} ms, medians)`, value: '', goal: '', ok: true },
      { measure: '30-day dashboard load, 10,000 archived (about 785 in range)', value: `${((d.a + d.b) / 2).toFixed(0)} ms`, goal: 'info', ok: true },
      { measure: '  the same in a store shared through git', value: `${((gd.a + gd.b) / 2).toFixed(0)} ms`, goal: 'info', ok: true },
    ];
  } finally {
    removeDir(big);
    removeDir(empty);
    removeDir(recent);
  }
}
