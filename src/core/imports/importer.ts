// `pulse import` and Pulse: Import History…: another tracker's history, streamed from its file,
// cut into sessions by Pulse's rules, and written all or nothing into the store of each project.
import * as path from 'node:path';
import { PulseError } from '../errors';
import { ImportBatch, encodeStaged, isArchived, recoverImports } from '../store/importStaging';
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
    await stageAll(beats, o, skips, sum, writer);
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

/**
 * Reads the file and stages each session as soon as a heartbeat past its gap arrives, before the
 * next heartbeat is read. Its own function so that what its frame last held is gone before the
 * commit; and no closed session is kept in a local across a wait, only its encoded bytes (a
 * waiting async function keeps every local and parameter of its own).
 */
async function stageAll(beats: AsyncIterable<SourceBeat>, o: ImportOptions, skips: Skips, sum: ImportSummary, writer: BatchWriter): Promise<void> {
  const clusters = new SessionClusters(o.sessionGapMs);
  for await (const b of beats) {
    if (!wanted(b, o, skips)) continue;
    sum.heartbeats++;
    const closed = writer.encode(clusters.add(b));
    if (closed) await writer.write(closed);
  }
  while (clusters.hasOpen) {
    const last = writer.encode(clusters.closeOne());
    if (last) await writer.write(last);
  }
}

function wanted(b: SourceBeat, o: ImportOptions, skips: Skips): boolean {
  if (o.project === undefined || b.project === o.project) return true;
  skips.add('other projects');
  return false;
}

/** A closed session as its store gets it: what identifies it, and its file's bytes. */
interface Encoded {
  store: SessionStore;
  project: ProjectSummary;
  id: string;
  startedAt: string;
  activeSeconds: number;
  bytes: Buffer | undefined;
}

/**
 * Sessions into one import batch per store; nothing is visible until every one is staged. One
 * session at a time: staging a session is a write without fsync (the batch makes them all durable
 * at its commit), so there is nothing to overlap, and memory holds one session, not several.
 */
class BatchWriter {
  private readonly batches = new Map<string, ImportBatch>();
  private readonly projects = new Map<string | null, ProjectSummary>();
  private readonly checked = new Set<string>();

  constructor(
    private readonly o: ImportOptions,
    private readonly sum: ImportSummary,
  ) {}

  /**
   * The closed session of `c`, counted, and encoded for its store (not in a dry run); undefined when
   * nothing closed or its project is not imported. Neither the heartbeats nor the session object
   * outlive this call.
   */
  encode(c: Cluster | undefined): Encoded | undefined {
    if (!c) return undefined;
    const session = this.sessionOf(c);
    const store = this.o.route(c.project);
    const project = this.projectSummary(c.project, store);
    project.sessions++;
    project.activeSeconds = toSeconds((project.activeSeconds + session.activeSeconds) * 1000);
    if (!store) return undefined;
    const { id, startedAt, activeSeconds } = session;
    return { store, project, id, startedAt, activeSeconds, bytes: this.sum.dryRun ? undefined : encodeStaged(session, store.archivePath(session)) };
  }

  async write(e: Encoded): Promise<void> {
    await this.recovered(e.store);
    this.sum.sessions++;
    this.sum.activeSeconds = toSeconds((this.sum.activeSeconds + e.activeSeconds) * 1000);
    if (await isArchived(e.store, e)) {
      this.sum.alreadyImported++;
      return;
    }
    e.project.added++;
    this.sum.added++;
    if (e.bytes) await (await this.batch(e.store)).stage(e, e.bytes);
  }

  async commit(): Promise<void> {
    // Every store's batch is complete before any is published, so a refusal anywhere writes nothing.
    for (const b of this.batches.values()) await b.commit();
    this.batches.clear();
  }

  async abort(): Promise<void> {
    for (const b of this.batches.values()) await b.abort().catch(() => undefined);
    this.batches.clear();
  }

  private sessionOf(c: Cluster): Session {
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
    return session;
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
