// `npm start` (for now): a short tour of the `pulse` CLI against a throwaway store.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'dist', 'cli.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-demo-'));
const store = path.join(dir, '.vscode', 'sessions');
const pulse = (...args) => {
  console.log(`$ pulse ${args.join(' ')}`);
  // The demo's throwaway store stays out of your own registry of projects.
  const env = { ...process.env, PULSE_DATA_DIR: path.join(dir, 'pulse-data') };
  const outText = execFileSync(process.execPath, [cli, '--dir', store, ...args], { encoding: 'utf8', env });
  return outText;
};
const show = (text) => console.log(text.length > 600 ? `${text.slice(0, 600)}…\n` : text);

const a = JSON.parse(pulse('start', '--label', 'demo: fixing the parser'));
console.log(`  started ${a.id}\n`);
for (let i = 0; i < 3; i++) pulse('beat', a.id, '--file', 'src/parser.ts', '--language', 'typescript');
const b = JSON.parse(pulse('start', '--label', 'a window that will crash'));
pulse('beat', b.id, '--file', 'README.md', '--language', 'markdown');
console.log();
show(pulse('list'));
console.log('(the second window "crashes": it never beats again; the first keeps working)\n');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);
pulse('beat', a.id, '--file', 'src/parser.ts', '--language', 'typescript');
show(pulse('cleanup', '--stale-after', '2'));
show(pulse('list', '--all'));
show(pulse('report'));
console.log(`Store left at ${store}`);
