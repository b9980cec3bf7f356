// Pause, resume, label, end and export change the files as a user expects.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { parseExport } from '../../../../src/core/reports/exportFormat';
import { archivedSessions, folderUri, liveSessions, pulse, typeInto } from '../../pulseHost';

describe('commands', () => {
  it('pause, resume and label change the live file', async () => {
    const api = await pulse();
    const store = api.storeDirs()[0]!;
    const id = api.status().sessionId;
    assert.ok(id);
    await vscode.commands.executeCommand('pulse.pauseSession');
    let [s] = await liveSessions(store);
    assert.equal(s!.status, 'paused');
    await api.refreshStatusBar();
    assert.equal(api.statusBar().text, '$(debug-pause) Paused');
    await vscode.commands.executeCommand('pulse.resumeSession');
    [s] = await liveSessions(store);
    assert.equal(s!.status, 'active');
    await vscode.commands.executeCommand('pulse.labelSession', 'Parser <b>refactor</b>');
    [s] = await liveSessions(store);
    assert.equal(s!.id, id);
    assert.equal(s!.label, 'Parser <b>refactor</b>');
  });

  it('end archives the session with endReason user; typing again starts a new one', async () => {
    const api = await pulse();
    const store = api.storeDirs()[0]!;
    const id = api.status().sessionId!;
    await vscode.commands.executeCommand('pulse.endSession');
    assert.deepEqual(await liveSessions(store), []);
    const done = (await archivedSessions(store)).find((s) => s.id === id);
    assert.equal(done?.status, 'completed');
    assert.equal(done?.endReason, 'user');
    assert.equal(done?.label, 'Parser <b>refactor</b>');
    await typeInto(vscode.Uri.joinPath(folderUri(), 'notes.md'), 'more\n');
    await api.flush();
    const [next] = await liveSessions(store);
    assert.ok(next && next.id !== id);
    assert.ok(next.files['notes.md'] !== undefined);
  });

  it('export writes a CSV that parses back to the sessions on disk', async () => {
    const api = await pulse();
    const store = api.storeDirs()[0]!;
    const target = vscode.Uri.file(path.join(folderUri().fsPath, 'export.csv'));
    await vscode.commands.executeCommand('pulse.exportSessions', target);
    const parsed = parseExport(fs.readFileSync(target.fsPath, 'utf8'), 'csv');
    const onDisk = [...(await archivedSessions(store)), ...(await liveSessions(store))];
    assert.deepEqual(parsed.map((s) => s.id).sort(), onDisk.map((s) => s.id).sort());
    const jsonTarget = vscode.Uri.file(path.join(folderUri().fsPath, 'export.json'));
    await vscode.commands.executeCommand('pulse.exportSessions', jsonTarget);
    assert.equal(parseExport(fs.readFileSync(jsonTarget.fsPath, 'utf8'), 'json').length, onDisk.length);
  });
});
