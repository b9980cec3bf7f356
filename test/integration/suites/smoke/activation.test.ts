import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';

// publisher.name from package.json.
const EXTENSION_ID = 'pulse-sessions.pulse-sessions';

describe('smoke', () => {
  it('finds and activates the Pulse extension', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded in the extension host`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('opens the smoke fixture as the only workspace folder', async () => {
    const [folder, ...others] = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri);
    assert.ok(folder, 'no workspace folder is open');
    assert.equal(others.length, 0, 'expected exactly one workspace folder');
    // runIntegration opens a temporary copy of test/integration/fixtures/smoke and names it here.
    const expected = process.env.PULSE_FIXTURE_DIR;
    if (expected) assert.equal(fs.realpathSync(folder.fsPath), fs.realpathSync(expected));
    const marker = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'pulse-fixture.txt'));
    assert.equal(Buffer.from(marker).toString('utf8').split('\n')[0], 'smoke');
  });

  // Proves the harness reports failures: PULSE_SELFTEST_FAIL=1 must end in a non-zero exit.
  if (process.env.PULSE_SELFTEST_FAIL === '1') {
    it('self-test: fails on purpose (PULSE_SELFTEST_FAIL=1)', () => {
      assert.equal(vscode.workspace.workspaceFolders?.length, 0, 'deliberate failure: the harness must report this');
    });
  }
});
