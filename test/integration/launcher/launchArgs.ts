// Reads the command line that @vscode/test-electron's runTests() gives a VS Code executable.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface LaunchTarget {
  kind: 'folder' | 'workspace';
  path: string;
}

export interface LaunchArgs {
  extensionDevelopmentPaths: string[];
  /** Absent (or empty) for a browser-only run: the workbench script is then the whole test. */
  extensionTestsPath: string | undefined;
  target: LaunchTarget | undefined;
  userDataDir: string | undefined;
  extensionsDir: string | undefined;
  /** Desktop-only flags (--no-sandbox, --disable-updates, ...) that have no code-server meaning. */
  ignored: string[];
}

const VALUE_FLAGS = ['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

function isValueFlag(name: string): name is ValueFlag {
  return (VALUE_FLAGS as readonly string[]).includes(name);
}

export function parseLaunchArgs(argv: readonly string[]): LaunchArgs {
  const values: Record<ValueFlag, string[]> = {
    extensionDevelopmentPath: [],
    extensionTestsPath: [],
    'user-data-dir': [],
    'extensions-dir': [],
  };
  const positional: string[] = [];
  const ignored: string[] = [];
  const queue = [...argv];
  for (let arg = queue.shift(); arg !== undefined; arg = queue.shift()) {
    const m = /^--(?<name>[^=]+)(?:=(?<inline>.*))?$/s.exec(arg);
    if (!m) {
      positional.push(arg);
      continue;
    }
    const name = m.groups?.name ?? '';
    const inline = m.groups?.inline;
    if (!isValueFlag(name)) {
      ignored.push(arg);
      continue;
    }
    // test-electron writes --flag=value; accept --flag value too for hand-written command lines.
    const value = inline ?? queue.shift();
    if (value === undefined) throw new Error(`${arg} needs a value`);
    values[name].push(value);
  }
  if (positional.length > 1) throw new Error(`expected at most one folder or workspace, got: ${positional.join(', ')}`);

  let target: LaunchTarget | undefined;
  const [folderOrWorkspace] = positional;
  if (folderOrWorkspace !== undefined) {
    const p = path.resolve(folderOrWorkspace);
    if (!fs.existsSync(p)) throw new Error(`folder or workspace not found: ${p}`);
    target = { kind: p.endsWith('.code-workspace') ? 'workspace' : 'folder', path: p };
  }
  const last = (name: ValueFlag): string | undefined => {
    const v = values[name].at(-1);
    return v ? path.resolve(v) : undefined;
  };
  return {
    extensionDevelopmentPaths: values.extensionDevelopmentPath.filter((v) => v !== '').map((v) => path.resolve(v)),
    extensionTestsPath: last('extensionTestsPath'),
    target,
    userDataDir: last('user-data-dir'),
    extensionsDir: last('extensions-dir'),
    ignored,
  };
}
