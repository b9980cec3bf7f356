// What the dashboard webview and the extension say to each other. This file has no imports: the
// webview's browser bundle and the extension both compile it.

export const RANGE_PRESETS = ['last7', 'last30', 'thisWeek', 'thisMonth', 'all', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** The folder filter's value for "every folder of this window". */
export const ALL_FOLDERS = '*';

/** `window`: this window's folders; `allProjects`: every store in the per-user registry. */
export const SCOPES = ['window', 'allProjects'] as const;
export type DashboardScope = (typeof SCOPES)[number];

/** What the dashboard can group time by (the same keys as `pulse report --by`). */
export const GROUPINGS = ['user', 'host', 'project', 'label', 'branch'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export interface DashboardFilters {
  /** A folder key, or ALL_FOLDERS. Ignored in the allProjects scope. */
  folder: string;
  scope: DashboardScope;
  by: Grouping;
  /** One person's time only (an owner.user); '' for everyone. */
  person: string;
  range: RangePreset;
  /** Local dates (YYYY-MM-DD), for the custom range. */
  from?: string;
  to?: string;
}

export interface DayTotal {
  date: string;
  activeSeconds: number;
}

/** The same shape as `pulse report --json`. */
export interface ReportData {
  days: DayTotal[];
  totalSeconds: number;
  languages: Record<string, number>;
  files: Record<string, number>;
  branches: Record<string, number>;
  issues: Record<string, number>;
}

export interface TimelineLane {
  id: string;
  /** What a person calls the session: its label, or its times, folder and branch (sessionName). */
  label: string;
  folder: string;
  status: 'active' | 'paused' | 'completed';
  /** Today's activity intervals, epoch ms. */
  segments: [number, number][];
  activeSeconds: number;
}

export interface DashboardData {
  generatedAt: number;
  /** The filters as applied (unknown folders and bad dates replaced). */
  filters: DashboardFilters;
  /** The range's local dates. */
  from: string;
  to: string;
  folders: { key: string; name: string }[];
  today: DayTotal;
  week: { from: string; to: string; activeSeconds: number };
  /** Monday to Sunday of the week before this one. */
  lastWeek: { from: string; to: string; activeSeconds: number };
  /** The range's total over its number of days (idle days included). */
  dailyAverageSeconds: number;
  /** `pulse.dailyGoalMinutes` in seconds; 0 when there is no goal. */
  goalSeconds: number;
  /** The range, as `pulse report --from --to --json` computes it. */
  report: ReportData;
  /** Every date of the range, days without activity included. */
  days: DayTotal[];
  timeline: { date: string; dayStart: number; dayEnd: number; lanes: TimelineLane[]; union: [number, number][] };
  sessionCount: number;
  /** The range's time by `filters.by`, counted once per person within each group, largest first. */
  groups: { key: string; activeSeconds: number }[];
  /** Everyone with sessions in what was loaded, for the person filter. */
  people: string[];
  /** Registered stores that are missing or unreadable (allProjects scope), each with its reason. */
  skippedStores: string[];
  /** Files that were skipped (invalid, foreign, too big): see the log. */
  problems: number;
}

/** What the webview rendered, as text: lets tests compare it with `pulse report`. */
export interface RenderedSummary {
  today: string;
  week: string;
  lastWeek: string;
  dailyAverage: string;
  /** The day chart's value-axis tick labels, as drawn. */
  dayTicks: string[];
  total: string;
  lanes: number;
  dayRows: number;
}

/**
 * Every string the page builds itself, in English; the extension sends their translations
 * (vscode.l10n.t) with the data. Placeholders are {0}, {1}…
 */
export const WEBVIEW_STRINGS = [
  'Last 7 days',
  'Last 30 days',
  'This week',
  'This month',
  'All time',
  'Custom range',
  'Range',
  'All windows (counted once)',
  'All folders',
  '1 day',
  '{0} days',
  '1 session',
  '{0} sessions',
  'goal {0}',
  'Goal {0}',
  'this week: about the same',
  'this week: +{0}',
  'this week: −{0}',
  '1 session file could not be read and is left out; see the Pulse log.',
  '{0} session files could not be read and are left out; see the Pulse log.',
  'Updated {0}',
  'Active time per day · {0}',
  'Bar chart of active time per day, {0} to {1}: {2} in total over {3} active days',
  '; the busiest day was {0} with {1}.',
  ' The dashed line is the daily goal, {0}.',
  'Active time per day (overlapping windows counted once)',
  'Date',
  'Active',
  'Today, {0} · one lane per session',
  'Timeline of today: {0} session lanes; {1} counted once across windows. Gaps between bars are idle time.',
  'No activity today yet',
  'Today by session; the gaps are idle',
  'Session',
  'Status',
  'Active stretches',
  'Bar chart of the top languages: {0}.',
  'none',
  'Top languages',
  'Top files',
  'Top branches',
  'Language',
  'File',
  'Branch',
  'Time per issue (from the branch name)',
  'Issue',
  'Time',
  'Active time',
  'Sessions',
  'Pick a start date on or before the end date, then Apply.',
  'Could not load sessions: {0}',
  'Everyone',
  '1 registered project is missing or unreadable and is left out; see the Pulse log.',
  '{0} registered projects are missing or unreadable and are left out; see the Pulse log.',
  'Person',
  'Machine',
  'Project',
  'Label',
  'Time by {0} · {1}',
  'An instant counts once per person: one person on two machines counts once, two people count twice',
] as const;
export type WebviewString = (typeof WEBVIEW_STRINGS)[number];

export type ToWebview = { type: 'data'; data: DashboardData; strings: Partial<Record<string, string>> } | { type: 'error'; message: string };

export type FromWebview =
  | { type: 'ready'; filters?: unknown }
  | { type: 'filters'; filters: unknown }
  | { type: 'rendered'; summary: RenderedSummary };
