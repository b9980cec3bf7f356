// One store per workspace folder, under `pulse.directory`; an empty window keeps its sessions in
// the extension's global storage. Follows folder add/remove and directory changes.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { SessionStore } from '../core/store/store';
import { resolveStoreDir } from '../core/store/storePath';
import type { StoreRegistry } from '../core/store/registry';
import { messageOf } from '../core/errors';
import type { Logger } from '../core/ports';
import type { Tracker } from '../core/tracking/tracker';
import type { Config } from './config';

export const EMPTY_WINDOW_KEY = 'pulse:empty-window';

export interface FolderEntry {
  key: string;
  name: string;
  path: string;
  store: SessionStore;
}

export class Folders implements vscode.Disposable {
  private readonly entries = new Map<string, FolderEntry>();
  private readonly subs: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Serializes folder changes: a remove and a re-add of one folder must not interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly tracker: Tracker,
    private readonly config: Config,
    private readonly log: Logger,
    /** The per-user registry: every store this window writes is remembered there. */
    readonly registry: StoreRegistry,
  ) {
    this.subs.push(
      this.changed,
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) this.enqueue(() => this.remove(f.uri.toString()));
        for (const f of e.added) this.enqueue(() => this.add(f));
        this.enqueue(() => this.syncEmptyWindow());
      }),
    );
  }

  /** Opens every current folder's store. */
  start(): Promise<void> {
    for (const f of vscode.workspace.workspaceFolders ?? []) this.enqueue(() => this.add(f));
    this.enqueue(() => this.syncEmptyWindow());
    return this.whenIdle();
  }

  /** `pulse.directory` or `pulse.gitignore` changed: reopen each store where it moved. */
  reopenAll(): Promise<void> {
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      this.enqueue(async () => {
        await this.remove(f.uri.toString());
        await this.add(f);
      });
    }
    return this.whenIdle();
  }

  whenIdle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  all(): FolderEntry[] {
    return [...this.entries.values()];
  }

  get(key: string | undefined): FolderEntry | undefined {
    return key === undefined ? undefined : this.entries.get(key);
  }

  /** The folder a document belongs to, or the empty window's pseudo-folder. */
  keyFor(uri: vscode.Uri): string | undefined {
    const wf = vscode.workspace.getWorkspaceFolder(uri);
    if (wf) return this.entries.has(wf.uri.toString()) ? wf.uri.toString() : undefined;
    return this.entries.has(EMPTY_WINDOW_KEY) ? EMPTY_WINDOW_KEY : undefined;
  }

  /** True for files inside any store: Pulse's own writes are never activity. */
  isStoreFile(fsPath: string): boolean {
    for (const e of this.entries.values()) {
      if (fsPath.startsWith(e.store.dir + path.sep)) return true;
    }
    return false;
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((err: unknown) => this.log.error(`Folder change failed: ${messageOf(err)}`));
  }

  private async add(f: vscode.WorkspaceFolder): Promise<void> {
    const key = f.uri.toString();
    if (f.uri.scheme !== 'file' || this.entries.has(key)) return;
    const setting = this.config.directoryFor(f);
    let dir: string;
    try {
      dir = await resolveStoreDir(f.uri.fsPath, setting);
    } catch (err) {
      this.log.error(`${f.name}: ${messageOf(err)}. Sessions for this folder are not recorded.`);
      void vscode.window.showWarningMessage(vscode.l10n.t('Pulse: {0}. Sessions for "{1}" are not recorded.', messageOf(err), f.name));
      return;
    }
    const store = this.newStore(dir, f.uri.fsPath, f.name, this.config.shareFor(f));
    this.register({ key, name: f.name, path: f.uri.fsPath, store });
    await this.applyShare(f, store);
  }

  /** `pulse.share`, when set, becomes the store's .gitignore (never over one the user wrote). */
  private async applyShare(f: vscode.WorkspaceFolder, store: SessionStore): Promise<void> {
    const mode = this.config.shareFor(f);
    if (!mode || !this.config.settings.gitignore) return;
    try {
      const r = await store.setShare(mode);
      if (r.changed) this.log.info(`${f.name}: sessions are now shared as "${mode}" (${r.file})`);
    } catch (err) {
      this.log.warn(`${f.name}: pulse.share "${mode}" not applied: ${messageOf(err)}`);
    }
  }

  /** `pulse.share` changed: each folder's store takes its new mode. */
  applyShareAll(): Promise<void> {
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      this.enqueue(async () => {
        const e = this.entries.get(f.uri.toString());
        if (e) await this.applyShare(f, e.store);
      });
    }
    return this.whenIdle();
  }

  private async syncEmptyWindow(): Promise<void> {
    const empty = (vscode.workspace.workspaceFolders ?? []).length === 0;
    if (empty && !this.entries.has(EMPTY_WINDOW_KEY)) {
      const base = this.context.globalStorageUri.fsPath;
      const name = vscode.l10n.t('No folder');
      this.register({ key: EMPTY_WINDOW_KEY, name, path: base, store: this.newStore(path.join(base, 'sessions'), undefined, name) });
    } else if (!empty && this.entries.has(EMPTY_WINDOW_KEY)) {
      await this.remove(EMPTY_WINDOW_KEY);
    }
  }

  /** `root`: the store re-checks, on every open and write, that no folder below it became a symlink. */
  private newStore(dir: string, root?: string, project?: string, share?: 'private' | 'git'): SessionStore {
    return new SessionStore({ dir, root, log: this.log, gitignore: this.config.settings.gitignore, registry: this.registry, project, share });
  }

  private register(e: FolderEntry): void {
    this.entries.set(e.key, e);
    this.tracker.addFolder({ key: e.key, path: e.path, store: e.store });
    this.log.info(`${e.name}: sessions are kept in ${e.store.dir}`);
    this.changed.fire();
  }

  private async remove(key: string): Promise<void> {
    if (!this.entries.has(key)) return;
    const saved = await this.tracker.removeFolder(key);
    if (!saved) this.log.warn(`${key}: its last session could not be saved yet; Pulse keeps it in memory and retries.`);
    this.entries.delete(key);
    this.changed.fire();
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}
