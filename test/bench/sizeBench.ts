// What a user downloads: the minified extension bundle (built in memory with the same options as
// `node esbuild.js --production`, so dist/ is left as it is) and the .vsix, when one was built.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import type { Row } from './measure';

const BUNDLE_GOAL = 150_000;
const kb = (n: number): string => `${(n / 1000).toFixed(1)} KB`;

export async function runSizeBench(repoRoot: string): Promise<Row[]> {
  const out = await build({
    entryPoints: [path.join(repoRoot, 'src', 'extension', 'extension.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    external: ['vscode'],
    write: false,
    logLevel: 'warning',
  });
  const bundle = out.outputFiles[0]!.contents.length;
  const rows: Row[] = [{ measure: 'dist/extension.js, minified', value: kb(bundle), goal: `≤ ${kb(BUNDLE_GOAL)}`, ok: bundle <= BUNDLE_GOAL }];
  const vsix = path.join(repoRoot, 'pulse-sessions.vsix');
  rows.push(
    fs.existsSync(vsix)
      ? { measure: 'pulse-sessions.vsix (screenshots included)', value: kb(fs.statSync(vsix).size), goal: 'info', ok: true }
      : { measure: 'pulse-sessions.vsix', value: 'not built', goal: 'info (npm run package)', ok: true },
  );
  return rows;
}
