// The commands that change one live session: beat, pause, resume, end, label. Each is one
// store.update, so it re-validates inside the lock and never touches a finished session.
import { aheadOfClock, beat, finish, pause, relabel, resume } from '../../core/session/session';
import type { Session } from '../../core/session/schema';
import type { SessionStore } from '../../core/store/store';
import { PulseError } from '../../core/errors';
import { cliUser } from '../identity';
import { NotLiveError, UsageError, needId, out, seconds, type CliCommand } from '../args';

async function change(store: SessionStore, id: string, fn: (s: Session, now: number) => Session): Promise<void> {
  const r = await store.update(id, (fresh) => fn(fresh, store.now()));
  if (r.kind === 'not-live') throw new NotLiveError(`session ${id} is not live (${r.session ? r.session.status : 'no such session'}); nothing was written`);
  out(r.session);
}

/** In a store shared through git, only a session's owner edits its history (label). */
async function mustBeMine(store: SessionStore, id: string): Promise<void> {
  if ((await store.shareState()) !== 'git') return;
  const got = await store.get(id);
  const me = cliUser(store.dir);
  if (got && got.session.owner.user !== me) {
    throw new PulseError('ENOTYOURS', `belongs to ${got.session.owner.user ?? 'someone without a recorded user'}, not to you (${me}); this store is shared through git, and only a session's owner edits it; nothing was written`, id);
  }
}

export const beatCommand: CliCommand = {
  name: 'beat',
  synopsis: 'beat <id> [--file P] [--language L] [--idle-timeout S]',
  summary: 'record one heartbeat now',
  details: ['--file P          the file worked on (relative to the workspace folder)', '--language L      its language', '--idle-timeout S  a gap up to this many seconds counts as work (default 300)'],
  run: ({ store, values, args }) => {
    const idle = seconds(values['idle-timeout'], 'idle-timeout', 300) * 1000;
    return change(store, needId(args[0]), (s, now) => {
      const ahead = aheadOfClock(s, now);
      // Said once: this beat brings lastHeartbeat back to this clock, so the next one is quiet.
      // Under a second is two processes' jitter (a beat a millisecond early), not a clock to mention.
      if (ahead >= 1000) process.stderr.write(`pulse: session ${s.id} holds times ${Math.ceil(ahead / 1000)} s ahead of this clock; work is counted after them.\n`);
      return beat(s, now, idle, { ...(values.file ? { file: values.file } : {}), ...(values.language ? { language: values.language } : {}) });
    });
  },
};

export const pauseCommand: CliCommand = {
  name: 'pause',
  synopsis: 'pause <id>',
  summary: 'pause a live session',
  run: ({ store, args }) => change(store, needId(args[0]), (s, now) => pause(s, now)),
};

export const resumeCommand: CliCommand = {
  name: 'resume',
  synopsis: 'resume <id>',
  summary: 'resume a paused session',
  run: ({ store, args }) => change(store, needId(args[0]), (s, now) => (s.status === 'paused' ? resume(s, now) : s)),
};

export const endCommand: CliCommand = {
  name: 'end',
  synopsis: 'end <id>',
  summary: 'end a live session (it moves to the archive)',
  run: ({ store, args }) => change(store, needId(args[0]), (s, now) => finish(s, now, 'user')),
};

export const labelCommand: CliCommand = {
  name: 'label',
  synopsis: 'label <id> <text>',
  summary: "set a live session's label",
  run: async ({ store, args }) => {
    const id = needId(args[0]);
    if (args.length < 2) throw new UsageError('label needs a text: pulse label <id> <text>');
    await mustBeMine(store, id);
    return change(store, id, (s) => relabel(s, args.slice(1).join(' ')));
  },
};
