// Export every session (live and archived) of every folder, as CSV or JSON, through a save dialog.
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import { register } from './runCommand';
import { loadSessions } from '../../core/report';
import { exportSessions, type ExportFormat } from '../../core/exportFormat';
import type { Session } from '../../core/schema';
import type { Services } from '../services';

export function registerExportSessions(svc: Services): vscode.Disposable {
  return register(Commands.exportSessions, svc, async (target?: unknown, fmt?: unknown) => {
    await svc.tracker.flush();
    const sessions: Session[] = [];
    for (const f of svc.folders.all()) {
      const r = await loadSessions(f.store);
      sessions.push(...r.sessions);
      for (const p of r.problems) svc.log.warn(`Export skipped ${p.path}: ${p.message}`);
    }
    let uri = target instanceof vscode.Uri ? target : undefined;
    if (!uri) {
      const first = svc.folders.all()[0];
      uri = await vscode.window.showSaveDialog({
        title: vscode.l10n.t('Export Sessions'),
        saveLabel: vscode.l10n.t('Export'),
        filters: { CSV: ['csv'], JSON: ['json'] },
        ...(first ? { defaultUri: vscode.Uri.file(`${first.path}/pulse-sessions.csv`) } : {}),
      });
      if (!uri) return undefined;
    }
    const format: ExportFormat = fmt === 'json' || fmt === 'csv' ? fmt : uri.path.toLowerCase().endsWith('.json') ? 'json' : 'csv';
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(exportSessions(sessions, format)));
    svc.log.info(`Exported ${sessions.length} sessions to ${uri.toString()} (${format})`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Pulse: exported {0} sessions to {1}.', sessions.length, vscode.workspace.asRelativePath(uri)));
    return uri;
  });
}
