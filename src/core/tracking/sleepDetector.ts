// Sleep and suspend: the wall clock keeps running while the machine sleeps, the monotonic clock
// does not. When the distance between them jumps, the machine slept for about that long.
// Where a platform's monotonic clock also runs through suspend, nothing is detected here, and the
// idle-timeout rule still bounds what a sleep can add: at most one idle timeout.
import type { Clock } from '../ports';
import type { MonotonicClock } from './trackerTypes';

/** Drift below this is clock adjustment noise (NTP slews), not sleep. */
export const SLEEP_TOLERANCE_MS = 5000;

export class SleepDetector {
  private drift: number;
  /** Wall time of the last observation. */
  lastCheck: number;

  constructor(
    wall: Clock,
    private readonly mono: MonotonicClock,
    private readonly toleranceMs = SLEEP_TOLERANCE_MS,
  ) {
    this.lastCheck = wall.now();
    this.drift = this.lastCheck - mono.monotonic();
  }

  /**
   * How far the wall clock jumped against the monotonic one since the last observation, measured at
   * wall time `now`: positive when the machine slept (or the clock stepped forward), negative when
   * the clock was set back, 0 within the tolerance.
   */
  observe(now: number): number {
    const drift = now - this.mono.monotonic();
    const jump = drift - this.drift;
    // Why rebaseline on every jump, either way: a wall clock set back must not hide a later sleep.
    this.drift = drift;
    this.lastCheck = now;
    return Math.abs(jump) > this.toleranceMs ? jump : 0;
  }
}
