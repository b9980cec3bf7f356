import type { SuiteConfig } from '../../suiteConfig';

/** Tests the packaged pulse-sessions.vsix, installed the way a marketplace install lands. */
export const config: SuiteConfig = { extension: 'vsix' };
