import { newSession } from '../../core/session/session';
import { newSessionId } from '../../core/session/ids';
import { cliOwner, out, type CliCommand } from '../args';

export const startCommand: CliCommand = {
  name: 'start',
  synopsis: 'start [--label T]',
  summary: 'start a session; prints it',
  details: ['--label T  a label for the session'],
  run: async ({ store, values }) => {
    const now = store.now();
    out(await store.create(newSession({ id: newSessionId(now), now, owner: cliOwner(store.dir), label: values.label ?? null })));
  },
};
