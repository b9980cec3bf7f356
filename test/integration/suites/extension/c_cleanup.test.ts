// Cleanup against other processes: a session whose owner died is closed at its last activity; one
// kept alive by a CLI process beating alongside is never closed, and neither is this window's.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { Session } from '../../../../src/core/session/schema';
import type { CleanupResult } from '../../../../src/core/store/cleanup';
import { archivedSessions, extensionPath, folderUri, liveSessions, pulse, sleep, typeInto } from '../../pulseHost';

const run = promisify(execFile);

async function cli(store: string, ...args: string[]): Promise<Session> {
  const { stdout } = await run(process.execPath, [path.join(extensionPath(), 'dist', 'cli.js'), '--dir', store, ...args]);
  return JSON.parse(stdout) as Session;
}

describe('cleanup', () => {
  it('closes the dead CLI session only', async function () {
    this.timeout(120_000);
    const api = await pulse();
    const store = api.storeDirs()[0]!;
    // It declares a 10 s lease, shorter than the window's 15 s stale time: the window's own time decides.
    const dead = await cli(store, 'start', '--label', 'dead window', '--lease', '10');
    const deadBeat = await cli(store, 'beat', dead.id, '--file', 'src/app.ts', '--language', 'typescript');
    const alive = await cli(store, 'start', '--label', 'alive window');
    // Stale after 15 s (fixture); wait past it while the alive CLI and this window keep beating.
    const until = Date.now() + 20_000;
    while (Date.now() < until) {
      await cli(store, 'beat', alive.id);
      await typeInto(vscode.Uri.joinPath(folderUri(), 'notes.md'), '.', 0);
      await sleep(3000);
    }
    const mine = api.status().sessionId;
    assert.ok(mine);
    const r = await vscode.commands.executeCommand<CleanupResult>('pulse.cleanup');
    assert.deepEqual(r.closed, [dead.id]);
    const closed = (await archivedSessions(store)).find((s) => s.id === dead.id);
    assert.equal(closed?.endReason, 'stale');
    assert.equal(closed?.endedAt, deadBeat.lastActivity, 'closed at its last activity, not at cleanup time');
    const live = (await liveSessions(store)).map((s) => s.id).sort();
    assert.deepEqual(live, [alive.id, mine].sort());
    await api.refreshStatusBar();
    assert.match(api.statusBar().tooltip, /Last cleanup just now: closed 1 stale session/);
  });
});
