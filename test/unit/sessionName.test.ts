// What a person sees instead of a raw id: the label, or when and where the session ran.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sessionName } from '../../src/core/reports/sessionName';
import { newSession } from '../../src/core/session/session';
import { iso } from '../../src/core/time';

const at = (h: number, m: number): number => new Date(2026, 2, 4, h, m).getTime();
const base = newSession({ id: '20260304T081400000Z-abcdefgh', now: at(9, 14), owner: { host: 'h', pid: 1, instance: 'i' } });

test('a labelled session is called by its label', () => {
  assert.equal(sessionName({ ...base, label: '  Parser refactor ' }), 'Parser refactor');
});

test('an unlabelled one by its start and end, folder and branch; never by its id', () => {
  const ended = { ...base, branch: 'main', segments: [[iso(at(9, 14)), iso(at(10, 2))]] as [string, string][], lastActivity: iso(at(10, 2)), endedAt: iso(at(10, 2)) };
  assert.equal(sessionName(ended), '09:14–10:02 · main');
  assert.equal(sessionName(ended, 'pulse'), '09:14–10:02 · pulse · main');
  assert.equal(sessionName({ ...ended, label: '   ' }), '09:14–10:02 · main', 'a blank label is no label');
  assert.equal(sessionName({ ...base, branch: null }), '09:14–09:14');
  assert.doesNotMatch(sessionName(ended), /abcdefgh/);
});

test('a live session ends at its latest activity', () => {
  const live = { ...base, lastActivity: iso(at(11, 30)), segments: [[iso(at(9, 14)), iso(at(11, 30))]] as [string, string][] };
  assert.equal(sessionName(live), '09:14–11:30');
});
