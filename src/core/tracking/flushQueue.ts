// Writes run one pass at a time, in order; the tick skips a turn while one is running, and explicit
// flushes (pause, end, shutdown) queue behind it instead of racing it.
import { messageOf } from '../errors';
import type { Disposable, Logger } from '../ports';
import type { Timers } from './trackerTypes';

export class FlushQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  constructor(private readonly log: Logger) {}

  get busy(): boolean {
    return this.pending > 0;
  }

  /** Runs `pass` after every earlier one. Never rejects: an unexpected error is logged. */
  run(pass: () => Promise<void>, after: () => void): Promise<void> {
    this.pending += 1;
    const run = this.tail.then(async () => {
      try {
        await pass();
      } catch (err) {
        this.log.error(`Pulse: writing sessions failed unexpectedly: ${messageOf(err)}`);
      } finally {
        this.pending -= 1;
        after();
      }
    });
    this.tail = run;
    return run;
  }

  async whenIdle(): Promise<void> {
    await this.tail;
  }
}

/** `p`'s value, or `fallback` once `ms` have passed on the injected timers, whichever comes first. */
export async function withDeadline<T>(p: Promise<T>, ms: number, timers: Timers, fallback: T): Promise<T> {
  let timer: Disposable | undefined;
  const late = new Promise<T>((resolve) => {
    timer = timers.setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    timer?.dispose();
  }
}
