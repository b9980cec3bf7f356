#!/usr/bin/env -S node --enable-source-maps
// Stands in for a VS Code executable: give its bundled path (out/test/integration/launcher/
// codeServerLauncher.js) to @vscode/test-electron's runTests() as vscodeExecutablePath, and the same
// runTests() call runs the extension's tests in code-server's Node extension host, with the
// workbench open in Debian's headless chromium. See workbenchScript.ts for browser-level tests.
//
// Environment:
//   PULSE_ARTIFACTS_DIR         save workbench-final.png, workbench logs and script screenshots here
//   PULSE_BROWSER_SCRIPT        a module exporting drive(page, ctx), run against the workbench page
//   PULSE_INSTALL_VSIX          install this .vsix (code-server --install-extension) before starting;
//                               the run must then have no --extensionDevelopmentPath/--extensionTestsPath
//   PULSE_LAUNCHER_TIMEOUT_MS   give up (exit 2) after this long; default 240000
//   PULSE_KEEP_WORKSPACE_TRUST  1: don't pass --disable-workspace-trust (Workspace Trust tests)
//   PULSE_LAUNCHER_VERBOSE      1: also print the known-harmless log lines that are hidden by default
//   PULSE_RUN_DIR               per-run folder (HOME, TMPDIR, XDG_*, profile); default: a temp dir,
//                               removed afterwards unless PULSE_KEEP_RUN_DIR=1
//   PULSE_NODE24, PULSE_CODE_SERVER_ENTRY, PULSE_CHROMIUM  tool paths; default: scripts/vscodeTools.sh --print
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { recordResult } from '../results';
import { findRepoRoot, resolveTools, toolsFromEnv, type VscodeTools } from '../tools';
import { openWorkbench, saveWorkbenchLogs, whenWorkbenchRestored, type Workbench } from './browser';
import { INSTALL_VSIX_ENV, installExtension, startCodeServer, type CodeServer, type CodeServerAddress } from './codeServer';
import { parseLaunchArgs, type LaunchArgs } from './launchArgs';
import { WORKBENCH_DONE_FILE_ENV, WORKBENCH_SCRIPT_ENV, runWorkbenchScript, type WorkbenchOutcome } from './workbenchScript';

/** Exit code for a run that never produced a test result (timeout, crash, setup failure). */
const EXIT_HARNESS_FAILURE = 2;

function log(line: string): void {
  console.log(`[launcher] ${line}`);
}

// Harmless lines that would bury the test output: a gallery that is off on purpose, an optional
// module code-server doesn't ship, bare timestamps, and the cancellations VS Code logs while it
// stops the extension host after the tests.
const NOISE = [
  /Ignoring fetching additional builtin extensions from gallery/,
  /File not found: .*\/vsda\//,
  /^\[[\d:]+\]\s*$/,
  /^\[error\] Canceled: Canceled/,
];
const verbose = process.env.PULSE_LAUNCHER_VERBOSE === '1';
let shuttingDown: Promise<never> | undefined;

/** Forwards a line from code-server or the workbench; once shutting down, their complaints about it are noise. */
function relay(source: string, line: string): void {
  if (!verbose && (shuttingDown || NOISE.some((re) => re.test(line)))) return;
  console.log(`[${source}] ${line}`);
}

interface RunState {
  runDir: string;
  removeRunDir: boolean;
  artifactsDir: string | undefined;
  server?: CodeServer;
  workbench?: Workbench;
}

/** Screenshot, close the browser, kill code-server's group, remove the run dir, exit. Runs once. */
function shutdown(state: RunState, code: number): Promise<never> {
  shuttingDown ??= (async () => {
    const page = state.workbench?.page;
    if (page && state.artifactsDir) await finalScreenshot(page, state.artifactsDir);
    await state.workbench?.browser.close().catch((err: unknown) => log(`closing chromium: ${String(err)}`));
    await state.server?.stop().catch((err: unknown) => log(`stopping code-server: ${String(err)}`));
    if (state.removeRunDir) fs.rmSync(state.runDir, { recursive: true, force: true, maxRetries: 3 });
    log(`exit code ${code}`);
    process.exit(code);
  })();
  return shuttingDown;
}

async function finalScreenshot(page: Page, artifactsDir: string): Promise<void> {
  const file = path.join(artifactsDir, 'workbench-final.png');
  try {
    fs.mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: file, timeout: 15_000 });
    log(`screenshot: ${file}`);
  } catch (err) {
    log(`no final screenshot: ${String(err)}`);
  }
}

/** Points HOME, TMPDIR and XDG_* at the run dir, so neither code-server nor chromium writes elsewhere. */
function isolateEnvironment(runDir: string): void {
  const dirs: Record<string, string> = {
    HOME: 'home',
    TMPDIR: 'tmp',
    XDG_CONFIG_HOME: 'config',
    XDG_CACHE_HOME: 'cache',
    XDG_DATA_HOME: 'data',
    XDG_STATE_HOME: 'state',
    // Short: the server puts vscode-ipc-<uuid>.sock (52 characters) here, and a socket path must
    // stay under 108 bytes.
    XDG_RUNTIME_DIR: 'rt',
  };
  if (path.join(runDir, 'rt').length > 54) log(`warning: ${runDir} is long; IPC socket paths in it may not fit`);
  for (const [name, rel] of Object.entries(dirs)) {
    const dir = path.join(runDir, rel);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.env[name] = dir;
  }
  // Set when started from a VS Code or code-server terminal: code-server would then hand the request
  // to that instance instead of starting its own, and PORT would override --bind-addr.
  for (const name of Object.keys(process.env)) {
    if (name.startsWith('VSCODE_') || name === 'ELECTRON_RUN_AS_NODE' || name === 'PORT') delete process.env[name];
  }
  process.env.EXTENSIONS_GALLERY = '{"serviceUrl":""}';
}

function findTools(): VscodeTools {
  const tools = toolsFromEnv() ?? resolveTools(findRepoRoot(__dirname), false);
  if (!tools) throw new Error('code-server is not installed: run `bash scripts/vscodeTools.sh` first');
  return tools;
}

async function runWorkbenchTests(
  scriptPath: string,
  page: Page,
  launch: LaunchArgs,
  state: RunState,
  server: CodeServerAddress,
  extensionsDir: string,
  timeoutMs: number,
): Promise<WorkbenchOutcome> {
  let outcome: WorkbenchOutcome;
  try {
    await whenWorkbenchRestored(page, timeoutMs);
    log('workbench restored');
    outcome = await runWorkbenchScript(scriptPath, page, {
      artifactsDir: state.artifactsDir,
      origin: server.origin,
      workspacePath: launch.target?.path,
      extensionsDir,
      log: (message) => console.log(`[workbench-script] ${message}`),
    });
  } catch (err) {
    log(`workbench never restored: ${String(err)}`);
    outcome = { passed: 0, failed: 1 };
  }
  recordResult({ source: 'workbench', ...outcome });
  log(`workbench script: ${outcome.passed} passed, ${outcome.failed} failed`);
  return outcome;
}

async function main(state: RunState, launch: LaunchArgs, tools: VscodeTools, timeoutMs: number): Promise<number> {
  const scriptPath = process.env[WORKBENCH_SCRIPT_ENV] ? path.resolve(process.env[WORKBENCH_SCRIPT_ENV]) : undefined;
  if (!launch.extensionTestsPath && !scriptPath) {
    throw new Error(`nothing to run: give --extensionTestsPath or set ${WORKBENCH_SCRIPT_ENV}`);
  }
  const vsix = process.env[INSTALL_VSIX_ENV] ? path.resolve(process.env[INSTALL_VSIX_ENV]) : undefined;
  if (vsix && (launch.extensionDevelopmentPaths.length > 0 || launch.extensionTestsPath)) {
    // A development copy would shadow the installed one, and extension tests need one.
    throw new Error(`${INSTALL_VSIX_ENV} is set: give neither --extensionDevelopmentPath nor --extensionTestsPath`);
  }
  if (!vsix && launch.extensionDevelopmentPaths.length === 0) log('warning: no --extensionDevelopmentPath');
  if (launch.ignored.length > 0) log(`ignoring desktop-only arguments: ${launch.ignored.join(' ')}`);

  // With both kinds of tests, the extension host holds on until the workbench script is done.
  const doneFile = path.join(state.runDir, 'workbench-done');
  fs.rmSync(doneFile, { force: true });
  const hostEnv: NodeJS.ProcessEnv = { ...process.env };
  if (scriptPath && launch.extensionTestsPath) hostEnv[WORKBENCH_DONE_FILE_ENV] = doneFile;

  const userDataDir = launch.userDataDir ?? path.join(state.runDir, 'user-data');
  const extensionsDir = launch.extensionsDir ?? path.join(state.runDir, 'extensions');
  if (vsix) {
    const started = Date.now();
    const installed = await installExtension({
      tools,
      vsix,
      userDataDir,
      extensionsDir,
      env: hostEnv,
      log: (line) => relay('install', line),
      timeoutMs: 60_000,
    });
    const took = ((Date.now() - started) / 1000).toFixed(1);
    for (const e of installed) log(`installed ${e.id} ${e.version} from ${path.basename(vsix)} in ${took} s: ${e.location}`);
    if (shuttingDown) return EXIT_HARNESS_FAILURE;
  }

  state.server = startCodeServer({
    tools,
    userDataDir,
    extensionsDir,
    keepWorkspaceTrust: process.env.PULSE_KEEP_WORKSPACE_TRUST === '1',
    env: hostEnv,
    log: (line) => relay('code-server', line),
    startTimeoutMs: 60_000,
  });
  const server = await state.server.ready;
  log(`code-server at ${server.origin}`);
  if (shuttingDown) return EXIT_HARNESS_FAILURE;

  let onTestsExit: (code: number) => void = () => undefined;
  const testsExit = new Promise<number>((resolve) => (onTestsExit = resolve));
  const workbench = await openWorkbench({
    chromiumPath: tools.chromium,
    origin: server.origin,
    authority: server.authority,
    launch,
    log: (line) => relay('workbench', line),
    onTestsExit: (code, logs) => {
      log(`extension-host tests exited with code ${code}`);
      if (state.artifactsDir) saveWorkbenchLogs(path.join(state.artifactsDir, 'logs'), logs);
      onTestsExit(code);
    },
  });
  state.workbench = workbench;
  if (shuttingDown) return EXIT_HARNESS_FAILURE;

  const [testsCode, outcome] = await Promise.all([
    launch.extensionTestsPath ? testsExit : Promise.resolve(0),
    scriptPath
      ? runWorkbenchTests(scriptPath, workbench.page, launch, state, server, extensionsDir, timeoutMs).finally(() => fs.writeFileSync(doneFile, ''))
      : Promise.resolve(undefined),
  ]);
  if (testsCode !== 0) return testsCode;
  return outcome && outcome.failed > 0 ? 1 : 0;
}

function start(): void {
  const timeoutMs = Number(process.env.PULSE_LAUNCHER_TIMEOUT_MS) || 240_000;
  const givenRunDir = process.env.PULSE_RUN_DIR;
  const runDir = givenRunDir ? path.resolve(givenRunDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-vscode-'));
  fs.mkdirSync(runDir, { recursive: true });
  const state: RunState = {
    runDir,
    removeRunDir: !givenRunDir && process.env.PULSE_KEEP_RUN_DIR !== '1',
    artifactsDir: process.env.PULSE_ARTIFACTS_DIR ? path.resolve(process.env.PULSE_ARTIFACTS_DIR) : undefined,
  };
  const fail = (why: string): void => {
    log(why);
    void shutdown(state, EXIT_HARNESS_FAILURE);
  };
  const timer = setTimeout(() => fail(`timed out after ${timeoutMs} ms`), timeoutMs);
  // runTests() sends SIGINT on Ctrl+C; CI runners send SIGTERM.
  process.once('SIGINT', () => fail('interrupted (SIGINT)'));
  process.once('SIGTERM', () => fail('terminated (SIGTERM)'));

  let launch: LaunchArgs;
  let tools: VscodeTools;
  try {
    launch = parseLaunchArgs(process.argv.slice(2));
    // Before isolating: the tools cache lives under the real HOME.
    tools = findTools();
    isolateEnvironment(runDir);
  } catch (err) {
    fail(String(err));
    return;
  }
  main(state, launch, tools, timeoutMs).then(
    (code) => {
      clearTimeout(timer);
      void shutdown(state, code);
    },
    (err: unknown) => fail(err instanceof Error ? (err.stack ?? err.message) : String(err)),
  );
}

start();
