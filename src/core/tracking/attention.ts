// Where the person's attention is: focus and window activity, the last counted event, and the
// machine's sleep. The tracker asks it whether an event counts and when the line of work broke.
import { ActivityTimeline } from './activityTimeline';
import { SleepDetector } from './sleepDetector';
import type { Clock, Logger } from '../ports';
import type { MonotonicClock } from './trackerTypes';

export class Attention {
  readonly timeline = new ActivityTimeline();
  focused = true;
  active = true;
  /** Wall time of the last counted event, for the status bar's idle look. */
  lastEventAt = 0;
  private readonly sleep: SleepDetector;

  constructor(
    clock: Clock,
    mono: MonotonicClock,
    private readonly log: Logger,
    private readonly tickMs: number,
  ) {
    this.sleep = new SleepDetector(clock, mono);
  }

  /** The tick is overdue at t: the machine may just have woken up, before the tick could see it. */
  overdue(t: number): boolean {
    return t - this.sleep.lastCheck > 2 * this.tickMs;
  }

  checkSleep(t: number): void {
    const slept = this.sleep.observe(t);
    if (slept <= 0) return;
    // Nothing during the sleep counts: the open segment ends at the last event before it.
    this.timeline.close();
    this.log.info(`The machine slept for about ${Math.round(slept / 60_000)} min; that time is not counted.`);
  }

  idle(now: number, idleTimeoutMs: number): boolean {
    return !this.focused || !this.active || now - this.lastEventAt > idleTimeoutMs;
  }
}
