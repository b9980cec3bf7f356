// Opens the code-server workbench in Debian's headless chromium and wires up VS Code's smoke-test
// driver hooks, through which the extension host's test result comes back.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { LaunchArgs } from './launchArgs';

export interface WorkbenchLog {
  relativePath: string;
  contents: string;
}

export interface OpenWorkbenchOptions {
  chromiumPath: string;
  origin: string;
  authority: string;
  launch: LaunchArgs;
  log: (line: string) => void;
  /** Called once with the exit code of the extension-host test run and the workbench's log files. */
  onTestsExit: (code: number, logs: WorkbenchLog[]) => void;
}

export interface Workbench {
  browser: Browser;
  page: Page;
}

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** The workbench URL: what to open, plus the extension locations in `payload`. */
export function workbenchUrl(origin: string, authority: string, launch: LaunchArgs): string {
  const remote = (p: string): string => `vscode-remote://${authority}${p.split(path.sep).map(encodeURIComponent).join('/')}`;
  const payload: [string, string][] = launch.extensionDevelopmentPaths.map((p) => ['extensionDevelopmentPath', remote(p)]);
  if (launch.extensionTestsPath) payload.push(['extensionTestsPath', remote(launch.extensionTestsPath)]);
  payload.push(['skipWelcome', 'true']);
  const params = new URLSearchParams();
  if (launch.target) params.set(launch.target.kind, launch.target.path);
  else params.set('ew', 'true');
  params.set('payload', JSON.stringify(payload));
  return `${origin}/?${params.toString()}`;
}

export async function openWorkbench(opts: OpenWorkbenchOptions): Promise<Workbench> {
  const browser = await chromium.launch({
    executablePath: opts.chromiumPath,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    let exited = false;
    // Both hooks must exist before the workbench script runs, so define them before navigating.
    await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
      opts.log(`[${String(type)}] ${formatArgs(args)}`);
    });
    await page.exposeFunction('codeAutomationExit', (code: unknown, logs: unknown) => {
      if (exited) return;
      exited = true;
      opts.onTestsExit(typeof code === 'number' ? code : 1, Array.isArray(logs) ? (logs as WorkbenchLog[]) : []);
    });
    page.on('pageerror', (err) => opts.log(`[pageerror] ${err.stack ?? err.message}`));
    page.on('crash', () => opts.log('[page] the workbench page crashed'));
    const url = workbenchUrl(opts.origin, opts.authority, opts.launch);
    opts.log(`opening ${url}`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    return { browser, page };
  } catch (err) {
    await browser.close().catch(() => undefined);
    throw err;
  }
}

/** Resolves once VS Code reports the workbench restored (its smoke-test driver's own signal). */
export async function whenWorkbenchRestored(page: Page, timeoutMs: number): Promise<void> {
  // These callbacks run in the page, where globalThis is the workbench window.
  await page.waitForFunction(() => 'driver' in globalThis, undefined, { timeout: timeoutMs, polling: 100 });
  await page.evaluate(async () => {
    const driver = (globalThis as unknown as { driver: { whenWorkbenchRestored(): Promise<void> } }).driver;
    await driver.whenWorkbenchRestored();
  });
}

export function saveWorkbenchLogs(dir: string, logs: WorkbenchLog[]): void {
  for (const log of logs) {
    const file = path.join(dir, log.relativePath);
    // relativePath comes from the page; keep it inside dir.
    if (!file.startsWith(dir + path.sep)) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, log.contents);
  }
}

/** The workbench logs console-style: a format string (mocha's '%s (%dms)') and its values. */
function formatArgs(args: unknown): string {
  return format(...(Array.isArray(args) ? (args as unknown[]) : [args]));
}
