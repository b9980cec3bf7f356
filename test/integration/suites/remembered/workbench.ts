// What Pulse remembers, as a user sees it: the daily goal's notification comes once a local day
// (not again at the next heartbeat, nor after a window reload, but again the next day), and Export
// opens its save dialog in the home folder at first, then in the folder of the last export, also
// after a reload. The window runs in a time zone of the suite's (suite.ts); the reloaded window's
// host test steps to a later local day (nextDay.test.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { WorkbenchContext } from '../../launcher/workbenchScript';
import { finishedSession, writeArchived } from '../../sampleHistory';
import { openExportDialog, openFile, pulseItem as item, runCommand, saveAs, until } from '../../workbenchActions';
import { NEXT_DAY_DONE_FILE, NEXT_DAY_FILE, RELOADED_FILE } from './zones';

const GOAL_MESSAGE = 'Pulse: you reached your daily goal of 1m.';

/** The newest content of this window's live session file: it changes at each heartbeat write. */
function liveFiles(store: string): string {
  return fs
    .readdirSync(store)
    .filter((f) => /^\d{8}T.*\.json$/.test(f))
    .map((f) => fs.readFileSync(path.join(store, f), 'utf8'))
    .join('\n');
}

/** Types a line at the end of notes.ts, as a person working does. */
async function type(page: Page, text: string): Promise<void> {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(`\n${text}`, { delay: 40 });
}

/** Waits for `writes` more heartbeat writes of the live session, then for the refresh they cause. */
async function heartbeats(page: Page, store: string, writes: number): Promise<void> {
  for (let i = 0; i < writes; i++) {
    const before = liveFiles(store);
    await type(page, `// beat ${i}`);
    await until('a heartbeat write', () => Promise.resolve(liveFiles(store)), (now) => now !== before, 30_000);
  }
  // The status bar refreshes on each write, at most once a second.
  await page.waitForTimeout(2_500);
}

const center = (page: Page): Locator => page.locator('.notifications-center');

/** Opens or closes the Notifications center with its bell in the status bar, as a user does. */
async function showCenter(page: Page, visible: boolean): Promise<void> {
  const shown = async (): Promise<boolean> => (await center(page).count()) > 0 && (await center(page).first().isVisible());
  if ((await shown()) !== visible) await page.locator('.statusbar-item[aria-label*="Notifications"]').first().click();
  await until(`the Notifications center ${visible ? 'open' : 'closed'}`, shown, (v) => v === visible, 10_000);
}

/**
 * The goal notifications in the Notifications center (the test workbench keeps notifications there
 * rather than as toasts), waiting up to `timeoutMs` for at least `atLeast` of them. The center
 * folds a repeat of the same message into one entry, so a test clears it after each one it expects.
 */
async function goalNotifications(page: Page, atLeast = 0, timeoutMs = 0): Promise<number> {
  await showCenter(page, true);
  const entries = center(page).locator('.notification-list-item', { hasText: GOAL_MESSAGE });
  const n = await until(`${atLeast} goal notification(s)`, () => entries.count(), (c) => c >= atLeast, timeoutMs);
  await showCenter(page, false);
  return n;
}

async function noGoalNotification(page: Page, when: string): Promise<void> {
  assert.equal(await goalNotifications(page), 0, `no goal notification ${when}`);
}

async function oneGoalNotification(page: Page): Promise<void> {
  assert.equal(await goalNotifications(page, 1, 30_000), 1);
  // The center's own Clear All button, as a user clears it.
  await showCenter(page, true);
  await center(page).locator('.notifications-center-header-toolbar .action-label[aria-label^="Clear All"]').first().click();
  await until('the center is empty', () => center(page).locator('.notification-list-item').count(), (n) => n === 0, 10_000);
  await showCenter(page, false);
}

export async function drive(page: Page, ctx: WorkbenchContext): Promise<void> {
  const workspace = ctx.workspacePath!;
  const store = path.join(workspace, '.vscode', 'sessions');
  const home = os.homedir(); // the run's own home, which the extension host has too
  const exportsDir = path.join(home, 'timesheets');
  fs.mkdirSync(exportsDir, { recursive: true });

  if (!fs.existsSync(path.join(workspace, RELOADED_FILE))) {
    // 45 s of work earlier today: a few more seconds of typing reach the one-minute goal.
    const now = Date.now();
    writeArchived(store, [finishedSession([[now - 120_000, now - 75_000]], { label: 'Earlier today' })]);

    await ctx.test('below the goal, no notification; reaching it shows one', async () => {
      await item(page).waitFor({ state: 'visible', timeout: 90_000 });
      await until('the status bar counts the earlier work against the goal', async () => (await item(page).innerText()).trim(), (t) => t === '45s / 1m');
      await noGoalNotification(page, 'below the goal');
      await openFile(page, 'notes.ts');
      await type(page, 'notes.push("start");');
      await page.waitForTimeout(16_000); // work for a while: the gap between two edits counts
      await noGoalNotification(page, 'before the goal is reached');
      await type(page, 'notes.push("a minute in");');
      await until('the status bar shows the goal reached', async () => (await item(page).innerText()).trim(), (t) => /^\d+m \/ 1m$/.test(t), 30_000);
      await showCenter(page, true);
      await center(page).locator('.notification-list-item', { hasText: GOAL_MESSAGE }).waitFor({ timeout: 30_000 });
      await ctx.screenshot('goal-reached');
      await oneGoalNotification(page);
    });

    await ctx.test('it does not come again at the next heartbeats', async () => {
      await heartbeats(page, store, 2);
      await noGoalNotification(page, 'after two more heartbeats');
    });

    await ctx.test('the first export offers the home folder, not the workspace', async () => {
      const offered = await openExportDialog(page);
      assert.equal(path.dirname(offered), home, `offered ${offered}`);
      assert.ok(!offered.startsWith(workspace + path.sep), `not in the workspace: ${offered}`);
      await page.waitForTimeout(300);
      await ctx.screenshot('export-first-dialog');
      const target = path.join(exportsDir, 'week.csv');
      await saveAs(page, target);
      await until('the export is written', () => Promise.resolve(fs.existsSync(target)), (x) => x, 30_000);
      assert.match(fs.readFileSync(target, 'utf8'), /^id,/);
    });

    await ctx.test('the next export offers the folder of the last one', async () => {
      const offered = await openExportDialog(page);
      assert.equal(path.dirname(offered), exportsDir, `offered ${offered}`);
      await page.keyboard.press('Escape');
    });

    // The host tests run in the reloaded window (index.ts).
    fs.writeFileSync(path.join(workspace, RELOADED_FILE), '');
    const reloaded = page.waitForEvent('domcontentloaded', { timeout: 60_000 });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
  }

  await ctx.test('after a reload the same day, no notification again', async () => {
    await item(page).waitFor({ state: 'visible', timeout: 90_000 });
    // The first refresh has counted today's time (over the goal) before it shows it.
    await until('the reloaded status bar counts today', async () => (await item(page).innerText()).trim(), (t) => /^\d+m \/ 1m$/.test(t), 60_000);
    await openFile(page, 'notes.ts');
    await heartbeats(page, store, 2);
    await noGoalNotification(page, 'after the reload');
    await ctx.screenshot('reloaded-no-notification');
  });

  await ctx.test('after a reload, export still offers the folder of the last one', async () => {
    const offered = await openExportDialog(page);
    assert.equal(path.dirname(offered), exportsDir, `offered ${offered}`);
    await page.keyboard.press('Escape');
  });

  await ctx.test('once that folder is gone, export offers the home folder again', async () => {
    fs.rmSync(exportsDir, { recursive: true, force: true });
    const offered = await openExportDialog(page);
    assert.equal(path.dirname(offered), home, `offered ${offered}`);
    await page.keyboard.press('Escape');
  });

  await ctx.test('the next local day, reaching the goal shows it again', async () => {
    fs.writeFileSync(path.join(workspace, NEXT_DAY_FILE), '');
    await until('the host to step to the next day', () => Promise.resolve(fs.existsSync(path.join(workspace, NEXT_DAY_DONE_FILE))), (x) => x, 60_000);
    await type(page, 'notes.push("the next day");');
    await showCenter(page, true);
    await center(page).locator('.notification-list-item', { hasText: GOAL_MESSAGE }).waitFor({ timeout: 30_000 });
    await ctx.screenshot('goal-next-day');
    await oneGoalNotification(page);
  });
}
