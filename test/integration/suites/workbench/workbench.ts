// What a user sees: the status-bar item, its menu, and the command palette, in the real workbench.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { WorkbenchContext } from '../../launcher/workbenchScript';
import { openFile, runCommand } from '../../workbenchActions';

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


export async function drive(page: Page, ctx: WorkbenchContext): Promise<void> {
  await ctx.test('the status bar shows Pulse', async () => {
    await item(page).first().waitFor({ state: 'visible', timeout: 90_000 });
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
