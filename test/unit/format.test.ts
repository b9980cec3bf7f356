// The one rounding rule for displayed durations: whole seconds rounded down, then minutes and hours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { durationParts, formatDuration } from '../../src/core/reports/format';

test('every duration reads the same wherever it is shown: seconds rounded down, then minutes', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [-3, '0s'],
    [Number.NaN, '0s'],
    [53.999, '53s'],
    [54, '54s'],
    [59.999, '59s'],
    [(0.7 * 3 * 100) / 2.1 * 0.6, '1m'],
    [60, '1m'],
    [125, '2m'],
    [3599.5, '59m'],
    [3900, '1h 05m'],
    [86_400, '24h 00m'],
  ];
  for (const [s, text] of cases) assert.equal(formatDuration(s), text, String(s));
  assert.equal(((0.7 * 3 * 100) / 2.1) * 0.6 < 60, true, 'that float product really is a hair under 60');
  assert.deepEqual(durationParts(3723.9), { seconds: 3723, hours: 1, minutes: 2 });
});
