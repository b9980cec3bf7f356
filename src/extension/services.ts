// What command handlers get: the services `activate` built, nothing global.
import type * as vscode from 'vscode';
import type { Tracker } from '../core/tracking/tracker';
import type { CleanupService } from './cleanupService';
import type { Folders } from './folders';
import type { StatusBar } from './statusBar';

export interface Services {
  readonly tracker: Tracker;
  readonly folders: Folders;
  readonly cleanup: CleanupService;
  readonly statusBar: StatusBar;
  readonly log: vscode.LogOutputChannel;
  /** Small choices remembered across windows (the export folder, the day a goal was announced). */
  readonly memory: vscode.Memento;
}
