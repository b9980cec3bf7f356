// One signal for "some session file changed": a FileSystemWatcher on every folder's store (so
// writes by other windows and the CLI count too) plus this window's own tracker state changes,
// debounced so that a burst of writes is one refresh.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { Tracker } from '../core/tracking/tracker';
import type { FolderEntry, Folders } from './folders';

const DEBOUNCE_MS = 400;

export class StoreWatcher implements vscode.Disposable {
  private readonly subs: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly folders: Folders,
    tracker: Tracker,
  ) {
    this.subs.push(
      this.changed,
      folders.onDidChange(() => {
        this.rewatch();
        this.poke();
      }),
      tracker.onDidChangeState(() => this.poke()),
    );
    this.rewatch();
  }

  /** Schedules one change signal; calls within the debounce window share it. */
  poke(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire();
    }, DEBOUNCE_MS);
  }

  private rewatch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = this.folders.all().map((f) => this.watch(f));
  }

  private watch(f: FolderEntry): vscode.Disposable {
    // Inside the workspace folder the workspace's own watcher serves the pattern; elsewhere (the
    // empty window's global storage) the store folder is watched by itself.
    const rel = path.relative(f.path, f.store.dir);
    const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    const pattern = inside
      ? new vscode.RelativePattern(vscode.Uri.file(f.path), `${rel.split(path.sep).join('/')}/**/*.json`)
      : new vscode.RelativePattern(vscode.Uri.file(f.store.dir), '**/*.json');
    const w = vscode.workspace.createFileSystemWatcher(pattern);
    const subs: vscode.Disposable[] = [w, w.onDidCreate(() => this.poke()), w.onDidChange(() => this.poke()), w.onDidDelete(() => this.poke())];
    return { dispose: () => subs.forEach((s) => void s.dispose()) };
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers) w.dispose();
    for (const s of this.subs) s.dispose();
  }
}
