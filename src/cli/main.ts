#!/usr/bin/env node
// `pulse`: the same core as the extension, from a terminal. One JSON document on stdout for
// machine-readable output, messages on stderr. Exit codes: 0 ok, 1 error, 2 usage, 3 not live.
import * as fs from 'node:fs';
import { version } from '../../package.json';
import { SessionStore } from '../core/store/store';
import { StoreRegistry } from '../core/store/registry';
import { pulseDataDir } from '../core/dataDir';
import { PulseError, isPulseError, messageOf } from '../core/errors';
import { NotLiveError, UsageError, say } from './args';
import { parseCommandLine } from './options';
import { commandHelp, findCommand, usage } from './usage';

const print = (s: string): void => void process.stdout.write(`${s}\n`);

async function run(argv: string[]): Promise<void> {
  const { values, positionals, given } = parseCommandLine(argv);
  const [name, ...args] = positionals;
  if (values.version) return print(version);
  if (name === 'help' || (values.help && name !== undefined)) {
    const topic = name === 'help' ? args[0] : name;
    if (topic === undefined) return print(usage());
    const command = findCommand(topic);
    if (!command) throw new UsageError(`no command "${topic}" to explain; the commands are listed by "pulse help"`);
    return print(commandHelp(command));
  }
  if (values.help) return print(usage());
  if (name === undefined) {
    say(usage());
    throw new UsageError('missing command');
  }
  const command = findCommand(name);
  if (!command) throw new UsageError(`unknown command "${name}"`);
  // Reading a folder that is not there gives an empty answer; say why, so a typo in --dir (or a run
  // from the wrong folder) is not taken for "no sessions".
  if (command.reads && !fs.existsSync(values.dir)) {
    say(`pulse: warning: no sessions folder at ${values.dir}${given.has('dir') ? '' : ' (the default; pass --dir <store>)'}, so there is nothing to read`);
  }
  const registry = new StoreRegistry(pulseDataDir());
  await command.run({ store: openStore(values.dir, given.has('dir'), registry), registry, values, args });
}

/**
 * The default store belongs to the current folder, so every folder from it down to
 * `.vscode/sessions` must be real (a cloned `.vscode` symlink cannot carry writes elsewhere). An
 * explicit `--dir` is the user's choice: only what the store creates below it is checked.
 */
function openStore(dir: string, explicit: boolean, registry: StoreRegistry): SessionStore {
  return explicit ? new SessionStore({ dir, registry }) : new SessionStore({ dir, root: process.cwd(), registry });
}

export async function main(argv: string[]): Promise<number> {
  try {
    await run(argv);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || isPulseError(err, 'EBADID')) {
      say(`pulse: ${messageOf(err)}\nRun "pulse --help" for usage.`);
      return 2;
    }
    if (err instanceof NotLiveError) {
      say(`pulse: ${err.message}`);
      return 3;
    }
    say(err instanceof PulseError && err.path ? `pulse: ${err.path}: ${err.message}` : `pulse: ${messageOf(err)}`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
