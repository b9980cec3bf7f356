// The command line, read into CliValues. parseArgs splits it; every mistake is reported here in
// Pulse's own words (parseArgs' own messages talk about its API, not about pulse).
import { parseArgs } from 'node:util';
import { UsageError, type CliValues } from './args';

const OPTIONS = {
  dir: { type: 'string', default: '.vscode/sessions' },
  label: { type: 'string' },
  file: { type: 'string' },
  language: { type: 'string' },
  'idle-timeout': { type: 'string' },
  'stale-after': { type: 'string' },
  lease: { type: 'string' },
  all: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  from: { type: 'string' },
  to: { type: 'string' },
  // No default: export defaults to json, import to "detect from the content".
  format: { type: 'string' },
  project: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  'session-gap': { type: 'string' },
  by: { type: 'string' },
  round: { type: 'string' },
  billable: { type: 'boolean', default: false },
  'all-projects': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

type OptionName = keyof typeof OPTIONS;

export interface CommandLine {
  values: CliValues;
  positionals: string[];
  /** The options given explicitly, as typed (`--dir`), for the warnings that depend on them. */
  given: Set<string>;
}

const isOption = (name: string): name is OptionName => Object.hasOwn(OPTIONS, name);

export function parseCommandLine(argv: string[]): CommandLine {
  // Lenient parse, then our own checks: a strict parse rejects `--stale-after -5` as ambiguous
  // before we can say that a negative number is the problem.
  const { values, positionals, tokens } = parseArgs({ args: argv, allowPositionals: true, strict: false, tokens: true, options: OPTIONS });
  const given = new Set<string>();
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    if (!isOption(t.name)) throw new UsageError(`unknown option "${t.rawName}"`);
    const spec = OPTIONS[t.name];
    given.add(t.name);
    if (spec.type === 'boolean' && t.value !== undefined) throw new UsageError(`--${t.name} takes no value, got "${t.value}"`);
    // A string option followed by another option (`--dir --json`) has no value: `--json` is not a folder.
    if (spec.type === 'string' && (t.value === undefined || (!t.inlineValue && t.value.startsWith('--')))) {
      throw new UsageError(`--${t.name} needs a value`);
    }
  }
  return { values: values as unknown as CliValues, positionals, given };
}
