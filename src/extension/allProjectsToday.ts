// Today's time across every project on this machine (the per-user registry), for the status-bar
// tooltip. Reading every store is not free, so the answer is kept for a minute; a store that is
// missing or unreadable is skipped and named in the log once.
import { loadAllProjects } from '../core/reports/allProjects';
import { buildReport } from '../core/reports/report';
import { localDate } from '../core/time';
import type { Logger } from '../core/ports';
import type { StoreRegistry } from '../core/store/registry';

const KEEP_MS = 60_000;

export class AllProjectsToday {
  private cached: { at: number; date: string; seconds: number } | undefined;
  private readonly reported = new Set<string>();

  constructor(
    private readonly registry: StoreRegistry,
    private readonly log: Logger,
  ) {}

  /** Seconds today, all projects, counted once per person; what this window holds unwritten is not in it. */
  async seconds(now: number): Promise<number> {
    const date = localDate(now);
    if (this.cached && this.cached.date === date && now - this.cached.at < KEEP_MS) return this.cached.seconds;
    const range = { from: date, to: date };
    const all = await loadAllProjects(this.registry, range);
    for (const s of all.skipped) {
      if (this.reported.has(s.dir)) continue;
      this.reported.add(s.dir);
      this.log.info(`All projects: ${s.dir} (${s.project}) ${s.reason}; skipped.`);
    }
    const seconds = buildReport(
      all.sessions.map((x) => x.session),
      range,
    ).totalSeconds;
    this.cached = { at: now, date, seconds };
    return seconds;
  }
}
