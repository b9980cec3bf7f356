import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ID_PATTERN, isValidId, sessionJsonSchema, validateSession } from '../../src/core/session/schema';
import { newSession } from '../../src/core/session/session';
import { newSessionId, monthOfId } from '../../src/core/session/ids';
import { testOwner } from '../helpers/tempStore';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');

test('a new session validates and has revision 1', () => {
  const s = newSession({ id: newSessionId(T0), now: T0, owner: testOwner, label: '  fix   parser ' });
  const v = validateSession(s);
  assert.ok(v.ok);
  assert.equal(s.revision, 1);
  assert.equal(s.label, 'fix parser');
  assert.equal(s.startedAt, '2026-03-02T09:00:00.000Z');
});

test('ids match the pattern, sort by start time and carry their month', () => {
  const a = newSessionId(T0);
  const b = newSessionId(T0 + 1);
  const c = newSessionId(Date.parse('2027-01-01T00:00:00.000Z'));
  for (const id of [a, b, c]) assert.match(id, ID_PATTERN);
  assert.ok(a < b && b < c);
  assert.equal(monthOfId(a), '2026-03');
  assert.equal(monthOfId('foreign-id-1234'), undefined);
});

test('the id pattern rejects paths and odd lengths', () => {
  for (const bad of ['../etc/passwd', 'short', 'a'.repeat(65), 'has space123', 'dot.dot.dot', '', 'ünïcödé1234']) {
    assert.equal(isValidId(bad), false, bad);
  }
  for (const good of ['abcdefgh', 'A_b-C_d-1234', 'x'.repeat(64)]) assert.equal(isValidId(good), true, good);
});

test('validation reports wrong types, a newer schema and bad times, with a path', () => {
  const s = newSession({ id: newSessionId(T0), now: T0, owner: testOwner });
  const cases: [unknown, string, RegExp][] = [
    [{ ...s, heartbeats: 'many' }, 'EINVALID', /heartbeats/],
    [{ ...s, schemaVersion: 2 }, 'ENEWER', /newer Pulse \(schemaVersion 2\)/],
    [{ ...s, startedAt: '2026-03-02 09:00' }, 'EINVALID', /startedAt/],
    [{ ...s, segments: [['2026-03-02T09:00:00.000Z']] }, 'EINVALID', /segments/],
    [{ ...s, status: 'running' }, 'EINVALID', /status/],
    [null, 'EINVALID', /invalid session/],
  ];
  for (const [body, code, msg] of cases) {
    const v = validateSession(body);
    assert.equal(v.ok, false);
    if (!v.ok) {
      assert.equal(v.code, code);
      assert.match(v.message, msg);
    }
  }
});

test('fields added by other tools survive validation', () => {
  const s = { ...newSession({ id: newSessionId(T0), now: T0, owner: testOwner }), ticket: 'PULSE-1' };
  const v = validateSession(s);
  assert.ok(v.ok && (v.session as Record<string, unknown>).ticket === 'PULSE-1');
});

test('the shipped JSON Schema is the one generated from the validator', () => {
  const shipped: unknown = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'media', 'session.schema.json'), 'utf8'));
  assert.deepEqual(shipped, sessionJsonSchema(), 'media/session.schema.json is stale: run npm run schema');
});
