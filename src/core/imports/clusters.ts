// Groups a stream of heartbeats into sessions, per project, by the session gap. Only the open
// session of each project is held in memory, so a year of history costs one session's worth, not a
// file's. Heartbeats may arrive oldest first (WakaTime, Wakapi), newest first (ActivityWatch) or a
// little shuffled within a session; one that belongs to a session already handed on is refused.
import { PulseError } from '../errors';
import { iso } from '../time';

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
  beats: SourceBeat[];
}

interface Open {
  beats: SourceBeat[];
  min: number;
  max: number;
}

const endOf = (b: SourceBeat): number => b.end ?? b.time;

export class SessionClusters {
  private readonly open = new Map<string | null, Open>();
  /** [start, end] of every session handed on, per project, sorted by start: a few numbers per session. */
  private readonly done = new Map<string | null, [number, number][]>();

  constructor(
    private readonly sessionGapMs: number,
    private readonly emit: (c: Cluster) => void,
  ) {}

  add(b: SourceBeat): void {
    const o = this.open.get(b.project);
    const end = endOf(b);
    if (o && b.time <= o.max + this.sessionGapMs && end >= o.min - this.sessionGapMs) {
      o.beats.push(b);
      o.min = Math.min(o.min, b.time);
      o.max = Math.max(o.max, end);
      return;
    }
    if (o) this.close(b.project, o);
    this.checkNotInDone(b);
    this.open.set(b.project, { beats: [b], min: b.time, max: end });
  }

  /** Hands on every open session. */
  flush(): void {
    for (const [project, o] of this.open) this.close(project, o);
    this.open.clear();
  }

  private close(project: string | null, o: Open): void {
    this.open.delete(project);
    const list = this.done.get(project) ?? [];
    list.splice(insertAt(list, o.min), 0, [o.min, o.max]);
    this.done.set(project, list);
    this.emit({ project, beats: o.beats });
  }

  private checkNotInDone(b: SourceBeat): void {
    const list = this.done.get(b.project);
    if (!list || list.length === 0) return;
    const i = insertAt(list, b.time);
    const gap = this.sessionGapMs;
    const near = [list[i - 1], list[i]].find((r) => r && b.time <= r[1] + gap && endOf(b) >= r[0] - gap);
    if (near) {
      throw new PulseError(
        'EINVALID',
        `heartbeats are not in time order: one at ${iso(b.time)} belongs to a session that ended at ${iso(near[1])}, long before it in the file; nothing was imported`,
      );
    }
  }
}

/** Index of the first range starting after t (binary search). */
function insertAt(list: readonly [number, number][], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]![0] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
