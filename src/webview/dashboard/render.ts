// Text, tables and charts from one DashboardData. Every chart has a table (in a <details>) and an
// aria-label summary, so a screen reader gets the same numbers.
import { formatDuration } from '../../core/reports/format';
import type { DashboardData, RenderedSummary, WebviewString } from '../../core/reports/dashboardProtocol';
import { plural, s } from './strings';
import { byId, fillTable, setText } from './dom';
import { clearChart, drawDays, drawLanguages, drawTimeline, ticksOf } from './charts';
import { goalText } from '../../core/reports/goal';

const RANGE_TITLES = {
  last7: 'Last 7 days',
  last30: 'Last 30 days',
  thisWeek: 'This week',
  thisMonth: 'This month',
  all: 'All time',
  custom: 'Custom range',
} as const satisfies Record<string, WebviewString>;
const TOP = 8;

const top = (m: Record<string, number>, n = TOP): [string, number][] =>
  Object.entries(m)
    .sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : 1))
    .slice(0, n);
const time = (ms: number): string => new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

export function render(d: DashboardData): RenderedSummary {
  const rangeTitle = s(RANGE_TITLES[d.filters.range]);
  const union = s('All windows (counted once)');
  setText('today', formatDuration(d.today.activeSeconds));
  setText('todayNote', d.today.date);
  setText('week', formatDuration(d.week.activeSeconds));
  setText('weekNote', `${d.week.from} – ${d.week.to}`);
  setText('lastWeek', formatDuration(d.lastWeek.activeSeconds));
  setText('lastWeekNote', `${d.lastWeek.from} – ${d.lastWeek.to} · ${versus(d.week.activeSeconds, d.lastWeek.activeSeconds)}`);
  setText('average', formatDuration(d.dailyAverageSeconds));
  setText('averageNote', `${rangeTitle.toLowerCase()} · ${plural(d.days.length, '1 day', '{0} days')}${d.goalSeconds > 0 ? ` · ${s('goal {0}', goalText(d.goalSeconds))}` : ''}`);
  setText('totalTitle', rangeTitle);
  setText('total', formatDuration(d.report.totalSeconds));
  setText('totalNote', `${d.from} – ${d.to} · ${plural(d.sessionCount, '1 session', '{0} sessions')}`);
  renderDays(d, rangeTitle);
  renderTimeline(d, union);
  renderTops(d);
  renderGroups(d, rangeTitle);
  const notes = [
    d.problems > 0 ? plural(d.problems, '1 session file could not be read and is left out; see the Pulse log.', '{0} session files could not be read and are left out; see the Pulse log.') : '',
    d.skippedStores.length > 0
      ? plural(d.skippedStores.length, '1 registered project is missing or unreadable and is left out; see the Pulse log.', '{0} registered projects are missing or unreadable and are left out; see the Pulse log.')
      : '',
  ].filter(Boolean);
  setText('status', notes.length > 0 ? notes.join(' ') : s('Updated {0}', time(d.generatedAt)));
  return {
    today: byId('today').textContent ?? '',
    week: byId('week').textContent ?? '',
    lastWeek: byId('lastWeek').textContent ?? '',
    dailyAverage: byId('average').textContent ?? '',
    dayTicks: ticksOf('daysChart'),
    total: byId('total').textContent ?? '',
    lanes: d.timeline.lanes.length,
    dayRows: byId<HTMLTableElement>('daysTable').tBodies[0]?.rows.length ?? 0,
  };
}

/** This week against last week: "+1h 05m vs last week", or "same as last week". */
function versus(now: number, before: number): string {
  if (Math.abs(now - before) < 60) return s('this week: about the same');
  return now > before ? s('this week: +{0}', formatDuration(now - before)) : s('this week: −{0}', formatDuration(before - now));
}

function renderDays(d: DashboardData, rangeTitle: string): void {
  setText('daysTitle', s('Active time per day · {0}', rangeTitle));
  const busiest = d.days.reduce((a, b) => (b.activeSeconds > a.activeSeconds ? b : a), d.days[0] ?? { date: '', activeSeconds: 0 });
  const active = d.days.filter((x) => x.activeSeconds > 0).length;
  byId('daysChart').setAttribute(
    'aria-label',
    s('Bar chart of active time per day, {0} to {1}: {2} in total over {3} active days', d.from, d.to, formatDuration(d.report.totalSeconds), active) +
      (busiest.activeSeconds > 0 ? s('; the busiest day was {0} with {1}.', busiest.date, formatDuration(busiest.activeSeconds)) : '.') +
      (d.goalSeconds > 0 ? s(' The dashed line is the daily goal, {0}.', goalText(d.goalSeconds)) : ''),
  );
  drawDays(d, s('Goal {0}', goalText(d.goalSeconds)));
  const rows = [...d.days].reverse().map((x) => [x.date, formatDuration(x.activeSeconds)]);
  fillTable(byId('daysTable'), s('Active time per day (overlapping windows counted once)'), [s('Date'), s('Active')], rows);
}

function renderTimeline(d: DashboardData, union: string): void {
  const tl = d.timeline;
  setText('timelineTitle', s('Today, {0} · one lane per session', tl.date));
  const box = byId('timelineBox');
  if (tl.union.length === 0) {
    clearChart('timelineChart');
    box.hidden = true;
  } else {
    box.hidden = false;
    byId('timelineChart').setAttribute(
      'aria-label',
      s('Timeline of today: {0} session lanes; {1} counted once across windows. Gaps between bars are idle time.', tl.lanes.length, formatDuration(d.today.activeSeconds)),
    );
    drawTimeline(d, union);
  }
  const span = (segs: [number, number][]): string => segs.map(([a, b]) => `${time(a)}–${time(b)}`).join(', ');
  const rows = [
    [union, formatDuration(d.today.activeSeconds), '', span(tl.union)],
    ...tl.lanes.map((l) => [l.label, formatDuration(l.activeSeconds), `${l.status} · ${l.folder}`, span(l.segments)]),
  ];
  fillTable(
    byId('timelineTable'),
    tl.union.length === 0 ? s('No activity today yet') : s('Today by session; the gaps are idle'),
    [s('Session'), s('Active'), s('Status'), s('Active stretches')],
    tl.union.length === 0 ? [] : rows,
  );
}

const GROUP_TITLES = { user: 'Person', host: 'Machine', project: 'Project', label: 'Label', branch: 'Branch' } as const;

function renderGroups(d: DashboardData, rangeTitle: string): void {
  const title = s(GROUP_TITLES[d.filters.by]);
  setText('groupsTitle', s('Time by {0} · {1}', title.toLowerCase(), rangeTitle));
  const rows = d.groups.map((g) => [g.key, formatDuration(g.activeSeconds)]);
  fillTable(byId('groupTable'), s('An instant counts once per person: one person on two machines counts once, two people count twice'), [title, s('Active')], rows);
}

function renderTops(d: DashboardData): void {
  const langs = top(d.report.languages);
  if (langs.length > 0) drawLanguages(langs);
  else clearChart('langChart');
  byId('langChart').setAttribute('aria-label', s('Bar chart of the top languages: {0}.', langs.map(([k, v]) => `${k} ${formatDuration(v)}`).join(', ') || s('none')));
  const rows = (m: [string, number][]): string[][] => m.map(([k, v]) => [k, formatDuration(v)]);
  fillTable(byId('langTable'), s('Top languages'), [s('Language'), s('Time')], rows(langs));
  fillTable(byId('fileTable'), s('Top files'), [s('File'), s('Time')], rows(top(d.report.files, 10)));
  fillTable(byId('branchTable'), s('Top branches'), [s('Branch'), s('Time')], rows(top(d.report.branches)));
  fillTable(byId('issueTable'), s('Time per issue (from the branch name)'), [s('Issue'), s('Time')], rows(top(d.report.issues, 10)));
}
