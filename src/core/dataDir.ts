// Pulse's per-user data folder (the registry of stores lives there), shared by the extension and
// the CLI. It sits on the machine Pulse runs on, so a remote window keeps it on the remote host.
import * as os from 'node:os';
import * as path from 'node:path';

/** `PULSE_DATA_DIR`, else the platform's per-user data folder. */
export function pulseDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  const set = env.PULSE_DATA_DIR?.trim();
  if (set) return path.resolve(set);
  if (platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'Pulse');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Pulse');
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'pulse');
}
