// Run as a child process: merges one session into the one before it, as the Sessions view's
// Merge with Previous does. Used with killAfterOps.js to crash a merge between any two steps.
import { SessionStore } from '../../src/core/store/store';
import { mergeWithPrevious } from '../../src/core/store/history';

const [dir, laterId] = process.argv.slice(2);
void mergeWithPrevious(new SessionStore({ dir: dir! }), laterId!).then(
  (r) => {
    process.stdout.write(`${JSON.stringify(r.kind)}\n`);
  },
  (err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exitCode = 1;
  },
);
