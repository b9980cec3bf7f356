// Browser-level smoke check, run by the launcher against the workbench page (see
// launcher/workbenchScript.ts) while the extension-host tests of this suite run.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { WorkbenchContext } from '../../launcher/workbenchScript';

export async function drive(page: Page, ctx: WorkbenchContext): Promise<void> {
  await ctx.test('the workbench shows its status bar', async () => {
    const statusBar = page.locator('.monaco-workbench .statusbar');
    await statusBar.first().waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(await statusBar.count(), 1);
  });
  await ctx.screenshot('smoke-workbench');
}
