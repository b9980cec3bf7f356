import { formatDuration } from '../../core/reports/format';
import { out, reportProblems, say, type CliCommand } from '../args';

export const listCommand: CliCommand = {
  name: 'list',
  synopsis: 'list [--all] [--json]',
  summary: 'live sessions (with --all, archived ones too)',
  run: async ({ store, values }) => {
    const live = await store.listLive();
    const archived = values.all ? await store.listArchived() : { sessions: [], problems: [] };
    reportProblems([...live.problems, ...archived.problems]);
    const sessions = [...archived.sessions, ...live.sessions].sort((a, b) => (a.id < b.id ? -1 : 1));
    if (values.json) return out(sessions);
    if (sessions.length === 0) return say(values.all ? 'No sessions.' : 'No live sessions.');
    for (const s of sessions) {
      process.stdout.write(`${s.id}  ${s.status.padEnd(9)}  ${formatDuration(s.activeSeconds).padStart(7)}  ${s.startedAt}  ${s.label ?? ''}\n`);
    }
  },
};
