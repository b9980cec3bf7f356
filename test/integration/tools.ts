// Finds (and on request installs) the tools that run a real VS Code here: code-server on Node 24,
// driven through Debian's chromium. scripts/vscodeTools.sh owns the install; this only calls it.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface VscodeTools {
  node24: string;
  codeServerEntry: string;
  chromium: string;
}

/** The environment variables that carry the tool paths from runIntegration to the launcher. */
export const TOOL_ENV = {
  node24: 'PULSE_NODE24',
  codeServerEntry: 'PULSE_CODE_SERVER_ENTRY',
  chromium: 'PULSE_CHROMIUM',
} as const;

/** The repository root, found by walking up from a bundled file in out/test/integration/**. */
export function findRepoRoot(fromDir: string): string {
  let dir = fromDir;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'scripts', 'vscodeTools.sh')) && fs.existsSync(path.join(dir, 'package.json'))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no repository root (with scripts/vscodeTools.sh) above ${fromDir}`);
    dir = parent;
  }
}

export function toolsFromEnv(env: NodeJS.ProcessEnv = process.env): VscodeTools | undefined {
  const node24 = env[TOOL_ENV.node24];
  const codeServerEntry = env[TOOL_ENV.codeServerEntry];
  if (!node24 || !codeServerEntry) return undefined;
  return { node24, codeServerEntry, chromium: env[TOOL_ENV.chromium] || '/usr/bin/chromium' };
}

export function toolsToEnv(tools: VscodeTools): Record<string, string> {
  return {
    [TOOL_ENV.node24]: tools.node24,
    [TOOL_ENV.codeServerEntry]: tools.codeServerEntry,
    [TOOL_ENV.chromium]: tools.chromium,
  };
}

/**
 * Runs scripts/vscodeTools.sh. With install=false it only reports what is there and returns
 * undefined when something is missing; with install=true it installs what is missing (minutes on a
 * fresh machine, instant after) and throws if that fails.
 */
export function resolveTools(repoRoot: string, install: boolean): VscodeTools | undefined {
  const script = path.join(repoRoot, 'scripts', 'vscodeTools.sh');
  const result = spawnSync('bash', install ? [script] : [script, '--print'], {
    encoding: 'utf8',
    // Progress goes straight to our stderr so a long first install shows what it is doing.
    stdio: ['ignore', 'pipe', install ? 'inherit' : 'ignore'],
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    if (!install) return undefined;
    throw new Error(`${script} failed with exit code ${String(result.status ?? result.signal)}`);
  }
  const values = new Map<string, string>();
  for (const line of result.stdout.split('\n')) {
    const m = /^(?<key>PULSE_[A-Z0-9_]+)=(?<value>.*)$/.exec(line.trim());
    if (m?.groups?.key) values.set(m.groups.key, m.groups.value ?? '');
  }
  const tools = toolsFromEnv(Object.fromEntries(values));
  if (!tools) throw new Error(`${script} printed no tool paths:\n${result.stdout}`);
  return tools;
}
