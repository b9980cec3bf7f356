// The dashboard's numbers, in plain Node: what the webview shows is computed here, from the same
// report the CLI prints, so `pulse report` and the dashboard always agree.
import { buildReport, loadSessions, type DateRange } from './report';
import { addDays, datesBetween, isDate, presetRange, weekStart } from './dateRanges';
import { clip, union, totalMs, toSeconds } from '../session/segments';
import { segmentsOf } from '../session/session';
import { localDate, localDayStart, nextLocalMidnight } from '../time';
import { ALL_FOLDERS, GROUPINGS, RANGE_PRESETS, SCOPES, type DashboardData, type DashboardFilters, type RangePreset, type TimelineLane } from './dashboardProtocol';
import { groupBy } from './groupBy';
import { describeSkipped, loadAllProjects } from './allProjects';
import { userOf } from './personUnion';
import { normalizeUser } from '../identity';
import type { Session } from '../session/schema';
import { sessionName } from './sessionName';
import type { SessionStore } from '../store/store';
import type { StoreRegistry } from '../store/registry';

export const DEFAULT_FILTERS: DashboardFilters = { folder: ALL_FOLDERS, range: 'last30', scope: 'window', by: 'user', person: '' };
const MAX_LANES = 12;

export interface DashboardFolder {
  key: string;
  name: string;
  store: SessionStore;
}

/** Filters from the webview (untrusted input): unknown folders and bad dates fall back to defaults. */
export function normalizeFilters(raw: unknown, folderKeys: readonly string[]): DashboardFilters {
  const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const folder = typeof o.folder === 'string' && folderKeys.includes(o.folder) ? o.folder : ALL_FOLDERS;
  const range = RANGE_PRESETS.includes(o.range as RangePreset) ? (o.range as RangePreset) : DEFAULT_FILTERS.range;
  const scope = SCOPES.find((x) => x === o.scope) ?? DEFAULT_FILTERS.scope;
  const by = GROUPINGS.find((x) => x === o.by) ?? (scope === 'allProjects' ? 'project' : DEFAULT_FILTERS.by);
  const person = normalizeUser(o.person) ?? '';
  const base = { folder, scope, by, person };
  if (range !== 'custom') return { ...base, range };
  const from = typeof o.from === 'string' && isDate(o.from) ? o.from : undefined;
  const to = typeof o.to === 'string' && isDate(o.to) ? o.to : undefined;
  if (!from || !to || from > to) return { ...base, range: DEFAULT_FILTERS.range };
  return { ...base, range, from, to };
}

/** The dates the filters cover on `today` (open-ended for `all`). */
export function filterRange(f: DashboardFilters, today: string): DateRange {
  if (f.range === 'custom') return { from: f.from, to: f.to };
  return presetRange(f.range, today);
}

interface Loaded {
  sessions: { folder: string; session: Session }[];
  problems: number;
  skippedStores: string[];
}

/** This window's folders (one, or all of them). */
async function loadWindow(all: readonly DashboardFolder[], folder: string, loads: DateRange[]): Promise<Loaded> {
  const out: Loaded = { sessions: [], problems: 0, skippedStores: [] };
  for (const f of folder === ALL_FOLDERS ? all : all.filter((x) => x.key === folder)) {
    const seen = new Set<string>();
    for (const r of loads) {
      const got = await loadSessions(f.store, r);
      out.problems += got.problems.length;
      for (const s of got.sessions) {
        if (seen.has(s.id)) continue;
        seen.add(s.id);
        out.sessions.push({ folder: f.name, session: s });
      }
    }
  }
  return out;
}

/** Every registered store; a store that is gone or unreadable is counted and skipped. */
async function loadEveryProject(registry: StoreRegistry, loads: DateRange[]): Promise<Loaded> {
  const out: Loaded = { sessions: [], problems: 0, skippedStores: [] };
  const seen = new Set<string>();
  for (const r of loads) {
    const got = await loadAllProjects(registry, r);
    out.problems += got.problems.length;
    out.skippedStores = describeSkipped(got.skipped);
    for (const x of got.sessions) {
      const key = `${x.project}\u0000${x.session.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.sessions.push({ folder: x.project, session: x.session });
    }
  }
  return out;
}

/** Loads what the filters need (the range, plus this week for the summary) and computes the view. */
export async function loadDashboard(
  all: readonly DashboardFolder[],
  filters: DashboardFilters,
  now: number,
  goalSeconds = 0,
  registry?: StoreRegistry,
): Promise<DashboardData> {
  const today = localDate(now);
  const range = filterRange(filters, today);
  // This week and the whole of last week, for the comparison.
  const week: DateRange = { from: addDays(weekStart(today), -7), to: today };
  const covers = (!range.from || range.from <= week.from!) && (!range.to || range.to >= today);
  const loads = covers ? [range] : [range, week];
  const loaded = filters.scope === 'allProjects' && registry ? await loadEveryProject(registry, loads) : await loadWindow(all, filters.folder, loads);
  const people = [...new Set(loaded.sessions.map((x) => userOf(x.session)))].sort();
  const mine = filters.person ? loaded.sessions.filter((x) => userOf(x.session) === filters.person) : loaded.sessions;
  const data = buildDashboard(mine, filters, range, now, goalSeconds);
  return { ...data, folders: all.map((f) => ({ key: f.key, name: f.name })), problems: loaded.problems, people, skippedStores: loaded.skippedStores };
}

/** The view of already loaded sessions. Pure: tests call it with a fixed `now`. */
export function buildDashboard(
  sessions: readonly { folder: string; session: Session }[],
  filters: DashboardFilters,
  range: DateRange,
  now: number,
  goalSeconds = 0,
): Omit<DashboardData, 'folders' | 'problems' | 'people' | 'skippedStores'> {
  const today = localDate(now);
  const list = sessions.map((x) => x.session);
  const report = buildReport(list, range);
  const from = range.from ?? report.days[0]?.date ?? today;
  const to = range.to ?? today;
  const perDay = new Map(report.days.map((d) => [d.date, d.activeSeconds]));
  const wk = { from: weekStart(today), to: today };
  const lastWk = { from: addDays(wk.from, -7), to: addDays(wk.from, -1) };
  const rangeDays = datesBetween(from, to);
  const total = report.totalSeconds;
  const rangeSessions = list.filter((s) => clip(segmentsOf(s), ...bounds(range)).length > 0);
  return {
    generatedAt: now,
    filters,
    from,
    to,
    today: { date: today, activeSeconds: buildReport(list, { from: today, to: today }).totalSeconds },
    week: { ...wk, activeSeconds: buildReport(list, wk).totalSeconds },
    lastWeek: { ...lastWk, activeSeconds: buildReport(list, lastWk).totalSeconds },
    // Over every day of the range, the days without work included: what a "typical day" was.
    dailyAverageSeconds: rangeDays.length > 0 ? total / rangeDays.length : 0,
    goalSeconds,
    report,
    days: rangeDays.map((date) => ({ date, activeSeconds: perDay.get(date) ?? 0 })),
    timeline: timeline(sessions, today),
    sessionCount: rangeSessions.length,
    groups: Object.entries(groupBy(sessions.map((x) => ({ session: x.session, project: x.folder })), filters.by, range)).map(([key, g]) => ({ key, activeSeconds: g.totalSeconds })),
  };
}

function bounds(r: DateRange): [number, number] {
  return [r.from ? localDayStart(r.from) : -Infinity, r.to ? nextLocalMidnight(localDayStart(r.to)) : Infinity];
}

/** Today, one lane per session (one window's session in one folder), plus their union. */
function timeline(sessions: readonly { folder: string; session: Session }[], today: string): DashboardData['timeline'] {
  const dayStart = localDayStart(today);
  const dayEnd = localDayStart(addDays(today, 1));
  const lanes: TimelineLane[] = [];
  const multiFolder = new Set(sessions.map((x) => x.folder)).size > 1;
  for (const { folder, session: s } of sessions) {
    const segs = clip(segmentsOf(s), dayStart, dayEnd);
    if (segs.length === 0) continue;
    lanes.push({
      id: s.id,
      label: sessionName(s, multiFolder ? folder : undefined),
      folder,
      status: s.status,
      segments: segs.map(([a, b]) => [a, b]),
      activeSeconds: toSeconds(totalMs(segs)),
    });
  }
  // The busiest lanes when there are many; shown in the order they started.
  const shown = lanes.sort((a, b) => b.activeSeconds - a.activeSeconds).slice(0, MAX_LANES);
  shown.sort((a, b) => a.segments[0]![0] - b.segments[0]![0]);
  const all = union(lanes.flatMap((l) => l.segments)).map(([a, b]) => [a, b] as [number, number]);
  return { date: today, dayStart, dayEnd, lanes: shown, union: all };
}
