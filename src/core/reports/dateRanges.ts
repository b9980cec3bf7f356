// Local calendar ranges for the dashboard and the export: presets ("this week", "last 30 days"…)
// and a typed "YYYY-MM-DD..YYYY-MM-DD". Weeks start on Monday (ISO 8601).
import { DATE_PATTERN, localDate, localDayStart } from '../time';
import type { DateRange } from './report';
import type { RangePreset } from './dashboardProtocol';

/** The local date `days` after `date` (negative: before). DST-proof: works on calendar fields. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return localDate(new Date(y!, m! - 1, d! + days, 12).getTime());
}

/** Monday of the week that holds `date`. */
export function weekStart(date: string): string {
  const day = new Date(localDayStart(date)).getDay();
  return addDays(date, -((day + 6) % 7));
}

/** Every local date from `from` to `to`, inclusive. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 3700; d = addDays(d, 1)) out.push(d);
  return out;
}

/** True for a real calendar date in YYYY-MM-DD form (2026-02-30 is not one). */
export function isDate(s: string): boolean {
  if (!DATE_PATTERN.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(y!, m! - 1, d);
  return t.getFullYear() === y && t.getMonth() === m! - 1 && t.getDate() === d;
}

/** "2026-03-01..2026-03-31" -> the range, or a message saying what is wrong with it. */
export function parseRange(text: string): DateRange | string {
  const m = /^\s*(\S+)\s*\.\.\s*(\S+)\s*$/.exec(text);
  if (!m) return 'Use YYYY-MM-DD..YYYY-MM-DD, e.g. 2026-03-01..2026-03-31';
  const from = m[1]!;
  const to = m[2]!;
  if (!isDate(from)) return `${from} is not a date (YYYY-MM-DD)`;
  if (!isDate(to)) return `${to} is not a date (YYYY-MM-DD)`;
  if (from > to) return `${from} is after ${to}`;
  return { from, to };
}

/** The dates a preset covers on `today`; `all` is open at both ends. */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, today: string): DateRange {
  switch (preset) {
    case 'last7':
      return { from: addDays(today, -6), to: today };
    case 'last30':
      return { from: addDays(today, -29), to: today };
    case 'thisWeek':
      return { from: weekStart(today), to: today };
    case 'thisMonth':
      return { from: `${today.slice(0, 7)}-01`, to: today };
    case 'all':
      return {};
  }
}
