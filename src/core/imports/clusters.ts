// Groups a stream of heartbeats into sessions, per project, by the session gap. Only the open
// session of each project is held in memory, compactly (beatColumns.ts), and a session is handed on
// the moment a heartbeat past its gap arrives, so a year of history costs one session's worth, not a
// file's. Heartbeats may arrive oldest first (WakaTime, Wakapi), newest first (ActivityWatch) or a
// little shuffled within a session; one that belongs to a session already handed on is refused.
import { PulseError } from '../errors';
import { iso } from '../time';
import { BeatColumns } from './beatColumns';

/** One heartbeat or event of the source, already checked and in Pulse's terms. */
export interface SourceBeat {
  /** Epoch ms. */
  time: number;
  /** Epoch ms: the end of an interval event (ActivityWatch). Undefined for a point heartbeat. */
  end?: number;
  project: string | null;
  /** The source's file path (absolute or relative), or null. */
  entity: string | null;
  language: string | null;
  branch: string | null;
  /** The project's root folder, when the source names it (ActivityWatch). */
  root?: string | null;
}

export interface Cluster {
  project: string | null;
  beats: BeatColumns;
}

interface Open {
  beats: BeatColumns;
  min: number;
  max: number;
}

const endOf = (b: SourceBeat): number => b.end ?? b.time;

export class SessionClusters {
  private readonly open = new Map<string | null, Open>();
  /** [start, end] of every session handed on, per project: two numbers per session. */
  private readonly done = new Map<string | null, Ranges>();

  constructor(private readonly sessionGapMs: number) {}

  /** Adds a heartbeat; answers the project's session it closed, if it is past that one's gap. */
  add(b: SourceBeat): Cluster | undefined {
    const o = this.open.get(b.project);
    const end = endOf(b);
    if (o && b.time <= o.max + this.sessionGapMs && end >= o.min - this.sessionGapMs) {
      o.beats.push(b);
      o.min = Math.min(o.min, b.time);
      o.max = Math.max(o.max, end);
      return undefined;
    }
    const closed = o ? this.close(b.project, o) : undefined;
    this.checkNotInDone(b);
    const beats = new BeatColumns();
    beats.push(b);
    this.open.set(b.project, { beats, min: b.time, max: end });
    return closed;
  }

  get hasOpen(): boolean {
    return this.open.size > 0;
  }

  /** Hands on one open session (at the end of the file); undefined when none is open. */
  closeOne(): Cluster | undefined {
    const first = this.open.entries().next();
    return first.done ? undefined : this.close(first.value[0], first.value[1]);
  }

  private close(project: string | null, o: Open): Cluster {
    this.open.delete(project);
    let ranges = this.done.get(project);
    if (!ranges) this.done.set(project, (ranges = new Ranges()));
    ranges.insert(o.min, o.max);
    return { project, beats: o.beats };
  }

  private checkNotInDone(b: SourceBeat): void {
    const near = this.done.get(b.project)?.near(b.time, endOf(b), this.sessionGapMs);
    if (near !== undefined) {
      throw new PulseError(
        'EINVALID',
        `heartbeats are not in time order: one at ${iso(b.time)} belongs to a session that ended at ${iso(near)}, long before it in the file; nothing was imported`,
      );
    }
  }
}

/** Sorted [start, end] pairs in one growing Float64Array: 16 bytes a session. */
class Ranges {
  private a = new Float64Array(32);
  private n = 0;

  insert(start: number, end: number): void {
    if (2 * this.n === this.a.length) {
      const grown = new Float64Array(this.a.length * 2);
      grown.set(this.a);
      this.a = grown;
    }
    const i = this.insertAt(start);
    this.a.copyWithin(2 * i + 2, 2 * i, 2 * this.n);
    this.a[2 * i] = start;
    this.a[2 * i + 1] = end;
    this.n++;
  }

  /** The end of a range on either side of [time, end] that lies within the gap of it, if any. */
  near(time: number, end: number, gap: number): number | undefined {
    const i = this.insertAt(time);
    for (const j of [i - 1, i]) {
      if (j < 0 || j >= this.n) continue;
      if (time <= this.a[2 * j + 1]! + gap && end >= this.a[2 * j]! - gap) return this.a[2 * j + 1]!;
    }
    return undefined;
  }

  /** Index of the first range starting after t (binary search). */
  private insertAt(t: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.a[2 * mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
