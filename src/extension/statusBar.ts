// The status-bar item. Text and tooltip are rebuilt at most every 30 s and on state changes
// (session started, paused, written, failing…), never per keystroke.
import * as vscode from 'vscode';
import { todayTotal } from '../core/reports/report';
import { durationParts, formatDuration } from '../core/reports/format';
import { sessionName } from '../core/reports/sessionName';
import { goalText } from '../core/reports/goal';
import { localDate } from '../core/time';
import { messageOf } from '../core/errors';
import type { Logger } from '../core/ports';
import type { Session } from '../core/session/schema';
import type { Tracker } from '../core/tracking/tracker';
import type { TrackerStatus } from '../core/tracking/trackerTypes';
import type { CleanupService } from './cleanupService';
import type { Folders } from './folders';
import { Commands } from './commandIds';
import type { AllProjectsToday } from './allProjectsToday';

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
  private goalSeconds = 0;
  /** Called with today's total and the local date it is for, after each refresh (the goal notification listens). */
  onToday: ((todaySeconds: number, goalSeconds: number, date: string) => void) | undefined;
  view: StatusView = { text: '$(pulse) Pulse', tooltip: '', accessibility: 'Pulse', warning: false, dimmed: true };

  constructor(
    private readonly tracker: Tracker,
    private readonly folders: Folders,
    private readonly cleanup: CleanupService,
    private readonly log: Logger,
    private readonly allProjects?: AllProjectsToday,
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

  /** The daily goal in seconds (0: none); shown as progress, `1h 05m / 2h`. */
  setGoal(seconds: number): void {
    if (seconds === this.goalSeconds) return;
    this.goalSeconds = seconds;
    this.requestRefresh();
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
    let unwritten = 0;
    let session: Session | undefined;
    // One date for the total and for whoever is told of it, even when a refresh straddles midnight.
    const date = localDate(Date.now());
    if (folder) {
      const day = await todayTotal(folder.store, date);
      session = day.sessions.find((s) => s.id === st.sessionId);
      // Disk holds what was written; add what this window still keeps in memory.
      unwritten = Math.max(0, st.activeSeconds - (session?.activeSeconds ?? 0));
      today = day.totalSeconds + unwritten;
    }
    this.onToday?.(today, this.goalSeconds, date);
    let everywhere: number | undefined;
    try {
      everywhere = this.allProjects ? (await this.allProjects.seconds(Date.now())) + unwritten : undefined;
    } catch (err) {
      this.log.warn(`All projects' time today: ${messageOf(err)}`);
    }
    return describe(st, today, session, folder?.name, this.cleanup, this.goalSeconds, everywhere);
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

const t = vscode.l10n.t;

function ago(at: number): string {
  const m = Math.round((Date.now() - at) / 60_000);
  if (m < 1) return t('just now');
  return m < 120 ? t('{0} min ago', m) : t('{0} h ago', Math.round(m / 60));
}

/** Durations in words, for screen readers: the same rounding as the text, so both say the same. */
function spoken(seconds: number): string {
  const p = durationParts(seconds);
  if (p.seconds < 60) return p.seconds === 1 ? t('1 second') : t('{0} seconds', p.seconds);
  const minutes = p.minutes === 1 ? t('1 minute') : t('{0} minutes', p.minutes);
  if (p.hours === 0) return minutes;
  const hours = p.hours === 1 ? t('1 hour') : t('{0} hours', p.hours);
  return p.minutes === 0 ? hours : `${hours} ${minutes}`;
}

/** The last cleanup in words, with plurals: "closed 1 stale session · 2 skipped". */
function cleanupWords(c: { closed: number; skipped: number; errors: number }): string {
  const parts = [c.closed === 0 ? t('no stale sessions') : c.closed === 1 ? t('closed 1 stale session') : t('closed {0} stale sessions', c.closed)];
  if (c.skipped > 0) parts.push(t('{0} skipped (see the log)', c.skipped));
  if (c.errors > 0) parts.push(c.errors === 1 ? t('1 file left untouched (see the log)') : t('{0} files left untouched (see the log)', c.errors));
  return parts.join(' · ');
}

const esc = (s: string): string => s.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');

export function describe(st: TrackerStatus, today: number, s: Session | undefined, folder: string | undefined, cleanup: CleanupService, goalSeconds = 0, allProjects?: number): StatusView {
  const lines: string[] = [];
  // A human name (label, or times and branch); the id is for files and the Sessions view's details.
  const name = s ? sessionName(s) : st.state !== 'none' ? t('new session (saved within a minute)') : undefined;
  lines.push(`**Pulse** · ${name ? esc(name) : t('no session yet')}`);
  if (s) lines.push(t('Started {0} · this session {1}', new Date(s.startedAt).toLocaleTimeString(), formatDuration(st.activeSeconds)));
  const branch = s?.branch ? t(' · branch {0}', esc(s.branch)) : '';
  const everywhere = allProjects !== undefined ? t(' · all projects: {0}', formatDuration(Math.max(allProjects, today))) : '';
  lines.push(t('Today in {0}: {1}', esc(folder ?? t('this window')), formatDuration(today)) + everywhere + branch);
  if (goalSeconds > 0) {
    const pct = Math.floor((100 * today) / goalSeconds);
    lines.push(today >= goalSeconds ? t('Daily goal {0} reached ({1}%)', goalText(goalSeconds), pct) : t('Daily goal {0}: {1}% done, {2} to go', goalText(goalSeconds), pct, formatDuration(goalSeconds - today)));
  }
  if (cleanup.last) lines.push(t('Last cleanup {0}: {1}', ago(cleanup.last.at), cleanupWords(cleanup.last)));
  lines.push(
    st.failing
      ? `$(warning) ${t("Can't write the sessions folder: {0}. Activity is kept in memory and retried.", esc(st.lastError ?? t('unknown error')))}`
      : t('Store: healthy'),
  );
  const tooltip = lines.join('\n\n');
  if (st.failing) {
    return { text: '$(warning) Pulse', tooltip, accessibility: t('Pulse: cannot write sessions, {0} today kept in memory', spoken(today)), warning: true, dimmed: false };
  }
  if (st.state === 'paused') {
    return { text: `$(debug-pause) ${t('Paused')}`, tooltip, accessibility: t('Pulse: session paused, {0} today', spoken(today)), warning: false, dimmed: false };
  }
  const idle = st.state !== 'active' || st.idle;
  const accessibility =
    st.state !== 'active' ? t('Pulse: {0} today, no session', spoken(today)) : st.idle ? t('Pulse: {0} today, idle', spoken(today)) : t('Pulse: {0} today, session active', spoken(today));
  const progress = goalSeconds > 0 ? ` / ${goalText(goalSeconds)}` : '';
  const goalSpoken = goalSeconds > 0 ? t(', daily goal {0}', spoken(goalSeconds)) : '';
  return { text: `$(pulse) ${formatDuration(today)}${progress}`, tooltip, accessibility: accessibility + goalSpoken, warning: false, dimmed: idle };
}
