// Time helpers. Files store ISO 8601 UTC with milliseconds; the core computes in epoch ms.

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function ms(isoTime: string): number {
  return Date.parse(isoTime);
}

/** The local calendar date (YYYY-MM-DD) of an instant, in the process's time zone. */
export function localDate(t: number): string {
  const d = new Date(t);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The instant of the next local midnight after t (DST-aware: days may be 23 or 25 hours). */
export function nextLocalMidnight(t: number): number {
  const d = new Date(t);
  d.setHours(24, 0, 0, 0);
  return d.getTime();
}

/** The instant of local midnight that starts the day of `date` (YYYY-MM-DD). */
export function localDayStart(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y!, m! - 1, d, 0, 0, 0, 0).getTime();
}

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
