// Closes sessions whose window died: shortly after activation, then every
// pulse.cleanupIntervalMinutes, and on command. This window's own sessions are never candidates.
import * as vscode from 'vscode';
import { cleanup, describeCleanup, type CleanupResult } from '../core/store/cleanup';
import { messageOf } from '../core/errors';
import type { Logger } from '../core/ports';
import type { Tracker } from '../core/tracking/tracker';
import type { Folders } from './folders';

export interface LastCleanup {
  at: number;
  closed: number;
  skipped: number;
  errors: number;
  summary: string;
}

const FIRST_RUN_DELAY_MS = 10_000;

export class CleanupService implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<CleanupResult> | undefined;
  private intervalMs: number;
  private disposed = false;
  last: LastCleanup | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidRun = this.changed.event;

  constructor(
    private readonly tracker: Tracker,
    private readonly folders: Folders,
    private readonly log: Logger,
    intervalMs: number,
    private staleAfterMs: number,
  ) {
    this.intervalMs = intervalMs;
    this.schedule(FIRST_RUN_DELAY_MS);
  }

  configure(intervalMs: number, staleAfterMs: number): void {
    this.staleAfterMs = staleAfterMs;
    if (intervalMs !== this.intervalMs) {
      this.intervalMs = intervalMs;
      this.schedule(intervalMs);
    }
  }

  /** Runs a pass over every folder's store now (or joins the one already running). */
  run(): Promise<CleanupResult> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<CleanupResult> {
    const total: CleanupResult = { closed: [], finished: [], skipped: [], errors: [], swept: [] };
    // This window's sessions, ended ones still waiting for their last write included: it keeps them
    // alive itself, and closing one as stale would only split it in two.
    const mine = this.tracker.ownedSessionIds();
    for (const f of this.folders.all()) {
      try {
        const r = await cleanup(f.store, { staleAfterMs: this.staleAfterMs, exclude: mine });
        total.closed.push(...r.closed);
        total.finished.push(...r.finished);
        total.skipped.push(...r.skipped);
        total.errors.push(...r.errors);
        total.swept.push(...r.swept);
      } catch (err) {
        total.errors.push({ path: f.store.dir, message: messageOf(err) });
      }
    }
    const summary = describeCleanup(total);
    this.last = { at: Date.now(), closed: total.closed.length, skipped: total.skipped.length, errors: total.errors.length, summary };
    this.log.info(`Cleanup: ${summary}${total.closed.length ? ` (${total.closed.join(', ')})` : ''}`);
    for (const s of total.skipped) this.log.info(`Cleanup skipped ${s.id}: ${s.reason}`);
    for (const e of total.errors) this.log.warn(`Cleanup left ${e.path} untouched: ${e.message}`);
    this.changed.fire();
    return total;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.disposed) return;
    this.timer = setTimeout(() => {
      void this.run()
        .catch((err: unknown) => this.log.error(`Cleanup failed: ${messageOf(err)}`))
        .finally(() => this.schedule(this.intervalMs));
    }, delayMs);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
  }
}
