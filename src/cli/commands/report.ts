import { buildReport, loadSessions } from '../../core/reports/report';
import { formatDuration } from '../../core/reports/format';
import { dateRange, out, reportProblems, type CliCommand } from '../args';

export const reportCommand: CliCommand = {
  name: 'report',
  synopsis: 'report [--from D] [--to D] [--json]',
  summary: 'active time per day (YYYY-MM-DD, local time)',
  run: async ({ store, values }) => {
    const range = dateRange({ from: values.from, to: values.to });
    const { sessions, problems } = await loadSessions(store, range);
    reportProblems(problems);
    const r = buildReport(sessions, range);
    if (values.json) return out(r);
    for (const d of r.days) process.stdout.write(`${d.date}  ${formatDuration(d.activeSeconds)}\n`);
    process.stdout.write(`total       ${formatDuration(r.totalSeconds)}\n`);
  },
};
