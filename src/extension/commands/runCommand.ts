// Errors from commands the user ran are shown to the user and logged; nothing is swallowed.
import * as vscode from 'vscode';
import { messageOf } from '../../core/errors';
import type { Services } from '../services';

export function register(id: string, svc: Services, handler: (...args: unknown[]) => Promise<unknown>): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (err) {
      svc.log.error(`${id} failed: ${messageOf(err)}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Pulse: {0}', messageOf(err)));
      return undefined;
    }
  });
}
