// Pulse: Import History…: another tracker's file, previewed (which project goes to which folder's
// store, what is skipped) and then imported all or nothing, with cancellable progress. Each project's
// heartbeats go to the workspace folder of the same name (or whose pulse.project names it).
// It runs from dist/imports.js, loaded on first use. Scripts and tests pass
// `(fileUri, { confirm: true })` in place of the picker and the preview.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { EMPTY_WINDOW_KEY, type FolderEntry } from '../folders';
import { importHistory, type ImportSummary } from '../../core/imports/importer';
import { formatDuration } from '../../core/reports/format';
import { PulseError, isPulseError } from '../../core/errors';
import type { SessionStore } from '../../core/store/store';
import type { Services } from '../services';

/** The folders' stores by the project name their sessions carry. */
function routes(svc: Services): Map<string, { folder: FolderEntry; store: SessionStore }> {
  const out = new Map<string, { folder: FolderEntry; store: SessionStore }>();
  for (const f of svc.folders.all()) {
    if (f.key === EMPTY_WINDOW_KEY) continue;
    const named = readSettings(undefined, vscode.Uri.parse(f.key)).project;
    for (const name of [f.name, named]) if (name && !out.has(name)) out.set(name, { folder: f, store: f.store });
  }
  return out;
}

async function pickFile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Import History: a WakaTime or Wakapi dump, a Wakapi CSV or an ActivityWatch export'),
    openLabel: vscode.l10n.t('Preview Import'),
    canSelectMany: false,
    filters: { [vscode.l10n.t('History exports')]: ['json', 'csv'] },
  });
  return picked?.[0];
}

/** One run over the file (a dry run for the preview, then the real one), with cancellable progress. */
function run(svc: Services, file: string, dryRun: boolean): Thenable<ImportSummary> {
  const settings = readSettings();
  const byName = routes(svc);
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: dryRun ? vscode.l10n.t('Pulse: reading {0}', path.basename(file)) : vscode.l10n.t('Pulse: importing {0}', path.basename(file)),
      cancellable: true,
    },
    async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      let shown = 0;
      try {
        return await importHistory({
          file,
          route: (project) => (project === null ? undefined : byName.get(project)?.store),
          dryRun,
          idleTimeoutMs: settings.idleTimeoutMs,
          sessionGapMs: settings.sessionGapMs,
          now: Date.now(),
          issuePattern: settings.issuePattern,
          user: svc.tracker.user,
          signal: abort.signal,
          onProgress: (read, total) => {
            const pct = total > 0 ? Math.floor((read / total) * 100) : 100;
            if (pct > shown) progress.report({ increment: pct - shown, message: `${pct}%` });
            shown = pct;
          },
        });
      } finally {
        sub.dispose();
      }
    },
  );
}

/** The preview's text: where each project goes, and what is left out. */
export function previewLines(s: ImportSummary, folderOf: (store: string) => string | undefined): string[] {
  const lines = s.projects.map((p) => {
    const name = p.project ?? vscode.l10n.t('(no project)');
    const what = vscode.l10n.t('{0} sessions, {1}', p.sessions, formatDuration(p.activeSeconds));
    return p.store
      ? vscode.l10n.t('{0} → folder "{1}": {2} ({3} new)', name, folderOf(p.store) ?? p.store, what, p.added)
      : vscode.l10n.t('{0} → no folder of that name in this workspace: not imported ({1})', name, what);
  });
  const skipped = Object.entries(s.skipped);
  if (skipped.length > 0) lines.push(vscode.l10n.t('Skipped heartbeats: {0}', skipped.map(([k, v]) => `${k} ${v}`).join(', ')));
  if (s.droppedPaths > 0) lines.push(vscode.l10n.t('{0} heartbeats name a file outside their project: their time counts, the file is not recorded.', s.droppedPaths));
  if (s.alreadyImported > 0) lines.push(vscode.l10n.t('{0} sessions were imported before and are left as they are.', s.alreadyImported));
  return lines;
}

/** The command's work; it runs from dist/imports.js, loaded on first use (lazy/lazyCommands.ts). */
export async function importHistoryCommand(svc: Services, fileArg?: unknown, options?: unknown): Promise<ImportSummary | undefined> {
  {
    const scripted = fileArg instanceof vscode.Uri;
    const uri = scripted ? fileArg : await pickFile();
    if (!uri) return undefined;
    if (uri.scheme !== 'file') throw new PulseError('EINVALID', vscode.l10n.t('can only import a file on this machine'));
    const folderOf = (store: string): string | undefined => svc.folders.all().find((f) => f.store.dir === store)?.name;
    try {
      const preview = await run(svc, uri.fsPath, true);
      const confirmed = scripted && typeof options === 'object' && options !== null && (options as { confirm?: unknown }).confirm === true;
      if (!confirmed) {
        const go = vscode.l10n.t('Import');
        const title = vscode.l10n.t('Import {0} new sessions from {1}?', preview.added, path.basename(uri.fsPath));
        const answer = await vscode.window.showInformationMessage(title, { modal: true, detail: previewLines(preview, folderOf).join('\n') }, go);
        if (answer !== go) return undefined;
      }
      if (preview.added === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Pulse: nothing new to import ({0} sessions already imported).', preview.alreadyImported));
        return preview;
      }
      const done = await run(svc, uri.fsPath, false);
      svc.log.info(`Imported ${done.tool} history from ${uri.fsPath}: ${done.added} new, ${done.alreadyImported} already imported`);
      void vscode.window.showInformationMessage(vscode.l10n.t('Pulse: imported {0} new sessions ({1} already imported).', done.added, done.alreadyImported));
      return done;
    } catch (err) {
      if (isPulseError(err, 'ECANCELLED')) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Pulse: import cancelled; nothing was imported.'));
        return undefined;
      }
      throw err;
    }
  }
}
