// Commands registered at activation whose code (and the import, timesheet and export libraries) is
// dist/imports.js, loaded on the first run of any of them: Import History…, Export Sessions…, Show
// Sessions, and the Sessions view's history edits.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import { register } from '../commands/runCommand';
import { IMPORTS_CHUNK_FILE, loadChunk } from './chunkLoader';
import type { ImportsChunk } from './importsChunk';
import type { Services } from '../services';

let loading: Promise<ImportsChunk> | undefined;

/** The chunk, loaded once and shared; a failed load (a damaged install) is tried again next time. */
function loadImports(): Promise<ImportsChunk> {
  // __dirname is dist/ in the bundle, where esbuild.js writes the chunk.
  loading ??= loadChunk(path.join(__dirname, IMPORTS_CHUNK_FILE), { vscode });
  loading.catch(() => (loading = undefined));
  return loading;
}

/** `refreshSessions` redraws the Sessions view, which follows the store watcher too: an edit shows at once. */
export function registerLazyCommands(svc: Services, refreshSessions: () => void): vscode.Disposable[] {
  const history = async (): Promise<ImportsChunk['historyActions']> => (await loadImports()).historyActions;
  const then = (p: Promise<unknown>): Promise<unknown> => p.finally(refreshSessions);
  return [
    register(Commands.importHistory, svc, async (...args) => (await loadImports()).importHistoryCommand(svc, ...args)),
    register(Commands.exportSessions, svc, async (...args) => (await loadImports()).exportSessionsCommand(svc, ...args)),
    register(Commands.showSessions, svc, async () => (await loadImports()).showSessionsCommand(svc)),
    register(Commands.refreshSessions, svc, () => Promise.resolve(refreshSessions())),
    register(Commands.labelSessionItem, svc, (arg, text) => then(history().then((h) => h.label(svc, arg, text)))),
    register(Commands.endSessionItem, svc, (arg) => then(history().then((h) => h.end(svc, arg)))),
    register(Commands.openSessionJson, svc, (arg) => history().then((h) => h.openJson(svc, arg))),
    register(Commands.deleteSession, svc, (arg, confirmed) => then(history().then((h) => h.remove(svc, arg, confirmed)))),
    register(Commands.mergeWithPrevious, svc, (arg, confirmed) => then(history().then((h) => h.merge(svc, arg, confirmed)))),
  ];
}
