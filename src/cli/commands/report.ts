import { buildReport, loadSessions } from '../../core/reports/report';
import { formatDuration } from '../../core/reports/format';
import { UsageError, columns, dateRange, out, reportProblems, topEntries, type CliCommand } from '../args';

/** Breakdowns `--by` can print; each is a field of the report (`--json` always has them all). */
const BY_KEYS = ['issue'] as const;

export const reportCommand: CliCommand = {
  name: 'report',
  synopsis: 'report [--from D] [--to D] [--by issue] [--json]',
  summary: 'active time per day (YYYY-MM-DD, local time)',
  details: [
    '--from D    first day (YYYY-MM-DD, local time)',
    '--to D      last day',
    '--by issue  also the time per issue key of the branch (ABC-123, #123), each counted once',
    '--json      days, total and the top languages, files, branches and issues as JSON',
  ],
  reads: true,
  run: async ({ store, values }) => {
    if (values.by !== undefined && !(BY_KEYS as readonly string[]).includes(values.by)) throw new UsageError(`--by needs one of ${BY_KEYS.join(', ')}, got "${values.by}"`);
    const range = dateRange({ from: values.from, to: values.to });
    const { sessions, problems } = await loadSessions(store, range);
    reportProblems(problems);
    const r = buildReport(sessions, range);
    if (values.json) return out(r);
    for (const d of r.days) process.stdout.write(`${d.date}  ${formatDuration(d.activeSeconds)}\n`);
    process.stdout.write(`total       ${formatDuration(r.totalSeconds)}\n`);
    const tops: [string, Record<string, number>][] = [
      ['Top languages', r.languages],
      ['Top files', r.files],
      ['Top branches', r.branches],
    ];
    if (values.by === 'issue') tops.push(['By issue', r.issues]);
    for (const [title, times] of tops) {
      const rows = topEntries(times, times === r.issues ? 50 : 5).map(([k, v]) => [k, formatDuration(v)]);
      if (rows.length > 0) process.stdout.write(`\n${title}\n${columns(rows, [1], '  ')}`);
    }
  },
};
