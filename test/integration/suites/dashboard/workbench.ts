// The dashboard as a user sees it, in the real workbench: hostile labels stay text, the CSP is in
// place, filters survive hiding the panel, a change of the daily goal shows at once, and it follows
// the theme (screenshots in dark, light and both high contrast themes, the goal line checked in each). Waits until the host tests have written the history and are done.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import type { WorkbenchContext } from '../../launcher/workbenchScript';
import { HOSTILE_FILE, HOSTILE_LABEL } from '../../sampleHistory';
import { runCommand, waitForHost } from '../../workbenchActions';


/**
 * Changes a workspace setting through the settings file, as a user editing it would; VS Code applies
 * it live. (The theme picker closes as soon as the previewed theme reloads the webview and it takes
 * the focus, so themes change this way too.)
 */
function setSetting(workspace: string, key: string, value: unknown): void {
  const file = path.join(workspace, '.vscode', 'settings.json');
  const settings = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  settings[key] = value;
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
}

const setTheme = (workspace: string, theme: string): void => setSetting(workspace, 'workbench.colorTheme', theme);

interface Canvas {
  dataset: Record<string, string | undefined>;
  width: number;
  clientWidth: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

interface GoalLineSight {
  /** Columns where the line crosses a bar, and how many of them show it at 3:1 or more. */
  overBars: number;
  visibleOverBars: number;
  /** Columns where it crosses the background, likewise (a dashed line shows in about 2 of 3). */
  overBackground: number;
  visibleOverBackground: number;
}

/**
 * Reads the day chart's pixels along its goal line (`data-goal`), as drawn: in each column whose
 * surroundings (7 px above and below) are one colour, a bar's or the background's, the strongest
 * WCAG contrast between a pixel of the line's rows and those surroundings. 3:1 is WCAG's minimum
 * for graphics a user must see.
 */
async function goalLineSight(page: Page): Promise<GoalLineSight> {
  return dashboard(page)
    .locator('#daysChart')
    .evaluate((el) => {
      // This runs in the webview's page; the test project has no DOM types, so it names what it uses.
      const canvas = el as unknown as Canvas;
      const page = globalThis as unknown as { document: { body: unknown }; getComputedStyle(e: unknown): { backgroundColor: string } };
      const [y, left, right] = (canvas.dataset.goal ?? '').split(',').map(Number) as [number, number, number];
      const dpr = canvas.width / canvas.clientWidth;
      const ctx = canvas.getContext('2d')!;
      const bg = page.getComputedStyle(page.document.body).backgroundColor.match(/\d+/g)!.map(Number);
      const px = (x: number, yy: number): number[] => {
        const d = ctx.getImageData(Math.round(x * dpr), Math.round(yy * dpr), 1, 1).data;
        const a = d[3]! / 255; // the canvas is transparent where nothing is drawn: the page shows through
        return [0, 1, 2].map((i) => d[i]! * a + bg[i]! * (1 - a)).concat(d[3]!);
      };
      const lum = (c: number[]): number => {
        const ch = c.slice(0, 3).map((v) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
        return 0.2126 * ch[0]! + 0.7152 * ch[1]! + 0.0722 * ch[2]!;
      };
      const contrast = (a: number[], b: number[]): number => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
      const out = { overBars: 0, visibleOverBars: 0, overBackground: 0, visibleOverBackground: 0 };
      for (let x = left + 2; x < right - 2; x++) {
        const above = px(x, y - 7);
        const below = px(x, y + 7);
        if (above.some((v, i) => v !== below[i])) continue;
        const best = Math.max(...[-1, 0, 1].map((dy) => contrast(px(x, y + dy), above)));
        if (above[3] === 255) {
          out.overBars++;
          if (best >= 3) out.visibleOverBars++;
        } else if (above[3] === 0) {
          out.overBackground++;
          if (best >= 3) out.visibleOverBackground++;
        }
      }
      return out;
    });
}

function assertGoalLineVisible(sight: GoalLineSight, theme: string): void {
  const what = `${theme}: ${JSON.stringify(sight)}`;
  assert.ok(sight.overBars >= 20 && sight.overBackground >= 20, `the goal line crosses bars and background (${what})`);
  assert.ok(sight.visibleOverBars >= 0.9 * sight.overBars, `the goal line shows across the bars (${what})`);
  assert.ok(sight.visibleOverBackground >= 0.5 * sight.overBackground, `the goal line shows over the background (${what})`);
}

/** Our page inside the webview's two nested iframes. */
const dashboard = (page: Page): FrameLocator => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');


async function shoot(page: Page, ctx: WorkbenchContext, name: string, bodyClass: string): Promise<void> {
  const d = dashboard(page);
  await d.locator(`body.${bodyClass}`).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(800); // the charts redraw on the theme's class change
  await d.locator('#daysTitle').scrollIntoViewIfNeeded();
  assertGoalLineVisible(await goalLineSight(page), bodyClass);
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

  await ctx.test('the open dashboard follows a change of the daily goal, without reopening it', async () => {
    const note = d.locator('#averageNote');
    const chart = d.locator('#daysChart');
    assert.doesNotMatch(await note.innerText(), /goal/, 'no goal in the fixture');
    assert.equal(await chart.getAttribute('data-goal'), null, 'no goal line without a goal');
    setSetting(ctx.workspacePath!, 'pulse.dailyGoalMinutes', 150);
    await d.locator('#averageNote', { hasText: 'goal 2h 30m' }).waitFor({ timeout: 30_000 });
    await d.locator('#daysChart[data-goal]').waitFor({ state: 'attached' });
    assert.match((await chart.getAttribute('aria-label')) ?? '', /The dashed line is the daily goal, 2h 30m\./);
    setSetting(ctx.workspacePath!, 'pulse.dailyGoalMinutes', 0);
    await d.locator('#averageNote', { hasNotText: 'goal' }).waitFor({ timeout: 30_000 });
    assert.equal(await chart.getAttribute('data-goal'), null, 'the line goes with the goal');
    setSetting(ctx.workspacePath!, 'pulse.dailyGoalMinutes', 120);
    await d.locator('#averageNote', { hasText: 'goal 2h' }).waitFor({ timeout: 30_000 });
  });

  await ctx.test('it follows the theme: dark, light and both high contrasts, the goal line clear in each', async () => {
    await shoot(page, ctx, 'dashboard-dark', 'vscode-dark');
    setTheme(ctx.workspacePath!, 'Default Light Modern');
    await shoot(page, ctx, 'dashboard-light', 'vscode-light');
    setTheme(ctx.workspacePath!, 'Default High Contrast');
    await shoot(page, ctx, 'dashboard-high-contrast', 'vscode-high-contrast');
    setTheme(ctx.workspacePath!, 'Default High Contrast Light');
    await shoot(page, ctx, 'dashboard-high-contrast-light', 'vscode-high-contrast-light');
    assert.deepEqual(dialogs, []);
  });
}
