// A child process that claims a day (src/core/dayClaim.ts) and prints whether it got it.
import { claimDay } from '../../src/core/dayClaim';

const [dir, what, date] = process.argv.slice(2) as [string, string, string];
claimDay(dir, what, date).then(
  (mine) => process.stdout.write(mine ? 'mine\n' : 'taken\n'),
  (err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  },
);
