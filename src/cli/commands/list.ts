import { formatDuration } from '../../core/reports/format';
import { columns, out, reportProblems, say, type CliCommand } from '../args';

export const listCommand: CliCommand = {
  name: 'list',
  synopsis: 'list [--all] [--json]',
  summary: 'live sessions (with --all, archived ones too)',
  details: ['--all   archived sessions too', '--json  the sessions as one JSON array'],
  reads: true,
  run: async ({ store, values }) => {
    const { sessions, problems } = values.all ? await store.listAll() : await store.listLive();
    reportProblems(problems);
    if (values.json) return out(sessions);
    if (sessions.length === 0) return say(values.all ? 'No sessions.' : 'No live sessions.');
    const rows = sessions.map((s) => [s.id, s.status, formatDuration(s.activeSeconds), s.startedAt, s.label ?? '']);
    process.stdout.write(columns([['ID', 'STATUS', 'ACTIVE', 'STARTED', 'LABEL'], ...rows], [2]));
  },
};
