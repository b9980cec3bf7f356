// Start, pause, resume, end and label this window's session.
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import { register } from './runCommand';
import type { Services } from '../services';

function saved(svc: Services, ok: boolean, what: string): boolean {
  svc.statusBar.requestRefresh();
  if (!ok) void vscode.window.showWarningMessage(vscode.l10n.t('Pulse: {0}, but the sessions folder is not writable; it will be saved once it is.', what));
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
  return [
    register(Commands.startSession, svc, async (label?: unknown) => saved(svc, await t.startNew(typeof label === 'string' ? label : undefined), 'New session started')),
    register(Commands.pauseSession, svc, async () => saved(svc, await t.pause(), 'Paused')),
    register(Commands.resumeSession, svc, async () => saved(svc, await t.resume(), 'Resumed')),
    register(Commands.endSession, svc, async () => saved(svc, await t.end('user'), 'Session ended')),
    register(Commands.labelSession, svc, async (text?: unknown) => {
      const st = t.status();
      if (st.state === 'none') {
        void vscode.window.showInformationMessage(vscode.l10n.t('Pulse: there is no live session to label. Start one first.'));
        return false;
      }
      const label = typeof text === 'string' ? text : await askLabel(t.label());
      if (label === undefined) return false;
      return saved(svc, await t.setLabel(label), 'Label set');
    }),
  ];
}
