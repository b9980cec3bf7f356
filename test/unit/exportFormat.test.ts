import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CSV_COLUMNS, exportSessions, parseExport } from '../../src/core/reports/exportFormat';
import { SessionSchema } from '../../src/core/session/schema';
import { beat, finish, newSession } from '../../src/core/session/session';
import { testOwner } from '../helpers/tempStore';

const T = Date.parse('2026-03-02T09:00:00.000Z');

test('CSV and JSON exports parse back to the same sessions, hostile text included', () => {
  let a = newSession({ id: 'exportA00001', now: T, owner: testOwner, label: 'comma, "quote" and\nnewline <img src=x onerror=alert(1)>' });
  a = beat(beat(a, T + 1000, 300_000, { file: 'src/a,b.ts', language: 'typescript' }), T + 61_000, 300_000, { file: 'src/a,b.ts', language: 'typescript' });
  const b = finish({ ...newSession({ id: 'exportB00001', now: T, owner: testOwner, previousSessionId: 'exportA00001' }), branch: 'feat/x' }, T + 5000, 'user');
  for (const format of ['csv', 'json'] as const) {
    const text = exportSessions([a, b], format);
    assert.deepEqual(parseExport(text, format), [a, b], format);
  }
  const csv = exportSessions([a], 'csv');
  assert.match(csv.split('\n')[0]!, /^id,status,label,startedAt,endedAt,activeSeconds/);
});

test('a tampered export is refused with the row number', () => {
  const a = newSession({ id: 'exportA00001', now: T, owner: testOwner });
  const csv = exportSessions([a, a], 'csv').replace(/,active,/g, ',running,');
  assert.throws(() => parseExport(csv, 'csv'), /row 1: invalid session: status/);
});

test('every field of the format has its own CSV column, and fields other tools add survive in "extra"', () => {
  const columns = new Set<string>(CSV_COLUMNS);
  assert.deepEqual(Object.keys(SessionSchema.shape).filter((k) => !columns.has(k)), [], 'a schema field without a CSV column');
  const a = {
    ...finish(newSession({ id: 'exportC00001', now: T, owner: testOwner }), T + 5000, 'user'),
    leaseSeconds: 900,
    project: 'pulse',
    issue: 'PUL-7',
    source: { tool: 'wakatime', file: 'dump.json', importedAt: new Date(T).toISOString() },
    otherTool: { rating: 5 },
  };
  const [back] = parseExport(exportSessions([a], 'csv'), 'csv');
  assert.deepEqual(back, a);
});
