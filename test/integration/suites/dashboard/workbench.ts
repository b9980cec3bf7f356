// The dashboard as a user sees it, in the real workbench: hostile labels stay text, the CSP is in
// place, filters survive hiding the panel, and it follows the theme (screenshots in dark, light
// and high contrast). Waits until the host tests have written the history and are done.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import type { WorkbenchContext } from '../../launcher/workbenchScript';
import { HOSTILE_FILE, HOSTILE_LABEL } from '../../sampleHistory';
import { runCommand, waitForHost } from '../../workbenchActions';


/**
 * Switches the theme through the workspace settings file, which VS Code applies live. (The theme
 * picker closes as soon as the previewed theme reloads the webview and it takes the focus.)
 */
function setTheme(workspace: string, theme: string): void {
  const file = path.join(workspace, '.vscode', 'settings.json');
  const settings = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  settings['workbench.colorTheme'] = theme;
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
}

/** Our page inside the webview's two nested iframes. */
const dashboard = (page: Page): FrameLocator => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');


async function shoot(page: Page, ctx: WorkbenchContext, name: string, bodyClass: string): Promise<void> {
  const d = dashboard(page);
  await d.locator(`body.${bodyClass}`).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(800); // the charts redraw on the theme's class change
  await d.locator('#daysTitle').scrollIntoViewIfNeeded();
  await d.locator('.top').scrollIntoViewIfNeeded();
  await ctx.screenshot(name);
  await d.locator('#timelineTitle').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await ctx.screenshot(`${name}-timeline`);
  await d.locator('.top').scrollIntoViewIfNeeded();
}

export async function drive(page: Page, ctx: WorkbenchContext): Promise<void> {
  const dialogs: string[] = [];
  page.on('dialog', (dlg) => {
    dialogs.push(dlg.message());
    void dlg.dismiss();
  });
  await ctx.test('the host tests wrote the history', () => waitForHost(ctx.workspacePath!));
  await page.keyboard.press('Control+Shift+E');
  await runCommand(page, 'Pulse: Show Dashboard');
  const d = dashboard(page);

  await ctx.test('a hostile label, file name and branch render as text: no element, no dialog', async () => {
    await d.locator('#today').filter({ hasNotText: '…' }).waitFor({ timeout: 60_000 });
    await d.locator('#timelineTable').getByText(HOSTILE_LABEL, { exact: true }).waitFor({ state: 'attached' });
    await d.locator('#fileTable').getByText(HOSTILE_FILE, { exact: true }).waitFor({ state: 'attached' });
    await d.locator('#branchTable').getByText('<script>alert(2)</script>', { exact: true }).waitFor({ state: 'attached' });
    assert.equal(await d.locator('img').count(), 0, 'no <img> was injected');
    assert.equal(await d.locator('#pulse-injected').count(), 0, 'no <b id="pulse-injected"> was injected');
    assert.equal(await d.locator('script:not(#_vscodeApiScript)').count(), 1, 'only our own script (and VS Code\'s API script)');
    assert.deepEqual(dialogs, []);
  });

  await ctx.test('the page has a Content-Security-Policy with a nonce and no remote sources', async () => {
    const csp = (await d.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[A-Za-z0-9+/=]{16,}'(;|$)/, 'scripts: only the one with the nonce');
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|data:|blob:|http:/);
    // The only host is VS Code's own resource origin for the webview (webview.cspSource).
    for (const host of csp.match(/https:\/\/[^\s;]+/g) ?? []) assert.equal(host, 'https://*.vscode-cdn.net');
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    assert.equal(await d.locator('script:not(#_vscodeApiScript)').getAttribute('nonce'), nonce);
  });

  await ctx.test('filters survive the panel being hidden and shown again', async () => {
    await d.locator('#range').selectOption('last7');
    await d.locator('#totalTitle', { hasText: 'Last 7 days' }).waitFor();
    await runCommand(page, 'Go to File', 'Go to File');
    await page.keyboard.type('parser.ts');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'parser.ts' }).first().waitFor();
    await page.keyboard.press('Enter');
    // The host tests may have opened parser.ts already, behind the dashboard; then Quick Open only
    // reveals it. Its tab, once active, hides the dashboard either way.
    const parserTab = page.locator('.tab', { hasText: 'parser.ts' }).first();
    await parserTab.waitFor();
    await parserTab.click();
    await page.locator('.tab.active', { hasText: 'parser.ts' }).first().waitFor();
    await page.locator('.tab', { hasText: 'Pulse Dashboard' }).first().click();
    await dashboard(page).locator('#totalTitle', { hasText: 'Last 7 days' }).waitFor({ timeout: 30_000 });
    assert.equal(await dashboard(page).locator('#range').inputValue(), 'last7');
    await dashboard(page).locator('#range').selectOption('last30');
    await dashboard(page).locator('#totalTitle', { hasText: 'Last 30 days' }).waitFor();
  });

  await ctx.test('the Sessions view lists today\'s sessions next to it, hostile label as text', async () => {
    await page.locator('.pane-header', { hasText: 'dashboard' }).first().click(); // fold the file tree away
    await page.locator('.pane-header', { hasText: 'Sessions' }).first().click();
    const rows = page.locator('.monaco-list-row');
    await rows.filter({ hasText: 'Parser refactor' }).first().waitFor();
    await rows.filter({ hasText: HOSTILE_LABEL }).first().waitFor();
    assert.equal(await page.locator('#pulse-injected').count(), 0);
    await page.locator('.tab', { hasText: 'Pulse Dashboard' }).first().click();
  });

  await ctx.test('it follows the theme: dark, light and high contrast', async () => {
    await shoot(page, ctx, 'dashboard-dark', 'vscode-dark');
    setTheme(ctx.workspacePath!, 'Default Light Modern');
    await shoot(page, ctx, 'dashboard-light', 'vscode-light');
    setTheme(ctx.workspacePath!, 'Default High Contrast');
    await shoot(page, ctx, 'dashboard-high-contrast', 'vscode-high-contrast');
    assert.deepEqual(dialogs, []);
  });
}
