// A multi-root workspace: time goes to the store of the folder that holds the file.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { folderUri, liveSessions, pulse, typeInto } from '../../pulseHost';

describe('multi-root', () => {
  it('each folder gets its own store, and each file counts in its own folder only', async () => {
    const api = await pulse();
    const alpha = folderUri(0);
    const beta = folderUri(1);
    const alphaStore = path.join(alpha.fsPath, '.vscode', 'sessions');
    const betaStore = path.join(beta.fsPath, '.vscode', 'sessions');
    assert.deepEqual(api.storeDirs().sort(), [alphaStore, betaStore].sort());
    await typeInto(vscode.Uri.joinPath(alpha, 'src', 'a.ts'), 'abc');
    await typeInto(vscode.Uri.joinPath(beta, 'b.md'), 'def');
    await typeInto(vscode.Uri.joinPath(alpha, 'src', 'a.ts'), 'ghi');
    assert.equal(await api.flush(), true);
    const [a] = await liveSessions(alphaStore);
    const [b] = await liveSessions(betaStore);
    assert.ok(a && b, 'one live session in each store');
    assert.deepEqual(Object.keys(a.files), ['src/a.ts']);
    assert.deepEqual(Object.keys(b.files), ['b.md']);
    assert.ok(a.languages.typescript! > 0 && a.languages.markdown === undefined, JSON.stringify(a.languages));
    assert.ok(b.languages.markdown! > 0 && b.languages.typescript === undefined, JSON.stringify(b.languages));
    assert.notEqual(a.id, b.id);
  });
});
