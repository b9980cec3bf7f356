// This window's `owner.user`: `pulse.user`, else git's user.email from the Git extension, else the OS
// user name. Git answers only once its repositories have opened, so this is re-resolved then and
// whenever the setting changes.
import { messageOf } from '../core/errors';
import { normalizeUser, osUserName } from '../core/identity';
import type { Logger } from '../core/ports';
import type { Tracker } from '../core/tracking/tracker';
import type { GitBranches } from './gitBranch';

export class Identity {
  private readonly osUser = osUserName();
  private generation = 0;
  current: string;

  constructor(
    private readonly tracker: Tracker,
    private readonly git: GitBranches,
    private readonly log: Logger,
    private setting: string | undefined,
  ) {
    this.current = setting ?? this.osUser;
    tracker.setUser(this.current);
  }

  /** The setting changed (undefined: cleared). */
  configure(setting: string | undefined): void {
    this.setting = setting;
    this.refresh();
  }

  refresh(): void {
    const gen = ++this.generation;
    void this.resolve()
      .then((user) => {
        // A later refresh (a setting change while git was answering) wins.
        if (gen !== this.generation || user === this.current) return;
        this.current = user;
        this.tracker.setUser(user);
        this.log.info(`Recording sessions as "${user}".`);
      })
      .catch((err: unknown) => this.log.warn(`Could not resolve the user: ${messageOf(err)}`));
  }

  private async resolve(): Promise<string> {
    if (this.setting) return this.setting;
    return normalizeUser(await this.git.userEmail()) ?? this.osUser;
  }
}
