// Browser-level tests: what a user sees and clicks in the workbench page.
//
// A workbench script is a module that exports `drive(page, ctx)`. The launcher loads the one named
// by PULSE_BROWSER_SCRIPT and runs it against the Playwright page once the workbench has restored:
//   - with an extensionTestsPath, in parallel with the extension-host tests. The host's mocha run
//     waits (see mochaRunner.ts) until the script is done, so the extension is still active while
//     the script clicks its status-bar item or runs its commands;
//   - without one (runTests with extensionTestsPath ''), the script is the whole test run.
// Each ctx.test() is counted as one test; an exception escaping drive() counts as one more failure.
// Any failure makes the launcher exit non-zero. In desktop VS Code (no browser) scripts are skipped.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';

export const WORKBENCH_SCRIPT_ENV = 'PULSE_BROWSER_SCRIPT';
/** Set for the extension host when a workbench script runs; the launcher creates it when done. */
export const WORKBENCH_DONE_FILE_ENV = 'PULSE_WORKBENCH_DONE_FILE';

export interface WorkbenchContext {
  /** Where screenshots go: PULSE_ARTIFACTS_DIR, or undefined when it is not set. */
  readonly artifactsDir: string | undefined;
  /** The code-server origin the page was loaded from, e.g. http://127.0.0.1:43117. */
  readonly origin: string;
  /** The folder or .code-workspace file the workbench opened, if any. */
  readonly workspacePath: string | undefined;
  /** The run's --extensions-dir, where a suite's .vsix was installed (see suiteConfig.ts). */
  readonly extensionsDir: string;
  log(message: string): void;
  /** Runs one named check. A failure is logged and counted, and the script carries on. */
  test(name: string, fn: () => Promise<void>): Promise<void>;
  /** Saves a PNG of the page as <artifactsDir>/<name>.png; returns its path, or undefined without an artifacts dir. */
  screenshot(name: string): Promise<string | undefined>;
}

export interface WorkbenchScript {
  drive(page: Page, ctx: WorkbenchContext): Promise<void>;
}

export interface WorkbenchOutcome {
  passed: number;
  failed: number;
}

export async function runWorkbenchScript(
  modulePath: string,
  page: Page,
  base: Pick<WorkbenchContext, 'artifactsDir' | 'origin' | 'workspacePath' | 'extensionsDir' | 'log'>,
): Promise<WorkbenchOutcome> {
  const outcome: WorkbenchOutcome = { passed: 0, failed: 0 };
  const { log } = base;
  const ctx: WorkbenchContext = {
    ...base,
    async test(name, fn) {
      try {
        await fn();
        outcome.passed++;
        log(`  ✔ ${name}`);
      } catch (err) {
        outcome.failed++;
        log(`  ✘ ${name}\n${describe(err)}`);
        // What the page showed when it failed, for whoever reads the artifacts.
        if (base.artifactsDir) {
          const file = path.join(base.artifactsDir, `failed-${name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}.png`);
          await page.screenshot({ path: file }).then(() => log(`  screenshot of the failure: ${file}`), () => undefined);
        }
      }
    },
    async screenshot(name) {
      if (!base.artifactsDir) return undefined;
      const file = path.join(base.artifactsDir, `${name}.png`);
      fs.mkdirSync(base.artifactsDir, { recursive: true });
      await page.screenshot({ path: file });
      log(`screenshot: ${file}`);
      return file;
    },
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module named at run time
    const script = require(path.resolve(modulePath)) as Partial<WorkbenchScript>;
    if (typeof script.drive !== 'function') throw new Error(`${modulePath} does not export drive(page, ctx)`);
    log(`workbench script: ${modulePath}`);
    const before = outcome.passed + outcome.failed;
    await script.drive(page, ctx);
    // A script without ctx.test() calls is one test that passed by returning.
    if (outcome.passed + outcome.failed === before) outcome.passed++;
  } catch (err) {
    outcome.failed++;
    log(`workbench script failed:\n${describe(err)}`);
  }
  return outcome;
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
