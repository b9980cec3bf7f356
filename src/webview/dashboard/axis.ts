// Value axes that read as durations ("30m", "1h 30m"), at steps a person would pick. The labels
// come from the one duration formatter, so an axis never says "0.002 h".
import { formatDuration } from '../../core/reports/format';

/** Steps an axis of durations may use, in seconds: minutes, then hours. */
const STEPS = [60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 14400, 21600, 43200, 86400];

/** The smallest step that shows `maxSeconds` in at most `maxTicks` steps. */
export function durationStep(maxSeconds: number, maxTicks = 5): number {
  const max = Math.max(0, maxSeconds);
  return STEPS.find((s) => max / s <= maxTicks) ?? Math.ceil(max / maxTicks / 86400) * 86400;
}

/** A tick's label: `0` at the origin, a duration everywhere else. */
export function durationTick(seconds: number): string {
  return seconds === 0 ? '0' : formatDuration(seconds);
}
