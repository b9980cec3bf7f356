import { runSuite } from '../../mochaRunner';

/** Called by VS Code in the extension host (the suite's extensionTestsPath). */
export function run(): Promise<void> {
  return runSuite(__dirname);
}
