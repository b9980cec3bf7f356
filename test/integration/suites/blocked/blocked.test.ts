// A store that cannot be written (a file stands where its folder should be; chmod would not stop
// root in CI): tracking goes on in memory, the status bar warns, and once the folder can be
// created everything is written. Nothing is lost.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { folderUri, liveSessions, pulse, sleep, typeInto, waitFor } from '../../pulseHost';

describe('blocked store', () => {
  it('keeps tracking, warns once, and writes everything when unblocked', async function () {
    this.timeout(120_000);
    const api = await pulse();
    const store = path.join(folderUri().fsPath, '.vscode', 'sessions');
    const startedTyping = Date.now();
    await typeInto(vscode.Uri.joinPath(folderUri(), 'main.ts'), '\nconst a = 1;\n');
    assert.equal(await api.flush(), false, 'the write cannot succeed');
    const st = api.status();
    assert.equal(st.failing, true);
    assert.equal(st.state, 'active', 'tracking goes on');
    await api.refreshStatusBar();
    assert.equal(api.statusBar().text, '$(warning) Pulse');
    assert.equal(api.statusBar().warning, true);
    assert.match(api.statusBar().tooltip, /Can't write the sessions folder/);
    await sleep(1500);
    // The first typing is over by now: a session that starts before this kept it.
    const beforeSecondTyping = Date.now();
    await typeInto(vscode.Uri.joinPath(folderUri(), 'main.ts'), 'const b = 2;\n');
    const inMemory = api.status().activeSeconds;

    await fs.promises.unlink(store);
    // The tracker retries with back-off by itself; no flush() call here.
    const [s] = await waitFor('the kept activity to be written', async () => {
      const live = await liveSessions(store);
      return live.length === 1 ? live : undefined;
    }, 60_000);
    assert.equal(api.status().failing, false);
    assert.ok(Date.parse(s!.segments[0]![0]) < beforeSecondTyping, `the activity from before the unblock is there: typing began at ${new Date(startedTyping).toISOString()}, segments ${JSON.stringify(s!.segments)}, previous ${String(s!.previousSessionId)}`);
    assert.ok(s!.activeSeconds >= Math.floor(inMemory) - 1, `on disk ${s!.activeSeconds}s, in memory ${inMemory}s`);
    assert.ok(s!.files['main.ts'] !== undefined);
    await api.refreshStatusBar();
    assert.match(api.statusBar().text, /^\$\(pulse\) /);
  });
});
