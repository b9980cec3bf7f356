// What the dashboard webview and the extension say to each other. This file has no imports: the
// webview's browser bundle and the extension both compile it.

export const RANGE_PRESETS = ['last7', 'last30', 'thisWeek', 'thisMonth', 'all', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** The folder filter's value for "every folder of this window". */
export const ALL_FOLDERS = '*';

export interface DashboardFilters {
  /** A folder key, or ALL_FOLDERS. */
  folder: string;
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

export type ToWebview = { type: 'data'; data: DashboardData } | { type: 'error'; message: string };

export type FromWebview =
  | { type: 'ready'; filters?: unknown }
  | { type: 'filters'; filters: unknown }
  | { type: 'rendered'; summary: RenderedSummary };
