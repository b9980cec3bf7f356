// The Sessions view's groups, in plain Node: live sessions, then finished ones of today and of this
// week. Only the archive files of sessions that reach into this week are read, found through the
// archive's month index, so a store with years of history opens as fast as an empty one, and a
// session that started weeks ago but ended today is under Today.
import { weekStart } from './dateRanges';
import { listArchivedOverlapping } from '../store/archiveRange';
import { countedOnce } from '../store/storeListing';
import { localDate, localDayStart, ms, nextLocalMidnight } from '../time';
import type { Session } from '../session/schema';
import type { Problem, SessionStore } from '../store/store';

export interface RecentGroups {
  live: Session[];
  today: Session[];
  week: Session[];
  problems: Problem[];
}

const newestFirst = (a: Session, b: Session): number => ms(b.startedAt) - ms(a.startedAt);

export async function recentGroups(store: SessionStore, now: number): Promise<RecentGroups> {
  const today = localDate(now);
  const monday = weekStart(today);
  const out: RecentGroups = { live: [], today: [], week: [], problems: [] };
  const live = await store.listLive();
  out.live = live.sessions.sort(newestFirst);
  out.problems.push(...live.problems);
  // Read after the live folder: a session finished meanwhile shows once, as finished.
  const archived = await listArchivedOverlapping(store, localDayStart(monday), nextLocalMidnight(localDayStart(today)));
  out.problems.push(...archived.problems);
  const counted = new Set(countedOnce(out.live, archived.sessions));
  out.live = out.live.filter((s) => counted.has(s));
  for (const s of archived.sessions.filter((x) => counted.has(x))) {
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
