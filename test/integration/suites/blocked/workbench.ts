// What the user sees while the store is blocked: the status bar's warning state, and one
// notification with Show Log and Retry, not one per failed write. (The test workbench keeps
// notifications in the Notifications center rather than as toasts, so that is where we look.)
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { WorkbenchContext } from '../../launcher/workbenchScript';

const TEXT = "Pulse can't write its sessions folder";

export async function drive(page: Page, ctx: WorkbenchContext): Promise<void> {
  await ctx.test('the status bar item turns to its warning state', async () => {
    const item = page.locator('.statusbar-item[aria-label^="Pulse: cannot write"]');
    await item.first().waitFor({ state: 'visible', timeout: 90_000 });
    assert.equal((await item.first().innerText()).trim(), 'Pulse');
    await page.waitForTimeout(3000); // a few more failed writes (back-off retries) happen meanwhile
  });

  await ctx.test('exactly one notification says so, with Show Log and Retry', async () => {
    await page.locator('.statusbar-item[aria-label*="Notifications"]').first().click();
    const entry = page.locator('.notifications-center .notification-list-item', { hasText: TEXT });
    await entry.first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await entry.count(), 1, 'one notification, not a storm');
    const text = await entry.first().innerText();
    assert.match(text, /\.vscode\/sessions is not a directory/);
    assert.match(text, /Show Log/);
    assert.match(text, /Retry/);
    await ctx.screenshot('blocked-store-warning');
  });
}
