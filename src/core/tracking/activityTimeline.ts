// One window's single line of attention. The gap between two events is work when it is at most the
// idle timeout, and it belongs to where the person was during it: the folder, file and language of
// the earlier event. So a window with several folders never counts the same minute twice.
// Time never runs backwards here: an event earlier than the last one (clock jitter, or a step the
// tracker has not yet turned into session time) extends nothing, opens nothing and loses nothing.
import type { ActivityBuffer } from './activityBuffer';

export class ActivityTimeline {
  /** The buffer holding the open segment, if any. */
  private open: ActivityBuffer | undefined;
  /** The buffer the file and language context belongs to (stays after the segment closes). */
  private ctx: ActivityBuffer | undefined;
  private last = 0;
  private file: string | undefined;
  private language: string | undefined;
  /** Work on (file, language) not yet credited to `ctx`, [pendStart, pendEnd]: two numbers per event. */
  private pendingMs = 0;
  private pendStart = 0;
  private pendEnd = 0;

  /** True when `buf` may hold uncredited work (commit() before taking it). */
  owns(buf: ActivityBuffer): boolean {
    return this.ctx === buf;
  }

  /**
   * An event at t that goes to `buf`. `named` says whether the event names a file: only those change
   * the file and language the following time is credited to.
   */
  event(t: number, buf: ActivityBuffer, named: boolean, file: string | undefined, language: string | undefined, idleTimeoutMs: number): void {
    const cur = this.open;
    if (t < this.last) t = this.last;
    if (cur !== undefined && t - this.last <= idleTimeoutMs) {
      this.pending(this.last, t);
      cur.extendTo(t);
      if (cur !== buf) {
        // Moving to another folder's session: the old one's segment ends where this one's starts.
        this.commit();
        cur.close();
        buf.open(t);
      }
    } else {
      // First event, or a gap longer than the idle timeout.
      this.commit();
      cur?.close();
      buf.open(t);
    }
    if (buf !== this.ctx) {
      this.commit();
      this.file = undefined;
      this.language = undefined;
    }
    if (named && (file !== this.file || language !== this.language)) {
      this.commit();
      this.file = file;
      this.language = language;
    }
    this.open = buf;
    this.ctx = buf;
    this.last = t;
  }

  /**
   * An idle hint at t (focus lost, window inactive, pause, window closing): the person was here
   * until t if the gap allows it, and nothing after t counts until the next event.
   */
  hint(t: number, idleTimeoutMs: number): void {
    const cur = this.open;
    if (cur !== undefined && t >= this.last && t - this.last <= idleTimeoutMs) {
      this.pending(this.last, t);
      cur.extendTo(t);
      this.last = t;
    }
    this.close();
  }

  /** The last event's time: where a stretch ends when a command (pause, end) closes it. */
  get lastEvent(): number {
    return this.last;
  }

  /** Ends the open segment at the last event (sleep detected, pause, session ended). */
  close(): void {
    this.commit();
    this.open?.close();
    this.open = undefined;
  }

  /** A buffer that leaves (its session ended): it must not receive credit any more. */
  release(buf: ActivityBuffer): void {
    if (this.ctx !== buf) return;
    this.close();
    this.ctx = undefined;
  }

  /** Credits the pending work to the context's buffer; called before that buffer is taken. */
  commit(): void {
    if (this.pendingMs > 0 && this.ctx !== undefined) this.ctx.credit(this.file, this.language, this.pendStart, this.pendEnd);
    this.pendingMs = 0;
  }

  /** [from, to] was work on the current file and language; it continues the pending stretch. */
  private pending(from: number, to: number): void {
    if (to <= from) return;
    if (this.pendingMs > 0 && from !== this.pendEnd) this.commit();
    if (this.pendingMs === 0) this.pendStart = from;
    this.pendingMs += to - from;
    this.pendEnd = to;
  }

  /** Privacy: forget the current file name (recordFileNames turned off). */
  forgetFile(): void {
    this.commit();
    this.file = undefined;
  }
}
