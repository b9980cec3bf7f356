// One session's activity since its last successful write, in memory. The typing path only moves
// `openEnd`; everything else happens when the context changes or at a flush.
import type { Interval } from '../session/segments';
import type { ActivityDelta } from '../session/session';
import type { DeltaSpan } from '../session/spans';

/**
 * Distinct files kept per buffer (one flush interval, or longer while the store is failing). Time on
 * further files still counts in the segments, so in `activeSeconds`, but not in the per-file map:
 * memory stays bounded however many files a script touches.
 */
export const MAX_FILES = 1000;
/** Distinct languages kept per buffer, for the same reason. */
export const MAX_LANGUAGES = 200;
/** Attributed stretches kept per buffer; beyond this the time counts in the segments but per key no more. */
export const MAX_BUFFER_SPANS = 2000;

export class ActivityBuffer {
  private closed: [number, number][] = [];
  /** The open segment, or NaN when there is none. */
  private openStart = NaN;
  private openEnd = NaN;
  private files = new Map<string, number>();
  private languages = new Map<string, number>();
  private spans: DeltaSpan[] = [];
  /** Something happened since the last take(). */
  dirty = false;
  /** The last instant of activity ever seen by this buffer (survives take()). */
  lastEnd = -Infinity;

  get isOpen(): boolean {
    return this.openStart === this.openStart; // NaN is the only value not equal to itself
  }

  /** Opens a segment at t, closing any open one. */
  open(t: number): void {
    this.close();
    this.openStart = t;
    this.openEnd = t;
    this.dirty = true;
    if (t > this.lastEnd) this.lastEnd = t;
  }

  /** The hot path: the open segment now reaches t. */
  extendTo(t: number): void {
    this.openEnd = t;
    this.dirty = true;
    if (t > this.lastEnd) this.lastEnd = t;
  }

  close(): void {
    if (!this.isOpen) return;
    this.closed.push([this.openStart, this.openEnd]);
    this.openStart = NaN;
    this.openEnd = NaN;
  }

  /** Credits the work of [start, end] to a file and a language (either may be unknown). */
  credit(file: string | undefined, language: string | undefined, start: number, end: number): void {
    const msValue = end - start;
    if (msValue <= 0) return;
    if (file !== undefined) addCapped(this.files, file, msValue, MAX_FILES);
    if (language !== undefined) addCapped(this.languages, language, msValue, MAX_LANGUAGES);
    if (this.spans.length < MAX_BUFFER_SPANS) this.spans.push([start, end, language, file]);
    this.dirty = true;
  }

  /** Privacy: the recordFileNames setting was turned off; unwritten file names are forgotten. */
  dropFiles(): void {
    this.files.clear();
    this.spans = this.spans.map(([a, b, language]) => [a, b, language, undefined]);
  }

  /** Milliseconds in the segments not yet written. */
  unflushedMs(): number {
    let sum = this.isOpen ? this.openEnd - this.openStart : 0;
    for (const [a, b] of this.closed) sum += b - a;
    return sum;
  }

  /**
   * Hands the unwritten activity to a writer, or undefined when nothing happened. An open segment
   * stays open from its current end, so the next take() continues it (touching intervals merge).
   */
  take(): ActivityDelta | undefined {
    if (!this.dirty) return undefined;
    const segments: Interval[] = this.closed;
    if (this.isOpen) {
      segments.push([this.openStart, this.openEnd]);
      this.openStart = this.openEnd;
    }
    const delta: ActivityDelta = {
      segments,
      languages: toSeconds(this.languages),
      files: toSeconds(this.files),
      heartbeats: 1,
      spans: this.spans,
    };
    this.closed = [];
    this.spans = [];
    this.files = new Map();
    this.languages = new Map();
    this.dirty = false;
    return delta;
  }

  /** Puts back a delta whose write failed, so nothing is lost. */
  restore(d: ActivityDelta): void {
    this.closed = [...d.segments.map(([a, b]) => [a, b] as [number, number]), ...this.closed];
    for (const [k, v] of Object.entries(d.files)) addCapped(this.files, k, v * 1000, MAX_FILES);
    for (const [k, v] of Object.entries(d.languages)) addCapped(this.languages, k, v * 1000, MAX_LANGUAGES);
    this.spans = [...(d.spans ?? []), ...this.spans];
    for (const [, b] of d.segments) if (b > this.lastEnd) this.lastEnd = b;
    this.dirty = true;
  }
}

function addCapped(map: Map<string, number>, key: string, msValue: number, cap: number): void {
  const cur = map.get(key);
  if (cur !== undefined) map.set(key, cur + msValue);
  else if (map.size < cap) map.set(key, msValue);
}

function toSeconds(map: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of map) out[k] = v / 1000;
  return out;
}

/** The earliest start in a delta: the start of a session created from it. */
export function firstStart(d: ActivityDelta): number | undefined {
  let min: number | undefined;
  for (const [a] of d.segments) if (min === undefined || a < min) min = a;
  return min;
}
