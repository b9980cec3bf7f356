// The README's and the walkthrough's screenshots, taken in the real workbench from a realistic
// history (a few days, several languages, labels, no test payloads), and the checks a user would
// make on them: the goal progress in the status bar, durations on the dashboard's axes, and no
// Delete… on this window's own live session. The dashboard is also taken in a light theme.
// `npm run screenshots` copies the images into media/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import type { WorkbenchContext } from '../../launcher/workbenchScript';
import { sampleHistory, writeArchived } from '../../sampleHistory';
import { openFile, pulseItem as item, runCommand, until } from '../../workbenchActions';

const dashboard = (page: Page): FrameLocator => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
/** A value-axis label as the one duration formatter writes it: 0, 45s, 30m, 1h 30m. */
const DURATION = /^(0|\d+s|\d+m|\d+h \d\dm)$/;

/**
 * Switches the theme in the fixture's workspace settings, which VS Code applies live. (The file has
 * comments, so the one line is replaced rather than the JSON rewritten.)
 */
function setTheme(workspace: string, theme: string): void {
  const file = path.join(workspace, '.vscode', 'settings.json');
  const text = fs.readFileSync(file, 'utf8');
  const next = text.replace(/"workbench\.colorTheme": "[^"]*"/, `"workbench.colorTheme": ${JSON.stringify(theme)}`);
  assert.match(text, /"workbench\.colorTheme"/, 'the fixture names its theme');
  fs.writeFileSync(file, next);
}

/** The items of the context menu that is open now. */
async function menuItems(page: Page): Promise<string[]> {
  const labels = page.locator('.monaco-menu .action-item:not(.disabled) .action-label');
  await labels.first().waitFor({ state: 'visible' });
  return (await labels.allInnerTexts()).map((s) => s.trim()).filter(Boolean);
}

export async function drive(page: Page, ctx: WorkbenchContext): Promise<void> {
  const workspace = ctx.workspacePath!;
  // A few days of believable history; today's part ends before now, so this window's typing is live.
  writeArchived(path.join(workspace, '.vscode', 'sessions'), sampleHistory(Date.now(), 6, false));

  await ctx.test('typing starts a session; the status bar shows today against the daily goal', async () => {
    await item(page).waitFor({ state: 'visible', timeout: 90_000 });
    await openFile(page, 'parser.ts');
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nexport const tokens = (s: string): string[] => s.split(/\\s+/);\n', { delay: 40 });
    // The history alone already shows progress; wait for this window's own session.
    const spoken = await until('the session is active', async () => (await item(page).getAttribute('aria-label')) ?? '', (l) => /session active/.test(l));
    assert.match(spoken, /, daily goal 2 hours$/, spoken);
    const text = (await item(page).innerText()).trim();
    assert.match(text, /^\d+(s|m|h \d\dm) \/ 2h$/, `"${text}" is today's time over the 2h goal`);
    await ctx.screenshot('record');
  });

  await ctx.test('the status-bar menu', async () => {
    // Once the session is on disk (5 s heartbeat here), the tooltip names it.
    const store = path.join(workspace, '.vscode', 'sessions');
    await until('the live session is written', () => Promise.resolve(fs.readdirSync(store).some((f) => /^\d{8}T.*\.json$/.test(f))), (x) => x, 30_000);
    await page.waitForTimeout(2500);
    // A hover shows the tooltip of the last refresh: hover again until it names the live session.
    const hover = page.locator('.monaco-hover', { hasText: 'Daily goal 2h' }).first();
    const tip = await until(
      'the tooltip names the live session, not an id',
      async () => {
        await page.mouse.move(640, 300);
        await item(page).hover();
        return hover.waitFor({ timeout: 5_000 }).then(() => hover.innerText(), () => '');
      },
      // The tooltip is rebuilt on state changes and at least every 30 s.
      (t) => /Pulse · \d\d:\d\d–\d\d:\d\d/.test(t),
      45_000,
    );
    assert.doesNotMatch(tip, /no session yet|\d{8}T\d{9}Z-/, tip);
    await page.waitForTimeout(400);
    await ctx.screenshot('status-bar-tooltip');
    await page.mouse.move(640, 300);
    await item(page).click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Pause Session' }).first().waitFor();
    await page.waitForTimeout(500);
    await ctx.screenshot('statusBar');
    await page.keyboard.press('Escape');
  });

  await ctx.test('the dashboard: axes in durations, last week, the daily average and the goal', async () => {
    await runCommand(page, 'Pulse: Show Dashboard');
    const d = dashboard(page);
    await d.locator('#average').filter({ hasNotText: '…' }).waitFor({ timeout: 60_000 });
    // A week shows a few days of history at a readable width.
    await d.locator('#range').selectOption('last7');
    await d.locator('#totalTitle', { hasText: 'Last 7 days' }).waitFor();
    const ticks = await until('the day chart has tick labels', async () => (await d.locator('#daysChart').getAttribute('data-ticks')) ?? '', (t) => t.length > 0);
    const labels = ticks.split('|');
    assert.ok(labels.length >= 3, `ticks: ${ticks}`);
    for (const l of labels) assert.match(l, DURATION, `day-chart tick "${l}" (all: ${ticks})`);
    assert.ok(labels.some((l) => /h/.test(l)), `a few days of work reach hours: ${ticks}`);
    const langTicks = ((await d.locator('#langChart').getAttribute('data-ticks')) ?? '').split('|');
    for (const l of langTicks) assert.match(l, DURATION, `language-chart tick "${l}"`);
    assert.match(await d.locator('#averageNote').innerText(), /goal 2h/);
    assert.match(await d.locator('#lastWeek').innerText(), /^\d+(s|m|h \d\dm)$/);
    await page.waitForTimeout(600);
    await ctx.screenshot('dashboard');
    // The same page in a light theme, for the README (the other pictures stay dark).
    setTheme(workspace, 'Default Light Modern');
    await d.locator('body.vscode-light').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(800); // the charts redraw on the theme's class change
    await ctx.screenshot('dashboard-light');
    setTheme(workspace, 'Default Dark Modern');
    await d.locator('body.vscode-dark').waitFor({ timeout: 30_000 });
    // Lanes carry names, never raw ids.
    const lanes = await d.locator('#timelineTable tbody tr td:first-child').allInnerTexts();
    for (const l of lanes) assert.doesNotMatch(l, /^\d{8}T\d{9}Z-/, `lane "${l}"`);
  });

  await ctx.test('the Sessions view: Delete… is offered on other sessions, not on this window\'s live one', async () => {
    await page.keyboard.press('Control+Shift+E');
    await page.locator('.pane-header', { hasText: 'sample' }).first().click(); // fold the file tree away
    const header = page.locator('.pane-header', { hasText: 'Sessions' }).last();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const mine = page.locator('.monaco-list-row[aria-label*=", active, "]').first();
    await mine.waitFor({ timeout: 30_000 });
    assert.doesNotMatch(await mine.innerText(), /\d{8}T\d{9}Z-/, 'named, not an id');
    await mine.click({ button: 'right' });
    const onMine = await menuItems(page);
    await page.keyboard.press('Escape');
    assert.ok(onMine.includes('Label…'), `menu on the live session: ${onMine.join(', ')}`);
    assert.ok(!onMine.includes('Delete…'), `no Delete… on this window's live session: ${onMine.join(', ')}`);
    const other = page.locator('.monaco-list-row[aria-label*=", completed, "]').first();
    await other.waitFor();
    await other.click({ button: 'right' });
    const onOther = await menuItems(page);
    assert.ok(onOther.includes('Delete…'), `Delete… on a finished session: ${onOther.join(', ')}`);
    await page.waitForTimeout(300);
    await ctx.screenshot('sessionsView');
    await page.keyboard.press('Escape');
  });

  await ctx.test('label, pause and export, as a user runs them', async () => {
    // Away from the Sessions view's rows, whose hover would otherwise open over the next pictures.
    await page.mouse.move(1000, 700);
    await page.locator('.monaco-hover').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
    await runCommand(page, 'Pulse: Label Session…', 'Label Session');
    // The palette turns into the label box: wait for its title before typing into it.
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Label Session' }).waitFor({ state: 'visible' });
    await page.locator('.quick-input-widget input').fill('Tokenizer');
    await page.waitForTimeout(300);
    await ctx.screenshot('label');
    await page.keyboard.press('Enter');
    const live = page.locator('.monaco-list-row[aria-label*=", active, "]').first();
    await until('the Sessions view shows the label', async () => (await live.innerText()).trim(), (t) => t.startsWith('Tokenizer'), 30_000);
    await runCommand(page, 'Pulse: Pause Session');
    await until('Paused', async () => (await item(page).innerText()).trim(), (t) => t === 'Paused', 30_000);
    await ctx.screenshot('pause');
    await runCommand(page, 'Pulse: Resume Session');
    await until('resumed', async () => (await item(page).innerText()).trim(), (t) => t !== 'Paused', 30_000);
    await runCommand(page, 'Pulse: Export Sessions…', 'Export Sessions');
    // Export asks for the format first (Pulse's own, or a timesheet), then for the dates.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Toggl Track timesheet' }).first().waitFor();
    await page.waitForTimeout(300);
    await ctx.screenshot('export');
    await page.keyboard.press('Escape');
  });

  await ctx.test('Pulse\'s settings', async () => {
    await runCommand(page, 'Preferences: Open Settings (UI)', 'Open Settings (UI)');
    const search = page.locator('.settings-editor .suggest-input-container textarea, .settings-editor input').first();
    await search.waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.type('@ext:pulse-sessions.pulse-sessions');
    await page.locator('.settings-editor', { hasText: 'Daily Goal Minutes' }).first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(600);
    await ctx.screenshot('privacy');
  });
}
