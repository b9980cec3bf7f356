// Import History… and Export Sessions… are registered at activation, but their code (and the
// import, timesheet and export libraries) is dist/imports.js, loaded on the first run of either.
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

export function registerLazyCommands(svc: Services): vscode.Disposable[] {
  return [
    register(Commands.importHistory, svc, async (...args) => (await loadImports()).importHistoryCommand(svc, ...args)),
    register(Commands.exportSessions, svc, async (...args) => (await loadImports()).exportSessionsCommand(svc, ...args)),
  ];
}
