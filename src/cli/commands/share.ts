import { SHARE_MODES, isShareMode, GITIGNORE } from '../../core/store/share';
import { UsageError, out, say, type CliCommand } from '../args';

export const shareCommand: CliCommand = {
  name: 'share',
  synopsis: 'share [git|private]',
  summary: "how the store is shared (its .gitignore); no argument: print it",
  run: async ({ store, args }) => {
    const mode = args[0];
    if (mode === undefined) return out({ mode: await store.shareState() });
    if (!isShareMode(mode)) throw new UsageError(`share needs one of ${SHARE_MODES.join(', ')}, got "${mode}"`);
    const r = await store.setShare(mode);
    out({ mode, changed: r.changed, gitignore: r.file });
    if (mode === 'git') say(`pulse: finished sessions under ${store.dir}/archive/ are now visible to git; commit and push them yourself (Pulse never does).`);
    else say(`pulse: ${r.file} is ${JSON.stringify(GITIGNORE.private)} again: git ignores the whole store.`);
  },
};
