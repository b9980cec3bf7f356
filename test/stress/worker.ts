// One process of a stress or crash test. Modes:
//   owner   <dir> <ms> <staleAfterMs>  beats its session at a pace around staleAfter; on finding it
//                                     closed, starts a linked one. Prints one JSON line per ack.
//   cleaner <dir> <ms> <staleAfterMs>  sweeps with cleanup() in a loop; prints what it closed.
//   writer  <dir> <first>             rewrites large sessions forever, until it is killed.
// PULSE_SLOW_FS_MS slows every fs call by up to that many ms.
import * as path from 'node:path';
import { SessionStore } from '../../src/core/store/store';
import { cleanup } from '../../src/core/store/cleanup';
import { beat, finish, newSession } from '../../src/core/session/session';
import { newSessionId } from '../../src/core/session/ids';
import { slowFs } from '../helpers/slowFs';

const [mode = '', dir = '', arg1 = '0', arg2 = '0'] = process.argv.slice(2);
const fs = slowFs(Number(process.env.PULSE_SLOW_FS_MS ?? 0));
const store = new SessionStore({ dir, fs, lock: { staleMs: 2000 } });
const emit = (o: object): void => void process.stdout.write(`${JSON.stringify(o)}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const owner = { host: 'stress', pid: process.pid, instance: `w${process.pid}` };

async function ownerLoop(durationMs: number, staleAfterMs: number): Promise<void> {
  const until = Date.now() + durationMs;
  let s = await store.create(newSession({ id: newSessionId(Date.now()), now: Date.now(), owner }));
  emit({ t: 'new', id: s.id, prev: null });
  while (Date.now() < until) {
    // Mostly on time, sometimes late enough to be (correctly) closed by a cleaner.
    await sleep(staleAfterMs * (Math.random() < 0.8 ? Math.random() * 0.8 : 1 + Math.random()));
    const r = await store.update(s.id, (f) => beat(f, Date.now(), 60_000));
    if (r.kind === 'written') {
      emit({ t: 'ack', id: s.id, hb: r.session.lastHeartbeat, rev: r.session.revision });
    } else {
      const prev = s.id;
      s = await store.create(newSession({ id: newSessionId(Date.now()), now: Date.now(), owner, previousSessionId: prev }));
      emit({ t: 'new', id: s.id, prev });
    }
  }
}

async function cleanerLoop(durationMs: number, staleAfterMs: number): Promise<void> {
  const until = Date.now() + durationMs;
  while (Date.now() < until) {
    const r = await cleanup(store, { staleAfterMs });
    for (const id of r.closed) emit({ t: 'closed', id });
    for (const e of r.errors) emit({ t: 'error', ...e });
    await sleep(Math.random() * staleAfterMs * 0.5);
  }
}

async function writerLoop(first: number): Promise<void> {
  // Large bodies (~200 KB) so that a SIGKILL often lands in the middle of a write.
  const files: Record<string, number> = {};
  for (let i = 0; i < 3000; i++) files[path.join('src', `module${i}`, 'index.ts')] = i;
  const ids = Array.from({ length: 8 }, (_, i) => `crashsession${String(i).padStart(4, '0')}`);
  for (const id of ids) {
    if (!(await store.get(id))) await store.create({ ...newSession({ id, now: Date.now(), owner }), files });
  }
  emit({ t: 'ready' });
  for (let i = first; ; i++) {
    const id = ids[i % ids.length]!;
    await store.update(id, (f) => ({ ...beat(f, Date.now(), 60_000), files: { ...f.files, [`n${i}.ts`]: 1 } }));
  }
}

async function main(): Promise<void> {
  if (mode === 'owner') return ownerLoop(Number(arg1), Number(arg2));
  if (mode === 'cleaner') return cleanerLoop(Number(arg1), Number(arg2));
  if (mode === 'writer') return writerLoop(Number(arg1));
  if (mode === 'end') {
    // End every live session of this store (used to leave a quiet store behind).
    for (const s of (await store.listLive()).sessions) await store.update(s.id, (f) => finish(f, Date.now(), 'user'));
    return;
  }
  throw new Error(`unknown mode ${mode}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
