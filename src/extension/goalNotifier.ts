// The opt-in "daily goal reached" notification: once a day, across windows (the day it was shown
// is remembered in global state), and only when `pulse.dailyGoalNotification` is on.
import * as vscode from 'vscode';
import { localDate } from '../core/time';
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

  /** Today's counted time against the goal; shows the message the first time it is reached today. */
  check(todaySeconds: number, goalSeconds: number, now = Date.now()): void {
    if (!this.enabled || goalSeconds <= 0 || todaySeconds < goalSeconds) return;
    const today = localDate(now);
    if (this.memory.get<string>(ANNOUNCED_KEY) === today) return;
    // Remember first, so a second refresh in this window (or another) does not announce it again.
    void this.memory.update(ANNOUNCED_KEY, today).then(undefined, (err: unknown) => this.log.warn(`Could not remember the goal notification: ${String(err)}`));
    this.log.info(`Daily goal of ${goalText(goalSeconds)} reached today (${today}).`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Pulse: you reached your daily goal of {0}.', goalText(goalSeconds)));
  }
}
