// Human formatting shared by the CLI, the status bar, the Sessions view and the dashboard. Every
// displayed duration goes through durationParts, so the same seconds always read the same.

export interface DurationParts {
  /** Whole seconds shown: rounded down, as a stopwatch never shows a second not yet passed. */
  seconds: number;
  hours: number;
  /** Minutes within the hour. */
  minutes: number;
}

/** The one rounding rule for displayed durations. Negative or non-finite input reads as 0. */
export function durationParts(seconds: number): DurationParts {
  // A float sum that misses a whole second by a hair (59.99999999 for 60) must still read 60.
  const whole = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds + 1e-6) : 0;
  const total = Math.floor(whole / 60);
  return { seconds: whole, hours: Math.floor(total / 60), minutes: total % 60 };
}

/** 3900 -> "1h 05m"; 125 -> "2m"; 42 -> "42s"; 86400 -> "24h 00m". */
export function formatDuration(seconds: number): string {
  const p = durationParts(seconds);
  if (p.seconds < 60) return `${p.seconds}s`;
  return p.hours > 0 ? `${p.hours}h ${String(p.minutes).padStart(2, '0')}m` : `${p.minutes}m`;
}
