// A `--require` preload: counts the file operations that change the disk and SIGKILLs the process
// right after operation number PULSE_KILL_AFTER_OP completes, as a crash between two steps would.
// Each operation is reported on stderr ("op <n> <name> <path>") so a test can name its steps.
import * as fs from 'node:fs';
import * as path from 'node:path';

const limit = Number(process.env.PULSE_KILL_AFTER_OP ?? 0);
let n = 0;

function done(name: string, p: unknown): void {
  n++;
  const where = typeof p === 'string' ? path.basename(path.dirname(p)) + '/' + path.basename(p) : '';
  process.stderr.write(`op ${n} ${name} ${where}\n`);
  if (n === limit) process.kill(process.pid, 'SIGKILL');
}

const p = fs.promises as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
for (const name of ['mkdir', 'rename', 'unlink', 'rmdir', 'writeFile', 'symlink']) {
  const orig = p[name]!.bind(fs.promises);
  p[name] = async (...a: unknown[]): Promise<unknown> => {
    const r = await orig(...a);
    done(name, name === 'rename' || name === 'symlink' ? a[1] : a[0]);
    return r;
  };
}
const open = p.open!.bind(fs.promises);
p.open = async (...a: unknown[]): Promise<unknown> => {
  const fh = (await open(...a)) as fs.promises.FileHandle;
  const file = a[0];
  const writing = typeof a[1] === 'string' && /[wa]/.test(a[1]);
  const sync = fh.sync.bind(fh);
  fh.sync = async (): Promise<void> => {
    await sync();
    done('fsync', file);
  };
  if (writing) {
    const writeFile = fh.writeFile.bind(fh);
    fh.writeFile = (async (...w: Parameters<typeof fh.writeFile>) => {
      await writeFile(...w);
      done('write', file);
    });
  }
  return fh;
};
