// Editor events -> tracker. This is the typing path: each handler does a scheme check, a folder
// lookup and one in-memory tracker call. No disk, no promise, no timer.
import * as vscode from 'vscode';
import type { Tracker } from '../core/tracking/tracker';
import type { ActivityKind } from '../core/tracking/trackerTypes';
import type { Folders } from './folders';

/** Output panes, git and diff views, settings and the like are not the person's work. */
const TRACKED_SCHEMES = new Set(['file', 'vscode-remote']);

export class EditorEvents implements vscode.Disposable {
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    private readonly tracker: Tracker,
    private readonly folders: Folders,
  ) {
    const w = vscode.window;
    const ws = vscode.workspace;
    this.subs.push(
      ws.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.doc('edit', e.document);
      }),
      w.onDidChangeTextEditorSelection((e) => this.doc('selection', e.textEditor.document)),
      ws.onDidSaveTextDocument((d) => this.doc('save', d)),
      w.onDidChangeActiveTextEditor((e) => {
        if (e) this.doc('editorSwitch', e.document);
      }),
      w.onDidChangeWindowState((s) => this.tracker.windowState({ focused: s.focused, active: (s as { active?: boolean }).active })),
      w.onDidOpenTerminal(() => this.other('terminal')),
      w.onDidChangeActiveTerminal(() => this.other('terminal')),
      vscode.debug.onDidStartDebugSession(() => this.other('debug')),
      vscode.debug.onDidChangeActiveDebugSession(() => this.other('debug')),
      vscode.debug.onDidChangeBreakpoints(() => this.other('debug')),
    );
    // Shell integration (VS Code 1.93+): a command run in the terminal is activity.
    const shellExec = (w as { onDidStartTerminalShellExecution?: vscode.Event<unknown> }).onDidStartTerminalShellExecution;
    if (shellExec) this.subs.push(shellExec(() => this.other('terminal')));
    const s = w.state as { focused: boolean; active?: boolean };
    this.tracker.windowState({ focused: s.focused, active: s.active });
  }

  private doc(kind: ActivityKind, d: vscode.TextDocument): void {
    const uri = d.uri;
    if (!TRACKED_SCHEMES.has(uri.scheme)) return;
    const file = uri.fsPath;
    if (this.folders.isStoreFile(file)) return;
    const folder = this.folders.keyFor(uri);
    this.tracker.record(kind, { file, language: d.languageId, ...(folder !== undefined ? { folder } : {}) });
  }

  private other(kind: ActivityKind): void {
    // No file: the time goes to the folder last worked in (or the only one).
    this.tracker.record(kind, {});
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}
