// Which session an editor event goes to: the folder's current one, or none (the event only keeps a
// session alive), or a new one (autoStart). A gap longer than the session gap ends the current one
// first, at its last activity, even when the tick slept through the gap.
import { SessionSlot } from './sessionSlot';
import type { FolderRouter, Route } from './folderRouter';
import type { FolderSessions } from './folderSessions';
import type { TrackerSettings } from './trackerTypes';

/** The slot has activity and nothing since its last instant for longer than the session gap. */
export function pastSessionGap(slot: SessionSlot | undefined, t: number, cfg: Readonly<TrackerSettings>): boolean {
  return slot !== undefined && !slot.empty && t - slot.buf.lastEnd > cfg.sessionGapMs;
}

export function slotForEvent(r: Route, t: number, cfg: Readonly<TrackerSettings>, router: FolderRouter, endIdle: (f: FolderSessions) => void): SessionSlot | undefined {
  const f = r.folder;
  let slot = f.current;
  if (pastSessionGap(slot, t, cfg)) {
    endIdle(f);
    slot = undefined;
  }
  if (slot?.empty && r.keepAliveOnly) return undefined;
  if (!slot) {
    if (r.keepAliveOnly || !cfg.autoStart) return undefined;
    slot = f.current = new SessionSlot(t);
  }
  if (!r.keepAliveOnly) router.recent = f;
  return slot;
}
