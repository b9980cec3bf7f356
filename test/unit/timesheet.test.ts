// Timesheets from imported history: the Toggl and Clockify CSVs are read back with csv-parse and the
// calendar with ical.js, a real iCalendar parser. Expected entries are worked out by hand from the
// WakaTime fixture (see import.test.ts for its sessions).
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { importHistory } from '../../src/core/imports/importer';
import { loadSessions } from '../../src/core/reports/report';
import { buildTimesheet, type TimesheetOptions } from '../../src/core/reports/timesheet';
import { CLOCKIFY_COLUMNS, TOGGL_COLUMNS, formatTimesheet, timesheetSummary } from '../../src/core/reports/timesheetFormats';
import type { Session } from '../../src/core/session/schema';
import { tempDirs, makeStore } from '../helpers/tempStore';

process.env.TZ = 'UTC';

const DUMP = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'imports', 'wakatime.json');
const NOW = Date.parse('2026-06-01T00:00:00.000Z');
const { fresh, removeAll } = tempDirs('pulse-timesheet-');
afterEach(removeAll);

async function imported(): Promise<Session[]> {
  const store = makeStore(fresh());
  await importHistory({ file: DUMP, route: () => store, idleTimeoutMs: 5 * 60_000, sessionGapMs: 3600_000, now: NOW });
  return (await loadSessions(store)).sessions;
}

const opts = (o: Partial<TimesheetOptions> = {}): TimesheetOptions => ({ range: {}, by: 'session', defaultProject: 'folder', billable: false, ...o });

test('by session: each instant once per person, so site gets only what pulse did not already hold', async () => {
  const t = buildTimesheet(await imported(), opts());
  // night 23:50 (12 min), morning 09:00 (09:00-09:04 + 09:30-09:33 = 7 min), site 09:02-09:06 of which
  // 09:02-09:04 is already morning's: 2 min. 21 min in all, the report's union.
  assert.deepEqual(
    t.entries.map((e) => [e.project, new Date(e.start).toISOString(), e.seconds, e.task]),
    [
      ['pulse', '2026-03-01T23:50:00.000Z', 720, 'PUL-7'],
      ['pulse', '2026-03-02T09:00:00.000Z', 420, ''],
      ['site', '2026-03-02T09:02:00.000Z', 120, ''],
    ],
  );
  assert.equal(t.activeSeconds, 21 * 60);
});

test('by day, clipped to the range, and rounded up per entry', async () => {
  const sessions = await imported();
  // 03-01 pulse 23:50-23:52 + 23:58-24:00 = 4 min; 03-02 pulse 8 + 4 + 3 = 15 min; site 2 min.
  const days = buildTimesheet(sessions, opts({ by: 'day' }));
  assert.deepEqual(days.entries.map((e) => [e.project, new Date(e.start).toISOString(), e.seconds]), [
    ['pulse', '2026-03-01T23:50:00.000Z', 240],
    ['pulse', '2026-03-02T00:00:00.000Z', 900],
    ['site', '2026-03-02T09:02:00.000Z', 120],
  ]);
  // Only 03-02: the night session counts from midnight, 8 min.
  const one = buildTimesheet(sessions, opts({ range: { from: '2026-03-02', to: '2026-03-02' } }));
  assert.deepEqual(one.entries.map((e) => e.seconds), [480, 420, 120]);
  const rounded = buildTimesheet(sessions, opts({ roundMinutes: 15 }));
  assert.deepEqual(rounded.entries.map((e) => e.billedSeconds), [900, 900, 900]);
  assert.equal(timesheetSummary(rounded, 15), '3 entries, 21m active; each entry rounded up to 15 min: 45m billed');
  assert.deepEqual(buildTimesheet(sessions, opts({ project: 'site' })).entries.map((e) => [e.project, e.seconds]), [['site', 240]]);
});

test('Toggl and Clockify CSVs have their exact headers and parse back with csv-parse', async () => {
  const sessions = await imported();
  sessions[0] = { ...sessions[0]!, label: 'Import, "quoted"\nand two lines', owner: { ...sessions[0]!.owner, user: 'ada@example.com' } };
  const t = buildTimesheet(sessions, opts({ billable: true, roundMinutes: 15 }));
  const togglText = formatTimesheet(t, 'toggl', NOW, 15);
  assert.equal(togglText.split('\n')[0], TOGGL_COLUMNS.join(','));
  const toggl = parse<Record<string, string>>(togglText, { columns: true });
  assert.deepEqual(Object.keys(toggl[0]!), [...TOGGL_COLUMNS]);
  assert.deepEqual(Object.values(toggl[0]!), ['ada@example.com', 'ada@example.com', '', 'pulse', 'PUL-7', 'Import, "quoted"\nand two lines', 'Yes', '2026-03-01', '23:50:00', '00:15:00', '']);
  const clockifyText = formatTimesheet(t, 'clockify', NOW, 15);
  assert.equal(clockifyText.split('\n')[0], CLOCKIFY_COLUMNS.join(','));
  const clockify = parse<Record<string, string>>(clockifyText, { columns: true });
  assert.deepEqual(Object.values(clockify[2]!), ['site', '', '', '', '', '', 'Yes', '2026-03-02', '09:02', '0.25']);
});

test('the calendar parses with ical.js: stable UIDs, DTSTART and DTEND (no DURATION), folded and escaped text', async () => {
  const sessions = await imported();
  const label = `Long label; with, commas\\ and a backslash — ${'x'.repeat(120)}`;
  sessions[0] = { ...sessions[0]!, label };
  const text = formatTimesheet(buildTimesheet(sessions, opts()), 'ics', NOW);
  for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `folded: ${line}`);
  const cal = ICAL.Component.fromString(text);
  const events = cal.getAllSubcomponents('vevent');
  assert.equal(events.length, 3);
  const first = events[0]!;
  assert.equal(first.getFirstPropertyValue('uid'), `${sessions[0].id}@pulse`);
  assert.equal(first.getFirstPropertyValue('summary'), label);
  assert.equal((first.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(), '2026-03-01T23:50:00.000Z');
  assert.equal((first.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().toISOString(), '2026-03-02T00:02:00.000Z');
  assert.equal(first.getFirstProperty('duration'), null);
  assert.ok(first.getFirstPropertyValue('dtstamp'));
  assert.match(String(first.getFirstPropertyValue('description')), /Active 12m\nIssue: PUL-7\nLanguages: typescript, markdown\nFiles: src\/b\.ts/);
  assert.deepEqual(first.getFirstProperty('categories')!.getValues(), ['pulse', 'PUL-7']);
  assert.equal(events[2]!.getFirstPropertyValue('summary'), 'site');
  // Exported again later: the same UIDs.
  const again = ICAL.Component.fromString(formatTimesheet(buildTimesheet(sessions, opts()), 'ics', NOW + 86400_000));
  assert.deepEqual(again.getAllSubcomponents('vevent').map((e) => e.getFirstPropertyValue('uid')), events.map((e) => e.getFirstPropertyValue('uid')));
});
