// Attributed time: which language, file and branch each stretch of a session went to. Stored as
// spans of ms offsets from `startedAt` pointing into an interned key table, so an hour of typing
// across many files stays a few KB. Spans only ever grow forwards: time within a session never
// runs backwards, so a span that starts before the last one ends is cut to what is new.
import { ms } from '../time';
import type { Session } from './schema';

/** [language, file, branch]; null when not known or not recorded. */
export type SpanKey = readonly [string | null, string | null, string | null];

/** A stretch of attributed work in epoch ms. */
export interface Span {
  start: number;
  end: number;
  key: SpanKey;
}

/** A delta's stretch: [start, end] in epoch ms, with the language and file it went to. */
export type DeltaSpan = readonly [number, number, string | undefined, string | undefined];

/**
 * Spans kept per session. Beyond this the time still counts in the segments (so in the totals),
 * but no longer per key: a script touching a new file every second cannot grow a file without bound.
 */
export const MAX_SPANS = 20_000;
const NO_KEY: SpanKey = [null, null, null];

/** The session's spans in epoch ms, or undefined for a file written before spans existed. */
export function spansOf(s: Session): Span[] | undefined {
  if (!s.spans) return undefined;
  const base = ms(s.startedAt);
  const keys = s.spanKeys ?? [];
  return s.spans.map(([a, b, k]) => ({ start: base + a, end: base + b, key: keys[k] ?? NO_KEY }));
}

/** Builds a session's spans forwards, interning keys; see appendSpans. */
export class SpanBuilder {
  readonly spans: [number, number, number][];
  readonly keys: [string | null, string | null, string | null][];
  private readonly index: Map<string, number>;

  constructor(
    private readonly base: number,
    from: Pick<Session, 'spans' | 'spanKeys'> = {},
  ) {
    this.spans = (from.spans ?? []).map((x) => [...x]);
    this.keys = (from.spanKeys ?? []).map((k) => [...k]);
    this.index = new Map(this.keys.map((k, i) => [JSON.stringify(k), i]));
  }

  add(a0: number, b0: number, key: [string | null, string | null, string | null]): void {
    const last = this.spans[this.spans.length - 1];
    const a = Math.max(a0 - this.base, last ? last[1] : -Infinity);
    const b = b0 - this.base;
    if (b <= a) return;
    const id = JSON.stringify(key);
    let k = this.index.get(id);
    if (k === undefined) {
      k = this.keys.push(key) - 1;
      this.index.set(id, k);
    }
    if (last && last[1] === a && last[2] === k) last[1] = b;
    else if (this.spans.length < MAX_SPANS) this.spans.push([a, b, k]);
  }

  result(): Pick<Session, 'spans' | 'spanKeys'> {
    return { spans: this.spans, spanKeys: this.keys };
  }
}

/**
 * Appends stretches to a session's spans, interning their keys. A stretch that continues the last
 * span with the same key extends it; any part before the last span's end is already attributed and
 * is dropped.
 */
export function appendSpans(s: Session, add: readonly DeltaSpan[], branch: string | null): Pick<Session, 'spans' | 'spanKeys'> {
  const b = new SpanBuilder(ms(s.startedAt), s);
  for (const [start, end, language, file] of add) b.add(start, end, [language ?? null, file ?? null, branch]);
  return b.result();
}

/**
 * The spans of two sessions as one (a merge), re-based on `startedAt`; time both cover is kept once.
 * When either has no spans (an older file), the merge has none either.
 */
export function mergedSpans(a: Session, b: Session, startedAt: string): Pick<Session, 'spans' | 'spanKeys'> | undefined {
  const sa = spansOf(a);
  const sb = spansOf(b);
  if (!sa || !sb) return undefined;
  const out = new SpanBuilder(ms(startedAt));
  for (const x of [...sa, ...sb].sort((p, q) => p.start - q.start)) out.add(x.start, x.end, [...x.key]);
  return out.result();
}
