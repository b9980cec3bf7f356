// The Sessions view in the Explorer: Live, Today, This Week, then the archive by month. The root
// lists month folders by name only; a month's files are read when it is expanded, so a store with
// 10,000 finished sessions opens at once. Refreshes follow the store watcher.
import * as vscode from 'vscode';
import { messageOf } from '../../core/errors';
import { monthSessions, recentGroups, type RecentGroups } from '../../core/reports/sessionGroups';
import type { Logger } from '../../core/ports';
import type { Session } from '../../core/session/schema';
import type { FolderEntry, Folders } from '../folders';
import { treeItem, type GroupKind, type SessionsNode } from './sessionNodes';

export const SESSIONS_VIEW_ID = 'pulse.sessions';

type Recent = { folder: FolderEntry; groups: RecentGroups }[];

export class SessionsTree implements vscode.TreeDataProvider<SessionsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SessionsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<SessionsNode>;
  private readonly subs: vscode.Disposable[] = [];
  /** Today's and this week's sessions, read once per refresh and shared by the three groups. */
  private recent: Promise<Recent> | undefined;

  constructor(
    private readonly folders: Folders,
    private readonly isMine: (id: string) => boolean,
    private readonly log: Logger,
    onStoreChange: vscode.Event<void>,
  ) {
    this.view = vscode.window.createTreeView(SESSIONS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.subs.push(this.view, this.changed, onStoreChange(() => this.refresh()));
  }

  refresh(): void {
    this.recent = undefined;
    this.changed.fire(undefined);
  }

  getTreeItem(n: SessionsNode): vscode.TreeItem {
    return treeItem(n, this.folders.all().length > 1);
  }

  async getChildren(n?: SessionsNode): Promise<SessionsNode[]> {
    try {
      if (!n) return await this.root();
      if (n.kind === 'group') return await this.group(n.group);
      if (n.kind === 'month') return await this.month(n.month);
      return [];
    } catch (err) {
      this.log.warn(`Sessions view: ${messageOf(err)}`);
      return [{ kind: 'message', text: vscode.l10n.t('Could not read sessions: {0}', messageOf(err)) }];
    }
  }

  private async root(): Promise<SessionsNode[]> {
    const counts = new Map<string, number>();
    for (const f of this.folders.all()) {
      for (const m of await f.store.archiveMonths()) counts.set(m, (counts.get(m) ?? 0) + (await f.store.archivedIds(m)).length);
    }
    const months = [...counts].filter(([, c]) => c > 0).sort(([a], [b]) => (a < b ? 1 : -1));
    return [
      { kind: 'group', group: 'live' },
      { kind: 'group', group: 'today' },
      { kind: 'group', group: 'week' },
      ...months.map(([month, count]): SessionsNode => ({ kind: 'month', month, count })),
    ];
  }

  private async group(g: GroupKind): Promise<SessionsNode[]> {
    this.recent ??= this.loadRecent();
    const nodes = (await this.recent).flatMap(({ folder, groups }) => groups[g].map((s) => this.node(folder, s, g, g === 'live')));
    if (nodes.length > 0) return nodes;
    const empty = { live: 'No live session', today: 'Nothing finished today', week: 'Nothing else this week' } as const;
    return [{ kind: 'message', text: vscode.l10n.t(empty[g]) }];
  }

  private async loadRecent(): Promise<Recent> {
    const now = Date.now();
    const out: Recent = [];
    for (const folder of this.folders.all()) {
      const groups = await recentGroups(folder.store, now);
      for (const p of groups.problems) this.log.warn(`Sessions view skipped ${p.path}: ${p.message}`);
      out.push({ folder, groups });
    }
    return out;
  }

  private async month(month: string): Promise<SessionsNode[]> {
    const out: SessionsNode[] = [];
    for (const folder of this.folders.all()) {
      const r = await monthSessions(folder.store, month);
      for (const p of r.problems) this.log.warn(`Sessions view skipped ${p.path}: ${p.message}`);
      out.push(...r.sessions.map((s) => this.node(folder, s, month, false)));
    }
    return out;
  }

  private node(folder: FolderEntry, s: Session, parent: string, live: boolean): SessionsNode {
    return { kind: 'session', parent, folderKey: folder.key, folderName: folder.name, id: s.id, live, mine: live && this.isMine(s.id), session: s };
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}
