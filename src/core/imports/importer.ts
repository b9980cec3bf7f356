// `pulse import` and Pulse: Import History…: another tracker's history, streamed from its file,
// cut into sessions by Pulse's rules, and written all or nothing into the store of each project.
import * as path from 'node:path';
import { PulseError } from '../errors';
import { ImportBatch, isArchived, recoverImports } from '../store/importStaging';
import { SessionClusters, type Cluster, type SourceBeat } from './clusters';
import { sessionize } from './sessionize';
import { readJsonBeats, type JsonFormat } from './jsonSources';
import { readCsvBeats } from './csvSource';
import { Skips } from './wakatimeBeat';
import { openSource, withPath, type SourceReadOptions } from './sourceFile';
import { toSeconds } from '../session/segments';
import type { SessionStore } from '../store/store';
import type { Session } from '../session/schema';

export type ImportFormat = JsonFormat;

export interface ImportOptions extends SourceReadOptions {
  file: string;
  /** The user's --format: the content must agree with it. */
  format?: ImportFormat | undefined;
  /** Only this project's heartbeats. */
  project?: string | undefined;
  /** The store a project's sessions go to; undefined leaves that project out (and says so). */
  route: (project: string | null) => SessionStore | undefined;
  dryRun?: boolean;
  idleTimeoutMs: number;
  sessionGapMs: number;
  now: number;
  issuePattern?: RegExp | undefined;
  /** `owner.user` of the imported sessions: the person importing, so their own sessions and these count once. */
  user?: string | undefined;
}

export interface ProjectSummary {
  project: string | null;
  /** The store folder its sessions go to; undefined: not imported (no folder of that name). */
  store: string | undefined;
  sessions: number;
  added: number;
  activeSeconds: number;
}

export interface ImportSummary {
  file: string;
  tool: string;
  heartbeats: number;
  duplicates: number;
  skipped: Record<string, number>;
  sessions: number;
  added: number;
  alreadyImported: number;
  activeSeconds: number;
  /** Heartbeats whose absolute path lies outside their project: time kept, file name not recorded. */
  droppedPaths: number;
  /** Sessions of an earlier, interrupted import into the same store, published before this one. */
  recovered: number;
  projects: ProjectSummary[];
  dryRun: boolean;
}

export async function importHistory(o: ImportOptions): Promise<ImportSummary> {
  const source = await openSource(o.file, o);
  const skips = new Skips();
  const sum: ImportSummary = {
    file: path.resolve(o.file),
    tool: source.kind === 'csv' ? 'wakapi' : 'wakatime',
    heartbeats: 0,
    duplicates: 0,
    skipped: skips.byReason,
    sessions: 0,
    added: 0,
    alreadyImported: 0,
    activeSeconds: 0,
    droppedPaths: 0,
    recovered: 0,
    projects: [],
    dryRun: o.dryRun ?? false,
  };
  if (source.kind === 'csv' && o.format) throw new PulseError('EINVALID', `is a Wakapi heartbeat CSV, not --format ${o.format}; nothing was imported`, o.file);
  const beats =
    source.kind === 'csv'
      ? readCsvBeats(source.chunks, o.now, skips)
      : readJsonBeats(source.chunks, { now: o.now, skips, expect: o.format }, (f) => (sum.tool = f === 'activitywatch' ? 'activitywatch' : 'wakatime'));
  const writer = new BatchWriter(o, sum);
  try {
    const done: Cluster[] = [];
    const clusters = new SessionClusters(o.sessionGapMs, (c) => done.push(c));
    for await (const b of beats) {
      if (!wanted(b, o, skips)) continue;
      sum.heartbeats++;
      clusters.add(b);
      for (const c of done.splice(0)) await writer.write(c);
    }
    clusters.flush();
    for (const c of done.splice(0)) await writer.write(c);
    if (o.project !== undefined && sum.heartbeats === 0) {
      throw new PulseError('EINVALID', `has no heartbeats of project "${o.project}"; nothing was imported`, o.file);
    }
    await writer.commit();
  } catch (err) {
    await writer.abort();
    throw withPath(err, o.file);
  }
  sum.heartbeats -= sum.duplicates;
  return sum;
}

function wanted(b: SourceBeat, o: ImportOptions, skips: Skips): boolean {
  if (o.project === undefined || b.project === o.project) return true;
  skips.add('other projects');
  return false;
}

const MAX_INFLIGHT = 4;

/** Sessions into one import batch per store; nothing is visible until every one is staged. */
class BatchWriter {
  private readonly batches = new Map<string, ImportBatch>();
  private readonly projects = new Map<string | null, ProjectSummary>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly checked = new Set<string>();
  private failed: Error | undefined;

  constructor(
    private readonly o: ImportOptions,
    private readonly sum: ImportSummary,
  ) {}

  async write(c: Cluster): Promise<void> {
    const { session, duplicates, droppedPaths } = sessionize(c, {
      idleTimeoutMs: this.o.idleTimeoutMs,
      tool: this.sum.tool,
      file: path.basename(this.o.file),
      importedAt: this.o.now,
      issuePattern: this.o.issuePattern,
      user: this.o.user,
    });
    this.sum.duplicates += duplicates;
    this.sum.droppedPaths += droppedPaths;
    const store = this.o.route(c.project);
    const p = this.projectSummary(c.project, store);
    p.sessions++;
    p.activeSeconds = toSeconds((p.activeSeconds + session.activeSeconds) * 1000);
    if (!store) return;
    await this.recovered(store);
    this.sum.sessions++;
    this.sum.activeSeconds = toSeconds((this.sum.activeSeconds + session.activeSeconds) * 1000);
    if (await isArchived(store, session)) {
      this.sum.alreadyImported++;
      return;
    }
    p.added++;
    this.sum.added++;
    if (!this.sum.dryRun) await this.stage(await this.batch(store), session);
  }

  async commit(): Promise<void> {
    await this.settle();
    // Every store's batch is complete before any is published, so a refusal anywhere writes nothing.
    for (const b of this.batches.values()) await b.commit();
    this.batches.clear();
  }

  async abort(): Promise<void> {
    await this.settle().catch(() => undefined);
    for (const b of this.batches.values()) await b.abort().catch(() => undefined);
    this.batches.clear();
  }

  /**
   * A few staged writes in flight at once: each ends in an fsync, and waiting for them one by one
   * is most of an import's time. Bounded, so memory still follows a few sessions, not the file.
   */
  private async stage(batch: ImportBatch, session: Session): Promise<void> {
    if (this.failed) throw this.failed;
    const p: Promise<void> = batch.stage(session).then(
      () => void this.inflight.delete(p),
      (err: unknown) => {
        this.inflight.delete(p);
        this.failed ??= err instanceof Error ? err : new Error(String(err));
      },
    );
    this.inflight.add(p);
    if (this.inflight.size >= MAX_INFLIGHT) await Promise.race(this.inflight);
  }

  private async settle(): Promise<void> {
    await Promise.all(this.inflight);
    if (this.failed) throw this.failed;
  }

  /**
   * Before the first look at a store: an import that crashed after its commit is finished first, so
   * what is "already imported" is counted against the whole of it (not in a dry run: it writes).
   */
  private async recovered(store: SessionStore): Promise<void> {
    if (this.sum.dryRun || this.checked.has(store.dir)) return;
    this.checked.add(store.dir);
    this.sum.recovered += (await recoverImports(store)).published;
  }

  private async batch(store: SessionStore): Promise<ImportBatch> {
    let b = this.batches.get(store.dir);
    if (!b) {
      b = await ImportBatch.begin(store);
      this.batches.set(store.dir, b);
    }
    return b;
  }

  private projectSummary(project: string | null, store: SessionStore | undefined): ProjectSummary {
    let p = this.projects.get(project);
    if (!p) {
      p = { project, store: store?.dir, sessions: 0, added: 0, activeSeconds: 0 };
      this.projects.set(project, p);
      this.sum.projects.push(p);
    }
    return p;
  }
}
