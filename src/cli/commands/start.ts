import { newSession } from '../../core/session/session';
import { newSessionId } from '../../core/session/ids';
import { withLease } from '../../core/session/lease';
import { cliOwner, out, seconds, type CliCommand } from '../args';

export const startCommand: CliCommand = {
  name: 'start',
  synopsis: 'start [--label T] [--lease S]',
  summary: 'start a session; prints it',
  details: ['--label T  a label for the session', '--lease S  how long it may go without a `pulse beat` before a cleanup may close it (default 900; 0: none)'],
  run: async ({ store, values }) => {
    const now = store.now();
    // The lease tells every cleaner how long this session may go without a `pulse beat`.
    const leaseMs = seconds(values.lease, 'lease', 900) * 1000;
    const s = newSession({ id: newSessionId(now), now, owner: cliOwner(store.dir), label: values.label ?? null });
    out(await store.create(leaseMs > 0 ? withLease(s, leaseMs) : s));
  },
};
