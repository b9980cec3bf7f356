import { test } from 'node:test';
import assert from 'node:assert/strict';
import { issueFromBranch } from '../../src/core/session/issueKey';
import { compileIssuePattern } from '../../src/core/issuePattern';
import { normalizeSettings } from '../../src/core/settings';
import { buildReport } from '../../src/core/reports/report';
import { newSession } from '../../src/core/session/session';
import type { Session } from '../../src/core/session/schema';
import { testOwner } from '../helpers/tempStore';

test('issue keys from branch names: Jira, #123 and gh-123; nothing from look-alikes', () => {
  const cases: [string, string | undefined][] = [
    ['feature/ABC-123-login', 'ABC-123'],
    ['ABC-123', 'ABC-123'],
    ['fix/PROJ2-7', 'PROJ2-7'],
    ['gh-42-crash', '#42'],
    ['fix/#17', '#17'],
    ['GH-9', '#9'],
    ['main', undefined],
    ['release/v2-3', undefined],
    ['utf-8-fix', undefined],
    ['abc-123', undefined],
    ['feature/ABC-0', undefined],
  ];
  for (const [branch, key] of cases) assert.equal(issueFromBranch(branch), key, branch);
});

test('pulse.issuePattern: one capture group, else the built-in patterns and a warning', () => {
  const re = compileIssuePattern('^(?:feature|fix)/(\\d+)');
  assert.ok(re instanceof RegExp);
  assert.equal(issueFromBranch('fix/318-crash', re), '318');
  assert.equal(issueFromBranch('main', re), undefined);
  assert.match(String(compileIssuePattern('feature/\\d+')), /exactly one capture group/);
  assert.match(String(compileIssuePattern('(a)(b)')), /has 2/);
  assert.match(String(compileIssuePattern('(')), /not a regular expression/);
  const warnings: string[] = [];
  const log = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: (m: string) => void warnings.push(m), error: () => undefined };
  assert.equal(normalizeSettings({ issuePattern: '((' }, log).issuePattern, undefined);
  assert.equal(warnings.length, 1);
  assert.equal(normalizeSettings({ issuePattern: 'x/(\\d+)' }).issuePattern?.source, 'x\\/(\\d+)');
});

test('time per issue is the union of its sessions, and sessions from before `issue` count by their branch', () => {
  const at = (h: number, m: number): string => new Date(Date.UTC(2026, 2, 2, h, m)).toISOString();
  const mk = (id: string, branch: string, segs: [string, string][], issue?: string | null): Session => ({
    ...newSession({ id, now: Date.parse(segs[0]![0]), owner: testOwner, branch }),
    segments: segs,
    ...(issue !== undefined ? { issue } : {}),
  });
  // Two windows on PAY-1, 09:00-09:30 and 09:20-09:40: 40 min, not 50. An old session on gh-5: 10 min.
  const report = buildReport([
    mk('20260302T090000000Z-aaaaaaaa', 'feature/PAY-1', [[at(9, 0), at(9, 30)]], 'PAY-1'),
    mk('20260302T092000000Z-bbbbbbbb', 'feature/PAY-1', [[at(9, 20), at(9, 40)]], 'PAY-1'),
    mk('20260302T100000000Z-cccccccc', 'gh-5-old', [[at(10, 0), at(10, 10)]]),
    mk('20260302T110000000Z-dddddddd', 'main', [[at(11, 0), at(11, 30)]], null),
  ]);
  assert.deepEqual(report.issues, { 'PAY-1': 2400, '#5': 600 });
});
