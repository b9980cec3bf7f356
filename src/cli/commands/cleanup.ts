import { cleanup } from '../../core/store/cleanup';
import { out, say, seconds, type CliCommand } from '../args';

export const cleanupCommand: CliCommand = {
  name: 'cleanup',
  synopsis: 'cleanup [--stale-after S]',
  summary: 'close sessions whose owner is gone (default 900 s)',
  details: ['--stale-after S  seconds without a heartbeat after which a session counts as dead (0 or more)'],
  run: async ({ store, values }) => {
    const staleAfterMs = seconds(values['stale-after'], 'stale-after', 900) * 1000;
    const r = await cleanup(store, { staleAfterMs });
    out(r);
    for (const e of r.errors) say(`pulse: ${e.path}: ${e.message}`);
  },
};
