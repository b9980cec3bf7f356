// The heartbeats of one open session, kept compact while the file is read: times in typed arrays and
// each string once per session (a session names the same few files, languages and branch hundreds of
// times). 24 bytes a heartbeat (32 with interval ends) and room to grow, against some 200 as objects
// with strings of their own, so the session held in memory stays well under its size in the file.
import type { SourceBeat } from './clusters';

const NONE = -1;
/** entity, language, branch, root: one string reference each per heartbeat. */
const REFS = 4;

export class BeatColumns {
  private times = new Float64Array(64);
  /** Interval ends (ActivityWatch); made on the first interval, NaN for a point heartbeat. */
  private ends: Float64Array | undefined;
  private refs = new Int32Array(64 * REFS);
  private readonly strings: string[] = [];
  private readonly ids = new Map<string, number>();
  private n = 0;

  get length(): number {
    return this.n;
  }

  push(b: SourceBeat): void {
    if (this.n === this.times.length) this.grow();
    const i = this.n++;
    this.times[i] = b.time;
    if (b.end !== undefined) {
      this.ends ??= new Float64Array(this.times.length).fill(NaN);
      this.ends[i] = b.end;
    } else if (this.ends) this.ends[i] = NaN;
    this.refs[i * REFS] = this.intern(b.entity);
    this.refs[i * REFS + 1] = this.intern(b.language);
    this.refs[i * REFS + 2] = this.intern(b.branch);
    this.refs[i * REFS + 3] = this.intern(b.root ?? null);
  }

  time(i: number): number {
    return this.times[i]!;
  }

  /** The end of an interval event, undefined for a point heartbeat. */
  end(i: number): number | undefined {
    const e = this.ends?.[i];
    return e === undefined || Number.isNaN(e) ? undefined : e;
  }

  entity(i: number): string | null {
    return this.text(this.refs[i * REFS]!);
  }

  language(i: number): string | null {
    return this.text(this.refs[i * REFS + 1]!);
  }

  branch(i: number): string | null {
    return this.text(this.refs[i * REFS + 2]!);
  }

  root(i: number): string | null {
    return this.text(this.refs[i * REFS + 3]!);
  }

  /**
   * The heartbeats in time order (then by end, then as they came), without exact repeats (same
   * instant, same end, same file): indices into this session.
   */
  timeOrder(): Uint32Array {
    const order = new Uint32Array(this.n);
    for (let i = 0; i < this.n; i++) order[i] = i;
    const endOr = (i: number): number => this.end(i) ?? this.times[i]!;
    order.sort((a, b) => this.times[a]! - this.times[b]! || endOr(a) - endOr(b) || a - b);
    let kept = 0;
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      const prev = kept > 0 ? order[kept - 1]! : undefined;
      if (prev !== undefined && this.times[prev] === this.times[i] && this.end(prev) === this.end(i) && this.refs[prev * REFS] === this.refs[i * REFS]) continue;
      order[kept++] = i;
    }
    return order.subarray(0, kept);
  }

  private intern(s: string | null): number {
    if (s === null) return NONE;
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.push(s) - 1;
      this.ids.set(s, id);
    }
    return id;
  }

  private text(id: number): string | null {
    return id === NONE ? null : this.strings[id]!;
  }

  private grow(): void {
    const size = this.times.length * 2;
    const times = new Float64Array(size);
    times.set(this.times);
    this.times = times;
    if (this.ends) {
      const ends = new Float64Array(size).fill(NaN);
      ends.set(this.ends);
      this.ends = ends;
    }
    const refs = new Int32Array(size * REFS);
    refs.set(this.refs);
    this.refs = refs;
  }
}
