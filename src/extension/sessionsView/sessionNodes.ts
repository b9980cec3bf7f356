// What the Sessions view shows for each node. Labels, descriptions and tooltips are plain strings
// (never Markdown or HTML): a cloned repository may ship session files with hostile labels.
import * as vscode from 'vscode';
import { formatDuration } from '../../core/reports/format';
import { sessionName } from '../../core/reports/sessionName';
import type { Session } from '../../core/session/schema';

export type GroupKind = 'live' | 'today' | 'week';

export type SessionsNode =
  | { kind: 'group'; group: GroupKind }
  | { kind: 'month'; month: string; count: number }
  /** `parent` names the group or month it is listed under: a session can be in both Today and its month. */
  | { kind: 'session'; parent: string; folderKey: string; folderName: string; id: string; live: boolean; mine: boolean; session: Session }
  | { kind: 'message'; text: string };

export type SessionNode = Extract<SessionsNode, { kind: 'session' }>;

const GROUP_LABELS: Record<GroupKind, string> = { live: 'Live', today: 'Today', week: 'This Week' };

export function treeItem(n: SessionsNode, multiFolder: boolean): vscode.TreeItem {
  switch (n.kind) {
    case 'group': {
      const item = new vscode.TreeItem(vscode.l10n.t(GROUP_LABELS[n.group]), n.group === 'week' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${n.group}`;
      item.iconPath = new vscode.ThemeIcon(n.group === 'live' ? 'pulse' : n.group === 'today' ? 'calendar' : 'history');
      item.contextValue = 'pulseGroup';
      return item;
    }
    case 'month': {
      const item = new vscode.TreeItem(monthLabel(n.month), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `month:${n.month}`;
      item.description = n.count === 1 ? vscode.l10n.t('1 session') : vscode.l10n.t('{0} sessions', n.count);
      item.iconPath = new vscode.ThemeIcon('archive');
      item.contextValue = 'pulseMonth';
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(n.text, vscode.TreeItemCollapsibleState.None);
      item.contextValue = 'pulseMessage';
      return item;
    }
    case 'session':
      return sessionItem(n, multiFolder);
  }
}

function sessionItem(n: SessionNode, multiFolder: boolean): vscode.TreeItem {
  const s = n.session;
  const name = sessionName(s, multiFolder ? n.folderName : undefined);
  const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
  item.id = `session:${n.parent}:${n.folderKey}:${s.id}`;
  const when = n.live ? '' : ` · ${new Date(s.startedAt).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })}`;
  item.description = `${formatDuration(s.activeSeconds)}${when}${multiFolder ? ` · ${n.folderName}` : ''}`;
  item.iconPath = statusIcon(s);
  item.tooltip = tooltip(n);
  item.accessibilityInformation = { label: vscode.l10n.t('{0}, {1}, {2} active', name, s.status, formatDuration(s.activeSeconds)) };
  // Menus match on these flags: `pulseSession;live;mine;active`, `pulseSession;archived`… This
  // window's own live session (`;live;mine;`) is not offered Delete… or Merge: both would be refused.
  item.contextValue = ['pulseSession', n.live ? 'live' : 'archived', ...(n.mine ? ['mine'] : []), ...(n.live ? [s.status] : [])].join(';');
  return item;
}

function statusIcon(s: Session): vscode.ThemeIcon {
  if (s.status === 'active') return new vscode.ThemeIcon('pulse', new vscode.ThemeColor('charts.green'));
  if (s.status === 'paused') return new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('charts.yellow'));
  // A stale close means the window died; the time up to its last activity still counts.
  return new vscode.ThemeIcon(s.endReason === 'stale' ? 'debug-disconnect' : 'pass');
}

function tooltip(n: SessionNode): string {
  const s = n.session;
  const when = (iso: string): string => new Date(iso).toLocaleString();
  const top = Object.entries(s.languages)
    .sort(([, a], [, b]) => b - a)
    .slice(0, 3)
    .map(([k, v]) => `${k} ${formatDuration(v)}`)
    .join(', ');
  const t = vscode.l10n.t;
  const status = s.endReason ? t('{0} ({1})', s.status, s.endReason) : s.status;
  const heartbeats = s.heartbeats === 1 ? t('1 heartbeat') : t('{0} heartbeats', s.heartbeats);
  const lines = [
    sessionName(s),
    t('{0} · {1} active · {2}', status, formatDuration(s.activeSeconds), heartbeats),
    t('Started {0} · last activity {1}', when(s.startedAt), when(s.lastActivity)) + (s.endedAt ? t(' · ended {0}', when(s.endedAt)) : ''),
    t('Folder {0}', n.folderName) + (s.branch ? t(' · branch {0}', s.branch) : '') + (n.mine ? t(' · this window') : ''),
  ];
  if (top) lines.push(t('Languages: {0}', top));
  lines.push(t('Id {0}', s.id) + (s.previousSessionId ? t(' · continues {0}', s.previousSessionId) : ''));
  return lines.join('\n');
}

function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(y!, m! - 1, 1).toLocaleDateString(undefined, { year: 'numeric', month: 'long' });
}
