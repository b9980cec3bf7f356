import { buildReport, loadSessions } from '../../core/reports/report';
import { formatDuration } from '../../core/reports/format';
import { columns, dateRange, out, reportProblems, topEntries, type CliCommand } from '../args';

export const reportCommand: CliCommand = {
  name: 'report',
  synopsis: 'report [--from D] [--to D] [--json]',
  summary: 'active time per day (YYYY-MM-DD, local time)',
  details: ['--from D  first day (YYYY-MM-DD, local time)', '--to D    last day', '--json    days, total and the top languages, files and branches as JSON'],
  reads: true,
  run: async ({ store, values }) => {
    const range = dateRange({ from: values.from, to: values.to });
    const { sessions, problems } = await loadSessions(store, range);
    reportProblems(problems);
    const r = buildReport(sessions, range);
    if (values.json) return out(r);
    for (const d of r.days) process.stdout.write(`${d.date}  ${formatDuration(d.activeSeconds)}\n`);
    process.stdout.write(`total       ${formatDuration(r.totalSeconds)}\n`);
    for (const [title, times] of [['Top languages', r.languages], ['Top files', r.files], ['Top branches', r.branches]] as const) {
      const rows = topEntries(times).map(([k, v]) => [k, formatDuration(v)]);
      if (rows.length > 0) process.stdout.write(`\n${title}\n${columns(rows, [1], '  ')}`);
    }
  },
};
