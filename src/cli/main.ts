#!/usr/bin/env node
// `pulse`: the same core as the extension, from a terminal. One JSON document on stdout for
// machine-readable output, messages on stderr. Exit codes: 0 ok, 1 error, 2 usage, 3 not live.
import { parseArgs } from 'node:util';
import { SessionStore } from '../core/store/store';
import { PulseError, isPulseError, messageOf } from '../core/errors';
import { NotLiveError, UsageError, say, type CliValues } from './args';
import { findCommand, usage } from './usage';

function parse(argv: string[]): { values: CliValues; positionals: string[] } {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dir: { type: 'string', default: '.vscode/sessions' },
      label: { type: 'string' },
      file: { type: 'string' },
      language: { type: 'string' },
      'idle-timeout': { type: 'string' },
      'stale-after': { type: 'string' },
      all: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string', default: 'json' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv);
  const [name, ...args] = positionals;
  if (values.help || name === undefined || name === 'help') {
    (name === undefined && !values.help ? say : (s: string) => void process.stdout.write(`${s}\n`))(usage());
    if (name === undefined && !values.help) throw new UsageError('missing command');
    return;
  }
  const command = findCommand(name);
  if (!command) throw new UsageError(`unknown command "${name}"`);
  await command.run({ store: new SessionStore({ dir: values.dir }), values, args });
}

export async function main(argv: string[]): Promise<number> {
  try {
    await run(argv);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || isPulseError(err, 'EBADID') || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
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
