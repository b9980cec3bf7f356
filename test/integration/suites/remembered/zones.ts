// The `remembered` suite's two time zones: the window starts in `first`, and its host test moves
// the extension host to `later`, whose local date is always a later day (the zones are 24 or 26
// hours apart). Of two such pairs, the one whose local times are both well inside their day, so no
// midnight passes while the suite runs; their unsafe hours never overlap.
const PAIRS: [string, string][] = [
  ['Etc/GMT+12', 'Etc/GMT-14'],
  ['Etc/GMT+11', 'Etc/GMT-13'],
];

/** Written by the page before it reloads the window; the reloaded window's host tests then run. */
export const RELOADED_FILE = '.vscode/pulse-test-reloaded';
/** Written by the page to ask the host for the next day; the host answers with the new date. */
export const NEXT_DAY_FILE = '.vscode/pulse-test-next-day';
export const NEXT_DAY_DONE_FILE = '.vscode/pulse-test-next-day-done';
export const LATER_ZONE_ENV = 'PULSE_LATER_TZ';

function minutesIntoDay(zone: string, t: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(t);
  const n = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return n('hour') * 60 + n('minute');
}

export function zonesFor(t: number): { first: string; later: string } {
  const safe = (zone: string): boolean => {
    const m = minutesIntoDay(zone, t);
    return m >= 20 && m <= 23 * 60 + 30;
  };
  const [first, later] = PAIRS.find(([a, b]) => safe(a) && safe(b)) ?? PAIRS[0]!;
  return { first, later };
}
