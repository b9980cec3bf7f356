// Text, tables and charts from one DashboardData. Every chart has a table (in a <details>) and an
// aria-label summary, so a screen reader gets the same numbers.
import { formatDuration } from '../../core/reports/format';
import type { DashboardData, RenderedSummary } from '../../core/reports/dashboardProtocol';
import { byId, fillTable, setText } from './dom';
import { clearChart, drawDays, drawLanguages, drawTimeline, ticksOf } from './charts';
import { goalText } from '../../core/reports/goal';

const RANGE_TITLES: Record<string, string> = {
  last7: 'Last 7 days',
  last30: 'Last 30 days',
  thisWeek: 'This week',
  thisMonth: 'This month',
  all: 'All time',
  custom: 'Custom range',
};
const UNION = 'All windows (counted once)';
const TOP = 8;

const top = (m: Record<string, number>, n = TOP): [string, number][] =>
  Object.entries(m)
    .sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : 1))
    .slice(0, n);
const time = (ms: number): string => new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

export function render(d: DashboardData): RenderedSummary {
  const rangeTitle = RANGE_TITLES[d.filters.range] ?? 'Range';
  setText('today', formatDuration(d.today.activeSeconds));
  setText('todayNote', d.today.date);
  setText('week', formatDuration(d.week.activeSeconds));
  setText('weekNote', `${d.week.from} – ${d.week.to}`);
  setText('lastWeek', formatDuration(d.lastWeek.activeSeconds));
  setText('lastWeekNote', `${d.lastWeek.from} – ${d.lastWeek.to} · ${versus(d.week.activeSeconds, d.lastWeek.activeSeconds)}`);
  setText('average', formatDuration(d.dailyAverageSeconds));
  setText('averageNote', `${rangeTitle.toLowerCase()} · ${d.days.length === 1 ? '1 day' : `${d.days.length} days`}${d.goalSeconds > 0 ? ` · goal ${goalText(d.goalSeconds)}` : ''}`);
  setText('totalTitle', rangeTitle);
  setText('total', formatDuration(d.report.totalSeconds));
  setText('totalNote', `${d.from} – ${d.to} · ${d.sessionCount === 1 ? '1 session' : `${d.sessionCount} sessions`}`);
  renderDays(d, rangeTitle);
  renderTimeline(d);
  renderTops(d);
  setText('status', d.problems === 1 ? '1 session file could not be read and is left out; see the Pulse log.' : d.problems > 1 ? `${d.problems} session files could not be read and are left out; see the Pulse log.` : `Updated ${time(d.generatedAt)}`);
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
  if (Math.abs(now - before) < 60) return 'this week: about the same';
  return `this week: ${now > before ? '+' : '−'}${formatDuration(Math.abs(now - before))}`;
}

function renderDays(d: DashboardData, rangeTitle: string): void {
  setText('daysTitle', `Active time per day · ${rangeTitle}`);
  const busiest = d.days.reduce((a, b) => (b.activeSeconds > a.activeSeconds ? b : a), d.days[0] ?? { date: '', activeSeconds: 0 });
  const active = d.days.filter((x) => x.activeSeconds > 0).length;
  byId('daysChart').setAttribute(
    'aria-label',
    `Bar chart of active time per day, ${d.from} to ${d.to}: ${formatDuration(d.report.totalSeconds)} in total over ${active} active days` +
      (busiest.activeSeconds > 0 ? `; the busiest day was ${busiest.date} with ${formatDuration(busiest.activeSeconds)}.` : '.'),
  );
  drawDays(d, `Goal ${goalText(d.goalSeconds)}`);
  const rows = [...d.days].reverse().map((x) => [x.date, formatDuration(x.activeSeconds)]);
  fillTable(byId('daysTable'), 'Active time per day (overlapping windows counted once)', ['Date', 'Active'], rows);
}

function renderTimeline(d: DashboardData): void {
  const tl = d.timeline;
  setText('timelineTitle', `Today, ${tl.date} · one lane per session`);
  const box = byId('timelineBox');
  if (tl.union.length === 0) {
    clearChart('timelineChart');
    box.hidden = true;
  } else {
    box.hidden = false;
    byId('timelineChart').setAttribute('aria-label', `Timeline of today: ${tl.lanes.length} session lanes; ${formatDuration(d.today.activeSeconds)} counted once across windows. Gaps between bars are idle time.`);
    drawTimeline(d, UNION);
  }
  const span = (segs: [number, number][]): string => segs.map(([a, b]) => `${time(a)}–${time(b)}`).join(', ');
  const rows = [
    [UNION, formatDuration(d.today.activeSeconds), '', span(tl.union)],
    ...tl.lanes.map((l) => [l.label, formatDuration(l.activeSeconds), `${l.status} · ${l.folder}`, span(l.segments)]),
  ];
  fillTable(byId('timelineTable'), tl.union.length === 0 ? 'No activity today yet' : 'Today by session; the gaps are idle', ['Session', 'Active', 'Status', 'Active stretches'], tl.union.length === 0 ? [] : rows);
}

function renderTops(d: DashboardData): void {
  const langs = top(d.report.languages);
  if (langs.length > 0) drawLanguages(langs);
  else clearChart('langChart');
  byId('langChart').setAttribute('aria-label', `Bar chart of the top languages: ${langs.map(([k, v]) => `${k} ${formatDuration(v)}`).join(', ') || 'none'}.`);
  const rows = (m: [string, number][]): string[][] => m.map(([k, v]) => [k, formatDuration(v)]);
  fillTable(byId('langTable'), 'Top languages', ['Language', 'Time'], rows(langs));
  fillTable(byId('fileTable'), 'Top files', ['File', 'Time'], rows(top(d.report.files, 10)));
  fillTable(byId('branchTable'), 'Top branches', ['Branch', 'Time'], rows(top(d.report.branches)));
}
