// Runs one suite's mocha tests inside the extension host. Each suites/<name>/index.ts exports
// `run = () => runSuite(__dirname)`; VS Code calls it and turns a rejection into a failing exit code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { WORKBENCH_DONE_FILE_ENV } from './launcher/workbenchScript';
import { recordResult } from './results';

export interface SuiteOptions {
  /** Per-test timeout. Generous: this runs on shared 2-core machines next to a browser. */
  timeoutMs?: number;
}

export async function runSuite(suiteDir: string, options: SuiteOptions = {}): Promise<void> {
  const name = path.basename(suiteDir);
  // Bundled layout: index.js next to one <name>.test.js per test file.
  const files = fs
    .readdirSync(suiteDir)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  if (files.length === 0) throw new Error(`suite ${name}: no *.test.js files in ${suiteDir}`);

  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: options.timeoutMs ?? 60_000 });
  for (const f of files) mocha.addFile(path.join(suiteDir, f));

  const { passed, failed } = await new Promise<{ passed: number; failed: number }>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => resolve({ passed: runner.stats?.passes ?? 0, failed: failures }));
    } catch (err) {
      // A test file that throws while loading never reaches the callback.
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
  recordResult({ source: 'extension-host', passed, failed });
  console.log(`${name}: ${passed} passed, ${failed} failed`);

  await waitForWorkbenchScript();
  if (failed > 0) throw new Error(`suite ${name}: ${failed} test(s) failed`);
}

/** The extension must stay active while the launcher's workbench script drives the page. */
export async function waitForWorkbenchScript(timeoutMs = 180_000): Promise<void> {
  const doneFile = process.env[WORKBENCH_DONE_FILE_ENV];
  if (!doneFile) return;
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(doneFile)) {
    if (Date.now() > deadline) throw new Error(`workbench script not done after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
