// What a user sees: the status-bar item, its menu, and the command palette, in the real workbench.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { WorkbenchContext } from '../../launcher/workbenchScript';
import * as os from 'node:os';
import { openExportDialog, openFile, runCommand, saveAs } from '../../workbenchActions';

const item = (page: Page) => page.locator('.statusbar-item[aria-label^="Pulse"]');

/** Polls the item's accessible label, which Pulse keeps in words (what a screen reader says). */
async function waitForLabel(page: Page, test: (label: string) => boolean, what: string, timeoutMs = 60_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    last = (await item(page).first().getAttribute('aria-label')) ?? '';
    if (test(last)) return last;
    await page.waitForTimeout(250);
  }
  throw new Error(`status bar never showed ${what}; last label: "${last}"`);
}


const STEPS = ['record', 'statusBar', 'dashboard', 'sessionsView', 'label', 'pause', 'export', 'privacy'];

/**
 * Opens Pulse's walkthrough on the Welcome page, as Help › Open Walkthrough… does, and returns the
 * steps it shows ticked (each step's button says aria-checked), in the walkthrough's order.
 */
async function tickedSteps(page: Page, shot?: () => Promise<unknown>): Promise<string[]> {
  await runCommand(page, 'Welcome: Open Walkthrough...', 'Open Walkthrough');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with Pulse' }).first().click();
  const step = (id: string) => page.locator(`button.getting-started-step[data-step-id$="#${id}"]`).first();
  for (const id of STEPS) await step(id).waitFor({ state: 'attached', timeout: 30_000 });
  const ticked: string[] = [];
  for (const id of STEPS) if ((await step(id).getAttribute('aria-checked')) === 'true') ticked.push(id);
  await shot?.();
  // Close the page again: left open, it takes the focus back from the next Quick Open.
  const tab = page.locator('.tab', { hasText: 'Welcome' }).first();
  await tab.hover();
  await tab.locator('.tab-actions .action-label').first().click();
  await tab.waitFor({ state: 'detached' });
  return ticked;
}

/** Polls the walkthrough until it ticks exactly `expected` (VS Code ticks a step as the event arrives). */
async function waitForTicked(page: Page, expected: string[]): Promise<void> {
  const until = Date.now() + 30_000;
  let last: string[] = [];
  while (Date.now() < until) {
    last = await tickedSteps(page);
    if (last.join() === expected.join()) return;
    await page.waitForTimeout(500);
  }
  assert.deepEqual(last, expected, 'the walkthrough ticks these steps');
}

export async function drive(page: Page, ctx: WorkbenchContext): Promise<void> {
  await ctx.test('the status bar shows Pulse', async () => {
    await item(page).first().waitFor({ state: 'visible', timeout: 90_000 });
  });

  await ctx.test('the walkthrough starts with no step ticked', async () => {
    await waitForTicked(page, []);
  });

  await ctx.test('typing in a file starts a session the status bar counts', async () => {
    await openFile(page, 'parser.ts');
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nexport const answer = 42;\n', { delay: 60 });
    await waitForLabel(page, (l) => l.endsWith('session active'), 'an active session');
    const text = (await item(page).first().innerText()).trim();
    assert.match(text, /^\d+(s|m|h \d\dm)$/, `status text "${text}"`);
    await ctx.screenshot('status-bar-active');
  });

  await ctx.test('clicking the item opens the session actions', async () => {
    await item(page).first().click();
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'Pause Session' }).first().waitFor({ state: 'visible' });
    const labels = await rows.allInnerTexts();
    assert.ok(labels.some((l) => l.includes('End Session')), labels.join(' | '));
    assert.ok(!labels.some((l) => l.includes('Resume Session')), 'resume is offered only when paused');
    await page.waitForTimeout(500); // let the quick pick finish its opening animation
    await ctx.screenshot('status-bar-menu');
    await page.keyboard.press('Escape');
  });

  await ctx.test('"Pulse: Pause Session" from the palette turns the item to Paused', async () => {
    await runCommand(page, 'Pulse: Pause Session');
    await waitForLabel(page, (l) => l.includes('paused'), 'Paused', 30_000);
    assert.equal((await item(page).first().innerText()).trim(), 'Paused');
    await ctx.screenshot('status-bar-paused');
    await runCommand(page, 'Pulse: Resume Session');
  });

  await ctx.test('each walkthrough step ticks when the user does its thing', async () => {
    // Done above: typing started a session, the status-bar item was clicked, Pause ran from the palette.
    const done = ['record', 'statusBar', 'pause'];
    await waitForTicked(page, STEPS.filter((s) => done.includes(s)));
    const doing: [string, () => Promise<void>][] = [
      [
        'label',
        async () => {
          await runCommand(page, 'Pulse: Label Session…', 'Label Session');
          await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Label Session' }).waitFor({ state: 'visible' });
          await page.locator('.quick-input-widget input').fill('Walkthrough');
          await page.keyboard.press('Enter');
          // Done, not just started: the live session's file says so.
          const store = path.join(ctx.workspacePath!, '.vscode', 'sessions');
          const labelled = (): boolean =>
            fs.readdirSync(store).some((f) => f.endsWith('.json') && (JSON.parse(fs.readFileSync(path.join(store, f), 'utf8')) as { label?: string }).label === 'Walkthrough');
          const until = Date.now() + 30_000;
          while (!labelled() && Date.now() < until) await page.waitForTimeout(250);
          assert.ok(labelled(), 'the live session is labelled');
        },
      ],
      [
        'export',
        async () => {
          await openExportDialog(page);
          const target = path.join(os.homedir(), 'walkthrough.csv');
          await saveAs(page, target);
          const until = Date.now() + 30_000;
          while (!fs.existsSync(target) && Date.now() < until) await page.waitForTimeout(250);
          assert.ok(fs.existsSync(target), 'exported');
        },
      ],
      [
        'dashboard',
        async () => {
          await runCommand(page, 'Pulse: Show Dashboard');
          // Once it has drawn: a webview that is still loading takes the keyboard focus as it does.
          const d = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
          await d.locator('#today').filter({ hasNotText: '…' }).waitFor({ timeout: 60_000 });
        },
      ],
      ['sessionsView', () => runCommand(page, 'Explorer: Focus on Sessions View', 'Focus on Sessions View')],
    ];
    for (const [id, act] of doing) {
      await act();
      done.push(id);
      await waitForTicked(page, STEPS.filter((s) => done.includes(s)));
    }
    // Privacy is for the user to review; nothing here did that, so it stays open.
    const last = await tickedSteps(page, () => page.waitForTimeout(500).then(() => ctx.screenshot('walkthrough-ticked')));
    assert.ok(!last.includes('privacy'), last.join());
    // Back to the editor for the next test (a click: the dashboard's webview may hold the keyboard).
    await page.locator('.tab', { hasText: 'parser.ts' }).first().click();
    await page.locator('.tab.active', { hasText: 'parser.ts' }).first().waitFor();
  });

  await ctx.test('closing the window (a reload) ends its session as window-closed, with its last activity saved', async () => {
    await waitForLabel(page, (l) => l.endsWith('session active') || l.endsWith('idle'), 'the resumed session', 30_000);
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.type('// typed right before the window closes\n', { delay: 40 });
    const typedAt = Date.now();
    // No flush, no heartbeat (the fixture's interval is 10 minutes): deactivate itself must save it.
    await runCommand(page, 'Developer: Reload Window');
    assert.ok(ctx.workspacePath, 'the harness names the opened folder');
    const store = path.join(ctx.workspacePath, '.vscode', 'sessions');
    const closed = await waitForArchived(store, (s) => s.endReason === 'window-closed', 60_000);
    assert.ok(Date.parse(closed.lastActivity) >= typedAt - 2_000, `last activity ${closed.lastActivity} includes the final typing`);
    assert.ok(closed.files['src/parser.ts']! > 0);
    // The reloaded window starts Pulse again.
    await item(page).first().waitFor({ state: 'visible', timeout: 90_000 });
  });
}

interface ArchivedSession {
  endReason: string | null;
  lastActivity: string;
  files: Record<string, number>;
}

async function waitForArchived(store: string, match: (s: ArchivedSession) => boolean, timeoutMs: number): Promise<ArchivedSession> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const archive = path.join(store, 'archive');
    for (const month of fs.existsSync(archive) ? fs.readdirSync(archive) : []) {
      for (const f of fs.readdirSync(path.join(archive, month))) {
        if (!f.endsWith('.json')) continue;
        const s = JSON.parse(fs.readFileSync(path.join(archive, month, f), 'utf8')) as ArchivedSession;
        if (match(s)) return s;
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no archived session matched in ${store}`);
}
