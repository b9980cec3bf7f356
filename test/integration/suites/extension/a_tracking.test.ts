// Typing in a fixture file creates a session file within the heartbeat interval.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { folderUri, liveSessions, pulse, typeInto, waitFor } from '../../pulseHost';

describe('tracking', () => {
  it('typing creates a live session with heartbeats, the language and the relative path', async () => {
    const api = await pulse();
    const store = path.join(folderUri().fsPath, '.vscode', 'sessions');
    assert.deepEqual(api.storeDirs(), [store]);
    await typeInto(vscode.Uri.joinPath(folderUri(), 'src', 'app.ts'), '\n// typed by a person\n');
    // No flush() here: the heartbeat interval (5 s in the fixture) must write it by itself.
    const [s] = await waitFor('a session file with a heartbeat', async () => {
      const live = await liveSessions(store);
      return live.length === 1 && live[0]!.heartbeats > 0 && live[0]!.files['src/app.ts'] !== undefined ? live : undefined;
    });
    assert.equal(s!.status, 'active');
    assert.ok(s!.languages.typescript! > 0, JSON.stringify(s!.languages));
    assert.deepEqual(Object.keys(s!.files), ['src/app.ts'], 'paths are relative to the folder');
    assert.ok(s!.segments.length >= 1);
    assert.equal(fs.readFileSync(path.join(store, '.gitignore'), 'utf8'), '*\n');
    assert.equal(api.status().sessionId, s!.id);
  });

  it('the status bar shows today\'s time for the folder', async () => {
    const api = await pulse();
    await api.refreshStatusBar();
    assert.match(api.statusBar().text, /^\$\(pulse\) \d+(s|m|h \d\dm)$/);
    assert.match(api.statusBar().tooltip, /Store: healthy/);
    assert.match(api.statusBar().accessibility, /^Pulse: .* today, session active$/);
  });

  it('edits to the store\'s own files and to non-file documents are not activity', async () => {
    const api = await pulse();
    await api.flush();
    const store = api.storeDirs()[0]!;
    const [before] = await liveSessions(store);
    const untitled = await vscode.workspace.openTextDocument({ language: 'plaintext', content: '' });
    const ed = await vscode.window.showTextDocument(untitled);
    await ed.edit((b) => b.insert(new vscode.Position(0, 0), 'scratch'));
    const own = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(store, '.gitignore')));
    const ownEd = await vscode.window.showTextDocument(own);
    await ownEd.edit((b) => b.insert(new vscode.Position(0, 0), '# x\n'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await api.flush();
    const [after] = await liveSessions(store);
    assert.deepEqual(Object.keys(after!.files), Object.keys(before!.files));
    assert.equal(after!.languages.plaintext, undefined);
    assert.equal(after!.languages.ignore, undefined);
  });
});
