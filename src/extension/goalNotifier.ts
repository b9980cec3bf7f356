// The opt-in "daily goal reached" notification: once a local day for the user, and only when
// `pulse.dailyGoalNotification` is on. The day is claimed with a marker file in Pulse's per-user
// data folder (core/dayClaim.ts), so a later refresh, a window reload, another window or another
// browser on the same machine does not show it again, and two windows reaching the goal at the
// same moment show it once; the next local day shows it again. Should that folder not be writable,
// the day remembered in global state keeps it to once a day as far as VS Code's storage reaches.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import { claimDay } from '../core/dayClaim';
import { messageOf } from '../core/errors';
import { goalText } from '../core/reports/goal';

const ANNOUNCED_KEY = 'pulse.goalAnnouncedOn';
const CLAIM = 'goal-notified';

export class GoalNotifier {
  private enabled = false;
  /** The date this window knows is settled (shown here or elsewhere): no more file look-ups that day. */
  private settled: string | undefined;
  private claiming = false;
  private readonly dir: string;

  constructor(
    dataDir: string,
    private readonly memory: vscode.Memento,
    private readonly log: Logger,
  ) {
    this.dir = path.join(dataDir, 'notified');
  }

  configure(enabled: boolean): void {
    this.enabled = enabled;
  }

  /**
   * The counted time of local date `date` (YYYY-MM-DD) against the goal; shows the message the first
   * time it is reached on that date. The date comes with the total: the day the time was counted
   * for, not the day this runs (a refresh may straddle midnight).
   */
  check(todaySeconds: number, goalSeconds: number, date: string): void {
    if (!this.enabled || goalSeconds <= 0 || todaySeconds < goalSeconds) return;
    if (this.settled === date || this.claiming) return;
    this.claiming = true;
    void this.claim(date, goalSeconds).finally(() => (this.claiming = false));
  }

  private async claim(date: string, goalSeconds: number): Promise<void> {
    let mine: boolean;
    try {
      mine = await claimDay(this.dir, CLAIM, date);
    } catch (err) {
      this.log.warn(`Could not record the goal notification in ${this.dir}: ${messageOf(err)}; remembering the day in VS Code's state instead.`);
      mine = this.memory.get<string>(ANNOUNCED_KEY) !== date;
    }
    this.settled = date;
    void this.memory.update(ANNOUNCED_KEY, date).then(undefined, (err: unknown) => this.log.warn(`Could not remember the goal notification: ${messageOf(err)}`));
    if (!mine) return;
    this.log.info(`Daily goal of ${goalText(goalSeconds)} reached on ${date}: notified.`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Pulse: you reached your daily goal of {0}.', goalText(goalSeconds)));
  }
}
