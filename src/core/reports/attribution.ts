// Per-key time (language, file, branch) for any range: every session's attributed stretches, clipped
// to the range, and united so that an instant counts once. When stretches of several sessions
// (two windows, two machines) cover the same instant, it goes to the stretch that began last: the
// one the person most recently turned to. Ties go to the later session id.
//
// A group key can be passed in: instants are united within a group and groups add up (one person's
// windows never double, two people's time adds). By default every session is in one group.
import { clip, toSeconds } from '../session/segments';
import { segmentsOf } from '../session/session';
import { spansOf } from '../session/spans';
import type { Session } from '../session/schema';

export interface KeyTotals {
  languages: Record<string, number>;
  files: Record<string, number>;
  branches: Record<string, number>;
}

/** A key and the share of each instant of a piece it gets (1 for recorded spans). */
type Shares = readonly (readonly [string, number])[];

interface Piece {
  start: number;
  end: number;
  /** Which piece wins an instant several cover: the later rank, then the later tie. */
  rank: number;
  tie: string;
  languages: Shares;
  files: Shares;
  branches: Shares;
}

export type GroupOf = (s: Session) => string;
const ONE_GROUP: GroupOf = () => '';

const one = (k: string | null): Shares => (k === null ? [] : [[k, 1]]);

/**
 * A file written before spans existed has only session-wide maps: each key gets the share of every
 * instant that its seconds are of the session's active time (never more than all of it), so its
 * per-key totals are clipped in proportion to the segments' overlap with the range.
 */
function prorated(map: Record<string, number>, activeSeconds: number): Shares {
  const sum = Object.values(map).reduce((a, b) => a + b, 0);
  const whole = Math.max(activeSeconds, sum);
  return whole > 0 ? Object.entries(map).filter(([, v]) => v > 0).map(([k, v]) => [k, v / whole] as const) : [];
}

function piecesOf(s: Session, from: number, to: number): Piece[] {
  const spans = spansOf(s);
  const out: Piece[] = [];
  // No spans at all (an older file, or one another tool wrote with only the maps): prorate the maps.
  if (spans && spans.length > 0) {
    for (const sp of spans) {
      const a = Math.max(sp.start, from);
      const b = Math.min(sp.end, to);
      if (b > a) out.push({ start: a, end: b, rank: sp.start, tie: s.id, languages: one(sp.key[0]), files: one(sp.key[1]), branches: one(sp.key[2]) });
    }
    return out;
  }
  const languages = prorated(s.languages, s.activeSeconds);
  const files = prorated(s.files, s.activeSeconds);
  const branches = one(s.branch);
  for (const [a, b] of clip(segmentsOf(s), from, to)) out.push({ start: a, end: b, rank: a, tie: s.id, languages, files, branches });
  return out;
}

const wins = (x: Piece, y: Piece): boolean => x.rank > y.rank || (x.rank === y.rank && x.tie > y.tie);

/** A binary max-heap of pieces by `wins`. */
class PieceHeap {
  private readonly h: Piece[] = [];
  get top(): Piece | undefined {
    return this.h[0];
  }
  push(p: Piece): void {
    const h = this.h;
    h.push(p);
    for (let i = h.length - 1; i > 0; ) {
      const up = (i - 1) >> 1;
      if (!wins(h[i]!, h[up]!)) break;
      [h[i], h[up]] = [h[up]!, h[i]!];
      i = up;
    }
  }
  pop(): void {
    const h = this.h;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < h.length && wins(h[l]!, h[best]!)) best = l;
      if (r < h.length && wins(h[r]!, h[best]!)) best = r;
      if (best === i) break;
      [h[i], h[best]] = [h[best]!, h[i]!];
      i = best;
    }
  }
}

/** Gives every covered instant to exactly one piece; calls `take` with each winner and its ms. */
function sweep(pieces: Piece[], take: (p: Piece, msValue: number) => void): void {
  pieces.sort((a, b) => a.start - b.start);
  const cuts = [...new Set(pieces.flatMap((p) => [p.start, p.end]))].sort((a, b) => a - b);
  const heap = new PieceHeap();
  let next = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i]!;
    while (next < pieces.length && pieces[next]!.start <= a) heap.push(pieces[next++]!);
    while (heap.top && heap.top.end <= a) heap.pop();
    if (heap.top) take(heap.top, cuts[i + 1]! - a);
  }
}

function addShares(into: Map<string, number>, shares: Shares, msValue: number): void {
  for (const [k, f] of shares) into.set(k, (into.get(k) ?? 0) + f * msValue);
}

const seconds = (m: Map<string, number>): Record<string, number> => Object.fromEntries([...m].map(([k, v]) => [k, toSeconds(v)]));

/** Per-key totals of [from, to): united within each group, summed across groups. */
export function attributedTotals(sessions: readonly Session[], from: number, to: number, groupOf: GroupOf = ONE_GROUP): KeyTotals {
  const groups = new Map<string, Piece[]>();
  for (const s of sessions) {
    const g = groupOf(s);
    const list = groups.get(g) ?? [];
    list.push(...piecesOf(s, from, to));
    groups.set(g, list);
  }
  const languages = new Map<string, number>();
  const files = new Map<string, number>();
  const branches = new Map<string, number>();
  for (const pieces of groups.values()) {
    sweep(pieces, (p, m) => {
      addShares(languages, p.languages, m);
      addShares(files, p.files, m);
      addShares(branches, p.branches, m);
    });
  }
  return { languages: seconds(languages), files: seconds(files), branches: seconds(branches) };
}
