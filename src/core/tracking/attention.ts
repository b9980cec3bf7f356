// Where the person's attention is: focus and window activity, the last counted event, the machine's
// sleep and the wall clock's steps. The tracker asks it whether an event counts, when the line of
// work broke, and what time it is in session time.
//
// Session time is the wall clock plus how far the clock was set back while work went on: time within
// a session never runs backwards, so the work after a backward step is counted in full, after the
// work before it, and nothing twice. The offset shrinks again at the next idle gap, where nothing is
// counted, so sessions return to the wall clock.
import { ActivityTimeline } from './activityTimeline';
import { SleepDetector } from './sleepDetector';
import type { Clock, Logger } from '../ports';
import type { MonotonicClock } from './trackerTypes';

export class Attention {
  readonly timeline = new ActivityTimeline();
  focused = true;
  active = true;
  /** Session time of the last counted event, for the status bar's idle look. */
  lastEventAt = 0;
  private readonly sleep: SleepDetector;
  /** How far session time runs ahead of the wall clock after backward steps. */
  private skew = 0;

  constructor(
    private readonly clock: Clock,
    mono: MonotonicClock,
    private readonly log: Logger,
    private readonly tickMs: number,
  ) {
    this.sleep = new SleepDetector(clock, mono);
  }

  /** Session time now (no side effects). */
  now(): number {
    return this.clock.now() + this.skew;
  }

  /**
   * Session time of an editor event happening now. Checks the clocks first when the tick is overdue
   * (the machine may just have woken up) or the wall clock reads earlier than the last event.
   */
  eventTime(idleTimeoutMs: number): number {
    const wall = this.clock.now();
    if (wall - this.sleep.lastCheck > 2 * this.tickMs || wall + this.skew < this.lastEventAt) this.checkClock(wall);
    let t = wall + this.skew;
    if (this.skew > 0 && t - this.lastEventAt > idleTimeoutMs) {
      // An idle gap counts nothing: session time may fall back towards the wall clock here.
      this.skew = Math.max(0, this.lastEventAt - wall);
      t = wall + this.skew;
    }
    return t;
  }

  /** The periodic look at the clocks: sleep and steps. */
  checkClock(wall: number = this.clock.now()): void {
    const jump = this.sleep.observe(wall);
    if (jump > 0) {
      // Nothing during the sleep counts: the open segment ends at the last event before it.
      this.timeline.close();
      this.log.info(`The machine slept for about ${Math.round(jump / 60_000)} min; that time is not counted.`);
    } else if (jump < 0) {
      this.skew += -jump;
      this.log.info(
        `The clock was set back by about ${Math.round(-jump / 60_000)} min; work after the change is counted after the work before it, so nothing counts twice.`,
      );
    }
  }

  idle(now: number, idleTimeoutMs: number): boolean {
    return !this.focused || !this.active || now - this.lastEventAt > idleTimeoutMs;
  }
}
