// The Sessions view's groups, in plain Node: live sessions, then finished ones of today and of this
// week. Only the archive files that can belong to this week are read, chosen by their ids' time
// stamps, so a store with years of history opens as fast as an empty one.
import { addDays, weekStart } from './dateRanges';
import { startOfId } from '../session/ids';
import { localDate, localDayStart, ms } from '../time';
import { isPulseError } from '../errors';
import { problem } from '../store/sessionFile';
import type { Session } from '../session/schema';
import type { Problem, SessionStore } from '../store/store';

export interface RecentGroups {
  live: Session[];
  today: Session[];
  week: Session[];
  problems: Problem[];
}

/** A session that ran this long could still end this week after starting before it; longer ones are rare. */
const MARGIN_DAYS = 2;
const newestFirst = (a: Session, b: Session): number => ms(b.startedAt) - ms(a.startedAt);

export async function recentGroups(store: SessionStore, now: number): Promise<RecentGroups> {
  const today = localDate(now);
  const monday = weekStart(today);
  const since = localDayStart(addDays(monday, -MARGIN_DAYS));
  const out: RecentGroups = { live: [], today: [], week: [], problems: [] };
  const live = await store.listLive();
  out.live = live.sessions.sort(newestFirst);
  out.problems.push(...live.problems);
  const sinceMonth = new Date(since).toISOString().slice(0, 7);
  const months = (await store.archiveMonths()).filter((m) => m >= sinceMonth);
  const ids: string[] = [];
  for (const m of months) {
    // An id another tool made has no time stamp: it is read to find out.
    for (const id of await store.archivedIds(m)) if ((startOfId(id) ?? Infinity) >= since) ids.push(id);
  }
  for (const s of await readSome(store, ids, out.problems)) {
    const ended = localDate(ms(s.endedAt ?? s.lastActivity));
    if (ended >= today) out.today.push(s);
    else if (ended >= monday) out.week.push(s);
  }
  out.today.sort(newestFirst);
  out.week.sort(newestFirst);
  return out;
}

/** Archived sessions of one month folder, newest first. */
export async function monthSessions(store: SessionStore, month: string): Promise<{ sessions: Session[]; problems: Problem[] }> {
  const r = await store.listArchived({ from: month, to: month });
  return { sessions: r.sessions.sort(newestFirst), problems: r.problems };
}

async function readSome(store: SessionStore, ids: string[], problems: Problem[]): Promise<Session[]> {
  const out: Session[] = [];
  const width = 16;
  for (let i = 0; i < ids.length; i += width) {
    const got = await Promise.all(
      ids.slice(i, i + width).map((id) =>
        store.get(id).catch((err: unknown) => {
          problems.push(problem((isPulseError(err) && err.path) || id, err));
          return undefined;
        }),
      ),
    );
    for (const g of got) if (g && !g.live) out.push(g.session);
  }
  return out;
}
