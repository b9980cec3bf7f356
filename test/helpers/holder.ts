// Starts test/helpers/heartbeatHolder.js in a child process and resolves once it holds the lock
// in the middle of its write.
import { spawn } from 'node:child_process';
import * as path from 'node:path';

export interface Holder {
  /** The holder process, to freeze (SIGSTOP) or kill it mid-write. */
  pid: number;
  /** The child's outcome: `ack` (its heartbeat is on disk) or `error` (with a code). */
  outcome: Promise<{ t: string; code?: string; revision?: number; heartbeats?: number }>;
}

/** `nodePath` lets tests inside VS Code use the extension host's node. */
export async function holdMidHeartbeat(dir: string, id: string, holdMs: number, nodePath = process.execPath): Promise<Holder> {
  const script = path.join(compiledTestRoot(__dirname), 'helpers', 'heartbeatHolder.js');
  const child = spawn(nodePath, [script, dir, id, String(holdMs)], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  const lines: { t: string }[] = [];
  let wake: () => void = () => undefined;
  let buf = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buf += chunk.toString('utf8');
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buf.slice(0, nl)) as { t: string });
      buf = buf.slice(nl + 1);
      wake();
    }
  });
  const next = (t: string): Promise<{ t: string }> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const hit = lines.find((l) => l.t === t || l.t === 'error');
        if (hit) resolve(hit);
      };
      wake = check;
      child.once('exit', () => {
        check();
        reject(new Error(`holder exited before "${t}"`));
      });
      check();
    });
  const first = await next('writing');
  if (first.t === 'error') throw new Error(`holder failed: ${JSON.stringify(first)}`);
  return { pid: child.pid!, outcome: next('ack') };
}

/** out/test, found from a bundled test file's folder (tests are bundled one file each). */
function compiledTestRoot(from: string): string {
  let dir = from;
  while (!(path.basename(dir) === 'test' && path.basename(path.dirname(dir)) === 'out')) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`not under out/test: ${from}`);
    dir = up;
  }
  return dir;
}
