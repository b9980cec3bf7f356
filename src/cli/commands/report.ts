import { buildReport, loadSessions, type DateRange, type Report } from '../../core/reports/report';
import { formatDuration } from '../../core/reports/format';
import { GROUP_KEYS, groupBy, isGroupKey, type GroupKey, type GroupTotal, type ProjectSession } from '../../core/reports/groupBy';
import { describeSkipped, loadAllProjects } from '../../core/reports/allProjects';
import { projectOf } from '../../core/store/registry';
import { UsageError, columns, dateRange, out, reportProblems, say, topEntries, type CliContext, type CliCommand } from '../args';

function groupKey(v: string | undefined): GroupKey | undefined {
  if (v === undefined) return undefined;
  if (!isGroupKey(v)) throw new UsageError(`--by needs one of ${GROUP_KEYS.join(', ')}, got "${v}"`);
  return v;
}

/** This store's sessions, or with --all-projects every registered store's. */
async function sessionsFor(ctx: CliContext, range: DateRange): Promise<ProjectSession[]> {
  if (!ctx.values['all-projects']) {
    const { sessions, problems } = await loadSessions(ctx.store, range);
    reportProblems(problems);
    const project = projectOf(ctx.store.dir);
    return sessions.map((session) => ({ session, project }));
  }
  const all = await loadAllProjects(ctx.registry, range);
  reportProblems(all.problems);
  for (const line of describeSkipped(all.skipped)) say(`pulse: ${line}`);
  if (all.stores.length === 0 && all.skipped.length === 0) say(`pulse: no stores registered yet in ${ctx.registry.dir}`);
  return all.sessions;
}

function printGroups(title: string, groups: Record<string, GroupTotal>): void {
  const rows = Object.entries(groups).map(([k, g]) => [k, formatDuration(g.totalSeconds)]);
  if (rows.length > 0) process.stdout.write(`\n${title}\n${columns(rows, [1], '  ')}`);
}

export const reportCommand: CliCommand = {
  name: 'report',
  synopsis: 'report [--from D] [--to D] [--by K] [--all-projects] [--json]',
  summary: `time per local day, once per person; K: ${GROUP_KEYS.join('|')}`,
  details: [
    '--from D         first day (YYYY-MM-DD, local time)',
    '--to D           last day',
    `--by K           also the time per ${GROUP_KEYS.join(', ')} ("by" in --json), each counted once per person`,
    '--all-projects   every store Pulse has written on this machine, with a per-project breakdown ("projects")',
    '--json           days, total and the top languages, files and branches as JSON',
  ],
  reads: true,
  run: async (ctx) => {
    const { values } = ctx;
    const range = dateRange({ from: values.from, to: values.to });
    const by = groupKey(values.by);
    const items = await sessionsFor(ctx, range);
    const r: Report & { by?: Record<string, GroupTotal>; projects?: Record<string, GroupTotal> } = buildReport(
      items.map((x) => x.session),
      range,
    );
    if (by) r.by = groupBy(items, by, range);
    if (values['all-projects']) r.projects = groupBy(items, 'project', range);
    if (values.json) return out(r);
    for (const d of r.days) process.stdout.write(`${d.date}  ${formatDuration(d.activeSeconds)}\n`);
    process.stdout.write(`total       ${formatDuration(r.totalSeconds)}\n`);
    for (const [title, times] of [['Top languages', r.languages], ['Top files', r.files], ['Top branches', r.branches]] as const) {
      const rows = topEntries(times).map(([k, v]) => [k, formatDuration(v)]);
      if (rows.length > 0) process.stdout.write(`\n${title}\n${columns(rows, [1], '  ')}`);
    }
    if (r.projects) printGroups('Projects', r.projects);
    if (by && r.by) printGroups(`By ${by}`, r.by);
  },
};
