import * as fs from 'node:fs';
import * as path from 'node:path';
import { runSuite, waitForWorkbenchScript } from '../../mochaRunner';
import { WORKBENCH_DONE_FILE_ENV } from '../../launcher/workbenchScript';
import { recordResult } from '../../results';
import { RELOADED_FILE } from './zones';

/**
 * Called by VS Code in the extension host, in each window: the page reloads this one half-way
 * (workbench.ts), and the reloaded window runs the tests again. The host tests belong to the second
 * window; the first only stays up while the page works in it.
 */
export async function run(): Promise<void> {
  if (!process.env[WORKBENCH_DONE_FILE_ENV]) {
    // Desktop VS Code: no page to reload the window or to read the notifications, so nothing to run.
    console.log('remembered: skipped (the checks need the browser page)');
    recordResult({ source: 'extension-host', passed: 0, failed: 0 });
    return;
  }
  const folder = process.env.PULSE_FIXTURE_DIR ?? '';
  if (fs.existsSync(path.join(folder, RELOADED_FILE))) return runSuite(__dirname);
  await waitForWorkbenchScript();
  throw new Error('the page never reloaded the window');
}
