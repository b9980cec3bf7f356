import type { SuiteConfig } from '../../suiteConfig';

/** A window with no folder: Pulse keeps its sessions in the extension's global storage. */
export const config: SuiteConfig = { open: 'empty-window' };
