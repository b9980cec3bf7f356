// Settings changes apply without a reload.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { archivedSessions, folderUri, liveSessions, pulse, typeInto, waitFor } from '../../pulseHost';

describe('settings', () => {
  it('a new pulse.directory takes effect at once: the old session ends, new activity goes to the new folder', async () => {
    const api = await pulse();
    const oldStore = api.storeDirs()[0]!;
    const oldId = api.status().sessionId;
    const cfg = vscode.workspace.getConfiguration('pulse', folderUri());
    await cfg.update('directory', 'time/pulse', vscode.ConfigurationTarget.WorkspaceFolder);
    const newStore = path.join(folderUri().fsPath, 'time', 'pulse');
    await waitFor('the store to move', () => api.storeDirs()[0] === newStore);
    assert.equal((await archivedSessions(oldStore)).find((s) => s.id === oldId)?.endReason, 'window-closed');
    await typeInto(vscode.Uri.joinPath(folderUri(), 'src', 'app.ts'), 'x');
    await api.flush();
    const [s] = await liveSessions(newStore);
    assert.ok(s?.files['src/app.ts'] !== undefined);
  });

  it('pulse.recordFileNames off: new time is not listed per file', async () => {
    const api = await pulse();
    const store = api.storeDirs()[0]!;
    await vscode.workspace.getConfiguration('pulse').update('recordFileNames', false, vscode.ConfigurationTarget.Workspace);
    await typeInto(vscode.Uri.joinPath(folderUri(), 'notes.md'), 'private\n');
    await api.flush();
    const [s] = await liveSessions(store);
    assert.equal(s!.files['notes.md'], undefined);
    assert.ok(s!.languages.markdown! > 0);
  });

  it('pulse.enabled off ends the sessions and stops tracking; on again tracks again', async () => {
    const api = await pulse();
    await vscode.workspace.getConfiguration('pulse').update('enabled', false, vscode.ConfigurationTarget.Workspace);
    const store = api.storeDirs()[0]!;
    await waitFor('sessions to end when Pulse is disabled', async () => (await liveSessions(store)).length === 0);
    await typeInto(vscode.Uri.joinPath(folderUri(), 'notes.md'), 'ignored\n');
    await api.flush();
    assert.deepEqual(await liveSessions(store), [], 'no tracking while disabled');
    await vscode.workspace.getConfiguration('pulse').update('enabled', true, vscode.ConfigurationTarget.Workspace);
    await typeInto(vscode.Uri.joinPath(folderUri(), 'notes.md'), 'counted\n');
    await api.flush();
    assert.equal((await liveSessions(store)).length, 1);
  });
});
