import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Pulse', { log: true });
  context.subscriptions.push(log);
  log.info('Pulse activated');
}

export function deactivate(): void {
  // Nothing to flush yet.
}
