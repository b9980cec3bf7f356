// Pulse as a user gets it: the packaged .vsix, installed with --install-extension before VS Code
// started (suite.ts asks for that), and no development copy. Everything is checked from the page and
// on disk; there is no extension-host test module in this mode.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { readInstalled } from '../../launcher/codeServer';
import type { WorkbenchContext } from '../../launcher/workbenchScript';
import { offeredPath, quickOpen, saveAs } from '../../workbenchActions';
import { findRepoRoot } from '../../tools';

const FILE = 'greeting.ts';

const item = (page: Page) => page.locator('.statusbar-item[aria-label^="Pulse"]').first();

async function waitForLabel(page: Page, test: (label: string) => boolean, what: string, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    last = (await item(page).getAttribute('aria-label')) ?? '';
    if (test(last)) return last;
    await page.waitForTimeout(250);
  }
  throw new Error(`status bar never showed ${what}; last label: "${last}"`);
}


async function waitForSessionFile(dir: string, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
    if (files[0] !== undefined) return path.join(dir, files[0]);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no session file in ${dir} within ${timeoutMs / 1000} s`);
}

export async function drive(page: Page, ctx: WorkbenchContext): Promise<void> {
  const manifest = JSON.parse(fs.readFileSync(path.join(findRepoRoot(__dirname), 'package.json'), 'utf8')) as {
    publisher: string;
    name: string;
    version: string;
  };
  const id = `${manifest.publisher}.${manifest.name}`;

  await ctx.test(`${id} ${manifest.version} is installed from the .vsix, and no development copy is loaded`, () => {
    const installed = readInstalled(ctx.extensionsDir);
    const [pulse, ...more] = installed.filter((e) => e.id.toLowerCase() === id);
    assert.ok(pulse && more.length === 0, `extensions.json lists ${JSON.stringify(installed)}`);
    assert.equal(pulse.source, 'vsix');
    assert.equal(pulse.version, manifest.version, `the .vsix holds ${pulse.version}, package.json says ${manifest.version}: rebuild it with npm run package`);
    assert.equal(path.basename(pulse.location), `${id}-${manifest.version}`);
    assert.ok(fs.existsSync(path.join(ctx.extensionsDir, `${id}-${manifest.version}`, 'dist', 'extension.js')));
    // The import, timesheet and export code is a second bundle: it must ship too.
    assert.ok(fs.existsSync(path.join(ctx.extensionsDir, `${id}-${manifest.version}`, 'dist', 'imports.js')), 'the .vsix holds dist/imports.js');
    // The workbench's URL carries the extension-development and tests locations, if there are any.
    const payload = new URL(page.url()).searchParams.get('payload');
    assert.ok(payload, `no payload in ${page.url()}`);
    const keys = (JSON.parse(payload) as [string, string][]).map(([key]) => key);
    assert.deepEqual(keys.filter((k) => k.startsWith('extension')), [], `payload ${payload}`);
    return Promise.resolve();
  });

  await ctx.test('the status bar shows Pulse', async () => {
    await item(page).waitFor({ state: 'visible', timeout: 90_000 });
  });

  await ctx.test('typing in a file starts a session the status bar counts', async () => {
    await quickOpen(page, 'Control+P', FILE, FILE);
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nexport const installed = true;\n', { delay: 25 });
    await waitForLabel(page, (l) => l.endsWith('session active'), 'an active session', 60_000);
    const text = (await item(page).innerText()).trim();
    assert.match(text, /^\d+(s|m|h \d\dm)$/, `status text "${text}"`);
  });

  await ctx.test('"Pulse: Show Log" shows that Pulse activated', async () => {
    await quickOpen(page, 'F1', '>Pulse: Show Log', 'Pulse: Show Log');
    await page
      .locator('.part.panel .monaco-editor .view-lines', { hasText: 'Pulse activated' })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });
    await ctx.screenshot('vsix-installed');
  });

  await ctx.test('the session is written to .vscode/sessions/ in the workspace', async () => {
    assert.ok(ctx.workspacePath, 'no workspace was opened');
    const file = await waitForSessionFile(path.join(ctx.workspacePath, '.vscode', 'sessions'), 30_000);
    ctx.log(`session file: ${path.relative(ctx.workspacePath, file)}`);
    assert.equal(typeof (JSON.parse(fs.readFileSync(file, 'utf8')) as unknown), 'object');
  });

  await ctx.test('a timesheet export from the palette loads dist/imports.js from the installed .vsix', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-vsix-export-'));
    const target = path.join(dir, 'timesheet.csv');
    try {
      await quickOpen(page, 'F1', '>Pulse: Export Sessions', 'Pulse: Export Sessions…');
      for (const row of ['Toggl Track timesheet (CSV)', 'All sessions', 'One entry per session', 'Exact active time']) await pick(page, row);
      // The save dialog (VS Code's own, a quick input holding the path): once it offers its default
      // file, the target's full path.
      await offeredPath(page, '.csv');
      await saveAs(page, target);
      const until = Date.now() + 30_000;
      while (!fs.existsSync(target) && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
      assert.ok(fs.existsSync(target), `no timesheet at ${target}`);
      assert.match(fs.readFileSync(target, 'utf8'), /^User,Email,Client,Project,Task,Description,Billable,Start date,Start time,Duration,Tags\n.+/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** Picks the quick pick row with this label once it is shown. */
async function pick(page: Page, row: string): Promise<void> {
  await page.locator('.quick-input-list .monaco-list-row', { hasText: row }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.quick-input-widget input').fill(row);
  await page.keyboard.press('Enter');
}
