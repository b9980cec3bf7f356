// The status-bar item. Text and tooltip are rebuilt at most every 30 s and on state changes
// (session started, paused, written, failing…), never per keystroke.
import * as vscode from 'vscode';
import { buildReport, loadSessions } from '../core/report';
import { formatDuration } from '../core/format';
import { localDate } from '../core/time';
import { messageOf } from '../core/errors';
import type { Logger } from '../core/ports';
import type { Session } from '../core/schema';
import type { Tracker } from '../core/tracker';
import type { TrackerStatus } from '../core/trackerTypes';
import type { CleanupService } from './cleanupService';
import type { Folders } from './folders';
import { Commands } from './commandIds';

const REFRESH_MS = 30_000;
const MIN_GAP_MS = 1_000;

export interface StatusView {
  text: string;
  tooltip: string;
  accessibility: string;
  warning: boolean;
  dimmed: boolean;
}

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly timer: ReturnType<typeof setInterval>;
  private pending: ReturnType<typeof setTimeout> | undefined;
  private lastRefresh = 0;
  private refreshing: Promise<void> | undefined;
  private disposed = false;
  view: StatusView = { text: '$(pulse) Pulse', tooltip: '', accessibility: 'Pulse', warning: false, dimmed: true };

  constructor(
    private readonly tracker: Tracker,
    private readonly folders: Folders,
    private readonly cleanup: CleanupService,
    private readonly log: Logger,
  ) {
    this.item = vscode.window.createStatusBarItem('pulse.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Pulse';
    this.item.command = Commands.statusBarMenu;
    this.timer = setInterval(() => this.requestRefresh(), REFRESH_MS);
  }

  setVisible(visible: boolean): void {
    if (visible) this.item.show();
    else this.item.hide();
  }

  /** Coalesces bursts of state changes into one refresh, at most one per second. */
  requestRefresh(): void {
    if (this.disposed || this.pending) return;
    const wait = Math.max(0, this.lastRefresh + MIN_GAP_MS - Date.now());
    this.pending = setTimeout(() => {
      this.pending = undefined;
      void this.refresh();
    }, wait);
  }

  /** Recomputes now; resolves when the item shows the result. */
  refresh(): Promise<void> {
    this.refreshing ??= this.compute()
      .then((v) => this.apply(v))
      .catch((err: unknown) => this.log.warn(`Status bar refresh failed: ${messageOf(err)}`))
      .finally(() => {
        this.refreshing = undefined;
        this.lastRefresh = Date.now();
      });
    return this.refreshing;
  }

  private async compute(): Promise<StatusView> {
    const st = this.tracker.status();
    const folder = this.folders.get(st.folder) ?? this.folders.all()[0];
    let today = 0;
    let session: Session | undefined;
    if (folder) {
      const date = localDate(Date.now());
      const { sessions } = await loadSessions(folder.store, { from: date, to: date });
      session = sessions.find((s) => s.id === st.sessionId);
      // Disk holds what was written; add what this window still keeps in memory.
      const unwritten = Math.max(0, st.activeSeconds - (session?.activeSeconds ?? 0));
      today = buildReport(sessions, { from: date, to: date }).totalSeconds + unwritten;
    }
    return describe(st, today, session, folder?.name, this.cleanup);
  }

  private apply(v: StatusView): void {
    if (this.disposed) return;
    this.view = v;
    this.item.text = v.text;
    const md = new vscode.MarkdownString(v.tooltip, true);
    md.isTrusted = false;
    this.item.tooltip = md;
    this.item.accessibilityInformation = { label: v.accessibility, role: 'button' };
    this.item.backgroundColor = v.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.color = v.warning ? new vscode.ThemeColor('statusBarItem.warningForeground') : v.dimmed ? new vscode.ThemeColor('disabledForeground') : undefined;
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.timer);
    if (this.pending) clearTimeout(this.pending);
    this.item.dispose();
  }
}

function ago(at: number): string {
  const m = Math.round((Date.now() - at) / 60_000);
  return m < 1 ? 'just now' : m === 1 ? '1 min ago' : m < 120 ? `${m} min ago` : `${Math.round(m / 60)} h ago`;
}

function spoken(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const h = Math.floor(m / 60);
  const mm = m % 60;
  const hs = h > 0 ? `${h} hour${h === 1 ? '' : 's'} ` : '';
  return `${hs}${mm} minute${mm === 1 ? '' : 's'}`;
}

const esc = (s: string): string => s.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');

export function describe(st: TrackerStatus, today: number, s: Session | undefined, folder: string | undefined, cleanup: CleanupService): StatusView {
  const lines: string[] = [];
  const name = s?.label ?? st.sessionId;
  lines.push(`**Pulse** · ${name ? esc(name) : 'no session yet'}`);
  if (s) lines.push(`Started ${new Date(s.startedAt).toLocaleTimeString()} · this session ${formatDuration(st.activeSeconds)}`);
  lines.push(`Today in ${esc(folder ?? 'this window')}: ${formatDuration(today)}${s?.branch ? ` · branch ${esc(s.branch)}` : ''}`);
  if (cleanup.last) lines.push(`Last cleanup ${ago(cleanup.last.at)}: ${esc(cleanup.last.summary.toLowerCase())}`);
  lines.push(st.failing ? `$(warning) Can't write the sessions folder: ${esc(st.lastError ?? 'unknown error')}. Activity is kept in memory and retried.` : 'Store: healthy');
  const tooltip = lines.join('\n\n');
  if (st.failing) {
    return { text: '$(warning) Pulse', tooltip, accessibility: `Pulse: cannot write sessions, ${spoken(today)} today kept in memory`, warning: true, dimmed: false };
  }
  if (st.state === 'paused') {
    return { text: '$(debug-pause) Paused', tooltip, accessibility: `Pulse: session paused, ${spoken(today)} today`, warning: false, dimmed: false };
  }
  const idle = st.state !== 'active' || st.idle;
  return {
    text: `$(pulse) ${formatDuration(today)}`,
    tooltip,
    accessibility: `Pulse: ${spoken(today)} today${st.state !== 'active' ? ', no session' : st.idle ? ', idle' : ', session active'}`,
    warning: false,
    dimmed: idle,
  };
}
