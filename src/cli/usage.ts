// The command table and the usage text built from it, so a new command documents itself.
import type { CliCommand } from './args';
import { startCommand } from './commands/start';
import { beatCommand, endCommand, labelCommand, pauseCommand, resumeCommand } from './commands/change';
import { cleanupCommand } from './commands/cleanup';
import { listCommand } from './commands/list';
import { showCommand } from './commands/show';
import { reportCommand } from './commands/report';
import { exportCommand } from './commands/export';
import { schemaCommand } from './commands/schema';
import { importCommand } from './commands/import';
import { shareCommand } from './commands/share';

export const COMMANDS: readonly CliCommand[] = [
  startCommand,
  beatCommand,
  pauseCommand,
  resumeCommand,
  endCommand,
  labelCommand,
  cleanupCommand,
  listCommand,
  showCommand,
  reportCommand,
  exportCommand,
  importCommand,
  shareCommand,
  schemaCommand,
];

export function findCommand(name: string): CliCommand | undefined {
  return COMMANDS.find((c) => c.name === name);
}

export function usage(): string {
  const lines = COMMANDS.map((c) => (c.synopsis.length <= 38 ? `  ${c.synopsis.padEnd(40)}${c.summary}` : `  ${c.synopsis}\n  ${''.padEnd(40)}${c.summary}`));
  return `Usage: pulse [--dir <store>] <command> [options]
       pulse help <command>     more about one command
       pulse --version          the version of pulse

Commands:
${lines.join('\n')}

The store defaults to ./.vscode/sessions.
Exit codes: 0 ok, 1 error, 2 usage, 3 the session is not live (nothing was written).`;
}

/** `pulse help <command>`: its synopsis, what it does, and its own options. */
export function commandHelp(c: CliCommand): string {
  const details = c.details && c.details.length > 0 ? `\n\n${c.details.map((d) => `  ${d}`).join('\n')}` : '';
  return `Usage: pulse [--dir <store>] ${c.synopsis}

${c.summary[0]!.toUpperCase()}${c.summary.slice(1)}.${details}

--dir <store> is the sessions folder (default ./.vscode/sessions).`;
}
