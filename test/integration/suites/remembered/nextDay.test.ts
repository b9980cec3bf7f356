// The next local day, in the reloaded window: the extension host moves to a time zone where it is
// already a later day (the same instant), and tells the page, which looks for the notification.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import { localDate } from '../../../../src/core/time';
import { folderUri, pulse, waitFor } from '../../pulseHost';
import { LATER_ZONE_ENV, NEXT_DAY_DONE_FILE, NEXT_DAY_FILE } from './zones';

describe('the next local day', () => {
  it('starts when the page asks, and counts today afresh', async function () {
    this.timeout(200_000);
    await pulse();
    const folder = folderUri().fsPath;
    await waitFor('the page to ask for the next day', () => fs.existsSync(path.join(folder, NEXT_DAY_FILE)) || undefined, 180_000);
    const before = localDate(Date.now());
    const zone = process.env[LATER_ZONE_ENV];
    assert.ok(zone, `${LATER_ZONE_ENV} is set by suite.ts`);
    // Node re-reads the zone when TZ is assigned: from now on every local date in this process is the later one.
    process.env.TZ = zone;
    const after = localDate(Date.now());
    assert.ok(after > before, `${after} is a later local day than ${before}`);
    fs.writeFileSync(path.join(folder, NEXT_DAY_DONE_FILE), `${before} ${after}\n`);
  });
});
