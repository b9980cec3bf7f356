// The current branch per workspace folder, from the built-in git extension's API (never by
// spawning git), and git's user.email for `owner.user`. Without that extension, branches are simply
// not recorded.
import * as vscode from 'vscode';
import { messageOf } from '../core/errors';
import type { Logger } from '../core/ports';

// The slice of the git extension's API (vscode.git, getAPI(1)) that Pulse reads.
interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly HEAD: { readonly name?: string } | undefined; readonly onDidChange: vscode.Event<void> };
  /** The effective value (repository, then global config); rejects when the key is unset. */
  getConfig(key: string): Promise<string>;
}
interface GitApi {
  readonly repositories: GitRepository[];
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
}
interface GitExtension {
  getAPI(version: 1): GitApi;
}

export class GitBranches implements vscode.Disposable {
  private readonly subs: vscode.Disposable[] = [];
  private readonly watched = new Set<string>();
  private api: GitApi | undefined;

  constructor(
    private readonly log: Logger,
    /** Called with the folder URI (string) a repository belongs to, and its branch. */
    private readonly onBranch: (folderUri: string, branch: string | null) => void,
    /** Called when a repository opens: the identity git knows may have changed. */
    private readonly onRepository: () => void = () => undefined,
  ) {}

  /** `user.email` of the first open repository that has one; undefined without git or a repository. */
  async userEmail(): Promise<string | undefined> {
    for (const r of this.api?.repositories ?? []) {
      try {
        const email = (await r.getConfig('user.email')).trim();
        if (email) return email;
      } catch {
        // unset in this repository (git exits 1): try the next one
      }
    }
    return undefined;
  }

  async start(): Promise<void> {
    const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
    if (!ext) {
      this.log.info('The git extension is not available; branches are not recorded.');
      return;
    }
    try {
      const exports = ext.isActive ? ext.exports : await ext.activate();
      this.api = exports.getAPI(1);
    } catch (err) {
      this.log.warn(`Could not use the git extension: ${messageOf(err)}; branches are not recorded.`);
      return;
    }
    this.subs.push(this.api.onDidOpenRepository((r) => this.watch(r)));
    for (const r of this.api.repositories) this.watch(r);
  }

  /** Re-reports every repository's branch (a folder was added, or its store moved). */
  refresh(): void {
    for (const r of this.api?.repositories ?? []) this.report(r);
  }

  private watch(r: GitRepository): void {
    const key = r.rootUri.toString();
    if (this.watched.has(key)) return;
    this.watched.add(key);
    this.subs.push(r.state.onDidChange(() => this.report(r)));
    this.report(r);
    this.onRepository();
  }

  private report(r: GitRepository): void {
    const folder = vscode.workspace.getWorkspaceFolder(r.rootUri);
    if (folder) this.onBranch(folder.uri.toString(), r.state.HEAD?.name ?? null);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}
