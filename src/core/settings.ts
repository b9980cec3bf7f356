// Pulse's settings as plain values, with the bounds package.json declares enforced again here:
// a hand-edited settings.json can hold anything.
import { normalizeUser } from './identity';
import { compileIssuePattern } from './issuePattern';
import type { Logger } from './ports';

export interface PulseSettings {
  enabled: boolean;
  directory: string;
  heartbeatIntervalMs: number;
  idleTimeoutMs: number;
  sessionGapMs: number;
  staleAfterMs: number;
  cleanupIntervalMs: number;
  autoStart: boolean;
  recordFileNames: boolean;
  gitignore: boolean;
  statusBarEnabled: boolean;
  /** `pulse.user`: the person new sessions are recorded for; undefined = ask git, then the OS. */
  user: string | undefined;
  /** 0 = no goal. */
  dailyGoalSeconds: number;
  goalNotification: boolean;
  /** `pulse.issuePattern`, compiled; undefined = the built-in patterns (ABC-123, #123, gh-123). */
  issuePattern: RegExp | undefined;
  /** `pulse.project`: the project name of the folder's sessions; undefined = the folder's name. */
  project: string | undefined;
  /** `pulse.share`: how a store is shared (its .gitignore); see core/store/share.ts. */
  share: 'private' | 'git';
}

export type RawSettings = Partial<Record<keyof typeof DEFAULTS, unknown>>;

const DEFAULTS = {
  enabled: true,
  directory: '.vscode/sessions',
  heartbeatIntervalSeconds: 60,
  idleTimeoutMinutes: 5,
  sessionGapMinutes: 60,
  staleAfterMinutes: 15,
  cleanupIntervalMinutes: 5,
  autoStart: true,
  recordFileNames: true,
  gitignore: true,
  'statusBar.enabled': true,
  user: '',
  dailyGoalMinutes: 0,
  dailyGoalNotification: false,
  issuePattern: '',
  project: '',
  share: 'private',
};

function num(raw: unknown, fallback: number, min: number, max: number): number {
  const n = typeof raw === 'number' && Number.isFinite(raw) ? raw : fallback;
  return Math.min(max, Math.max(min, n));
}

function bool(raw: unknown, fallback: boolean): boolean {
  return typeof raw === 'boolean' ? raw : fallback;
}

/** Normalizes raw values. A bad combination is corrected, and the log says so. */
export function normalizeSettings(raw: RawSettings, log?: Logger): PulseSettings {
  const heartbeatIntervalMs = num(raw.heartbeatIntervalSeconds, DEFAULTS.heartbeatIntervalSeconds, 5, 600) * 1000;
  let staleAfterMs = num(raw.staleAfterMinutes, DEFAULTS.staleAfterMinutes, 0.25, 1440) * 60_000;
  if (staleAfterMs < 3 * heartbeatIntervalMs) {
    const fixed = 3 * heartbeatIntervalMs;
    log?.warn(
      `pulse.staleAfterMinutes (${staleAfterMs / 60_000}) is less than 3 × pulse.heartbeatIntervalSeconds (${heartbeatIntervalMs / 1000}); using ${fixed / 60_000} minutes so a live window is never taken for dead`,
    );
    staleAfterMs = fixed;
  }
  return {
    enabled: bool(raw.enabled, DEFAULTS.enabled),
    directory: typeof raw.directory === 'string' && raw.directory.trim() !== '' ? raw.directory.trim() : DEFAULTS.directory,
    heartbeatIntervalMs,
    idleTimeoutMs: num(raw.idleTimeoutMinutes, DEFAULTS.idleTimeoutMinutes, 1, 120) * 60_000,
    sessionGapMs: num(raw.sessionGapMinutes, DEFAULTS.sessionGapMinutes, 5, 1440) * 60_000,
    staleAfterMs,
    cleanupIntervalMs: num(raw.cleanupIntervalMinutes, DEFAULTS.cleanupIntervalMinutes, 1, 1440) * 60_000,
    autoStart: bool(raw.autoStart, DEFAULTS.autoStart),
    recordFileNames: bool(raw.recordFileNames, DEFAULTS.recordFileNames),
    gitignore: bool(raw.gitignore, DEFAULTS.gitignore),
    statusBarEnabled: bool(raw['statusBar.enabled'], DEFAULTS['statusBar.enabled']),
    user: normalizeUser(raw.user),
    dailyGoalSeconds: Math.round(num(raw.dailyGoalMinutes, DEFAULTS.dailyGoalMinutes, 0, 1440)) * 60,
    goalNotification: bool(raw.dailyGoalNotification, DEFAULTS.dailyGoalNotification),
    issuePattern: issuePattern(raw.issuePattern, log),
    project: typeof raw.project === 'string' && raw.project.trim() !== '' ? raw.project.trim().slice(0, 200) : undefined,
    share: raw.share === 'git' ? 'git' : 'private',
  };
}

function issuePattern(raw: unknown, log?: Logger): RegExp | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const re = compileIssuePattern(raw);
  if (typeof re === 'string') {
    log?.warn(`pulse.issuePattern ${JSON.stringify(raw)} is ${re}; using the built-in patterns`);
    return undefined;
  }
  return re;
}

export const SETTING_KEYS = Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[];
