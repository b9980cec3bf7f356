// One pass of writes over every folder the tracker still owes something to. Work the timeline holds
// for a session is credited to its buffer just before that buffer is taken, so nothing is left out.
import type { ActivityTimeline } from './activityTimeline';
import type { FolderRouter } from './folderRouter';
import type { FlushContext } from './folderSessions';
import type { Logger } from '../ports';
import type { Owner } from '../session/session';
import type { TrackerSettings } from './trackerTypes';

export interface PassContext {
  owner: Owner;
  log: Logger;
  settings: Readonly<TrackerSettings>;
  timeline: ActivityTimeline;
}

export async function writePass(router: FolderRouter, now: number, force: boolean, o: PassContext): Promise<void> {
  const ctx: FlushContext = {
    owner: o.owner,
    log: o.log,
    settings: o.settings,
    beforeTake: (buf) => {
      if (o.timeline.owns(buf)) o.timeline.commit();
    },
  };
  await Promise.all(router.everyFolder().map((f) => f.flush(now, force, ctx)));
  router.prune();
}
