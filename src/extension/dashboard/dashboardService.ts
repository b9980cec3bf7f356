// "Pulse: Show Dashboard": opens (or reveals) the one dashboard panel and keeps it live. The
// webview may load only the bundled dashboard script and styles, and keeps no context while hidden.
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import { register } from '../commands/runCommand';
import { readSettings } from '../config';
import { walkthroughDone } from '../walkthrough';
import type { DashboardData, RenderedSummary } from '../../core/reports/dashboardProtocol';
import type { Services } from '../services';
import { DashboardPanel } from './dashboardPanel';

export const DASHBOARD_VIEW_TYPE = 'pulse.dashboard';

/** What tests and scripts can see of the dashboard (through the extension's API). */
export interface DashboardProbe {
  isOpen(): boolean;
  /** The last data posted to the webview. */
  lastPosted(): DashboardData | undefined;
  /** The last text the webview reported it rendered. */
  lastRendered(): RenderedSummary | undefined;
  /** Resolves with the next data posted after this call. */
  nextPost(): Promise<DashboardData>;
}

export class DashboardService implements vscode.Disposable {
  private current: DashboardPanel | undefined;
  private posted: DashboardData | undefined;
  private rendered: RenderedSummary | undefined;
  private readonly postedEvent = new vscode.EventEmitter<DashboardData>();
  private readonly subs: vscode.Disposable[] = [];
  private readonly bundle: vscode.Uri;

  constructor(
    context: vscode.ExtensionContext,
    private readonly svc: Services,
    onStoreChange: vscode.Event<void>,
  ) {
    this.bundle = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
    this.subs.push(
      this.postedEvent,
      register(Commands.showDashboard, svc, () => {
        walkthroughDone('dashboard', svc.log);
        return this.show();
      }),
      onStoreChange(() => this.current?.refresh()),
    );
  }

  /** Recomputes the open dashboard (now if visible, else when shown): a setting it shows changed. */
  refresh(): void {
    this.current?.refresh();
  }

  async show(): Promise<void> {
    // Include what this window still holds in memory (an action the user asked for).
    await this.svc.tracker.flush();
    if (this.current) {
      this.current.panel.reveal();
      this.current.refresh();
      return;
    }
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, vscode.l10n.t('Pulse Dashboard'), vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [this.bundle],
    });
    this.current = new DashboardPanel(
      panel,
      this.bundle,
      {
        folders: () => this.svc.folders.all().map((f) => ({ key: f.key, name: f.name, store: f.store })),
        goalSeconds: () => readSettings().dailyGoalSeconds,
        registry: () => this.svc.folders.registry,
        posted: (d) => {
          this.posted = d;
          this.postedEvent.fire(d);
        },
        rendered: (r) => (this.rendered = r),
        disposed: () => (this.current = undefined),
      },
      this.svc.log,
    );
  }

  get probe(): DashboardProbe {
    return {
      isOpen: () => this.current !== undefined,
      lastPosted: () => this.posted,
      lastRendered: () => this.rendered,
      nextPost: () => new Promise((resolve) => {
        const sub = this.postedEvent.event((d) => {
          sub.dispose();
          resolve(d);
        });
      }),
    };
  }

  dispose(): void {
    this.current?.dispose();
    for (const s of this.subs) s.dispose();
  }
}
