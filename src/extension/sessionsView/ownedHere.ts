// Which sessions this window owns: they change through its tracker only, never through a history
// edit. Shared by the Sessions view (its context values) and the history actions.
import type { Services } from '../services';

export function ownedHere(svc: Services): (id: string) => boolean {
  return (id) => svc.folders.all().some((f) => svc.tracker.status(f.key).sessionId === id);
}
