// The one typed reader of Pulse's settings. Its handler runs once at start-up and then on every
// change that affects `pulse`, so "changes apply live" has one code path.
import * as vscode from 'vscode';
import { normalizeSettings, SETTING_KEYS, type PulseSettings, type RawSettings } from '../core/settings';
import type { Logger } from '../core/ports';

export function readSettings(log?: Logger, scope?: vscode.ConfigurationScope): PulseSettings {
  const c = vscode.workspace.getConfiguration('pulse', scope);
  const raw: RawSettings = {};
  for (const k of SETTING_KEYS) raw[k] = c.get(k);
  return normalizeSettings(raw, log);
}

export class Config implements vscode.Disposable {
  private current: PulseSettings;
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly log: Logger,
    onChange: (next: PulseSettings, prev: PulseSettings | undefined, e?: vscode.ConfigurationChangeEvent) => void,
  ) {
    this.current = readSettings(log);
    onChange(this.current, undefined);
    this.sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('pulse')) return;
      const prev = this.current;
      this.current = readSettings(this.log);
      this.log.info('Settings changed; applied without a reload.');
      onChange(this.current, prev, e);
    });
  }

  get settings(): PulseSettings {
    return this.current;
  }

  /**
   * `pulse.share` as one folder sees it, or undefined when nobody set it: then the store's own
   * .gitignore (committed with the project in git mode) decides, and no window flips it back.
   */
  shareFor(folder: vscode.WorkspaceFolder): 'private' | 'git' | undefined {
    if (!vscode.workspace.isTrusted) return undefined;
    const i = vscode.workspace.getConfiguration('pulse', folder.uri).inspect('share');
    const set = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
    return set === 'git' || set === 'private' ? set : undefined;
  }

  /** `pulse.directory` as seen by one folder (it is resource-scoped). */
  directoryFor(folder: vscode.WorkspaceFolder): string {
    return readSettings(undefined, folder.uri).directory;
  }

  /** `pulse.issuePattern` as seen by one folder (by its URI string); undefined: the built-in patterns. */
  issuePatternFor(folderUri: string): RegExp | undefined {
    return readSettings(undefined, vscode.Uri.parse(folderUri)).issuePattern;
  }

  /** The project name of a folder's sessions: `pulse.project`, else the folder's name. */
  projectFor(folder: vscode.WorkspaceFolder): string {
    return readSettings(undefined, folder.uri).project ?? folder.name;
  }

  dispose(): void {
    this.sub.dispose();
  }
}
