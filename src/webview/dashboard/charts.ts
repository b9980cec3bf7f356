// The dashboard's charts, drawn by Chart.js (bundled into this script) on canvases. Colours come
// from the VS Code theme's CSS variables and are read again whenever the theme changes.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip, type ChartConfiguration, type Plugin } from 'chart.js';
import { durationStep, durationTick } from './axis';
import { s } from './strings';
import { formatDuration } from '../../core/reports/format';
import type { DashboardData } from '../../core/reports/dashboardProtocol';
import { byId, themeVar } from './dom';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

interface Theme {
  fg: string;
  grid: string;
  bar: string;
  union: string;
  paused: string;
  goal: string;
  goalHalo: string;
  goalText: string;
  border: string;
  borderWidth: number;
}

function theme(): Theme {
  const cls = document.body.classList;
  const hc = cls.contains('vscode-high-contrast') || cls.contains('vscode-high-contrast-light');
  const fg = themeVar('--vscode-foreground', '#cccccc');
  Chart.defaults.color = fg;
  Chart.defaults.font.family = themeVar('--vscode-font-family', 'sans-serif');
  Chart.defaults.font.size = Number.parseFloat(themeVar('--vscode-font-size', '13')) || 13;
  return {
    fg,
    grid: themeVar('--vscode-charts-lines', 'rgba(128, 128, 128, 0.35)'),
    bar: themeVar('--vscode-charts-blue', '#3794ff'),
    union: themeVar('--vscode-charts-green', '#89d185'),
    paused: themeVar('--vscode-charts-yellow', '#cca700'),
    // dashboard.css maps these to the theme's colours (and to its outline colours in high contrast).
    goal: themeVar('--pulse-goal', fg),
    goalHalo: themeVar('--pulse-goal-halo', '#1f1f1f'),
    goalText: themeVar('--pulse-goal-text', fg),
    // High contrast themes outline every shape, as the workbench does.
    border: hc ? themeVar('--vscode-contrastBorder', fg) : 'transparent',
    borderWidth: hc ? 1 : 0,
  };
}

const charts = new Map<string, Chart<'bar', unknown[], string>>();

/**
 * Draws (or redraws) the chart on a canvas; animation is off so the numbers show at once. The value
 * axis's labels, as drawn, go on the canvas (`data-ticks`) for tests and for anyone inspecting it.
 */
function draw(canvasId: string, config: ChartConfiguration<'bar', unknown[], string>, valueAxis?: 'x' | 'y'): void {
  charts.get(canvasId)?.destroy();
  const canvas = byId<HTMLCanvasElement>(canvasId);
  const chart = new Chart(canvas, { ...config, options: { ...config.options, animation: false, responsive: true, maintainAspectRatio: false } });
  charts.set(canvasId, chart);
  if (valueAxis) canvas.dataset.ticks = (chart.scales[valueAxis]?.ticks ?? []).map((t) => String(t.label)).join('|');
}

/** The value axis's labels as drawn (see draw). */
export function ticksOf(canvasId: string): string[] {
  const t = byId<HTMLCanvasElement>(canvasId).dataset.ticks;
  return t ? t.split('|') : [];
}

/** A duration axis: steps from durationStep, labels from the one duration formatter. */
function durationAxis(maxSeconds: number, t: Theme): object {
  const step = durationStep(maxSeconds);
  return { beginAtZero: true, suggestedMax: Math.max(step, maxSeconds), grid: { color: t.grid }, ticks: { color: t.fg, stepSize: step, callback: (v: number | string) => durationTick(Number(v)) } };
}

/**
 * The daily goal: a dashed line in a halo of the background across the bars, and its label in a
 * box of its own at the right end, so both read over a bar as well as over the background. Where
 * the line runs goes on the canvas (`data-goal="y,left,right"`, CSS pixels) for tests and for anyone
 * inspecting it.
 */
function goalLine(goalSeconds: number, t: Theme, label: string): Plugin<'bar'> {
  return {
    id: 'pulseGoal',
    // After the bars (so the line crosses them) and before the tooltip (so a tooltip stays on top).
    afterDatasetsDraw: (chart) => {
      const y = chart.scales.y?.getPixelForValue(goalSeconds);
      if (y === undefined) return;
      const { left, right } = chart.chartArea;
      const ctx = chart.ctx;
      ctx.save();
      ctx.lineCap = 'butt';
      ctx.strokeStyle = t.goalHalo;
      ctx.lineWidth = 6;
      stroke(ctx, left, right, y);
      ctx.strokeStyle = t.goal;
      ctx.lineWidth = 2;
      ctx.setLineDash([8, 4]);
      stroke(ctx, left, right, y);
      ctx.setLineDash([]);
      ctx.font = `bold ${Chart.defaults.font.size ?? 13}px ${Chart.defaults.font.family ?? 'sans-serif'}`;
      const pad = 4;
      const w = ctx.measureText(label).width + 2 * pad;
      const h = (Chart.defaults.font.size ?? 13) + 2 * pad;
      // Above the line when it fits, else below it (a goal near the top of the axis).
      const top = y - h - 4 >= chart.chartArea.top ? y - h - 4 : y + 4;
      ctx.fillStyle = t.goalHalo;
      ctx.fillRect(right - w, top, w, h);
      ctx.strokeStyle = t.goal;
      ctx.lineWidth = 1;
      ctx.strokeRect(right - w + 0.5, top + 0.5, w - 1, h - 1);
      ctx.fillStyle = t.goalText;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(label, right - w + pad, top + h / 2);
      ctx.restore();
      chart.canvas.dataset.goal = [y, left, right].map((v) => Math.round(v)).join(',');
    },
  };
}

function stroke(ctx: CanvasRenderingContext2D, left: number, right: number, y: number): void {
  ctx.beginPath();
  ctx.moveTo(left, y);
  ctx.lineTo(right, y);
  ctx.stroke();
}

const clock = (h: number): string => `${String(Math.floor(h)).padStart(2, '0')}:${String(Math.round((h % 1) * 60)).padStart(2, '0')}`;

export function drawDays(d: DashboardData, goalLabel: string): void {
  const t = theme();
  // No goal, no line: a chart drawn before the goal was turned off must not keep saying it has one.
  delete byId<HTMLCanvasElement>('daysChart').dataset.goal;
  const max = Math.max(d.goalSeconds, ...d.days.map((x) => x.activeSeconds));
  const label = (date: string): string => new Date(`${date}T12:00:00`).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  draw('daysChart', {
    type: 'bar',
    data: {
      labels: d.days.map((x) => label(x.date)),
      datasets: [{ label: s('Active time'), data: d.days.map((x) => x.activeSeconds), backgroundColor: t.bar, borderColor: t.border, borderWidth: t.borderWidth }],
    },
    plugins: d.goalSeconds > 0 ? [goalLine(d.goalSeconds, t, goalLabel)] : [],
    options: {
      plugins: { tooltip: { callbacks: { label: (c) => formatDuration(d.days[c.dataIndex]?.activeSeconds ?? 0) } } },
      scales: {
        x: { grid: { display: false }, ticks: { color: t.fg, maxRotation: 0, autoSkipPadding: 8 } },
        y: durationAxis(max, t),
      },
    },
  }, 'y');
}

/** Today: one lane per session, and a first lane with their union (what is counted). */
export function drawTimeline(d: DashboardData, unionLabel: string): void {
  const t = theme();
  const tl = d.timeline;
  const h = (ms: number): number => (ms - tl.dayStart) / 3_600_000;
  const lanes = tl.lanes.map((l, i) => `${i + 1}. ${l.label.length > 32 ? `${l.label.slice(0, 31)}…` : l.label}`);
  const all = tl.union.flat();
  const min = Math.max(0, Math.floor(h(Math.min(...all))));
  const max = Math.min(24, Math.max(min + 1, Math.ceil(h(Math.max(...all)))));
  byId('timelineBox').style.height = `${60 + 30 * (lanes.length + 1)}px`;
  draw('timelineChart', {
    type: 'bar',
    data: {
      labels: [unionLabel, ...lanes],
      datasets: [
        { label: unionLabel, data: tl.union.map(([a, b]) => ({ x: [h(a), h(b)], y: unionLabel })), backgroundColor: t.union, borderColor: t.border, borderWidth: t.borderWidth, grouped: false },
        {
          label: s('Sessions'),
          data: tl.lanes.flatMap((l, i) => l.segments.map(([a, b]) => ({ x: [h(a), h(b)], y: lanes[i]! }))),
          backgroundColor: tl.lanes.flatMap((l) => l.segments.map(() => (l.status === 'paused' ? t.paused : t.bar))),
          borderColor: t.border,
          borderWidth: t.borderWidth,
          grouped: false,
        },
      ],
    },
    options: {
      indexAxis: 'y',
      plugins: { tooltip: { callbacks: { label: (c) => { const [a, b] = (c.raw as { x: [number, number] }).x; return `${clock(a)}–${clock(b)}`; } } } },
      scales: {
        x: { type: 'linear', min, max, grid: { color: t.grid }, ticks: { color: t.fg, stepSize: max - min > 8 ? 2 : 1, callback: (v) => clock(Number(v)) } },
        y: { grid: { display: false }, ticks: { color: t.fg } },
      },
    },
  });
}

export function drawLanguages(top: [string, number][]): void {
  const t = theme();
  byId('langChart').parentElement!.style.height = `${50 + 26 * Math.max(1, top.length)}px`;
  draw('langChart', {
    type: 'bar',
    data: {
      labels: top.map(([k]) => k),
      datasets: [{ label: s('Time'), data: top.map(([, v]) => v), backgroundColor: t.bar, borderColor: t.border, borderWidth: t.borderWidth }],
    },
    options: {
      indexAxis: 'y',
      plugins: { tooltip: { callbacks: { label: (c) => formatDuration(top[c.dataIndex]?.[1] ?? 0) } } },
      scales: { x: durationAxis(Math.max(...top.map(([, v]) => v)), t), y: { grid: { display: false }, ticks: { color: t.fg } } },
    },
  }, 'x');
}

export function clearChart(canvasId: string): void {
  charts.get(canvasId)?.destroy();
  charts.delete(canvasId);
}
