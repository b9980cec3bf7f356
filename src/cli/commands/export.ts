import { loadSessions, sessionsInRange } from '../../core/reports/report';
import { exportSessions } from '../../core/reports/exportFormat';
import { UsageError, dateRange, reportProblems, type CliCommand } from '../args';

export const exportCommand: CliCommand = {
  name: 'export',
  synopsis: 'export [--format csv|json] [--from D] [--to D]',
  summary: 'every session, to stdout',
  details: ['--format csv|json  default json', '--from D, --to D    only sessions with activity in the range, or that started in it'],
  reads: true,
  run: async ({ store, values }) => {
    const format = values.format ?? 'json';
    if (format !== 'csv' && format !== 'json') throw new UsageError(`--format is csv or json, got "${format}"`);
    const range = dateRange({ from: values.from, to: values.to });
    const { sessions, problems } = await loadSessions(store, range);
    reportProblems(problems);
    process.stdout.write(exportSessions(sessionsInRange(sessions, range), format));
  },
};
