import { NotLiveError, needId, out, type CliCommand } from '../args';

export const showCommand: CliCommand = {
  name: 'show',
  synopsis: 'show <id>',
  summary: 'one session, live or archived',
  details: ['Prints the session file as JSON; exit code 3 when there is no such session.'],
  reads: true,
  run: async ({ store, args }) => {
    const id = needId(args[0]);
    const r = await store.get(id);
    if (!r) throw new NotLiveError(`no session ${id}`);
    out(r.session);
  },
};
