// Runs every integration suite in a real VS Code and prints one `N passed, N failed` line.
//
//   node esbuild.js --tests && node out/test/integration/runIntegration.js [suite ...]
//
// Each folder test/integration/suites/<name>/ is one suite, opened on a temporary copy of
// test/integration/fixtures/<name>/ (a .code-workspace file at its top is opened as a workspace):
//   index.ts     exports run(): mocha over the suite's *.test.ts, inside the extension host;
//   workbench.ts exports drive(page, ctx): browser-level checks (see launcher/workbenchScript.ts);
//   suite.ts     may export config (see suiteConfig.ts): { extension: 'vsix' } installs the packaged
//                .vsix (PULSE_VSIX, or pulse-sessions.vsix, built by `npm run package` if missing)
//                instead of loading this checkout as the extension under development.
// By default VS Code is code-server + headless chromium, installed on first use by
// scripts/vscodeTools.sh into a cache outside the clone. PULSE_VSCODE=desktop uses desktop VS Code
// instead: PULSE_VSCODE_EXECUTABLE, or one that @vscode/test-electron downloads (needs network;
// PULSE_VSCODE_VERSION picks the version).
// Screenshots and workbench logs go to $PULSE_ARTIFACTS_DIR/<suite> (default artifacts/integration).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { INSTALL_VSIX_ENV } from './launcher/codeServer';
import { RESULTS_FILE_ENV, readResults } from './results';
import { loadSuiteConfig } from './suiteConfig';
import { findRepoRoot, resolveTools, toolsToEnv, type VscodeTools } from './tools';
import { resolveVsix } from './vsix';
import { HOSTILE_NPM_ENV, coldInstall, coldInstallWanted } from '../tools/coldInstall';

interface Suite {
  name: string;
  /** Compiled index.js (extension-host tests), if the suite has one. */
  testsPath: string | undefined;
  /** Compiled workbench.js (browser-level script), if the suite has one. */
  workbenchScript: string | undefined;
  fixtureDir: string;
  /** Where the extension under test comes from (suite.ts); see suiteConfig.ts. */
  extension: 'development' | 'vsix';
  /** What the window opens (suite.ts); see suiteConfig.ts. */
  open: 'fixture' | 'empty-window';
  /** More environment for VS Code (suite.ts); see suiteConfig.ts. */
  env: Record<string, string>;
}

interface Counts {
  passed: number;
  failed: number;
}

type Host = { kind: 'code-server'; launcher: string; tools: VscodeTools } | { kind: 'desktop'; executable: string | undefined };

/** The .vsix that 'vsix' suites install, or why there is none (each such suite then fails). */
type Vsix = { file: string } | { error: string } | undefined;

const repoRoot = findRepoRoot(__dirname);
const log = (line: string): void => console.log(`[integration] ${line}`);

function findSuites(only: string[]): Suite[] {
  const compiled = path.join(__dirname, 'suites');
  if (!fs.existsSync(compiled)) throw new Error(`no compiled suites in ${compiled}: run \`node esbuild.js --tests\``);
  const existing = (f: string): string | undefined => (fs.existsSync(f) ? f : undefined);
  const suites = fs
    .readdirSync(compiled, { withFileTypes: true })
    .filter((e) => e.isDirectory() && (only.length === 0 || only.includes(e.name)))
    .map((e) => ({
      name: e.name,
      testsPath: existing(path.join(compiled, e.name, 'index.js')),
      workbenchScript: existing(path.join(compiled, e.name, 'workbench.js')),
      fixtureDir: path.join(repoRoot, 'test', 'integration', 'fixtures', e.name),
      ...loadSuiteConfig(path.join(compiled, e.name)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const unknown = only.filter((n) => !suites.some((s) => s.name === n));
  if (unknown.length > 0) throw new Error(`unknown suite(s): ${unknown.join(', ')}`);
  for (const s of suites) {
    if (!fs.existsSync(s.fixtureDir)) throw new Error(`suite ${s.name}: no fixture folder ${s.fixtureDir}`);
    if (!s.testsPath && !s.workbenchScript) throw new Error(`suite ${s.name}: neither index.ts nor workbench.ts`);
    // Extension-host tests need the development host; an installed .vsix is checked from the page.
    if (s.extension === 'vsix' && (s.testsPath || !s.workbenchScript)) {
      throw new Error(`suite ${s.name}: installs the .vsix, so it takes a workbench.ts and no index.ts`);
    }
  }
  return suites;
}

function chooseHost(): Host {
  const wanted = process.env.PULSE_VSCODE ?? (process.platform === 'linux' ? 'code-server' : 'desktop');
  if (wanted === 'desktop') return { kind: 'desktop', executable: process.env.PULSE_VSCODE_EXECUTABLE };
  if (wanted !== 'code-server') throw new Error(`PULSE_VSCODE must be code-server or desktop, not ${wanted}`);
  const started = Date.now();
  const tools = coldInstallWanted() ? freshTools() : resolveTools(repoRoot, true)!;
  log(`tools ready in ${seconds(started)}`);
  const launcher = path.join(__dirname, 'launcher', 'codeServerLauncher.js');
  // esbuild writes 0644; runTests() spawns the launcher directly, like a VS Code binary.
  fs.chmodSync(launcher, 0o755);
  return { kind: 'code-server', launcher, tools };
}

/**
 * In CI (or with PULSE_TEST_COLD_INSTALL=1), every run proves that a new user's first `npm test`
 * works: the tools go into an empty folder of their own, through `npm run tools:vscode`, and are
 * removed at exit. PULSE_TOOLS_DIR, when set, is used as it is instead (a warm cache).
 */
function freshTools(): VscodeTools {
  if (process.env.PULSE_TOOLS_DIR) {
    log(`tools: PULSE_TOOLS_DIR=${process.env.PULSE_TOOLS_DIR} is set, so no cold install`);
    return resolveTools(repoRoot, true)!;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-tools-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 }));
  log(`tools: cold install into the empty folder ${dir} (CI: every run proves the first install)`);
  const installed = coldInstall(repoRoot, dir, HOSTILE_NPM_ENV);
  log(`tools: cold install took ${installed.seconds.toFixed(0)} s, ${(installed.bytes / 1e6).toFixed(0)} MB`);
  return installed.tools;
}

/** The folder, or the single .code-workspace file at its top, to open from a fixture copy. */
function openTarget(workspaceDir: string): string {
  const [workspace, ...more] = fs.readdirSync(workspaceDir).filter((f) => f.endsWith('.code-workspace'));
  return workspace !== undefined && more.length === 0 ? path.join(workspaceDir, workspace) : workspaceDir;
}

async function runSuite(suite: Suite, host: Host, vsix: Vsix, tmpRoot: string, artifactsRoot: string): Promise<Counts> {
  if (host.kind === 'desktop' && !suite.testsPath) {
    log(`suite ${suite.name}: skipped (browser-level only; desktop VS Code has no page to drive)`);
    return { passed: 0, failed: 0 };
  }
  if (suite.extension === 'vsix' && (vsix === undefined || 'error' in vsix)) {
    log(`suite ${suite.name}: not run, no .vsix to install (${vsix?.error ?? 'not resolved'}): counted as one failure`);
    return { passed: 0, failed: 1 };
  }
  const dir = path.join(tmpRoot, suite.name);
  // Named after the suite: the workbench shows the folder name in its title and explorer.
  const workspaceDir = path.join(dir, suite.name);
  const runDir = path.join(dir, 'run');
  const resultsFile = path.join(dir, 'results.jsonl');
  const artifactsDir = path.join(artifactsRoot, suite.name);
  fs.cpSync(suite.fixtureDir, workspaceDir, { recursive: true });
  fs.mkdirSync(runDir, { recursive: true });
  fs.rmSync(artifactsDir, { recursive: true, force: true });

  const env: Record<string, string> = {
    ...suite.env,
    [RESULTS_FILE_ENV]: resultsFile,
    PULSE_SUITE: suite.name,
    PULSE_FIXTURE_DIR: workspaceDir,
    PULSE_ARTIFACTS_DIR: artifactsDir,
    PULSE_RUN_DIR: runDir,
    // The per-user registry of stores, away from the real one.
    PULSE_DATA_DIR: path.join(runDir, 'pulse-data'),
  };
  if (host.kind === 'code-server') Object.assign(env, toolsToEnv(host.tools));
  if (host.kind === 'code-server' && suite.workbenchScript) env.PULSE_BROWSER_SCRIPT = suite.workbenchScript;
  // The launcher installs it before VS Code starts; no development copy may shadow it.
  if (suite.extension === 'vsix' && vsix && 'file' in vsix) env[INSTALL_VSIX_ENV] = vsix.file;

  log(`suite ${suite.name}: starting`);
  const started = Date.now();
  let exitCode = 0;
  try {
    await runTests({
      vscodeExecutablePath: host.kind === 'code-server' ? host.launcher : host.executable,
      // Desktop only, when downloading: a VS Code version such as 1.90.0 (default: stable).
      version: process.env.PULSE_VSCODE_VERSION,
      extensionDevelopmentPath: suite.extension === 'vsix' ? [] : repoRoot,
      // '' tells the launcher that the workbench script is the whole run.
      extensionTestsPath: suite.testsPath ?? '',
      launchArgs: [
        ...(suite.open === 'empty-window' ? [] : [openTarget(workspaceDir)]),
        `--user-data-dir=${runDir}/user-data`,
        `--extensions-dir=${runDir}/extensions`,
      ],
      extensionTestsEnv: env,
    });
  } catch (err) {
    if (!(err instanceof TestRunFailedError)) throw err;
    exitCode = err.code ?? 1;
  }
  return tally(suite.name, exitCode, readResults(resultsFile), seconds(started));
}

/** Sums what the suite reported; a failed run that reported no failing test still counts as one. */
function tally(name: string, exitCode: number, records: Counts[], took: string): Counts {
  const counts = records.reduce((acc, r) => ({ passed: acc.passed + r.passed, failed: acc.failed + r.failed }), { passed: 0, failed: 0 });
  if (exitCode !== 0 && counts.failed === 0) {
    log(`suite ${name}: VS Code exited with code ${exitCode} without a failing test: counted as one failure`);
    counts.failed = 1;
  } else if (records.length === 0) {
    log(`suite ${name}: no test reported a result: counted as one failure`);
    counts.failed = 1;
  }
  log(`suite ${name}: ${counts.passed} passed, ${counts.failed} failed, exit code ${exitCode}, ${took}`);
  return counts;
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Once per run, before any suite: building the .vsix rewrites dist/ for a moment. */
function prepareVsix(suites: Suite[], host: Host): Vsix {
  if (host.kind !== 'code-server' || !suites.some((s) => s.extension === 'vsix')) return undefined;
  try {
    return { file: resolveVsix(repoRoot, log) };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    log(`vsix: ${error}`);
    return { error };
  }
}

async function main(): Promise<number> {
  const suites = findSuites(process.argv.slice(2));
  if (suites.some((s) => s.extension === 'development') && !fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js missing: run `node esbuild.js --tests`');
  }
  const host = chooseHost();
  const vsix = prepareVsix(suites, host);
  const artifactsRoot = path.resolve(process.env.PULSE_ARTIFACTS_DIR ?? path.join(repoRoot, 'artifacts', 'integration'));
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-it-'));
  const total: Counts = { passed: 0, failed: 0 };
  try {
    for (const suite of suites) {
      const counts = await runSuite(suite, host, vsix, tmpRoot, artifactsRoot);
      total.passed += counts.passed;
      total.failed += counts.failed;
    }
  } finally {
    if (process.env.PULSE_KEEP_TMP === '1') log(`kept ${tmpRoot}`);
    else fs.rmSync(tmpRoot, { recursive: true, force: true, maxRetries: 3 });
  }
  log(`artifacts in ${artifactsRoot}`);
  console.log(`${total.passed} passed, ${total.failed} failed`);
  return total.failed > 0 || total.passed === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
