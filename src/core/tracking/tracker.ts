// The activity tracker: editor events in, honest sessions out. `record` is the typing path and does
// O(1) work in memory: no disk, no promise, no timer. One periodic tick looks at the clocks (sleep,
// idle, session gap) and decides when to write; writes go through each folder's SessionStore.
import { Attention } from './attention';
import { FolderRouter, type Route } from './folderRouter';
import type { FolderSessions } from './folderSessions';
import { FlushQueue, withDeadline } from './flushQueue';
import { writePass } from './writePass';
import { systemClock, silentLogger, type Clock, type Disposable, type Logger } from '../ports';
import { normalizeLabel, type Owner } from '../session/session';
import { issueFromBranch } from '../session/issueKey';
import { SessionSlot } from './sessionSlot';
import { pastSessionGap, slotForEvent } from './slotForEvent';
import { StateListeners } from './stateListeners';
import { DEFAULT_TRACKER_SETTINGS, checkedSettings, defaultOwner, systemMonotonic, systemTimers } from './trackerTypes';
import type { EndReason } from '../session/schema';
import type { ActivityInfo, ActivityKind, Timers, TrackedFolder, TrackerOptions, TrackerSettings, TrackerStatus, WindowSignals } from './trackerTypes';

const NO_INFO: ActivityInfo = {};

export class Tracker implements Disposable {
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly log: Logger;
  private owner: Owner;
  private readonly tickMs: number;
  private cfg: TrackerSettings;
  private readonly router: FolderRouter;
  private readonly attention: Attention;
  private readonly timeline: Attention['timeline'];
  private readonly tickTimer: Disposable;
  private readonly listeners: StateListeners;
  private paused = false;
  private closed = false;
  private readonly writes: FlushQueue;

  constructor(o: TrackerOptions) {
    this.clock = o.clock ?? systemClock;
    this.timers = o.timers ?? systemTimers;
    this.log = o.log ?? silentLogger;
    this.owner = o.owner ?? defaultOwner();
    this.writes = new FlushQueue(this.log);
    this.tickMs = o.tickMs ?? 5000;
    this.cfg = checkedSettings({ ...DEFAULT_TRACKER_SETTINGS, ...o.settings });
    this.router = new FolderRouter(o.folders);
    this.router.recordFileNames = this.cfg.recordFileNames;
    this.attention = new Attention(this.clock, o.monotonic ?? systemMonotonic, this.log, this.tickMs);
    this.timeline = this.attention.timeline;
    this.listeners = new StateListeners(this.log);
    this.tickTimer = this.timers.setInterval(() => this.tick(), this.tickMs);
  }

  /** Who this window records as (owner.user of its new sessions; imports record the same person). */
  get user(): string | undefined {
    return this.owner.user;
  }

  /**
   * The person new sessions are recorded for (the host resolves it asynchronously, e.g. from git).
   * This window's live sessions take it at their next write, so one person never shows as two.
   */
  setUser(user: string): void {
    if (this.owner.user === user) return;
    this.owner = { ...this.owner, user };
  }

  get settings(): Readonly<TrackerSettings> {
    return this.cfg;
  }

  /** The typing path. */
  record(kind: ActivityKind, info: ActivityInfo = NO_INFO): void {
    if (this.closed) return;
    const a = this.attention;
    const t = a.eventTime(this.cfg.idleTimeoutMs);
    if (!a.focused) {
      // In an unfocused window, events come from builds, debuggers and file watchers, not the person.
      if (kind !== 'focus') return;
      a.focused = true;
    }
    // An event is direct evidence of activity; VS Code's `active` flag may lag behind it.
    a.active = true;
    if (this.paused) return;
    const r = this.router.route(info);
    if (r === null) return;
    const before = r.folder.current;
    const wasEmpty = before?.empty ?? true;
    const slot = this.slotFor(r, t);
    if (!slot) return;
    this.timeline.event(t, slot.buf, r.named, r.rel, info.language, this.cfg.idleTimeoutMs);
    a.lastEventAt = t;
    // A session's first activity turns it from 'none' to 'active': announce it once, not per event.
    if ((slot !== before || wasEmpty) && !slot.empty) this.emit();
  }

  /** VS Code's window state. Losing focus, or `active` going false, is a hint that the person left. */
  windowState(s: WindowSignals): void {
    if (this.closed) return;
    const a = this.attention;
    const was = a.focused && a.active;
    a.focused = s.focused;
    a.active = s.active ?? true;
    const now = a.focused && a.active;
    if (was && !now) this.timeline.hint(a.now(), this.cfg.idleTimeoutMs);
    else if (!was && now) this.record('focus');
  }

  async pause(): Promise<boolean> {
    if (this.closed || this.paused) return true;
    // A command is not work: the stretch ends at the last editor event, not now.
    this.timeline.close();
    this.setPaused(true, this.now());
    return this.flush();
  }

  async resume(): Promise<boolean> {
    if (this.closed || !this.paused) return true;
    // Resuming is not work either: the next editor event opens the next stretch.
    this.setPaused(false, this.now());
    return this.flush();
  }

  /** Ends the folder's session (default: the most recent folder's) and starts a new one now. */
  async startNew(label?: string, folderKey?: string): Promise<boolean> {
    if (this.closed) return false;
    const f = this.target(folderKey);
    if (!f) throw new Error(folderKey !== undefined ? `No workspace folder "${folderKey}"` : 'No workspace folder to start a session in');
    const t = this.now();
    if (this.paused) this.setPaused(false, t);
    this.timeline.close();
    this.endSession(f, 'user', t);
    const slot = (f.current = new SessionSlot(t, normalizeLabel(label)));
    this.router.recent = f;
    this.router.invalidate();
    this.timeline.event(t, slot.buf, false, undefined, undefined, this.cfg.idleTimeoutMs);
    this.emit();
    return this.flush();
  }

  /** Ends the sessions (of one folder, or all). With autoStart, the next activity starts a new one. */
  async end(reason: EndReason = 'user', folderKey?: string): Promise<boolean> {
    if (this.closed) return false;
    const t = this.now();
    // The time since the last editor event (reading the menu, say) is not counted.
    this.timeline.close();
    const targets = folderKey !== undefined ? [this.router.live(folderKey)] : this.router.liveFolders();
    for (const f of targets) if (f) this.endSession(f, reason, t);
    // Nothing left to be paused: the next session starts counting.
    if (this.paused && this.folders().every((f) => !f.current)) this.paused = false;
    this.emit();
    return this.flush();
  }

  /** Writes everything that changed now, ignoring the interval and any back-off. True when all is saved. */
  async flush(): Promise<boolean> {
    await this.runFlush(true);
    // Whether what was recorded before the call is saved: an event that arrives while the write is
    // in flight (VS Code sends selection events late) makes memory dirty again, but is not a failure.
    return this.folders().every((f) => f.savedAll());
  }

  /** Labels the folder's current session (default: the most recent folder's); written now. */
  async setLabel(label: string | null, folderKey?: string): Promise<boolean> {
    const slot = this.target(folderKey)?.current;
    if (this.closed || !slot) return false;
    slot.setLabel(normalizeLabel(label));
    this.emit();
    return this.flush();
  }

  /** The label of the folder's current session (default: the most recent folder's), if any. */
  label(folderKey?: string): string | null | undefined {
    return this.target(folderKey)?.current?.label;
  }

  /**
   * The folder's git branch, recorded with its session's next write, and the issue key it names
   * (by default read with the built-in patterns; the host passes its own for `pulse.issuePattern`).
   */
  setBranch(folderKey: string, branch: string | null, issue: string | null = branch ? (issueFromBranch(branch) ?? null) : null): void {
    const f = this.router.live(folderKey);
    if (!f) return;
    f.branch = branch;
    f.issue = issue;
  }

  /** Resolves when every write started so far has finished. */
  whenIdle(): Promise<void> {
    return this.writes.whenIdle();
  }

  updateSettings(next: Partial<TrackerSettings>): void {
    const before = this.cfg;
    this.cfg = checkedSettings({ ...before, ...next }, this.log, before);
    if (before.recordFileNames && !this.cfg.recordFileNames) {
      this.timeline.forgetFile();
      for (const f of this.folders()) f.current?.buf.dropFiles();
    }
    this.router.recordFileNames = this.cfg.recordFileNames;
    this.router.invalidate();
    this.emit();
  }

  addFolder(f: TrackedFolder): void {
    if (!this.closed && this.router.add(f)) this.emit();
  }

  /** A folder left the workspace: its session ends as if its window closed. */
  async removeFolder(key: string): Promise<boolean> {
    const f = this.router.live(key);
    if (!f) return true;
    this.endSession(f, 'window-closed', this.now());
    this.router.markRemoved(f);
    return this.flush();
  }

  status(folderKey?: string): TrackerStatus {
    const st = this.router.status(folderKey, this.paused);
    st.idle = this.attention.idle(this.now(), this.cfg.idleTimeoutMs);
    return st;
  }

  /** Every session this window owns and still writes (ended ones with a pending write included). */
  ownedSessionIds(): Set<string> {
    return new Set(this.folders().flatMap((f) => f.ownedIds()));
  }

  /** Session started or ended, paused, resumed, written, failing or recovered. Not per event. */
  onDidChangeState(listener: (s: TrackerStatus) => void): Disposable {
    return this.listeners.add(listener);
  }

  /**
   * The window is closing (VS Code's `deactivate`, which allows about 5 s): every session ends with
   * `window-closed`, in one write each where possible, racing a deadline.
   */
  async shutdown(deadlineMs = 4000): Promise<boolean> {
    if (this.closed) return false;
    const t = this.now();
    this.timeline.hint(t, this.cfg.idleTimeoutMs);
    for (const f of this.folders()) this.endSession(f, 'window-closed', t);
    this.closed = true;
    this.tickTimer.dispose();
    const saved = await withDeadline(this.flush(), deadlineMs, this.timers, false);
    if (!saved) this.log.warn('Some session activity could not be saved before the window closed.');
    this.listeners.clear();
    return saved;
  }

  /** Stops the timer and drops listeners without writing (shutdown() is the orderly way out). */
  dispose(): void {
    this.closed = true;
    this.tickTimer.dispose();
    this.listeners.clear();
  }

  private tick(): void {
    if (this.closed) return;
    const wall = this.clock.now();
    this.attention.checkClock(wall);
    const t = this.now();
    if (!this.paused) {
      for (const f of this.folders()) {
        const slot = f.current;
        if (pastSessionGap(slot, t, this.cfg)) this.endSession(f, 'idle', t);
      }
    }
    if (this.writes.busy) return;
    if (!this.folders().some((f) => f.hasDue(wall, this.cfg))) return;
    void this.runFlush(false);
  }

  /** Session time: the wall clock, plus how far it was set back while work went on. */
  private now(): number {
    return this.attention.now();
  }

  private slotFor(r: Route, t: number): SessionSlot | undefined {
    return slotForEvent(r, t, this.cfg, this.router, (f) => this.endSession(f, 'idle', t));
  }

  private endSession(f: FolderSessions, reason: EndReason, t: number): void {
    if (!f.current) return;
    this.timeline.release(f.current.buf);
    f.end(reason, t);
    this.emit();
  }

  private setPaused(paused: boolean, t: number): void {
    this.paused = paused;
    for (const f of this.folders()) f.current?.setPaused(paused, t);
    this.emit();
  }

  private runFlush(force: boolean): Promise<void> {
    const ctx = { owner: this.owner, log: this.log, settings: this.cfg, timeline: this.timeline };
    return this.writes.run(() => writePass(this.router, this.clock.now(), force, ctx), () => this.emit());
  }

  private emit(): void {
    if (this.listeners.size > 0) this.listeners.emit(this.status());
  }

  /** Every folder, removed ones included: their last writes are still owed. */
  private folders(): FolderSessions[] {
    return this.router.everyFolder();
  }

  private target(folderKey: string | undefined): FolderSessions | undefined {
    return folderKey !== undefined ? this.router.live(folderKey) : this.router.fallback();
  }
}
