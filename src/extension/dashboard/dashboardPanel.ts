// One dashboard panel: receives the webview's filters (untrusted input, normalized in the core),
// computes the numbers and posts them. Refreshes are coalesced: while one is computing, further
// requests make exactly one more run. A hidden panel refreshes when it is shown again.
import * as vscode from 'vscode';
import { DEFAULT_FILTERS, loadDashboard, normalizeFilters, type DashboardFolder } from '../../core/reports/dashboard';
import { messageOf } from '../../core/errors';
import type { Logger } from '../../core/ports';
import { WEBVIEW_STRINGS, type DashboardData, type DashboardFilters, type FromWebview, type RenderedSummary, type ToWebview } from '../../core/reports/dashboardProtocol';
import { dashboardHtml } from './dashboardHtml';
import type { StoreRegistry } from '../../core/store/registry';

/** The page's strings in the user's language (see WEBVIEW_STRINGS). */
function webviewStrings(): Record<string, string> {
  return Object.fromEntries(WEBVIEW_STRINGS.map((k) => [k, vscode.l10n.t(k)]));
}

export interface PanelHooks {
  folders(): DashboardFolder[];
  /** The daily goal in seconds (0: none), read when the data is loaded. */
  goalSeconds(): number;
  /** The per-user registry of stores, for the "All projects" scope. */
  registry(): StoreRegistry;
  posted(data: DashboardData): void;
  rendered(summary: RenderedSummary): void;
  disposed(): void;
}

export class DashboardPanel implements vscode.Disposable {
  private filters: DashboardFilters = DEFAULT_FILTERS;
  private ready = false;
  private running: Promise<void> | undefined;
  private again = false;
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    bundle: vscode.Uri,
    private readonly hooks: PanelHooks,
    private readonly log: Logger,
  ) {
    panel.webview.html = dashboardHtml(panel.webview, bundle);
    this.subs.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      panel.onDidChangeViewState(() => {
        // Without retainContextWhenHidden the page reloads when shown and says 'ready' again.
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** The stores changed: recompute, now if visible, or when shown again. */
  refresh(): void {
    // A hidden panel has no page; it asks for data again ('ready') when it is shown.
    if (!this.ready || !this.panel.visible) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.post().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.refresh();
      }
    });
  }

  private onMessage(raw: unknown): void {
    const m = raw as Partial<FromWebview> | undefined;
    if (m?.type === 'ready' || m?.type === 'filters') {
      const keys = this.hooks.folders().map((f) => f.key);
      this.filters = normalizeFilters('filters' in m ? m.filters : undefined, keys);
      this.ready = true;
      this.refresh();
    } else if (m?.type === 'rendered' && typeof m.summary === 'object' && m.summary !== null) {
      this.hooks.rendered(m.summary);
    }
  }

  private async post(): Promise<void> {
    let msg: ToWebview;
    try {
      const data = await loadDashboard(this.hooks.folders(), this.filters, Date.now(), this.hooks.goalSeconds(), this.hooks.registry());
      for (const line of data.skippedStores) this.log.warn(`Dashboard: ${line}`);
      if (data.problems > 0) this.log.warn(`Dashboard: ${data.problems === 1 ? '1 session file' : `${data.problems} session files`} skipped; run "pulse list --all" for details.`);
      msg = { type: 'data', data, strings: webviewStrings() };
      this.hooks.posted(data);
    } catch (err) {
      this.log.warn(`Dashboard: ${messageOf(err)}`);
      msg = { type: 'error', message: messageOf(err) };
    }
    await this.panel.webview.postMessage(msg);
  }

  dispose(): void {
    const subs = this.subs.splice(0);
    if (subs.length === 0) return;
    for (const s of subs) s.dispose();
    this.hooks.disposed();
    this.panel.dispose();
  }
}
