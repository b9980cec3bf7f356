// Helpers for tests that run inside the extension host: the extension's API, the files on disk,
// and polling (never fixed sleeps where a condition can be awaited).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PulseApi } from '../../src/extension/controller';
import type { Session } from '../../src/core/session/schema';

export const EXTENSION_ID = 'pulse-sessions.pulse-sessions';

export async function pulse(): Promise<PulseApi> {
  const ext = vscode.extensions.getExtension<PulseApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  const api = await ext.activate();
  await api.whenFoldersReady();
  return api;
}

export function extensionPath(): string {
  return vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000, everyMs = 250): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Live sessions in a store folder, read from disk as a user (or another tool) would. */
export async function liveSessions(storeDir: string): Promise<Session[]> {
  let names: string[];
  try {
    names = await fs.promises.readdir(storeDir);
  } catch {
    return [];
  }
  const out: Session[] = [];
  for (const n of names.filter((x) => /^[0-9A-Za-z_-]{8,64}\.json$/.test(x))) {
    out.push(JSON.parse(await fs.promises.readFile(path.join(storeDir, n), 'utf8')) as Session);
  }
  return out;
}

export async function archivedSessions(storeDir: string): Promise<Session[]> {
  const archive = path.join(storeDir, 'archive');
  const out: Session[] = [];
  let months: string[];
  try {
    months = await fs.promises.readdir(archive);
  } catch {
    return out;
  }
  // Month folders only (the month index lives in archive/index/), and session files only.
  for (const m of months.filter((x) => /^\d{4}-\d{2}$/.test(x))) {
    for (const n of (await fs.promises.readdir(path.join(archive, m))).filter((x) => x.endsWith('.json'))) {
      out.push(JSON.parse(await fs.promises.readFile(path.join(archive, m, n), 'utf8')) as Session);
    }
  }
  return out;
}

/** Types into a document the way a person does: in an editor, one small edit at a time. */
export async function typeInto(file: vscode.Uri, text: string, pauseMs = 40): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(file);
  const editor = await vscode.window.showTextDocument(doc);
  for (const ch of text) {
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    await editor.edit((b) => b.insert(end, ch));
    await sleep(pauseMs);
  }
  return editor;
}

export function folderUri(index = 0): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[index];
  assert.ok(f, `no workspace folder ${index}`);
  return f.uri;
}
