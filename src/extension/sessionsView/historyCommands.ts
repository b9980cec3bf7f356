// The Sessions view's actions on one session: Label…, End, Open JSON, Delete…, Merge With Previous.
// This window's live session changes through its tracker; everything else goes through the core's
// history edits, under the files' locks. Delete and merge ask first (scripts may pass `true`).
// The commands are registered at activation (lazy/lazyCommands.ts); this code runs from
// dist/imports.js, loaded on the first use of one of them.
import * as vscode from 'vscode';
import { deleteSession, endSession, findPrevious, labelSession, mergeWithPrevious, type EditOptions, type EditResult } from '../../core/store/history';
import { sessionName } from '../../core/reports/sessionName';
import type { Services } from '../services';
import { walkthroughDone } from '../walkthrough';
import { ownedHere } from './ownedHere';
import type { FolderEntry } from '../folders';

/** A session as commands receive it: a view item, or `{ folderKey, id }` from a script or test. */
export interface SessionRef {
  folderKey: string;
  id: string;
}

interface Target {
  folder: FolderEntry;
  id: string;
  mine: boolean;
}

function target(svc: Services, arg: unknown): Target {
  const ref = arg as Partial<SessionRef> | undefined;
  const folder = svc.folders.get(typeof ref?.folderKey === 'string' ? ref.folderKey : undefined);
  if (!folder || typeof ref?.id !== 'string') throw new Error(vscode.l10n.t('pick a session in the Sessions view'));
  return { folder, id: ref.id, mine: svc.tracker.status(folder.key).sessionId === ref.id };
}


function options(svc: Services): EditOptions {
  // The user matters only in a store shared through git: there, history edits are the owner's.
  return { isMine: ownedHere(svc), user: svc.tracker.user };
}

function report(svc: Services, r: EditResult, done: string, action: string, id: string): EditResult {
  svc.statusBar.requestRefresh();
  svc.log.info(`${action} from the Sessions view: session ${id}: ${r.kind === 'refused' ? `refused (${r.reason})` : r.kind}`);
  if (r.kind === 'done') void vscode.window.showInformationMessage(done);
  else if (r.kind === 'missing') void vscode.window.showWarningMessage(vscode.l10n.t('Pulse: that session is gone (deleted or merged meanwhile).'));
  else void vscode.window.showWarningMessage(vscode.l10n.t('Pulse: not changed: {0}.', r.reason));
  return r;
}

async function confirm(message: string, detail: string, action: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
}

async function label(svc: Services, arg: unknown, text: unknown): Promise<unknown> {
  const t = target(svc, arg);
  const got = await t.folder.store.get(t.id);
  const value = typeof text === 'string' ? text : await vscode.window.showInputBox({ title: vscode.l10n.t('Label Session'), value: got?.session.label ?? '' });
  if (value === undefined) return undefined;
  walkthroughDone('labelled', svc.log);
  if (t.mine) {
    svc.log.info(`Labelled "${value}" from the Sessions view: session ${t.id}`);
    return svc.tracker.setLabel(value, t.folder.key);
  }
  return report(svc, await labelSession(t.folder.store, t.id, value, options(svc)), vscode.l10n.t('Pulse: label set.'), `Labelled "${value}"`, t.id);
}

async function end(svc: Services, arg: unknown): Promise<unknown> {
  const t = target(svc, arg);
  if (t.mine) {
    svc.log.info(`Ended from the Sessions view: session ${t.id}`);
    return svc.tracker.end('user', t.folder.key);
  }
  return report(svc, await endSession(t.folder.store, t.id, options(svc)), vscode.l10n.t('Pulse: session ended.'), 'Ended', t.id);
}

async function openJson(svc: Services, arg: unknown): Promise<unknown> {
  const t = target(svc, arg);
  const got = await t.folder.store.get(t.id);
  if (!got) throw new Error(vscode.l10n.t('session {0} is gone', t.id));
  const file = got.live ? t.folder.store.livePath(t.id) : t.folder.store.archivePath(got.session);
  return vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
}

async function remove(svc: Services, arg: unknown, confirmed: unknown): Promise<unknown> {
  const t = target(svc, arg);
  const got = await t.folder.store.get(t.id);
  const name = got ? sessionName(got.session) : t.id;
  const detail = vscode.l10n.t('Its file is removed from disk, and its time from every report. This cannot be undone.');
  if (confirmed !== true && !(await confirm(vscode.l10n.t('Delete session "{0}"?', name), detail, vscode.l10n.t('Delete')))) return undefined;
  return report(svc, await deleteSession(t.folder.store, t.id, options(svc)), vscode.l10n.t('Pulse: session "{0}" deleted.', name), 'Deleted', t.id);
}

async function merge(svc: Services, arg: unknown, confirmed: unknown): Promise<unknown> {
  const t = target(svc, arg);
  const prev = await findPrevious(t.folder.store, t.id);
  if (!prev) return report(svc, { kind: 'refused', reason: vscode.l10n.t('there is no earlier session in this folder') }, '', 'Merge with previous', t.id);
  const [a, b] = await Promise.all([t.folder.store.get(prev), t.folder.store.get(t.id)]);
  const detail = vscode.l10n.t(
    '"{0}" is merged into the session before it, "{1}": one session with the time of both, counted once where they overlap.',
    b ? sessionName(b.session) : t.id,
    a ? sessionName(a.session) : prev,
  );
  if (confirmed !== true && !(await confirm(vscode.l10n.t('Merge with the previous session?'), detail, vscode.l10n.t('Merge')))) return undefined;
  return report(svc, await mergeWithPrevious(t.folder.store, t.id, options(svc)), vscode.l10n.t('Pulse: sessions merged.'), `Merged into ${prev}`, t.id);
}

/** The actions, by the command that runs them; each takes the view item (or a `SessionRef`) first. */
export const historyActions = {
  label: (svc: Services, arg: unknown, text: unknown): Promise<unknown> => label(svc, arg, text),
  end: (svc: Services, arg: unknown): Promise<unknown> => end(svc, arg),
  openJson: (svc: Services, arg: unknown): Promise<unknown> => openJson(svc, arg),
  remove: (svc: Services, arg: unknown, confirmed: unknown): Promise<unknown> => remove(svc, arg, confirmed),
  merge: (svc: Services, arg: unknown, confirmed: unknown): Promise<unknown> => merge(svc, arg, confirmed),
};
