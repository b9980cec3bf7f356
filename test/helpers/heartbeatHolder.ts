// Another process in the middle of a heartbeat: it takes the session's lock, reads it, writes its
// temp file, then holds the lock for a while before the rename, as a slow disk would. Prints one
// JSON line when it is inside that window ("writing") and one with the outcome ("ack" or "error").
//   node heartbeatHolder.js <store dir> <id> <hold ms>
// PULSE_TEST_LOCK_STALE_MS sets the lock's stale time (and so how often the holder refreshes it).
import * as fs from 'node:fs';
import { SessionStore } from '../../src/core/store/store';
import { beat } from '../../src/core/session/session';
import { errnoCode, messageOf } from '../../src/core/errors';
import type { StoreFs } from '../../src/core/store/fsio';

const [dir = '', id = '', hold = '1500'] = process.argv.slice(2);
const emit = (o: object): void => void process.stdout.write(`${JSON.stringify(o)}\n`);

const slowRename: StoreFs = {
  ...fs,
  promises: {
    ...fs.promises,
    rename: async (a: fs.PathLike, b: fs.PathLike): Promise<void> => {
      // Only the session file's commit is slow; taking and releasing the lock are renames too.
      if (!String(b).endsWith('.json')) return fs.promises.rename(a, b);
      emit({ t: 'writing' });
      await new Promise((r) => setTimeout(r, Number(hold)));
      return fs.promises.rename(a, b);
    },
  },
};

const staleMs = Number(process.env.PULSE_TEST_LOCK_STALE_MS ?? '') || undefined;
const store = new SessionStore({ dir, fs: slowRename, ...(staleMs ? { lock: { staleMs } } : {}) });
store
  .update(id, (fresh) => beat(fresh, Date.now(), 300_000, { file: 'src/held.ts', language: 'typescript' }))
  .then(
    (r) => emit(r.kind === 'written' ? { t: 'ack', revision: r.session.revision, heartbeats: r.session.heartbeats } : { t: 'error', code: r.kind }),
    (err: unknown) => emit({ t: 'error', code: errnoCode(err) ?? 'EUNKNOWN', message: messageOf(err) }),
  );
