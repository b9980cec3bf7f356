// Bundles the extension, the CLI and the dashboard webview (and, with --tests, the test suites) with esbuild.
//   node esbuild.js               development build with sourcemaps
//   node esbuild.js --production  minified, no sourcemaps (what the .vsix ships)
//   node esbuild.js --watch       rebuild on change
//   node esbuild.js --tests       also bundle test/**/*.ts into out/ for node --test
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** Every .ts file under dir, recursively. */
function tsFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The builds for these flags; a test builds the production ones in memory to look inside them. */
function buildOptions({ production, tests }) {
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
  };
  const builds = [
    {
      ...common,
      entryPoints: { extension: 'src/extension/extension.ts', cli: 'src/cli/main.ts' },
      outdir: 'dist',
      external: ['vscode'],
    },
  ];
  // The import, timesheet and export code with its libraries: a second CommonJS bundle that
  // dist/extension.js reads with fs.promises and evaluates on first use (src/extension/lazy/
  // chunkLoader.ts says why not require() or import()). The CLI keeps everything in one bundle.
  builds.push({
    ...common,
    entryPoints: { imports: 'src/extension/lazy/importsChunk.ts' },
    outdir: 'dist',
    // The extension hands the chunk its own `vscode` (chunkLoader.ts).
    external: ['vscode'],
  });
  // The dashboard webview's script and styles (Chart.js included): one browser bundle, the only
  // thing the webview may load (its localResourceRoots is dist/webview).
  builds.push({
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: { dashboard: 'src/webview/dashboard/main.ts' },
    outdir: 'dist/webview',
  });
  if (tests) {
    builds.push({
      ...common,
      sourcemap: true,
      minify: false,
      entryPoints: tsFiles('test').filter((f) => !f.includes(`${path.sep}fixtures${path.sep}`)),
      outdir: 'out/test',
      outbase: 'test',
      // Test bundles resolve packages from node_modules, like the code under test does.
      packages: 'external',
      external: ['vscode'],
    });
  }
  return builds;
}

async function main() {
  const builds = buildOptions({ production, tests });
  if (watch) {
    for (const b of builds) {
      const ctx = await esbuild.context(b);
      await ctx.watch();
    }
    console.log('[esbuild] watching…');
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

module.exports = { buildOptions };
