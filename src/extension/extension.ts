// activate() only wires: it builds one PulseController, which owns every service.
import * as vscode from 'vscode';
import { PulseController, type PulseApi } from './controller';

let controller: PulseController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<PulseApi> {
  const log = vscode.window.createOutputChannel('Pulse', { log: true });
  context.subscriptions.push(log);
  controller = new PulseController(context, log);
  context.subscriptions.push(controller);
  await controller.start();
  log.info('Pulse activated');
  return controller.api;
}

export async function deactivate(): Promise<void> {
  await controller?.shutdown();
  controller = undefined;
}
