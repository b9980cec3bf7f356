// A store that cannot be written: the status bar turns to its warning state (StatusBar reads the
// tracker's status) and one notification appears per failure episode, never a storm. The tracker
// keeps the activity in memory and retries with back-off.
import * as vscode from 'vscode';
import { messageOf } from '../core/errors';
import type { Tracker } from '../core/tracking/tracker';
import type { TrackerStatus } from '../core/tracking/trackerTypes';

export class StoreHealth implements vscode.Disposable {
  private failing = false;
  private readonly sub: { dispose(): void };

  constructor(
    private readonly tracker: Tracker,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.sub = tracker.onDidChangeState((s) => this.onState(s));
  }

  private onState(s: TrackerStatus): void {
    if (s.failing && !this.failing) {
      this.failing = true;
      this.log.error(`Cannot write sessions: ${s.lastError ?? 'unknown error'}. Tracking continues in memory and will be written when the folder is writable again.`);
      void this.notify(s.lastError);
    } else if (!s.failing && this.failing) {
      this.failing = false;
      this.log.info('Sessions folder is writable again; everything kept in memory has been written.');
    }
  }

  private async notify(error: string | undefined): Promise<void> {
    const showLog = vscode.l10n.t('Show Log');
    const retry = vscode.l10n.t('Retry');
    const pick = await vscode.window.showWarningMessage(
      vscode.l10n.t("Pulse can't write its sessions folder ({0}). Your activity is kept in memory and nothing is lost; Pulse keeps retrying.", error ?? 'unknown error'),
      showLog,
      retry,
    );
    if (pick === showLog) this.log.show(true);
    if (pick === retry) {
      const ok = await this.tracker.flush().catch((err: unknown) => {
        this.log.warn(`Retry failed: ${messageOf(err)}`);
        return false;
      });
      if (ok) void vscode.window.showInformationMessage(vscode.l10n.t('Pulse: sessions saved.'));
      else this.log.warn('Retry: the sessions folder is still not writable.');
    }
  }

  dispose(): void {
    this.sub.dispose();
  }
}
