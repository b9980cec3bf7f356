// What a user downloads: the minified extension bundle and the chunk it loads on first import or
// export (built in memory with esbuild.js's own production options, so dist/ is left as it is) and
// the .vsix, when one was built.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { build, type BuildOptions } from 'esbuild';
import type { Row } from './measure';

const BUNDLE_GOAL = 150_000;
const kb = (n: number): string => `${(n / 1000).toFixed(1)} KB`;

async function productionSizes(repoRoot: string): Promise<Map<string, number>> {
  const { buildOptions } = createRequire(__filename)(path.join(repoRoot, 'esbuild.js')) as {
    buildOptions: (flags: { production: boolean; tests: boolean }) => BuildOptions[];
  };
  const sizes = new Map<string, number>();
  for (const options of buildOptions({ production: true, tests: false })) {
    const out = await build({ ...options, absWorkingDir: repoRoot, write: false });
    for (const f of out.outputFiles) sizes.set(path.relative(repoRoot, f.path).split(path.sep).join('/'), f.contents.length);
  }
  return sizes;
}

export async function runSizeBench(repoRoot: string): Promise<Row[]> {
  const sizes = await productionSizes(repoRoot);
  const bundle = sizes.get('dist/extension.js') ?? 0;
  const chunk = sizes.get('dist/imports.js') ?? 0;
  const rows: Row[] = [
    { measure: 'dist/extension.js, minified (loaded at activation)', value: kb(bundle), goal: `≤ ${kb(BUNDLE_GOAL)}`, ok: bundle > 0 && bundle <= BUNDLE_GOAL },
    { measure: 'dist/imports.js, minified (loaded on first import or export)', value: kb(chunk), goal: 'info', ok: chunk > 0 },
  ];
  const vsix = path.join(repoRoot, 'pulse-sessions.vsix');
  rows.push(
    fs.existsSync(vsix)
      ? { measure: 'pulse-sessions.vsix (screenshots included)', value: kb(fs.statSync(vsix).size), goal: 'info', ok: true }
      : { measure: 'pulse-sessions.vsix', value: 'not built', goal: 'info (npm run package)', ok: true },
  );
  return rows;
}
