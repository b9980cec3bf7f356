// Starts code-server (the VS Code server plus its web workbench) in a process group of its own, and
// takes the whole group down again: killing only the parent would leave file watchers behind.
// installExtension() installs a .vsix into the extensions folder first, as a user's install would.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { VscodeTools } from '../tools';

export interface CodeServerOptions {
  tools: VscodeTools;
  userDataDir: string;
  extensionsDir: string;
  /** Workspace Trust tests need the real trust flow; every other run disables it. */
  keepWorkspaceTrust: boolean;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  startTimeoutMs: number;
}

export interface CodeServerAddress {
  /** e.g. http://127.0.0.1:43117 (no trailing slash). */
  origin: string;
  /** host:port, the authority of vscode-remote:// URIs that the workbench resolves. */
  authority: string;
}

export interface CodeServer {
  /** Resolves once code-server listens; rejects if it exits or times out first. */
  ready: Promise<CodeServerAddress>;
  /** Kills the whole process group; safe to call at any time, also before `ready`. */
  stop(): Promise<void>;
}

/** Settings that keep a test workbench quiet and offline. */
const QUIET_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
};

function writeQuietSettings(userDataDir: string): void {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let existing: Record<string, unknown> = {};
  try {
    existing = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // Missing or JSONC with comments: a test profile, so ours replaces it.
  }
  fs.writeFileSync(file, `${JSON.stringify({ ...existing, ...QUIET_SETTINGS }, null, 2)}\n`);
}

// The shell in front of code-server leads the process group. If the launcher dies without cleaning
// up (SIGKILL, a CI timeout), it notices within a second and takes the whole group down.
const WATCHDOG = `
"$@" &
server=$!
while kill -0 "$PULSE_LAUNCHER_PID" 2>/dev/null && kill -0 "$server" 2>/dev/null; do sleep 1; done
kill -TERM 0
`;

const LISTENING = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/;

/** Set by runIntegration for suites that test the packaged extension: the .vsix to install. */
export const INSTALL_VSIX_ENV = 'PULSE_INSTALL_VSIX';

export interface InstallOptions {
  tools: VscodeTools;
  vsix: string;
  userDataDir: string;
  extensionsDir: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  timeoutMs: number;
}

/** One entry of <extensions dir>/extensions.json, which VS Code writes for every install. */
export interface InstalledExtension {
  id: string;
  version: string;
  /** The folder it was unpacked into, e.g. <extensions dir>/pulse-sessions.pulse-sessions-0.1.0. */
  location: string;
  /** 'vsix' for an install from a file, 'gallery' for one from the marketplace. */
  source: string | undefined;
}

/**
 * Runs `code-server --install-extension <vsix>` with the tools, environment and folders that
 * startCodeServer() then uses, and returns what extensions.json says was installed from it. Rejects
 * on a non-zero exit, on output without the success line, or if nothing new came from a .vsix.
 */
export async function installExtension(opts: InstallOptions): Promise<InstalledExtension[]> {
  fs.mkdirSync(opts.extensionsDir, { recursive: true });
  const before = new Set(readInstalled(opts.extensionsDir).map((e) => `${e.id}@${e.version}`));
  const args = [
    opts.tools.codeServerEntry,
    '--config', '/dev/null',
    '--user-data-dir', opts.userDataDir,
    '--extensions-dir', opts.extensionsDir,
    '--install-extension', opts.vsix,
  ];
  const child = spawn(opts.tools.node24, args, { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env, timeout: opts.timeoutMs });
  const output: string[] = [];
  const onLine = (line: string): void => {
    output.push(line);
    opts.log(line);
  };
  forwardLines(child.stdout, onLine);
  forwardLines(child.stderr, onLine);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c, s) => resolve([c, s]));
  });
  // The whole output went to opts.log already; its last line says what went wrong.
  const last = output.at(-1) ?? '(no output)';
  if (code !== 0) throw new Error(`code-server --install-extension ${opts.vsix} exited with ${String(code ?? signal)}: ${last}`);
  if (!output.some((line) => /was successfully installed/.test(line))) {
    throw new Error(`code-server --install-extension ${opts.vsix} exited 0 but did not report an install: ${last}`);
  }
  const added = readInstalled(opts.extensionsDir).filter((e) => e.source === 'vsix' && !before.has(`${e.id}@${e.version}`));
  if (added.length === 0) throw new Error(`no new extension from a .vsix in ${path.join(opts.extensionsDir, 'extensions.json')}`);
  for (const e of added) {
    if (!fs.existsSync(path.join(e.location, 'package.json'))) throw new Error(`${e.id} ${e.version}: no package.json in ${e.location}`);
  }
  return added;
}

/** The extensions recorded in <extensions dir>/extensions.json; none if it does not exist yet. */
export function readInstalled(extensionsDir: string): InstalledExtension[] {
  const file = path.join(extensionsDir, 'extensions.json');
  if (!fs.existsSync(file)) return [];
  const entries = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(entries)) throw new Error(`${file}: expected an array`);
  return entries.map((raw: unknown) => {
    const e = raw as {
      identifier?: { id?: unknown };
      version?: unknown;
      relativeLocation?: unknown;
      location?: { path?: unknown };
      metadata?: { source?: unknown };
    };
    const rel = typeof e.relativeLocation === 'string' ? e.relativeLocation : undefined;
    return {
      id: String(e.identifier?.id),
      version: String(e.version),
      location: rel ? path.join(extensionsDir, rel) : String(e.location?.path),
      source: typeof e.metadata?.source === 'string' ? e.metadata.source : undefined,
    };
  });
}

/** Spawns code-server at once, so that a shutdown racing the start-up can still stop it. */
export function startCodeServer(opts: CodeServerOptions): CodeServer {
  writeQuietSettings(opts.userDataDir);
  fs.mkdirSync(opts.extensionsDir, { recursive: true });
  const args = [
    opts.tools.codeServerEntry,
    // Port 0: the kernel picks a free port and code-server prints it.
    '--bind-addr', '127.0.0.1:0',
    '--auth', 'none',
    '--config', '/dev/null',
    '--user-data-dir', opts.userDataDir,
    '--extensions-dir', opts.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(opts.keepWorkspaceTrust ? [] : ['--disable-workspace-trust']),
    // Without it the workbench silently ignores the extension development and tests locations.
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  // detached: setsid(), so the shell leads a new process group that we can signal as a whole.
  const child = spawn('/bin/sh', ['-c', WATCHDOG, 'code-server-group', opts.tools.node24, ...args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...opts.env, PULSE_LAUNCHER_PID: String(process.pid) },
  });
  const pgid = child.pid;
  if (pgid === undefined) throw new Error('could not start code-server');

  const ready = new Promise<CodeServerAddress>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not listen within ${opts.startTimeoutMs} ms`)), opts.startTimeoutMs);
    const onLine = (line: string): void => {
      opts.log(line);
      const port = LISTENING.exec(line)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve({ origin: `http://127.0.0.1:${port}`, authority: `127.0.0.1:${port}` });
      }
    };
    forwardLines(child.stdout, onLine);
    forwardLines(child.stderr, onLine);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited before listening (${String(code ?? signal)})`));
    });
  });
  return { ready, stop: () => killGroup(pgid) };
}

function forwardLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') onLine(line);
  });
  stream.on('end', () => {
    if (buffered.trim() !== '') onLine(buffered);
  });
}

/** Pids of the group's live (non-zombie) members, read from /proc. */
export function groupMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces, so split after its closing paren.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z' && Number(fields[2]) === pgid) pids.push(Number(entry));
  }
  return pids;
}

// A zombie still counts for kill(-pgid, 0), and not every init reaps orphans promptly.
function groupAlive(pgid: number): boolean {
  return groupMembers(pgid).length > 0;
}

/** SIGTERM to the whole group, then SIGKILL to whatever is still there after a grace period. */
export async function killGroup(pgid: number, graceMs = 5000): Promise<void> {
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pgid, sig);
    } catch {
      // ESRCH: the group is already gone.
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pgid)) signal('SIGKILL');
  while (groupAlive(pgid) && Date.now() < deadline + 2000) await sleep(50);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
