// Start, pause, resume, end and label this window's session.
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import { register } from './runCommand';
import type { Services } from '../services';
import { walkthroughDone } from '../walkthrough';

function saved(svc: Services, ok: boolean, action: string, id: string | undefined): boolean {
  svc.statusBar.requestRefresh();
  // What the user did, with the session's id, so the log tells the story of a day.
  svc.log.info(`${action}: session ${id ?? '(none)'}${ok ? '' : ' (kept in memory: the sessions folder is not writable)'}`);
  if (!ok) void vscode.window.showWarningMessage(vscode.l10n.t('Pulse: saved in memory only; the sessions folder is not writable. Pulse writes it once it is.'));
  return ok;
}

async function askLabel(current: string | null | undefined): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Label Session'),
    prompt: vscode.l10n.t('A short label for this session (empty to clear)'),
    value: current ?? '',
    validateInput: (v) => (v.length > 500 ? vscode.l10n.t('At most 500 characters') : undefined),
  });
}

export function registerSessionCommands(svc: Services): vscode.Disposable[] {
  const t = svc.tracker;
  const id = (): string | undefined => t.status().sessionId;
  return [
    register(Commands.startSession, svc, async (label?: unknown) => {
      const ok = await t.startNew(typeof label === 'string' ? label : undefined);
      return saved(svc, ok, 'Started by the user', id());
    }),
    register(Commands.pauseSession, svc, async () => {
      walkthroughDone('paused', svc.log);
      return saved(svc, await t.pause(), 'Paused by the user', id());
    }),
    register(Commands.resumeSession, svc, async () => saved(svc, await t.resume(), 'Resumed by the user', id())),
    register(Commands.endSession, svc, async () => {
      const ending = id();
      return saved(svc, await t.end('user'), 'Ended by the user', ending);
    }),
    register(Commands.labelSession, svc, async (text?: unknown) => {
      const st = t.status();
      if (st.state === 'none') {
        void vscode.window.showInformationMessage(vscode.l10n.t('Pulse: there is no live session to label. Start one first.'));
        return false;
      }
      const label = typeof text === 'string' ? text : await askLabel(t.label());
      if (label === undefined) return false;
      walkthroughDone('labelled', svc.log);
      return saved(svc, await t.setLabel(label), `Labelled "${label}" by the user`, id());
    }),
  ];
}
