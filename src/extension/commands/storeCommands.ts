// Cleanup, open the sessions folder, the log, and the status bar's quick pick of actions.
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import { register } from './runCommand';
import { describeCleanup } from '../../core/store/cleanup';
import type { Services } from '../services';

export function registerStoreCommands(svc: Services): vscode.Disposable[] {
  return [
    register(Commands.cleanup, svc, async () => {
      const r = await svc.cleanup.run();
      svc.statusBar.requestRefresh();
      void vscode.window.showInformationMessage(`Pulse: ${describeCleanup(r)}`);
      return r;
    }),
    register(Commands.openStore, svc, async () => {
      const st = svc.tracker.status();
      const f = svc.folders.get(st.folder) ?? svc.folders.all()[0];
      if (!f) throw new Error(vscode.l10n.t('no sessions folder is open in this window'));
      await vscode.workspace.fs.createDirectory(vscode.Uri.file(f.store.dir));
      await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(f.store.dir)).then(undefined, () =>
        vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(f.store.dir)),
      );
    }),
    register(Commands.showLog, svc, () => {
      svc.log.show();
      return Promise.resolve();
    }),
    register(Commands.statusBarMenu, svc, async () => {
      const state = svc.tracker.status().state;
      const all: { id: string; label: string; when: boolean }[] = [
        { id: Commands.pauseSession, label: vscode.l10n.t('$(debug-pause) Pause Session'), when: state === 'active' },
        { id: Commands.resumeSession, label: vscode.l10n.t('$(debug-start) Resume Session'), when: state === 'paused' },
        { id: Commands.labelSession, label: vscode.l10n.t('$(tag) Label Session…'), when: state !== 'none' },
        { id: Commands.endSession, label: vscode.l10n.t('$(debug-stop) End Session'), when: state !== 'none' },
        { id: Commands.startSession, label: vscode.l10n.t('$(play) Start New Session'), when: true },
        { id: Commands.showDashboard, label: vscode.l10n.t('$(graph) Show Dashboard'), when: true },
        { id: Commands.showSessions, label: vscode.l10n.t('$(list-unordered) Show Sessions'), when: true },
        { id: Commands.cleanup, label: vscode.l10n.t('$(trash) Clean Up Stale Sessions'), when: true },
        { id: Commands.exportSessions, label: vscode.l10n.t('$(export) Export Sessions…'), when: true },
        { id: Commands.openStore, label: vscode.l10n.t('$(folder-opened) Open Sessions Folder'), when: true },
        { id: Commands.showLog, label: vscode.l10n.t('$(output) Show Log'), when: true },
      ];
      const pick = await vscode.window.showQuickPick(
        all.filter((a) => a.when).map((a) => ({ label: a.label, id: a.id })),
        { title: vscode.l10n.t('Pulse'), placeHolder: vscode.l10n.t('Session actions') },
      );
      if (pick) await vscode.commands.executeCommand(pick.id);
    }),
  ];
}
