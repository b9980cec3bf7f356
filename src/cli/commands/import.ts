import { importHistory, type ImportFormat, type ImportSummary } from '../../core/imports/importer';
import { formatDuration } from '../../core/reports/format';
import { UsageError, out, seconds, type CliCommand } from '../args';
import { cliUser } from '../identity';

const FORMATS: readonly ImportFormat[] = ['wakatime', 'activitywatch'];

export const importCommand: CliCommand = {
  name: 'import',
  synopsis: 'import <file> [--format wakatime|activitywatch] [--project NAME] [--dry-run] [--json]',
  summary: 'history from WakaTime, Wakapi or ActivityWatch, as archived sessions',
  details: [
    '<file>                a WakaTime or Wakapi data dump (JSON), a Wakapi heartbeat CSV or an ActivityWatch export',
    '--format F            wakatime or activitywatch: only checks what the content says',
    '--project NAME        only that project\'s heartbeats',
    '--idle-timeout S      heartbeats at most S seconds apart are one stretch of work (default 300)',
    '--session-gap S       a longer gap starts a new session (default 3600)',
    '--dry-run             say what would be imported; write nothing',
    '--json                the summary as JSON',
  ],
  run: async ({ store, values, args }) => {
    const file = args[0];
    if (file === undefined) throw new UsageError('import needs a file: pulse import <file>');
    const format = values.format;
    if (format !== undefined && !FORMATS.includes(format as ImportFormat)) throw new UsageError(`--format is wakatime or activitywatch, got "${format}"`);
    const summary = await importHistory({
      file,
      format: format as ImportFormat | undefined,
      project: values.project,
      route: () => store,
      dryRun: values['dry-run'],
      idleTimeoutMs: seconds(values['idle-timeout'], 'idle-timeout', 300) * 1000,
      sessionGapMs: seconds(values['session-gap'], 'session-gap', 3600) * 1000,
      now: store.now(),
      onProgress: progress(),
      user: cliUser(store.dir),
    });
    if (values.json) return out(summary);
    process.stdout.write(describe(summary));
  },
};

/** Progress on stderr: a line per tenth of the file (one updating line on a terminal). */
function progress(): (read: number, total: number) => void {
  let shown = -1;
  const tty = process.stderr.isTTY;
  return (read, total) => {
    const tenth = total > 0 ? Math.floor((read / total) * 10) : 10;
    if (tenth === shown) return;
    shown = tenth;
    const line = `pulse: reading ${(read / 1e6).toFixed(1)} of ${(total / 1e6).toFixed(1)} MB (${tenth * 10}%)`;
    process.stderr.write(tty ? `\r${line}${tenth === 10 ? '\n' : ''}` : `${line}\n`);
  };
}

export function describe(s: ImportSummary): string {
  const lines = [
    `${s.dryRun ? 'Would import' : 'Imported'} ${s.tool} history: ${s.added} new, ${s.alreadyImported} already imported (${s.sessions} sessions, ${s.heartbeats} heartbeats, ${formatDuration(s.activeSeconds)} active)`,
  ];
  for (const p of s.projects) lines.push(`  ${(p.project ?? '(no project)').padEnd(24)} ${String(p.sessions).padStart(5)} sessions  ${formatDuration(p.activeSeconds).padStart(8)}`);
  const skipped = Object.entries(s.skipped).sort(([, a], [, b]) => b - a);
  if (skipped.length > 0) lines.push(`Skipped ${skipped.reduce((n, [, v]) => n + v, 0)} heartbeats: ${skipped.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (s.duplicates > 0) lines.push(`${s.duplicates} duplicate heartbeats counted once.`);
  if (s.droppedPaths > 0) lines.push(`${s.droppedPaths} heartbeats name a file outside their project: their time counts, the file is not recorded.`);
  if (s.recovered > 0) lines.push(`Finished an interrupted earlier import first: ${s.recovered} sessions.`);
  if (s.dryRun) lines.push('Dry run: nothing was written.');
  return `${lines.join('\n')}\n`;
}
