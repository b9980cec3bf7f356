// A quick pick of live and recent sessions; picking one offers open JSON, label and end. Registered
// at activation (lazy/lazyCommands.ts); this code runs from dist/imports.js, loaded on first use.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { formatDuration } from '../../core/reports/format';
import { sessionName } from '../../core/reports/sessionName';
import { endSession, labelSession, type EditResult } from '../../core/store/history';
import { countedOnce } from '../../core/store/storeListing';
import type { Session } from '../../core/session/schema';
import type { SessionStore } from '../../core/store/store';
import type { Services } from '../services';

const RECENT_DAYS = 14;

interface SessionItem extends vscode.QuickPickItem {
  session: Session;
  live: boolean;
  store: SessionStore;
  folderKey: string;
}

const icon = (s: Session): string => (s.status === 'active' ? '$(pulse)' : s.status === 'paused' ? '$(debug-pause)' : '$(check)');

async function items(svc: Services): Promise<SessionItem[]> {
  const out: SessionItem[] = [];
  const since = new Date(Date.now() - RECENT_DAYS * 86_400_000).toISOString().slice(0, 7);
  for (const f of svc.folders.all()) {
    // Live folder first, then the archive, so a session finished meanwhile is listed once, finished.
    const live = await f.store.listLive();
    const archived = await f.store.listArchived({ from: since });
    for (const p of [...live.problems, ...archived.problems]) svc.log.warn(`${p.path}: ${p.message}`);
    // Each session once: archived wins over live, a merged session over what it holds.
    const counted = new Set(countedOnce(live.sessions, archived.sessions));
    const recent = archived.sessions.filter((s) => counted.has(s) && Date.parse(s.startedAt) > Date.now() - RECENT_DAYS * 86_400_000);
    for (const [list, isLive] of [[live.sessions.filter((s) => counted.has(s)), true], [recent, false]] as const) {
      for (const s of list) {
        out.push({
          label: `${icon(s)} ${sessionName(s, svc.folders.all().length > 1 ? f.name : undefined)}`,
          description: `${formatDuration(s.activeSeconds)} · ${s.status}`,
          // The id stays findable (the pick matches on details) without being the name.
          detail: [new Date(s.startedAt).toLocaleString(), s.branch, s.endReason ? vscode.l10n.t('ended: {0}', s.endReason) : undefined, s.id].filter(Boolean).join(' · '),
          session: s,
          live: isLive,
          store: f.store,
          folderKey: f.key,
        });
      }
    }
  }
  return out.sort((a, b) => (a.live === b.live ? (a.session.id < b.session.id ? 1 : -1) : a.live ? -1 : 1));
}

/** History edits re-check inside the lock; say so when the session changed meanwhile. */
function report(r: EditResult): void {
  if (r.kind === 'missing') void vscode.window.showWarningMessage(vscode.l10n.t('Pulse: that session no longer exists.'));
  if (r.kind === 'refused') void vscode.window.showWarningMessage(vscode.l10n.t('Pulse: not changed: {0}.', r.reason));
}

async function act(svc: Services, it: SessionItem): Promise<void> {
  const open = vscode.l10n.t('$(json) Open JSON');
  const label = vscode.l10n.t('$(tag) Label…');
  const end = vscode.l10n.t('$(debug-stop) End');
  const choices = it.live ? [open, label, end] : [open, label];
  const pick = await vscode.window.showQuickPick(choices, { title: sessionName(it.session) });
  const s = it.session;
  const mine = svc.tracker.status(it.folderKey).sessionId === s.id;
  if (pick === open) {
    const file = it.live ? it.store.livePath(s.id) : it.store.archivePath(s);
    await vscode.window.showTextDocument(vscode.Uri.file(path.resolve(file)));
  } else if (pick === label) {
    const text = await vscode.window.showInputBox({ title: vscode.l10n.t('Label Session'), value: s.label ?? '' });
    if (text === undefined) return;
    if (mine) await svc.tracker.setLabel(text, it.folderKey);
    else report(await labelSession(it.store, s.id, text));
  } else if (pick === end) {
    if (mine) await svc.tracker.end('user', it.folderKey);
    else report(await endSession(it.store, s.id));
  }
  svc.statusBar.requestRefresh();
}

/** Show Sessions: the pick, then what to do with the picked session. */
export async function showSessionsCommand(svc: Services): Promise<void> {
  await svc.tracker.flush();
  const list = await items(svc);
  if (list.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Pulse: no sessions yet. Start typing, or run "Pulse: Start New Session".'));
    return;
  }
  const it = await vscode.window.showQuickPick(list, { title: vscode.l10n.t('Pulse Sessions'), matchOnDescription: true, matchOnDetail: true });
  if (it) await act(svc, it);
}
