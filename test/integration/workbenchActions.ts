// What a person does in the workbench page, shared by the browser-level scripts: the command
// palette, Quick Open, and waiting for the host-side tests of the same suite.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { HOST_DONE_FILE } from './sampleHistory';

/** Pulse's status-bar item. */
export function pulseItem(page: Page): Locator {
  return page.locator('.statusbar-item[aria-label^="Pulse"]').first();
}

/** Polls `get` until `ok` holds, and answers that value; `what` names the wait when it times out. */
export async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last = await get();
  while (!ok(last)) {
    if (Date.now() > end) throw new Error(`${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
    last = await get();
  }
  return last;
}

/** Presses `key` (F1 or Control+P), types `text`, waits for the row that shows `row`, and picks it. */
export async function quickOpen(page: Page, key: 'F1' | 'Control+P', text: string, row: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(key);
    try {
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      // A widget still closing from the last pick is inert: filling it fails, and the key is pressed again.
      await input.fill(text, { timeout: 5_000 });
      break;
    } catch (err) {
      if (attempt === 3) throw err;
      // A webview (the dashboard) may hold the keyboard focus, and its frame keeps the key from the
      // workbench: give the focus back to the workbench page and press again.
      await page.evaluate('document.activeElement && document.activeElement.blur && document.activeElement.blur()');
    }
  }
  await page.locator('.quick-input-list .monaco-list-row', { hasText: row }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
}

/** Runs a command from the palette by its title, e.g. "Pulse: Pause Session". */
export function runCommand(page: Page, title: string, row = title): Promise<void> {
  return quickOpen(page, 'F1', `>${title}`, row);
}

/** Opens a workspace file by name through Quick Open. */
export function openFile(page: Page, name: string): Promise<void> {
  return quickOpen(page, 'Control+P', name, name);
}

/**
 * Export Sessions… from the palette, as Pulse's own CSV of all sessions, as far as its save dialog
 * (a remote window's simple file dialog); returns the path the dialog offers.
 */
export async function openExportDialog(page: Page): Promise<string> {
  await runCommand(page, 'Pulse: Export Sessions…', 'Export Sessions');
  const row = (text: string) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await row('Pulse sessions (CSV)').click();
  await row('All sessions').click();
  return offeredPath(page, '.csv');
}

/**
 * Waits for the save dialog to offer its default file (ending in `ext`) and returns it. The dialog
 * fills its box a moment after it opens: a path typed before that is overwritten.
 */
export async function offeredPath(page: Page, ext: string): Promise<string> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Export Sessions' }).waitFor({ state: 'visible' });
  const input = page.locator('.quick-input-widget input');
  const until = Date.now() + 30_000;
  for (;;) {
    const offered = await input.inputValue();
    if (offered.endsWith(ext)) return offered;
    if (Date.now() > until) throw new Error(`the save dialog offers no ${ext} file; it shows "${offered}"`);
    await page.waitForTimeout(250);
  }
}

/** Types a path into the open save dialog and presses its OK button. */
export async function saveAs(page: Page, target: string): Promise<void> {
  await page.locator('.quick-input-widget input').fill(target);
  await page.waitForTimeout(500); // the dialog looks the typed path up
  await page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' }).first().click();
}

/** Waits until the suite's extension-host tests say they are done (they write HOST_DONE_FILE). */
export async function waitForHost(workspace: string, timeoutMs = 180_000): Promise<void> {
  const file = path.join(workspace, HOST_DONE_FILE);
  const until = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > until) throw new Error('the host tests never finished');
    await new Promise((r) => setTimeout(r, 250));
  }
}
