// "Once a day" across processes: of many claims of one day, exactly one wins, in one process or in
// many at once; a later day is claimed afresh and the old marker goes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { claimDay } from '../../src/core/dayClaim';
import { tempDirs } from '../helpers/tempStore';

const run = promisify(execFile);
const CLAIMER = path.join(__dirname, '..', 'helpers', 'dayClaimer.js');
const { fresh, removeAll } = tempDirs();
after(removeAll);

test('a day is claimed once; the next day again, and the old marker is removed', async () => {
  const dir = path.join(fresh(), 'notified');
  assert.equal(await claimDay(dir, 'goal-notified', '2026-12-01'), true, 'the folder is made and the day claimed');
  assert.equal(await claimDay(dir, 'goal-notified', '2026-12-01'), false);
  assert.equal(await claimDay(dir, 'other-kind', '2026-12-01'), true, 'another kind of claim is its own');
  assert.equal(await claimDay(dir, 'goal-notified', '2026-12-02'), true);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['goal-notified-2026-12-02', 'other-kind-2026-12-01']);
  assert.equal(await claimDay(dir, 'goal-notified', '2026-12-01'), true, 'a day whose marker is gone can be claimed again');
});

test('of eight processes claiming the same day at once, exactly one gets it', async () => {
  const dir = path.join(fresh(), 'notified');
  const outs = await Promise.all(Array.from({ length: 8 }, () => run(process.execPath, [CLAIMER, dir, 'goal-notified', '2026-12-02'])));
  const said = outs.map((o) => o.stdout.trim()).sort();
  assert.deepEqual(said, ['mine', ...Array<string>(7).fill('taken')]);
});

test('bad names and dates are refused, and an unwritable folder is an error, not a claim', async () => {
  const dir = fresh();
  await assert.rejects(claimDay(dir, '../escape', '2026-12-02'), /bad name/);
  await assert.rejects(claimDay(dir, 'goal-notified', '2026-12-02/x'), /bad name/);
  const file = path.join(dir, 'a-file');
  fs.writeFileSync(file, '');
  await assert.rejects(claimDay(path.join(file, 'notified'), 'goal-notified', '2026-12-02'), (err: NodeJS.ErrnoException) => err.code === 'ENOTDIR' || err.code === 'EEXIST');
});
