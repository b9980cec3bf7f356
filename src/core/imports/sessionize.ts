// One cluster of source heartbeats -> one finished Pulse session, by the tracker's own rules: the idle
// timeout joins consecutive heartbeats into segments, and the time between two heartbeats goes to the
// earlier one's language, file and branch. Interval events (ActivityWatch) are segments already.
import { createHash } from 'node:crypto';
import { iso } from '../time';
import { totalMs, toSeconds } from '../session/segments';
import { SCHEMA_VERSION, type Session } from '../session/schema';
import { issueFromBranch } from '../session/issueKey';
import { relativePath } from './paths';
import { SpanBuilder } from '../session/spans';
import type { Cluster } from './clusters';

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
  const order = c.beats.timeOrder();
  const w = walk(c, order, o.idleTimeoutMs);
  const { segments, credit } = w;
  const first = segments[0]![0];
  const last = segments[segments.length - 1]![1];
  const branch = credit.topBranch() ?? c.beats.branch(order[order.length - 1]!);
  const session: Session = {
    schemaVersion: SCHEMA_VERSION,
    id: importedId(c, order, first),
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
    heartbeats: order.length,
    segments: segments.map(([a, b]) => [iso(a), iso(b)] as [string, string]),
    activeSeconds: toSeconds(totalMs(segments)),
    languages: credit.languages,
    files: credit.files,
    branch,
    ...w.spans.result(),
    label: null,
    previousSessionId: null,
    project: c.project,
    issue: branch ? (issueFromBranch(branch, o.issuePattern) ?? null) : null,
    source: { tool: o.tool, file: o.file, importedAt: iso(o.importedAt) },
  };
  return { session, duplicates: c.beats.length - order.length, droppedPaths: w.droppedPaths };
}

interface Walk {
  /** The union of the heartbeats' time, in epoch ms. */
  segments: [number, number][];
  credit: Credit;
  spans: SpanBuilder;
  droppedPaths: number;
}

/**
 * One pass over the heartbeats in time order: each point heartbeat's time runs to the next one if
 * that is within the idle timeout; an interval event is time already, less what an earlier event
 * covered. The time goes to the heartbeat's language, file and branch.
 */
function walk(c: Cluster, order: Uint32Array, idleTimeoutMs: number): Walk {
  const beats = c.beats;
  const w: Walk = { segments: [], credit: new Credit(), spans: new SpanBuilder(beats.time(order[0]!)), droppedPaths: 0 };
  let covered = -Infinity;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const time = beats.time(i);
    const end = beats.end(i);
    const file = fileOf(c, i, w);
    let from = time;
    let to: number;
    if (end !== undefined) {
      from = Math.max(time, covered);
      to = end;
      addSegment(w.segments, time, end);
    } else {
      const next = order[k + 1];
      to = next !== undefined && beats.time(next) - time <= idleTimeoutMs ? beats.time(next) : time;
      addSegment(w.segments, from, to);
    }
    if (to > from) {
      const language = beats.language(i);
      const branch = beats.branch(i);
      w.credit.add(language, branch, file, to - from);
      w.spans.add(from, to, [language, file, branch]);
    }
    covered = Math.max(covered, to);
  }
  return w;
}

/** The heartbeat's file relative to its project; a path outside it is counted, and not named. */
function fileOf(c: Cluster, i: number, w: Walk): string | null {
  const entity = c.beats.entity(i);
  if (entity === null) return null;
  const rel = relativePath(entity, c.project, c.beats.root(i));
  if (rel === undefined) w.droppedPaths++;
  return rel ?? null;
}

/** Adds [a, b] to a union built in order of start: it joins the last segment if it overlaps or touches it. */
function addSegment(segments: [number, number][], a: number, b: number): void {
  const last = segments[segments.length - 1];
  if (last && a <= last[1]) last[1] = Math.max(last[1], b);
  else segments.push([a, b]);
}

/**
 * Derived from what the session holds, never from the file's name or the time of the import, so the
 * same history imported twice (or from a second copy of the dump) gets the same ids and adds nothing.
 * The time stamp in front keeps Pulse's id order (ids sort by start time) and archive month.
 */
function importedId(c: Cluster, order: Uint32Array, start: number): string {
  const b = c.beats;
  const h = createHash('sha256').update(`${c.project ?? ''}\n`);
  for (const i of order) h.update(`${b.time(i)}|${b.end(i) ?? ''}|${b.entity(i) ?? ''}|${b.language(i) ?? ''}|${b.branch(i) ?? ''}\n`);
  const digest = h.digest('base64url').replace(/[-_]/g, 'x').slice(0, 16);
  return `${iso(start).replace(/[-:.]/g, '')}-imp${digest}`;
}

/** Milliseconds per language, file and branch, kept as seconds the way session files store them. */
class Credit {
  readonly languages: Record<string, number> = {};
  readonly files: Record<string, number> = {};
  private readonly branches = new Map<string, number>();

  add(language: string | null, branch: string | null, file: string | null, msValue: number): void {
    if (language) this.languages[language] = toSeconds((this.languages[language] ?? 0) * 1000 + msValue);
    if (file) this.files[file] = toSeconds((this.files[file] ?? 0) * 1000 + msValue);
    if (branch) this.branches.set(branch, (this.branches.get(branch) ?? 0) + msValue);
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
