// The dashboard shows what `pulse report` says, follows writes by other processes, and the export
// of a date range parses back to the sessions it came from. The history is written first; the
// workbench script (workbench.ts) waits for HOST_DONE_FILE before it looks at the page.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { parseExport } from '../../../../src/core/reports/exportFormat';
import { durationParts, formatDuration } from '../../../../src/core/reports/format';
import { addDays, weekStart } from '../../../../src/core/reports/dateRanges';
import { sessionsInRange } from '../../../../src/core/reports/report';
import { localDate } from '../../../../src/core/time';
import type { Report } from '../../../../src/core/reports/report';
import type { DashboardData } from '../../../../src/core/reports/dashboardProtocol';
import { archivedSessions, extensionPath, folderUri, liveSessions, pulse, sleep, typeInto, waitFor } from '../../pulseHost';
import { HOST_DONE_FILE, sampleHistory, writeArchived } from '../../sampleHistory';

const run = promisify(execFile);

/** How the status item's label says a duration in English, from the one rounding rule. */
function spokenEnglish(seconds: number): string {
  const p = durationParts(seconds);
  const n = (v: number, unit: string): string => `${v} ${unit}${v === 1 ? '' : 's'}`;
  if (p.seconds < 60) return n(p.seconds, 'second');
  if (p.hours === 0) return n(p.minutes, 'minute');
  return p.minutes === 0 ? n(p.hours, 'hour') : `${n(p.hours, 'hour')} ${n(p.minutes, 'minute')}`;
}

async function cli<T>(store: string, ...args: string[]): Promise<T> {
  const { stdout } = await run(process.execPath, [path.join(extensionPath(), 'dist', 'cli.js'), '--dir', store, ...args]);
  return JSON.parse(stdout) as T;
}

describe('dashboard', () => {
  let store = '';
  before(async () => {
    const api = await pulse();
    store = api.storeDirs()[0]!;
    writeArchived(store, sampleHistory(Date.now()));
  });
  after(() => fs.writeFileSync(path.join(folderUri().fsPath, HOST_DONE_FILE), 'done\n'));

  it('opens and shows the numbers `pulse report` gives for the same store', async function () {
    this.timeout(90_000);
    const api = await pulse();
    const posted = api.dashboard().nextPost();
    await vscode.commands.executeCommand('pulse.showDashboard');
    const d = await posted;
    const today = localDate(Date.now());
    assert.equal(d.from, addDays(today, -29));
    assert.equal(d.to, today);
    const range = await cli<Report>(store, 'report', '--from', d.from, '--to', d.to, '--json');
    assert.deepEqual(d.report, range);
    const day = await cli<Report>(store, 'report', '--from', today, '--to', today, '--json');
    const week = await cli<Report>(store, 'report', '--from', weekStart(today), '--to', today, '--json');
    assert.equal(d.today.activeSeconds, day.totalSeconds);
    assert.equal(d.week.activeSeconds, week.totalSeconds);
    assert.ok(d.report.totalSeconds > 10 * 3600, `a month of history: ${d.report.totalSeconds} s`);
    // What the webview rendered, as text, once it has drawn this data.
    const shown = await waitFor('the webview to render', () => {
      const r = api.dashboard().lastRendered();
      return r && r.total === formatDuration(range.totalSeconds) ? r : undefined;
    });
    assert.equal(shown.today, formatDuration(day.totalSeconds));
    assert.equal(shown.week, formatDuration(week.totalSeconds));
    assert.equal(shown.dayRows, 30);
    assert.equal(shown.lanes, d.timeline.lanes.length);
  });

  it("the status bar, its accessible label and the dashboard show today's time rounded the same way", async function () {
    this.timeout(90_000);
    const api = await pulse();
    // This fixture does not start sessions by itself: a few seconds of typing in a session of its own,
    // ended, so today's total is no round number and nothing is still being written afterwards.
    await vscode.commands.executeCommand('pulse.startSession');
    await typeInto(vscode.Uri.file(path.join(folderUri().fsPath, 'src', 'parser.ts')), '// seconds of typing\n', 120);
    await sleep(500); // late selection events land before the end, not after it
    await vscode.commands.executeCommand('pulse.endSession');
    assert.ok(await api.flush(), 'written');
    const today = localDate(Date.now());
    const day = await cli<Report>(store, 'report', '--from', today, '--to', today, '--json');
    assert.ok(day.totalSeconds > 0);
    await api.refreshStatusBar();
    const bar = api.statusBar();
    assert.equal(bar.text, `$(pulse) ${formatDuration(day.totalSeconds)}`);
    assert.match(bar.accessibility, new RegExp(`^Pulse: ${spokenEnglish(day.totalSeconds)} today, `), bar.accessibility);
    assert.doesNotMatch(bar.accessibility, /^Pulse: 0 minutes/);
    // Typing put an editor in front of the panel; bring it back. It follows the write by itself and
    // must come to post the same seconds and render the very same text.
    await vscode.commands.executeCommand('pulse.showDashboard');
    await waitFor(`the dashboard to post today as ${day.totalSeconds} s`, () => api.dashboard().lastPosted()?.today.activeSeconds === day.totalSeconds || undefined);
    await waitFor(`the dashboard to render today as ${formatDuration(day.totalSeconds)}`, () => api.dashboard().lastRendered()?.today === formatDuration(day.totalSeconds) || undefined);
  });

  it('refreshes by itself when another process writes a session', async function () {
    this.timeout(60_000);
    const api = await pulse();
    const s = await cli<{ id: string }>(store, 'start', '--label', 'from another window');
    // Two beats a moment apart: one stretch of activity the timeline can show.
    await cli(store, 'beat', s.id, '--file', 'src/parser.ts', '--language', 'typescript');
    await sleep(1500);
    await cli(store, 'beat', s.id, '--file', 'src/parser.ts', '--language', 'typescript');
    const d = await waitFor('the dashboard to show the other window', () => {
      const last: DashboardData | undefined = api.dashboard().lastPosted();
      return last?.timeline.lanes.some((l) => l.id === s.id) ? last : undefined;
    });
    assert.ok(d.timeline.lanes.find((l) => l.id === s.id)?.label === 'from another window');
    await cli(store, 'end', s.id);
  });

  it('exports a date range as CSV and JSON that parse back to the same sessions', async () => {
    await pulse();
    const onDisk = [...(await archivedSessions(store)), ...(await liveSessions(store))];
    const today = localDate(Date.now());
    const cases: [unknown, { from?: string; to?: string }][] = [
      ['last30', { from: addDays(today, -29), to: today }],
      [`${addDays(today, -10)}..${addDays(today, -3)}`, { from: addDays(today, -10), to: addDays(today, -3) }],
      [undefined, {}],
    ];
    for (const [arg, range] of cases) {
      const expected = sessionsInRange(onDisk, range).sort((a, b) => (a.id < b.id ? -1 : 1));
      for (const format of ['csv', 'json'] as const) {
        const target = vscode.Uri.file(path.join(folderUri().fsPath, `export.${format}`));
        await vscode.commands.executeCommand('pulse.exportSessions', target, format, arg);
        const back = parseExport(fs.readFileSync(target.fsPath, 'utf8'), format).sort((a, b) => (a.id < b.id ? -1 : 1));
        assert.deepEqual(back, expected, `${format} ${String(arg)}`);
      }
      assert.ok(expected.length > 0);
    }
  });
});
