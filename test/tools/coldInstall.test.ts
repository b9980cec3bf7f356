// The README's two commands on a fresh machine: the tools install must work from inside an npm
// script (`npm start`, `npm test`), whatever npm and Node the caller runs, into an empty tools
// folder. Minutes of work, so it runs in CI (CI=true) or when asked (PULSE_TEST_COLD_INSTALL=1):
//   PULSE_TEST_COLD_INSTALL=1 npm run test:tools
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../helpers/manifest';
import { HOSTILE_NPM_ENV, coldInstall, coldInstallWanted } from './coldInstall';

const skip = coldInstallWanted() ? false : 'a cold install takes minutes: set PULSE_TEST_COLD_INSTALL=1 (CI runs it)';

test('npm run tools:vscode installs into an empty tools folder despite the caller\'s npm environment', { skip, timeout: 15 * 60_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-tools-cold-'));
  try {
    const toolsDir = path.join(dir, 'tools');
    const installed = coldInstall(repoRoot, toolsDir, HOSTILE_NPM_ENV);
    console.log(`cold install: ${installed.seconds.toFixed(0)} s, ${(installed.bytes / 1e6).toFixed(0)} MB in ${toolsDir}`);

    const node = spawnSync(installed.tools.node24, ['--version'], { encoding: 'utf8' });
    assert.match(node.stdout, /^v24\./, 'the Node that runs code-server is Node 24');
    // Its own HOME and no config file: code-server writes a default config into ~/.config otherwise.
    const home = path.join(dir, 'home');
    fs.mkdirSync(home);
    const server = spawnSync(installed.tools.node24, [installed.tools.codeServerEntry, '--config', '/dev/null', '--version'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local', 'share') },
    });
    assert.equal(server.status, 0, `code-server --version: ${server.stderr}`);
    assert.match(server.stdout, /^4\.139\.1 [0-9a-f]+ with Code 1\.139\.1$/m, 'code-server runs and reports its version');

    // A second run finds everything and installs nothing.
    const again = spawnSync('bash', [path.join(repoRoot, 'scripts', 'vscodeTools.sh'), '--print'], {
      encoding: 'utf8',
      env: { ...process.env, PULSE_TOOLS_DIR: toolsDir },
    });
    assert.equal(again.status, 0, 'the installed tools are found by --print');
    assert.match(again.stdout, new RegExp(`PULSE_CODE_SERVER_ENTRY=${toolsDir}/`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
});
