// The Sessions view in the real Explorer, over a store of 10,000 archived sessions: the time from
// opening the view to its first rows (printed, not asserted), and a screenshot.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { WorkbenchContext } from '../../launcher/workbenchScript';
import { waitForHost } from '../../workbenchActions';


export async function drive(page: Page, ctx: WorkbenchContext): Promise<void> {
  await ctx.test('the Sessions view opens at once on 10,000 archived sessions', async () => {
    await waitForHost(ctx.workspacePath!);
    // Let the file watcher's events for the 10,000 files just written settle first: a user opens
    // the view on a quiet store.
    await page.waitForTimeout(5000);
    await page.keyboard.press('Control+Shift+E');
    await page.locator('.pane-header', { hasText: 'sessions' }).first().waitFor();
    await page.locator('.pane-header', { hasText: 'sessions' }).first().click(); // fold the file tree away
    const started = Date.now();
    await page.locator('.pane-header', { hasText: 'Sessions' }).last().click();
    await page.locator('.monaco-list-row', { hasText: 'This Week' }).first().waitFor({ timeout: 30_000 });
    const groups = Date.now() - started;
    const months = page.locator('.monaco-list-row', { hasText: /\d+ sessions/ });
    await months.first().waitFor({ timeout: 30_000 });
    ctx.log(`[10k] Explorer: Sessions view opened; groups shown after ${groups} ms, month folders after ${Date.now() - started} ms`);
    assert.ok((await months.count()) >= 5, 'month folders are listed');
    await page.waitForTimeout(300);
    await ctx.screenshot('sessions-view');
  });
}
