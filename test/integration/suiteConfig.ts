// Per-suite settings: suites/<name>/suite.ts may export `config: SuiteConfig`. Without one, a suite
// tests this checkout loaded as the extension under development.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface SuiteConfig {
  /**
   * Where the extension under test comes from:
   * - 'development' (default): this checkout (dist/extension.js), as extensionDevelopmentPath;
   * - 'vsix': the packaged .vsix, installed into the run's extensions folder with
   *   `code-server --install-extension` before VS Code starts, as a user's install would land. No
   *   development copy is loaded, so such a suite is browser-level only (workbench.ts, no index.ts).
   */
  extension?: 'development' | 'vsix';
  /**
   * What the window opens: 'fixture' (default) opens the copy of fixtures/<name>/ (or the single
   * .code-workspace at its top); 'empty-window' opens no folder at all. The fixture copy is made
   * either way, and its path is in PULSE_FIXTURE_DIR.
   */
  open?: 'fixture' | 'empty-window';
  /**
   * More environment for the launcher, code-server and so the extension host, e.g. a `TZ` that
   * puts the window in a time zone of the suite's choosing (computed when the suite is loaded).
   */
  env?: Record<string, string>;
}

/** Reads the compiled suite.js next to a suite's index.js/workbench.js, if there is one. */
export function loadSuiteConfig(compiledSuiteDir: string): Required<SuiteConfig> {
  const file = path.join(compiledSuiteDir, 'suite.js');
  let config: SuiteConfig = {};
  if (fs.existsSync(file)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module named at run time
    const mod = require(file) as { config?: SuiteConfig };
    if (!mod.config) throw new Error(`${file} does not export config`);
    config = mod.config;
  }
  const extension = config.extension ?? 'development';
  if (extension !== 'development' && extension !== 'vsix') throw new Error(`${file}: extension must be 'development' or 'vsix'`);
  const open = config.open ?? 'fixture';
  if (open !== 'fixture' && open !== 'empty-window') throw new Error(`${file}: open must be 'fixture' or 'empty-window'`);
  const env = config.env ?? {};
  if (Object.values(env).some((v) => typeof v !== 'string')) throw new Error(`${file}: env values must be strings`);
  return { extension, open, env };
}
