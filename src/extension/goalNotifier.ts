// The opt-in "daily goal reached" notification: once a local day, and only when
// `pulse.dailyGoalNotification` is on. The day it was shown is remembered in global state, so a
// later refresh, a window reload or another window of the same profile does not show it again; the
// next local day does.
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import { goalText } from '../core/reports/goal';

const ANNOUNCED_KEY = 'pulse.goalAnnouncedOn';

export class GoalNotifier {
  private enabled = false;

  constructor(
    private readonly memory: vscode.Memento,
    private readonly log: Logger,
  ) {}

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
    if (this.memory.get<string>(ANNOUNCED_KEY) === date) return;
    // Remember first, so a second refresh in this window (or another) does not announce it again.
    void this.memory.update(ANNOUNCED_KEY, date).then(undefined, (err: unknown) => this.log.warn(`Could not remember the goal notification: ${String(err)}`));
    this.log.info(`Daily goal of ${goalText(goalSeconds)} reached on ${date}: notified.`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Pulse: you reached your daily goal of {0}.', goalText(goalSeconds)));
  }
}
