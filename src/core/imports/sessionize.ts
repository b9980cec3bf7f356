// One cluster of source heartbeats -> one finished Pulse session, by the tracker's own rules: the idle
// timeout joins consecutive heartbeats into segments, and the time between two heartbeats goes to the
// earlier one's language, file and branch. Interval events (ActivityWatch) are segments already.
import { createHash } from 'node:crypto';
import { iso } from '../time';
import { union, totalMs, toSeconds, type Interval } from '../session/segments';
import { SCHEMA_VERSION, type Session } from '../session/schema';
import { issueFromBranch } from '../session/issueKey';
import { relativePath } from './paths';
import { appendSpans, type DeltaSpan } from '../session/spans';
import type { Cluster, SourceBeat } from './clusters';

export interface SessionizeOptions {
  idleTimeoutMs: number;
  tool: string;
  /** The imported file's base name. */
  file: string;
  importedAt: number;
  issuePattern?: RegExp | undefined;
  /** The person importing: their history, counted as one person with their own sessions. */
  user?: string | undefined;
}

export interface Sessionized {
  session: Session;
  /** Heartbeats left out as exact repeats of another (same time, same file). */
  duplicates: number;
  /** Heartbeats whose absolute path is outside their project: their time counts, their file is not named. */
  droppedPaths: number;
}

export function sessionize(c: Cluster, o: SessionizeOptions): Sessionized {
  const { beats, duplicates } = dedupe(c.beats);
  const credit = new Credit();
  const spans: Interval[] = [];
  let droppedPaths = 0;
  const fileOf = (b: SourceBeat): string | null => {
    if (b.entity === null) return null;
    const rel = relativePath(b.entity, c.project, b.root ?? null);
    if (rel === undefined) droppedPaths++;
    return rel ?? null;
  };
  let covered = -Infinity;
  const stretches: Stretch[] = [];
  beats.forEach((b, i) => {
    const file = fileOf(b);
    let from: number;
    let to: number;
    if (b.end !== undefined) {
      // An interval: only the part not already covered by an earlier event is new time.
      from = Math.max(b.time, covered);
      to = b.end;
      spans.push([b.time, b.end]);
    } else {
      const next = beats[i + 1];
      const joins = next !== undefined && next.time - b.time <= o.idleTimeoutMs;
      from = b.time;
      to = joins ? next.time : b.time;
      spans.push([from, to]);
    }
    if (to > from) {
      credit.add(b, file, to - from);
      stretches.push({ span: [from, to, b.language ?? undefined, file ?? undefined], branch: b.branch });
    }
    covered = Math.max(covered, to);
  });
  const segments = union(spans);
  const first = segments[0]![0];
  const last = segments[segments.length - 1]![1];
  const branch = credit.topBranch() ?? beats[beats.length - 1]!.branch;
  const session: Session = {
    schemaVersion: SCHEMA_VERSION,
    id: importedId(c, beats, first),
    status: 'completed',
    startedAt: iso(first),
    lastHeartbeat: iso(last),
    lastActivity: iso(last),
    endedAt: iso(last),
    closedAt: iso(Math.max(o.importedAt, last)),
    // The source's session ended because the person stopped: the session gap passed.
    endReason: 'idle',
    owner: { host: 'imported', pid: 0, instance: `import-${o.tool}`, ...(o.user ? { user: o.user } : {}) },
    revision: 1,
    heartbeats: beats.length,
    segments: segments.map(([a, b]) => [iso(a), iso(b)] as [string, string]),
    activeSeconds: toSeconds(totalMs(segments)),
    languages: credit.languages,
    files: credit.files,
    branch,
    ...attributed(iso(first), stretches),
    label: null,
    previousSessionId: null,
    project: c.project,
    issue: branch ? (issueFromBranch(branch, o.issuePattern) ?? null) : null,
    source: { tool: o.tool, file: o.file, importedAt: iso(o.importedAt) },
  };
  return { session, duplicates, droppedPaths };
}

interface Stretch {
  span: DeltaSpan;
  branch: string | null;
}

/** The session's attributed spans (which language, file and branch each stretch went to), in order. */
function attributed(startedAt: string, stretches: readonly Stretch[]): Pick<Session, 'spans' | 'spanKeys'> {
  let out: Pick<Session, 'spans' | 'spanKeys'> = { spans: [], spanKeys: [] };
  // One call per run of the same branch: appendSpans takes one branch for all it is given.
  for (let i = 0; i < stretches.length; ) {
    let j = i;
    while (j < stretches.length && stretches[j]!.branch === stretches[i]!.branch) j++;
    out = appendSpans({ startedAt, ...out } as Session, stretches.slice(i, j).map((s) => s.span), stretches[i]!.branch);
    i = j;
  }
  return out;
}

/** Sorted by time; a heartbeat repeated exactly (same instant, same file) counts once. */
function dedupe(input: SourceBeat[]): { beats: SourceBeat[]; duplicates: number } {
  const sorted = [...input].sort((a, b) => a.time - b.time || (a.end ?? a.time) - (b.end ?? b.time));
  const beats: SourceBeat[] = [];
  for (const b of sorted) {
    const prev = beats[beats.length - 1];
    if (prev && prev.time === b.time && prev.end === b.end && prev.entity === b.entity) continue;
    beats.push(b);
  }
  return { beats, duplicates: input.length - beats.length };
}

/**
 * Derived from what the session holds, never from the file's name or the time of the import, so the
 * same history imported twice (or from a second copy of the dump) gets the same ids and adds nothing.
 * The time stamp in front keeps Pulse's id order (ids sort by start time) and archive month.
 */
function importedId(c: Cluster, beats: readonly SourceBeat[], start: number): string {
  const h = createHash('sha256').update(`${c.project ?? ''}\n`);
  for (const b of beats) h.update(`${b.time}|${b.end ?? ''}|${b.entity ?? ''}|${b.language ?? ''}|${b.branch ?? ''}\n`);
  const digest = h.digest('base64url').replace(/[-_]/g, 'x').slice(0, 16);
  return `${iso(start).replace(/[-:.]/g, '')}-imp${digest}`;
}

/** Milliseconds per language, file and branch, kept as seconds the way session files store them. */
class Credit {
  readonly languages: Record<string, number> = {};
  readonly files: Record<string, number> = {};
  private readonly branches = new Map<string, number>();

  add(b: SourceBeat, file: string | null, msValue: number): void {
    if (b.language) this.languages[b.language] = toSeconds((this.languages[b.language] ?? 0) * 1000 + msValue);
    if (file) this.files[file] = toSeconds((this.files[file] ?? 0) * 1000 + msValue);
    if (b.branch) this.branches.set(b.branch, (this.branches.get(b.branch) ?? 0) + msValue);
  }

  /** The session has one branch field: the branch most of its time went to. */
  topBranch(): string | null {
    let best: string | null = null;
    let most = -1;
    for (const [k, v] of this.branches) {
      if (v > most) [best, most] = [k, v];
    }
    return best;
  }
}
