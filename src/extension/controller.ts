// Builds Pulse's services for one window and wires them together. Each service owns its listeners
// and timers; this class owns the services and disposes each exactly once.
import { issueFromBranch } from '../core/session/issueKey';
import * as vscode from 'vscode';
import { Tracker } from '../core/tracking/tracker';
import { messageOf } from '../core/errors';
import type { PulseSettings } from '../core/settings';
import type { TrackerSettings, TrackerStatus } from '../core/tracking/trackerTypes';
import type { CleanupResult } from '../core/store/cleanup';
import { Config } from './config';
import { Folders } from './folders';
import { EditorEvents } from './editorEvents';
import { GitBranches } from './gitBranch';
import { Identity } from './identity';
import { StoreRegistry } from '../core/store/registry';
import { pulseDataDir } from '../core/dataDir';
import { CleanupService } from './cleanupService';
import { StatusBar, type StatusView } from './statusBar';
import { GoalNotifier } from './goalNotifier';
import { walkthroughDone } from './walkthrough';
import { AllProjectsToday } from './allProjectsToday';
import { StoreHealth } from './storeHealth';
import { registerSessionCommands } from './commands/sessionCommands';
import { registerLazyCommands } from './lazy/lazyCommands';
import { registerStoreCommands } from './commands/storeCommands';
import { StoreWatcher } from './storeWatcher';
import { SessionsTree } from './sessionsView/sessionsTree';
import { ownedHere } from './sessionsView/ownedHere';
import { DashboardService, type DashboardProbe } from './dashboard/dashboardService';
import type { Services } from './services';

/** What the extension returns from `activate`: enough for scripts and tests to read its state. */
export interface PulseApi {
  status(): TrackerStatus;
  statusBar(): StatusView;
  refreshStatusBar(): Promise<void>;
  flush(): Promise<boolean>;
  cleanup(): Promise<CleanupResult>;
  storeDirs(): string[];
  whenFoldersReady(): Promise<void>;
  dashboard(): DashboardProbe;
  sessionsTree(): SessionsTree;
}

function trackerSettings(s: PulseSettings): TrackerSettings {
  return {
    heartbeatIntervalMs: s.heartbeatIntervalMs,
    idleTimeoutMs: s.idleTimeoutMs,
    sessionGapMs: s.sessionGapMs,
    staleAfterMs: s.staleAfterMs,
    autoStart: s.autoStart,
    recordFileNames: s.recordFileNames,
  };
}

export class PulseController implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly tracker: Tracker;
  private readonly config: Config;
  private readonly folders: Folders;
  private readonly cleanup: CleanupService;
  private readonly statusBar: StatusBar;
  private readonly goal: GoalNotifier;
  private readonly git: GitBranches;
  private readonly identity: Identity;
  private readonly dashboard: DashboardService;
  private readonly sessions: SessionsTree;
  private events: EditorEvents | undefined;
  private shutDown = false;

  constructor(
    context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    let initial: PulseSettings | undefined;
    this.config = new Config(log, (next, prev, e) => (prev ? this.applySettings(next, prev, e) : (initial = next)));
    const s = initial ?? this.config.settings;
    this.tracker = new Tracker({ folders: [], settings: trackerSettings(s), log });
    this.folders = new Folders(context, this.tracker, this.config, log, new StoreRegistry(pulseDataDir()));
    this.cleanup = new CleanupService(this.tracker, this.folders, log, s.cleanupIntervalMs, s.staleAfterMs);
    this.statusBar = new StatusBar(this.tracker, this.folders, this.cleanup, log, new AllProjectsToday(this.folders.registry, log));
    this.git = new GitBranches(
      log,
      (folder, branch) => this.tracker.setBranch(folder, branch, branch ? (issueFromBranch(branch, this.config.issuePatternFor(folder)) ?? null) : null),
      () => this.identity.refresh(),
    );
    this.identity = new Identity(this.tracker, this.git, log, s.user);
    this.goal = new GoalNotifier(pulseDataDir(), context.globalState, log);
    this.statusBar.onToday = (today, goal, date) => this.goal.check(today, goal, date);
    const svc: Services = { tracker: this.tracker, folders: this.folders, cleanup: this.cleanup, statusBar: this.statusBar, log, memory: context.globalState };
    const watcher = new StoreWatcher(this.folders, this.tracker);
    this.sessions = new SessionsTree(this.folders, ownedHere(svc), log, watcher.onDidChange);
    this.dashboard = new DashboardService(context, svc, watcher.onDidChange);
    this.disposables.push(
      this.config,
      this.folders,
      this.cleanup,
      this.statusBar,
      this.git,
      new StoreHealth(this.tracker, log),
      ...registerSessionCommands(svc),
      ...registerLazyCommands(svc, () => this.sessions.refresh()),
      ...registerStoreCommands(svc),
      this.tracker.onDidChangeState((st) => this.onState(st)),
      this.folders.onDidChange(() => {
        this.git.refresh();
        this.statusBar.requestRefresh();
      }),
      this.cleanup.onDidRun(() => this.statusBar.requestRefresh()),
      // Last in, first disposed: the views go before the folders and tracker they watch.
      watcher,
      this.sessions,
      this.dashboard,
    );
    this.setEnabled(s.enabled);
    this.statusBar.setVisible(s.enabled && s.statusBarEnabled);
    this.statusBar.setGoal(s.dailyGoalSeconds);
    this.goal.configure(s.goalNotification);
  }

  async start(): Promise<void> {
    await this.folders.start();
    await this.git.start().catch((err: unknown) => this.log.warn(`git: ${messageOf(err)}`));
    this.identity.refresh();
    await this.statusBar.refresh();
    const n = this.folders.all().length;
    this.log.info(n === 1 ? 'Pulse is recording 1 folder.' : `Pulse is recording ${n} folders.`);
  }

  get api(): PulseApi {
    return {
      status: () => this.tracker.status(),
      statusBar: () => this.statusBar.view,
      refreshStatusBar: () => this.statusBar.refresh(),
      flush: () => this.tracker.flush(),
      cleanup: () => this.cleanup.run(),
      storeDirs: () => this.folders.all().map((f) => f.store.dir),
      whenFoldersReady: () => this.folders.whenIdle(),
      dashboard: () => this.dashboard.probe,
      sessionsTree: () => this.sessions,
    };
  }

  /** Flushes and ends this window's sessions (`window-closed`) inside VS Code's 5 s budget. */
  async shutdown(): Promise<void> {
    if (this.shutDown) return;
    this.shutDown = true;
    this.events?.dispose();
    this.events = undefined;
    const saved = await this.tracker.shutdown(4000);
    this.log.info(saved ? 'Window closing: sessions ended and saved.' : 'Window closing: some activity could not be saved.');
  }

  private onState(st: TrackerStatus): void {
    void vscode.commands.executeCommand('setContext', 'pulse.state', st.state);
    // "Recording" once the session's file is written, not when it starts: a session can start with
    // the window's first focus, before VS Code has registered the walkthrough, and VS Code drops an
    // onContext completion whose key is already set at registration (the step would never tick).
    if (st.state !== 'none' && st.sessionId !== undefined) walkthroughDone('recorded', this.log);
    this.statusBar.requestRefresh();
  }

  private setEnabled(enabled: boolean): void {
    void vscode.commands.executeCommand('setContext', 'pulse.enabled', enabled);
    if (enabled && !this.events) this.events = new EditorEvents(this.tracker, this.folders);
    if (!enabled && this.events) {
      this.events.dispose();
      this.events = undefined;
      void this.tracker.end('user').then((ok) => this.log.info(`Pulse disabled: sessions ended${ok ? '' : ' (saving later)'}.`));
    }
  }

  private applySettings(next: PulseSettings, prev: PulseSettings, e?: vscode.ConfigurationChangeEvent): void {
    this.tracker.updateSettings(trackerSettings(next));
    this.cleanup.configure(next.cleanupIntervalMs, next.staleAfterMs);
    this.statusBar.setVisible(next.enabled && next.statusBarEnabled);
    this.statusBar.setGoal(next.dailyGoalSeconds);
    this.goal.configure(next.goalNotification);
    // The open dashboard draws the goal line and the average's note from the goal. (A settings
    // change also counts as a tracker state change today, which refreshes it too; this says why it must.)
    if (next.dailyGoalSeconds !== prev.dailyGoalSeconds) this.dashboard.refresh();
    if (next.enabled !== prev.enabled) this.setEnabled(next.enabled);
    if (next.user !== prev.user) this.identity.configure(next.user);
    if (e?.affectsConfiguration('pulse.share')) void this.folders.applyShareAll();
    if (e?.affectsConfiguration('pulse.directory') || next.gitignore !== prev.gitignore) {
      void this.folders.reopenAll().then(() => this.git.refresh());
    }
    this.statusBar.requestRefresh();
  }

  dispose(): void {
    this.events?.dispose();
    for (const d of this.disposables.reverse()) d.dispose();
    // After shutdown() the tracker is already closed; dispose() is then a no-op.
    this.tracker.dispose();
  }
}
