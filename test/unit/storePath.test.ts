import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveStoreDir, storeDirFor } from '../../src/core/store/storePath';
import { isPulseError } from '../../src/core/errors';
import { removeDir, tempDir } from '../helpers/tempStore';

test('the store directory stays inside its workspace folder', async () => {
  const root = tempDir();
  try {
    const folder = path.join(root, 'project');
    fs.mkdirSync(folder);
    assert.equal(storeDirFor(folder, undefined), path.join(folder, '.vscode', 'sessions'));
    assert.equal(storeDirFor(folder, '  '), path.join(folder, '.vscode', 'sessions'));
    assert.equal(storeDirFor(folder, 'time/pulse'), path.join(folder, 'time', 'pulse'));
    for (const bad of ['..', '../elsewhere', '/etc', 'a/../../b', '.']) {
      assert.throws(() => storeDirFor(folder, bad), (e: unknown) => isPulseError(e, 'EOUTSIDE'), bad);
    }
    assert.equal(await resolveStoreDir(folder, 'not/yet/there'), path.join(folder, 'not', 'yet', 'there'));
    fs.mkdirSync(path.join(root, 'outside'));
    fs.symlinkSync(path.join(root, 'outside'), path.join(folder, 'escape'));
    await assert.rejects(resolveStoreDir(folder, 'escape/sessions'), (e: unknown) => isPulseError(e, 'EOUTSIDE'));
  } finally {
    removeDir(root);
  }
});
