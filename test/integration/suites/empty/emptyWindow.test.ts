// An empty window (no folder) keeps its sessions in the extension's global storage, and a file
// outside every folder is never named in them.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { liveSessions, pulse, typeInto } from '../../pulseHost';

describe('empty window', () => {
  it('records into global storage, without the loose file\'s path', async () => {
    assert.equal(vscode.workspace.workspaceFolders, undefined, 'no folder is open');
    const api = await pulse();
    const [store, ...more] = api.storeDirs();
    assert.ok(store, 'one store');
    assert.equal(more.length, 0);
    assert.match(store, /pulse-sessions\.pulse-sessions[/\\]sessions$/, `store in the extension's global storage: ${store}`);
    const fixture = process.env.PULSE_FIXTURE_DIR;
    assert.ok(fixture, 'the harness names the fixture copy');
    await typeInto(vscode.Uri.file(path.join(fixture, 'loose.md')), 'typed without a folder\n');
    assert.equal(await api.flush(), true);
    const [s] = await liveSessions(store);
    assert.ok(s, 'a live session in global storage');
    assert.ok(s.activeSeconds > 0);
    assert.ok(s.languages.markdown! > 0, JSON.stringify(s.languages));
    assert.deepEqual(s.files, {}, 'an absolute path outside every folder is never stored');
  });
});
