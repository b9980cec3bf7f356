// Pulse: Import History… with the file picker's answer passed in: the WakaTime fixture, renamed to
// this workspace folder's project and moved to two days ago, lands in the folder's store once, and
// the dashboard counts it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import ICAL from 'ical.js';
import type { ImportSummary } from '../../../../src/core/imports/importer';
import { archivedSessions, extensionPath, folderUri, pulse } from '../../pulseHost';

interface Beat {
  time: number;
  entity: string;
  project: string;
}

/** The fixture with project "pulse" renamed to `project`, shifted by whole days to end two days ago. */
function dumpFor(project: string): string {
  const dump = JSON.parse(fs.readFileSync(path.join(extensionPath(), 'test', 'fixtures', 'imports', 'wakatime.json'), 'utf8')) as { days: { heartbeats: Beat[] }[] };
  const beats = dump.days.flatMap((d) => d.heartbeats);
  const last = Math.max(...beats.map((b) => b.time));
  const shift = Math.floor((Date.now() / 1000 - 2 * 86400 - last) / 86400) * 86400;
  for (const b of beats) {
    b.time += shift;
    if (b.project === 'pulse') b.project = project;
    b.entity = b.entity.replace('/home/ada/code/pulse/', `/home/ada/code/${project}/`);
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-import-')), 'wakatime.json');
  fs.writeFileSync(file, JSON.stringify(dump));
  return file;
}

describe('import history', () => {
  it('imports through the command into the folder of the same name, once, and the dashboard shows it', async function () {
    this.timeout(90_000);
    const api = await pulse();
    const store = api.storeDirs()[0]!;
    const project = path.basename(folderUri().fsPath);
    const file = vscode.Uri.file(dumpFor(project));
    const first = await vscode.commands.executeCommand<ImportSummary>('pulse.importHistory', file, { confirm: true });
    assert.ok(first, 'the command answers its summary');
    assert.equal(first.added, 2, 'the two sessions of this folder\'s project');
    assert.deepEqual(
      first.projects.map((p) => [p.project, p.store !== undefined]),
      [
        [project, true],
        ['site', false],
      ],
      'site has no folder here and is not imported',
    );
    const imported = (await archivedSessions(store)).filter((s) => s.source?.tool === 'wakatime');
    assert.equal(imported.length, 2);
    assert.ok(imported.every((s) => s.project === project && typeof s.owner.user === 'string' && s.owner.user !== ''), 'the person importing');
    assert.deepEqual(Object.keys(imported.find((s) => s.issue === 'PUL-7')!.files).sort(), ['README.md', 'src/a.ts', 'src/b.ts']);
    const again = await vscode.commands.executeCommand<ImportSummary>('pulse.importHistory', file, { confirm: true });
    assert.deepEqual([again.added, again.alreadyImported], [0, 2]);
    assert.equal((await archivedSessions(store)).filter((s) => s.source?.tool === 'wakatime').length, 2);
    const posted = api.dashboard().nextPost();
    await vscode.commands.executeCommand('pulse.showDashboard');
    const d = await posted;
    // 12 min on the PUL-7 branch (see test/unit/import.test.ts), inside the last 30 days.
    assert.equal(d.report.issues['PUL-7'], 720);
    assert.ok(d.report.totalSeconds >= 19 * 60, `imported time is counted: ${d.report.totalSeconds} s`);
  });

  it('Export Sessions… writes a calendar of the imported days that a real parser reads', async () => {
    const target = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-ics-')), 'hours.ics'));
    await vscode.commands.executeCommand('pulse.exportSessions', target, 'ics', 'last30', { by: 'day', round: 15 });
    const cal = ICAL.Component.fromString(fs.readFileSync(target.fsPath, 'utf8'));
    const project = path.basename(folderUri().fsPath);
    const dayAgo = Date.now() - 86400_000;
    const time = (e: ICAL.Component, p: string): number => (e.getFirstPropertyValue(p) as ICAL.Time).toJSDate().getTime();
    // The imported days (two days ago and before); this suite's own typing is today's.
    const imported = cal.getAllSubcomponents('vevent').filter((e) => time(e, 'dtstart') < dayAgo && e.getFirstProperty('categories')?.getValues().includes(project));
    assert.ok(imported.length >= 1);
    const active = imported.map((e) => Number(/^Active (\d+)m/.exec(String(e.getFirstPropertyValue('description')))?.[1]));
    // 12 + 7 minutes (test/unit/import.test.ts), however local midnight splits them into days.
    assert.equal(active.reduce((a, b) => a + b, 0), 19);
    for (const e of imported) assert.equal((time(e, 'dtend') - time(e, 'dtstart')) % (15 * 60_000), 0, 'each entry rounded up to 15 min');
  });
});
