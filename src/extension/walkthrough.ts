// Ticks the walkthrough's steps when the user does the thing, however they did it. `onCommand:`
// events only fire for commands the workbench runs (the palette, a keybinding); an action taken from
// the status-bar menu or a view item runs inside the extension host and is not seen. So each action
// also sets a context key that its step completes on (`onContext:pulse.walkthrough.<step>`).
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';

export type WalkthroughStep = 'recorded' | 'dashboard' | 'labelled' | 'paused' | 'exported';

const done = new Set<WalkthroughStep>();

export function walkthroughDone(step: WalkthroughStep, log: Logger): void {
  if (done.has(step)) return;
  done.add(step);
  vscode.commands.executeCommand('setContext', `pulse.walkthrough.${step}`, true).then(undefined, (err: unknown) => {
    done.delete(step);
    log.warn(`walkthrough: could not mark "${step}" done: ${String(err)}`);
  });
}
