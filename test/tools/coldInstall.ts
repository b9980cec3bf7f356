// A cold install of the real-VS-Code tools, the way a new user's first `npm start` or `npm test`
// does it: `npm run tools:vscode` (an npm script, so npm's npm_config_* variables are in the
// environment) into an empty tools folder. Used by the CI run of the integration tests and by
// test/tools/coldInstall.test.ts.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { VscodeTools } from '../integration/tools';

export interface ColdInstall {
  tools: VscodeTools;
  seconds: number;
  /** Disk used by the tools folder after the install (not counting apt packages). */
  bytes: number;
}

/** What an outer npm of another Node exports to its scripts; the install must not care. */
export const HOSTILE_NPM_ENV: Record<string, string> = {
  npm_config_user_agent: 'npm/10.9.0 node/v20.0.0 linux x64 workspaces/false',
  npm_config_nodedir: '/nonexistent/node-headers',
  npm_config_node_gyp: '/nonexistent/node-gyp.js',
  npm_config_prefix: '/nonexistent/prefix',
  npm_config_global_prefix: '/nonexistent/prefix',
  npm_node_execpath: '/nonexistent/node',
  NODE: '/nonexistent/node',
};

/** True when this run should prove a cold install: in CI, or when asked for locally. */
export function coldInstallWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.PULSE_TEST_COLD_INSTALL === '1';
}

/**
 * Runs `npm run tools:vscode` with PULSE_TOOLS_DIR=toolsDir (which must be empty or missing),
 * in this process's environment plus `extraEnv`, and returns what it installed.
 */
export function coldInstall(repoRoot: string, toolsDir: string, extraEnv: Record<string, string> = {}): ColdInstall {
  if (fs.existsSync(toolsDir) && fs.readdirSync(toolsDir).length > 0) {
    throw new Error(`a cold install needs an empty tools folder, and ${toolsDir} is not empty`);
  }
  const started = Date.now();
  const result = spawnSync('npm', ['run', '--silent', 'tools:vscode'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ...extraEnv, PULSE_TOOLS_DIR: toolsDir },
    // Progress straight to our stderr: a first install takes minutes and should say what it does.
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const seconds = (Date.now() - started) / 1000;
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`npm run tools:vscode into ${toolsDir} failed with exit code ${String(result.status ?? result.signal)}`);
  }
  const values = new Map<string, string>();
  for (const line of result.stdout.split('\n')) {
    const m = /^(?<key>PULSE_[A-Z0-9_]+)=(?<value>.*)$/.exec(line.trim());
    if (m?.groups?.key) values.set(m.groups.key, m.groups.value ?? '');
  }
  const node24 = values.get('PULSE_NODE24');
  const codeServerEntry = values.get('PULSE_CODE_SERVER_ENTRY');
  if (!node24 || !codeServerEntry) throw new Error(`npm run tools:vscode printed no tool paths:\n${result.stdout}`);
  return {
    tools: { node24, codeServerEntry, chromium: values.get('PULSE_CHROMIUM') || '/usr/bin/chromium' },
    seconds,
    bytes: diskUsage(toolsDir),
  };
}

function diskUsage(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += diskUsage(p);
    else if (e.isFile()) total += fs.lstatSync(p).size;
  }
  return total;
}
