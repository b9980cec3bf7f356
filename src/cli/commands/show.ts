import { NotLiveError, needId, out, type CliCommand } from '../args';

export const showCommand: CliCommand = {
  name: 'show',
  synopsis: 'show <id>',
  summary: 'one session, live or archived',
  run: async ({ store, args }) => {
    const id = needId(args[0]);
    const r = await store.get(id);
    if (!r) throw new NotLiveError(`no session ${id}`);
    out(r.session);
  },
};
