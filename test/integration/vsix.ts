// Finds the .vsix that suites with `extension: 'vsix'` install: PULSE_VSIX, or the repository's
// pulse-sessions.vsix, built with `npm run package` when it is missing.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const VSIX_ENV = 'PULSE_VSIX';
export const DEFAULT_VSIX = 'pulse-sessions.vsix';

/** Returns the absolute path of the .vsix to install; throws if there is none and none can be built. */
export function resolveVsix(repoRoot: string, log: (line: string) => void): string {
  const given = process.env[VSIX_ENV];
  if (given) {
    const file = path.resolve(given);
    if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new Error(`${VSIX_ENV}=${given}: no such file`);
    log(`vsix: ${file} (from ${VSIX_ENV})`);
    return file;
  }
  const file = path.join(repoRoot, DEFAULT_VSIX);
  if (fs.existsSync(file)) {
    const newer = newestSource(repoRoot);
    if (!newer || newer.mtimeMs <= fs.statSync(file).mtimeMs) {
      log(`vsix: ${file}`);
      return file;
    }
    // A stale package would test yesterday's code and pass for the wrong reason.
    log(`vsix: ${DEFAULT_VSIX} is older than ${path.relative(repoRoot, newer.file)}: rebuilding it`);
  } else {
    log(`vsix: ${DEFAULT_VSIX} is missing: building it`);
  }
  log('vsix: `npm run package` (typecheck, lint, production build, vsce)');
  const started = Date.now();
  run(repoRoot, 'npm', ['run', 'package']);
  if (!fs.existsSync(file)) throw new Error(`\`npm run package\` did not write ${file}`);
  log(`vsix: built ${file} (${Math.round(fs.statSync(file).size / 1024)} KB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // The package step left the minified production bundle in dist/; the other suites, and their
  // stack traces, expect the development build with source maps.
  run(repoRoot, process.execPath, ['esbuild.js']);
  log('restored the development build in dist/ (`node esbuild.js`)');
  return file;
}

function run(cwd: string, command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`\`${command} ${args.join(' ')}\` failed with exit code ${String(result.status ?? result.signal)}`);
}

/** The most recently changed file that goes into the package (sources and manifest). */
function newestSource(repoRoot: string): { file: string; mtimeMs: number } | undefined {
  let newest: { file: string; mtimeMs: number } | undefined;
  const consider = (file: string): void => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat?.isFile() && (!newest || stat.mtimeMs > newest.mtimeMs)) newest = { file, mtimeMs: stat.mtimeMs };
  };
  const src = path.join(repoRoot, 'src');
  if (fs.existsSync(src)) {
    for (const entry of fs.readdirSync(src, { recursive: true, encoding: 'utf8' })) consider(path.join(src, entry));
  }
  consider(path.join(repoRoot, 'package.json'));
  consider(path.join(repoRoot, 'package.nls.json'));
  return newest;
}
