// `npm start`: Pulse in a real VS Code, on a throwaway copy of sample/.
// - With `code` on the PATH (a desktop): opens desktop VS Code with --extensionDevelopmentPath.
// - Otherwise: starts code-server on 127.0.0.1 (installing it into the tools cache first, as the
//   tests do) and prints the URL to open in a browser.
// esbuild watches src/ meanwhile; reload the window to pick up a change. Ctrl-C stops everything.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const repo = path.join(__dirname, '..');
// The integration harness's code-server helpers, bundled by `node esbuild.js --tests`.
const { resolveTools } = require('../out/test/integration/tools.js');
const { startCodeServer } = require('../out/test/integration/launcher/codeServer.js');

const say = (s) => console.log(`[pulse] ${s}`);

function copySample() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-start-'));
  const workspace = path.join(root, 'sample');
  fs.cpSync(path.join(repo, 'sample'), workspace, { recursive: true });
  return { root, workspace };
}

function hasDesktopCode() {
  if (process.env.PULSE_START === 'server') return false;
  const r = spawnSync('code', ['--version'], { stdio: 'ignore' });
  return r.status === 0;
}

function watch() {
  return spawn(process.execPath, [path.join(repo, 'esbuild.js'), '--watch'], { cwd: repo, stdio: 'inherit' });
}

async function serve(root, workspace) {
  const tools = resolveTools(repo, true);
  const home = path.join(root, 'home');
  const tmp = path.join(root, 'tmp');
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(tmp, { recursive: true });
  // Everything code-server writes stays in the run's folder, removed on exit.
  const env = { ...process.env, HOME: home, TMPDIR: tmp, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share'), XDG_CACHE_HOME: path.join(home, '.cache'), EXTENSIONS_GALLERY: '{"serviceUrl":""}' };
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'PORT') delete env[k];
  const server = startCodeServer({
    tools,
    userDataDir: path.join(root, 'data'),
    extensionsDir: path.join(root, 'extensions'),
    keepWorkspaceTrust: false,
    env,
    log: (line) => {
      if (process.env.PULSE_START_VERBOSE) console.log(`[code-server] ${line}`);
    },
    startTimeoutMs: 60_000,
  });
  const { origin, authority } = await server.ready;
  const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://${authority}${repo}`], ['skipWelcome', 'true']]);
  const url = `${origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
  say('VS Code (code-server) is running with Pulse loaded on a copy of sample/.');
  say(`Open this URL in a browser on this machine:\n\n    ${url}\n`);
  say(`Sessions are written to ${path.join(workspace, '.vscode', 'sessions')}`);
  say('Press Ctrl-C to stop.');
  return server;
}

async function main() {
  const { root, workspace } = copySample();
  const children = [];
  let server;
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    for (const c of children) c.kill('SIGTERM');
    if (server) await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    if (hasDesktopCode()) {
      children.push(watch());
      say(`Opening desktop VS Code on ${workspace}`);
      const code = spawn('code', ['--new-window', '--wait', `--extensionDevelopmentPath=${repo}`, workspace], { stdio: 'inherit' });
      children.push(code);
      code.on('exit', () => void stop(0));
      return;
    }
    server = await serve(root, workspace);
    children.push(watch());
  } catch (err) {
    console.error(`[pulse] ${err instanceof Error ? err.message : String(err)}`);
    await stop(1);
  }
}

void main();
