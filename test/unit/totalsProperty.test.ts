// A property over random traces through the real tracker and real stores: several windows, two
// folders, sleeps and clock steps back. For every day and for the whole range, the per-key totals
// are each at most the range's total, the languages add up to at most it (exactly, within rounding,
// when every event named a language), and nothing is negative.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildReport, loadSessions, type Report } from '../../src/core/reports/report';
import { SessionStore } from '../../src/core/store/store';
import { localDate } from '../../src/core/time';
import { FakeTime, MIN, S, removeTempFolders, rig, tempFolder, type Rig } from './trackerHarness';
import type { Session } from '../../src/core/session/schema';
import { prng } from '../helpers/prng';

after(removeTempFolders);

const LANGS = ['typescript', 'json', 'markdown'];
const EPS = 0.001;

async function randomTrace(seed: number, alwaysLanguage: boolean): Promise<Session[]> {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const t0 = Date.UTC(2026, 10, 20, 20) + Math.floor(rnd() * 6 * 3600) * 1000; // around midnight, some days
  const time = new FakeTime(t0);
  const alpha = tempFolder(time, 'alpha');
  const beta = tempFolder(time, 'beta');
  const windows: Rig[] = [];
  for (let w = 0; w < 2 + Math.floor(rnd() * 2); w++) {
    const folders = [alpha, beta].map((f) => ({ ...f, store: new SessionStore({ dir: f.storeDir, clock: time }) }));
    windows.push(rig(time, folders, { owner: { host: 'h', pid: w + 1, instance: `w${w}` } }));
    windows[w]!.tracker.setBranch('alpha', pick(['main', 'fix']));
  }
  for (let step = 0; step < 400; step++) {
    const r = rnd();
    if (r < 0.01) time.sleep(Math.floor(rnd() * 90) * MIN);
    else if (r < 0.02) time.wall -= Math.floor(rnd() * 20) * MIN; // the clock is set back
    else if (r < 0.03) await time.advance(Math.floor(rnd() * 40) * MIN); // away, the window open
    else await time.advance(Math.floor(rnd() * 20) * S);
    const w = pick(windows);
    const f = pick([alpha, beta]);
    const c = rnd();
    if (c < 0.02) await w.tracker.pause();
    else if (c < 0.04) await w.tracker.resume();
    else if (c < 0.05) await w.tracker.end();
    else if (c < 0.06) w.tracker.windowState({ focused: rnd() < 0.5 });
    else if (c < 0.1 && !alwaysLanguage) w.tracker.record('terminal', { folder: f.key });
    else w.tracker.record('edit', { file: path.join(f.path, `f${Math.floor(rnd() * 5)}.ts`), language: pick(LANGS), folder: f.key });
  }
  for (const w of windows) await w.tracker.shutdown();
  const out: Session[] = [];
  for (const f of [alpha, beta]) {
    const got = await loadSessions(f.store);
    assert.deepEqual(got.problems, []);
    out.push(...got.sessions);
  }
  return out;
}

function checkRange(r: Report, what: string, exactLanguages: boolean): void {
  const sum = (m: Record<string, number>): number => Object.values(m).reduce((a, b) => a + b, 0);
  for (const [name, m] of [['languages', r.languages], ['files', r.files], ['branches', r.branches]] as const) {
    for (const [k, v] of Object.entries(m)) {
      assert.ok(v >= 0, `${what}: ${name}.${k} = ${v} is negative`);
      assert.ok(v <= r.totalSeconds + EPS, `${what}: ${name}.${k} = ${v} exceeds the total ${r.totalSeconds}`);
    }
  }
  const langs = sum(r.languages);
  const slack = EPS * (Object.keys(r.languages).length + 1);
  assert.ok(langs <= r.totalSeconds + slack, `${what}: languages add up to ${langs} > ${r.totalSeconds}`);
  if (exactLanguages) assert.ok(Math.abs(langs - r.totalSeconds) <= slack, `${what}: languages add up to ${langs}, not ${r.totalSeconds}`);
  assert.ok(r.totalSeconds >= 0 && r.days.every((d) => d.activeSeconds >= 0), `${what}: a negative day`);
}

for (const [seed, alwaysLanguage] of [[1, true], [2, false], [3, true], [4, false], [5, true], [6, false]] as const) {
  test(`random trace ${seed}${alwaysLanguage ? ' (every event names a language)' : ''}: per-key totals never exceed the total`, async () => {
    const sessions = await randomTrace(seed, alwaysLanguage);
    assert.ok(sessions.length > 0, 'the trace recorded something');
    for (const s of sessions) {
      const spanMs = (s.spans ?? []).reduce((a, [x, y]) => a + (y - x), 0);
      assert.ok(spanMs / 1000 <= s.activeSeconds + EPS, `${s.id}: spans ${spanMs / 1000} s exceed its ${s.activeSeconds} s`);
    }
    const whole = buildReport(sessions);
    checkRange(whole, `seed ${seed}, everything`, alwaysLanguage);
    const dates = new Set(sessions.flatMap((s) => s.segments.flatMap(([a, b]) => [localDate(Date.parse(a)), localDate(Date.parse(b))])));
    for (const date of dates) checkRange(buildReport(sessions, { from: date, to: date }), `seed ${seed}, ${date}`, alwaysLanguage);
  });
}
