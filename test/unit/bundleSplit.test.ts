// The extension's bundle stays small because the import, timesheet and export code (and its
// libraries), Show Sessions and the history edits are a second bundle, dist/imports.js, read with fs.promises and evaluated on first use.
// These build the production bundles exactly as `node esbuild.js --production` does, in memory, and
// look inside them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { build, type BuildOptions, type OutputFile } from 'esbuild';
import { repoRoot } from '../helpers/manifest';
import { PulseError, isPulseError } from '../../src/core/errors';
import type { ImportsChunk } from '../../src/extension/lazy/importsChunk';
import { loadChunk } from '../../src/extension/lazy/chunkLoader';

// Strings only the import code, ical-generator, csv-stringify, Show Sessions and the history edits contain.
const MARKERS = ['holds both a WakaTime dump and an ActivityWatch export', 'BEGIN:VCALENDAR', 'quoted_match', 'Merge with the previous session?', 'Pulse: no sessions yet.'];

const { buildOptions } = createRequire(__filename)(path.join(repoRoot, 'esbuild.js')) as {
  buildOptions: (flags: { production: boolean; tests: boolean }) => BuildOptions[];
};

async function productionOutputs(): Promise<Map<string, OutputFile>> {
  const out = new Map<string, OutputFile>();
  for (const options of buildOptions({ production: true, tests: false })) {
    const r = await build({ ...options, absWorkingDir: repoRoot, write: false });
    for (const f of r.outputFiles) out.set(path.relative(repoRoot, f.path).split(path.sep).join('/'), f);
  }
  return out;
}

const outputs = productionOutputs();

test('the production extension bundle holds none of the import, timesheet and export code', async () => {
  const ext = (await outputs).get('dist/extension.js');
  assert.ok(ext, 'dist/extension.js is built');
  for (const m of MARKERS) assert.ok(!ext.text.includes(m), `dist/extension.js does not contain "${m}"`);
  assert.ok(ext.text.includes('"imports.js"'), 'it names the chunk');
  assert.ok(!/require\("\.\/imports/.test(ext.text), 'and never require()s it (a sync read)');
});

test('the chunk is built, holds that code, ships in the .vsix and loads through the extension\'s loader', async () => {
  const chunk = (await outputs).get('dist/imports.js');
  assert.ok(chunk, 'dist/imports.js is built');
  for (const m of MARKERS) assert.ok(chunk.text.includes(m), `dist/imports.js contains "${m}"`);
  const ignore = fs.readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8').split('\n');
  assert.ok(ignore.includes('!dist/imports.js'), '.vscodeignore whitelists dist/imports.js');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-chunk-'));
  try {
    const file = path.join(dir, 'imports.js');
    fs.writeFileSync(file, chunk.contents);
    // The chunk's commands need the real `vscode` (the vsix suite runs them); its core needs none.
    const c = await loadChunk(file, { vscode: {} });
    assert.deepEqual(Object.keys(c).sort(), ['buildTimesheet', 'exportSessions', 'exportSessionsCommand', 'formatTimesheet', 'historyActions', 'importHistory', 'importHistoryCommand', 'showSessionsCommand', 'timesheetSummary']);
    assert.match(c.exportSessions([], 'csv'), /^id,status,label,/);
    assert.match(c.formatTimesheet({ entries: [] } as unknown as Parameters<ImportsChunk['formatTimesheet']>[0], 'ics', 0), /^BEGIN:VCALENDAR\r\n/);
    // The chunk has its own copy of PulseError; the extension's copy must still know its errors.
    const missing = path.join(dir, 'no-such-export.json');
    const err: unknown = await c.importHistory({ file: missing, route: () => undefined, dryRun: true, idleTimeoutMs: 300_000, sessionGapMs: 900_000, now: 0 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(isPulseError(err, 'EINVALID'), `a missing file is a PulseError to the extension: ${String(err)}`);
    assert.ok(err instanceof PulseError);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the loader refuses a chunk that would require a file from disk', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-chunk-'));
  try {
    const file = path.join(dir, 'imports.js');
    fs.writeFileSync(file, "require('node:path'); require('./elsewhere'); exports.importsChunk = {};");
    await assert.rejects(loadChunk(file, {}), /requires "\.\/elsewhere", which it should have bundled/);
    fs.writeFileSync(file, 'exports.other = 1;');
    await assert.rejects(loadChunk(file, {}), /is not Pulse's import and export code/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
