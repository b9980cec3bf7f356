// Activity intervals in epoch ms. Kept sorted and disjoint; touching intervals merge.

export type Interval = readonly [number, number];

/** The union of any intervals, sorted, with overlapping or touching ones merged. */
export function union(intervals: Iterable<Interval>): Interval[] {
  const sorted = [...intervals].filter(([a, b]) => b >= a).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function totalMs(intervals: Iterable<Interval>): number {
  let sum = 0;
  for (const [a, b] of intervals) sum += b - a;
  return sum;
}

/** Clips intervals to [from, to). */
export function clip(intervals: Iterable<Interval>, from: number, to: number): Interval[] {
  const out: Interval[] = [];
  for (const [a, b] of intervals) {
    const s = Math.max(a, from);
    const e = Math.min(b, to);
    if (e > s) out.push([s, e]);
  }
  return out;
}

/** Seconds with millisecond precision, as stored in files. */
export function toSeconds(msValue: number): number {
  return Math.round(msValue) / 1000;
}
