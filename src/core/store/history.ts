// Editing history from the editor: label, end, delete and merge sessions, live or archived. Each
// edit re-validates inside the file's lock (see SessionStore.withSession), so an owner's heartbeat
// that lands meanwhile is either in the state the edit reads, or finds the edit already made.
import { finish, isLive, relabel, segmentsOf } from '../session/session';
import { union, totalMs, toSeconds } from '../session/segments';
import { mergedSpans } from '../session/spans';
import { iso, ms } from '../time';
import { monthOf } from '../session/ids';
import type { Session } from '../session/schema';
import type { SessionStore } from './store';

export type EditResult = { kind: 'done'; session: Session } | { kind: 'missing' } | { kind: 'refused'; reason: string };

export interface EditOptions {
  /** Sessions this window owns and keeps writing: they change through its tracker, never here. */
  isMine?: (id: string) => boolean;
  /**
   * Who is editing. In a store shared through git a finished file must never change after it lands,
   * except by its owner: label, merge and delete refuse other people's sessions there.
   */
  user?: string;
}

const MINE = "it is this window's live session: end it first (Pulse: End Session)";
const refused = (reason: string): EditResult => ({ kind: 'refused', reason });

/** The refusal for someone else's session in a store shared through git; undefined when allowed. */
async function notYours(store: SessionStore, o: EditOptions, ...sessions: Session[]): Promise<EditResult | undefined> {
  if ((await store.shareState()) !== 'git') return undefined;
  const other = sessions.find((s) => s.owner.user === undefined || s.owner.user !== o.user);
  if (!other) return undefined;
  const whose = other.owner.user ?? 'someone without a recorded user';
  return refused(`${other.id} belongs to ${whose}; this folder's sessions are shared through git, and only their owner edits them (you are ${o.user ?? 'unknown'})`);
}

/**
 * Deletes a session file, live or archived, under its lock. A live session of another window may be
 * deleted: its owner finds it gone at its next write and carries on in a new session linked to it.
 */
export function deleteSession(store: SessionStore, id: string, o: EditOptions = {}): Promise<EditResult> {
  return store.withSession(id, async (held) => {
    if (!held) return { kind: 'missing' };
    if (held.live && o.isMine?.(id)) return refused(MINE);
    const denied = await notYours(store, o, held.session);
    if (denied) return denied;
    await held.remove();
    return { kind: 'done', session: held.session };
  });
}

/** Sets the label of any session; this window's live one goes through its tracker instead. */
export function labelSession(store: SessionStore, id: string, label: string | null, o: EditOptions = {}): Promise<EditResult> {
  return store.withSession(id, async (held) => {
    if (!held) return { kind: 'missing' };
    if (held.live && o.isMine?.(id)) return refused(MINE);
    const denied = await notYours(store, o, held.session);
    if (denied) return denied;
    return { kind: 'done', session: await held.write(relabel(held.session, label)) };
  });
}

/** Ends another window's (or a CLI's) live session now, with `endReason: "user"`. */
export async function endSession(store: SessionStore, id: string, o: EditOptions = {}): Promise<EditResult> {
  if (o.isMine?.(id)) return refused(MINE);
  const r = await store.update(id, (fresh) => finish(fresh, store.now(), 'user'));
  if (r.kind === 'written') return { kind: 'done', session: r.session };
  return r.session ? refused('it has already ended') : { kind: 'missing' };
}

/**
 * One session out of two of one folder. It keeps the earlier one's id (so its file stays where
 * it is), its start and owner, and its label and branch (or the later one's when it has none). Segments
 * are united, so overlapping time counts once; languages, files and heartbeats are summed. The
 * result ends when the later one ended. `previousSessionId` stays the earlier one's: the later
 * one's link normally names the earlier one and is dropped with it.
 */
export function mergeSessions(earlier: Session, later: Session): Session {
  const segs = union([...segmentsOf(earlier), ...segmentsOf(later)]);
  const max = (a: string, b: string): string => (ms(a) >= ms(b) ? a : b);
  const last = earlier.endedAt && later.endedAt && ms(earlier.endedAt) > ms(later.endedAt) ? earlier : later;
  const live = isLive(earlier);
  const startedAt = ms(later.startedAt) < ms(earlier.startedAt) ? later.startedAt : earlier.startedAt;
  // Attributed time survives a merge only when both have it; otherwise reports prorate the maps.
  const rest: Session = { ...earlier };
  delete rest.spans;
  delete rest.spanKeys;
  const spans = mergedSpans(earlier, later, startedAt);
  return {
    ...rest,
    ...spans,
    startedAt,
    lastHeartbeat: max(earlier.lastHeartbeat, later.lastHeartbeat),
    lastActivity: max(earlier.lastActivity, later.lastActivity),
    endedAt: live ? null : last.endedAt,
    closedAt: live ? null : last.closedAt,
    endReason: live ? null : last.endReason,
    heartbeats: earlier.heartbeats + later.heartbeats,
    // Names what it holds, so a merge cut short before the later file is deleted counts once.
    mergedFrom: [...new Set([...(earlier.mergedFrom ?? []), later.id, ...(later.mergedFrom ?? [])])],
    segments: segs.map(([a, b]) => [iso(a), iso(b)] as [string, string]),
    activeSeconds: toSeconds(totalMs(segs)),
    languages: sum(earlier.languages, later.languages),
    files: sum(earlier.files, later.files),
    openSegment: false,
    branch: earlier.branch ?? later.branch,
    label: earlier.label ?? later.label,
    previousSessionId: earlier.previousSessionId === later.id ? null : earlier.previousSessionId,
  };
}

function sum(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = toSeconds(((out[k] ?? 0) + v) * 1000);
  return out;
}

/**
 * The session before `id` in its store: the one its `previousSessionId` names, if that is still
 * there, or else the one that started last before it (ids sort by start time). Reads file names,
 * and only the month folders it needs.
 */
export async function findPrevious(store: SessionStore, id: string): Promise<string | undefined> {
  const got = await store.get(id);
  if (!got) return undefined;
  const linked = got.session.previousSessionId;
  if (linked && linked !== id && (await store.get(linked).catch(() => undefined))) return linked;
  const before = (ids: string[]): string | undefined => ids.filter((x) => x < id).pop();
  let best = before(await store.liveIds());
  const start = monthOf(got.session.startedAt);
  const months = (await store.archiveMonths()).filter((m) => m <= start).reverse();
  for (const m of months) {
    const found = before(await store.archivedIds(m));
    if (found !== undefined) {
      if (best === undefined || found > best) best = found;
      break;
    }
  }
  return best;
}

/**
 * Merges a session into the one before it (see mergeSessions), holding both files' locks: the
 * merged result is written first and the later file removed after, so a crash in between leaves
 * both (and loses nothing); the merged one names the later in `mergedFrom`, so readers count that
 * time once (see countedOnce). Both are re-read and re-checked inside the locks. The later session must
 * have ended: removing a live file would make its owner start a new session.
 */
export async function mergeWithPrevious(store: SessionStore, laterId: string, o: EditOptions = {}): Promise<EditResult> {
  const earlierId = await findPrevious(store, laterId);
  if (!earlierId) return refused('there is no earlier session in this folder to merge it with');
  // Locks are always taken in id order, so two merges never wait on each other.
  const [first, second] = earlierId < laterId ? [earlierId, laterId] : [laterId, earlierId];
  return store.withSession(first, (a) =>
    store.withSession(second, async (b): Promise<EditResult> => {
      const earlier = first === earlierId ? a : b;
      const later = first === earlierId ? b : a;
      if (!earlier || !later) return refused('one of the two sessions changed meanwhile (deleted or merged); nothing was written');
      if (later.live) return refused(`${laterId} is still live: end it first`);
      if (earlier.live && o.isMine?.(earlierId)) return refused(`${earlierId} ${MINE.replace('it is', 'is')}`);
      const denied = await notYours(store, o, earlier.session, later.session);
      if (denied) return denied;
      const next = mergeSessions(earlier.session, later.session);
      // An archived session that now ends later must be found by reports of its new last days.
      const merged = earlier.live ? await earlier.write(next) : await store.archiveIndex.recording(next, () => earlier.write(next));
      await later.remove();
      return { kind: 'done', session: merged };
    }),
  );
}
