// The tracker's state listeners (status bar, views). One failing listener never stops the others
// or the tracker: it is logged and the rest still hear the news.
import { messageOf } from '../errors';
import type { Disposable, Logger } from '../ports';
import type { TrackerStatus } from './trackerTypes';

export class StateListeners {
  private readonly listeners = new Set<(s: TrackerStatus) => void>();

  constructor(private readonly log: Logger) {}

  get size(): number {
    return this.listeners.size;
  }

  add(listener: (s: TrackerStatus) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  emit(s: TrackerStatus): void {
    for (const l of this.listeners) {
      try {
        l(s);
      } catch (err) {
        this.log.error(`Pulse: a state listener failed: ${messageOf(err)}`);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
