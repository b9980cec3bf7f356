// The activity tracker's inputs, settings and injected ports. Time, timers and the monotonic clock
// come from outside so tests can replay a trace (sleep, DST, idle hours) with a fake clock.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { osUserName } from '../identity';
import { silentLogger, type Clock, type Disposable, type Logger } from '../ports';
import type { Owner } from '../session/session';
import type { SessionStore } from '../store/store';

/** Editor activity the adapter reports. Every kind counts as the person being at work. */
export type ActivityKind = 'edit' | 'selection' | 'save' | 'editorSwitch' | 'focus' | 'terminal' | 'debug';

export interface ActivityInfo {
  /** Absolute path of the file, if the activity concerns one. Stored only relative to its folder. */
  file?: string;
  /** VS Code language id. */
  language?: string;
  /** Key of the workspace folder the file belongs to (as registered with the tracker). */
  folder?: string;
}

/** VS Code's WindowState. `active` exists from VS Code 1.89; older hosts leave it undefined. */
export interface WindowSignals {
  focused: boolean;
  active?: boolean;
}

export interface TrackerSettings {
  /** A flush writes at most once per this interval, and only when something changed. */
  heartbeatIntervalMs: number;
  /** A gap between two events counts as work when it is at most this long. */
  idleTimeoutMs: number;
  /** An idle gap longer than this ends the session (`endReason: "idle"`). */
  sessionGapMs: number;
  /** The cleanup's stale threshold; an idle but open window beats every third of it. */
  staleAfterMs: number;
  /** Start a session on the first activity in a folder. */
  autoStart: boolean;
  /** Keep the per-file map. Off: only languages and times are stored. */
  recordFileNames: boolean;
}

export const DEFAULT_TRACKER_SETTINGS: Readonly<TrackerSettings> = {
  heartbeatIntervalMs: 60_000,
  idleTimeoutMs: 5 * 60_000,
  sessionGapMs: 60 * 60_000,
  staleAfterMs: 15 * 60_000,
  autoStart: true,
  recordFileNames: true,
};

/** Settings with sane bounds; an out-of-range value keeps the previous (or default) one and says so. */
export function checkedSettings(s: TrackerSettings, log: Logger = silentLogger, prev: Readonly<TrackerSettings> = DEFAULT_TRACKER_SETTINGS): TrackerSettings {
  const out = { ...s };
  for (const k of ['heartbeatIntervalMs', 'idleTimeoutMs', 'sessionGapMs', 'staleAfterMs'] as const) {
    if (!Number.isFinite(out[k]) || out[k] < 1000) {
      log.warn(`Pulse: ignoring ${k} = ${out[k]}; keeping ${prev[k]}.`);
      out[k] = prev[k];
    }
  }
  return out;
}

/**
 * This process as a session owner: the instance tells two windows of one process apart. The user
 * starts as the OS user name; the host may replace it (Tracker.setUser) once it knows better.
 */
export function defaultOwner(): Owner {
  return { host: hostname(), pid: process.pid, instance: `tracker-${randomBytes(4).toString('hex')}`, user: osUserName() };
}

/** A clock that keeps running while the process runs and stops while the machine sleeps. */
export interface MonotonicClock {
  monotonic(): number;
}

export interface Timers {
  setInterval(fn: () => void, ms: number): Disposable;
  setTimeout(fn: () => void, ms: number): Disposable;
}

export const systemMonotonic: MonotonicClock = { monotonic: () => performance.now() };

export const systemTimers: Timers = {
  setInterval: (fn, ms) => {
    const h = setInterval(fn, ms);
    // Why: the tracker must never be what keeps a CLI or test process alive.
    h.unref();
    return { dispose: () => clearInterval(h) };
  },
  setTimeout: (fn, ms) => {
    const h = setTimeout(fn, ms);
    h.unref();
    return { dispose: () => clearTimeout(h) };
  },
};

/** One workspace folder and the store its sessions live in. */
export interface TrackedFolder {
  /** Stable key the adapter puts in `ActivityInfo.folder` (e.g. the folder's URI). */
  key: string;
  /** Absolute path of the folder; file paths are stored relative to it. */
  path: string;
  store: SessionStore;
}

export type SessionState = 'none' | 'active' | 'paused';

/** What the status bar shows. */
export interface TrackerStatus {
  /** Folder of the most recent activity (or the only folder). */
  folder: string | undefined;
  /** The session's id once it has been written; undefined before its first write. */
  sessionId: string | undefined;
  state: SessionState;
  /** The session's active seconds, written and unwritten. */
  activeSeconds: number;
  /** Activity is waiting in memory for the next write. */
  unflushed: boolean;
  /** The last write failed; the activity is kept in memory and retried. */
  failing: boolean;
  lastError: string | undefined;
  /** No counted event within the idle timeout, or the window is unfocused or inactive. */
  idle: boolean;
}

/** How a Tracker is built: its folders, settings and the ports tests replace. */
export interface TrackerOptions {
  folders: readonly TrackedFolder[];
  settings?: Partial<TrackerSettings>;
  clock?: Clock;
  monotonic?: MonotonicClock;
  timers?: Timers;
  log?: Logger;
  owner?: Owner;
  /** How often the clocks are checked and writes decided. Default 5 s. */
  tickMs?: number;
}
