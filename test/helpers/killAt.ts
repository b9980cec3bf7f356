// Preload (`node --require`) that SIGKILLs the process at the Nth call of one fs.promises function,
// named by PULSE_KILL_AT=<function>:<n>[:<path part>]: a crash at an exact point of a multi-file
// write. With a path part, only calls naming a path that contains it count (the lock has links too).
import * as fs from 'node:fs';

const spec = process.env.PULSE_KILL_AT;
if (spec) {
  const [name, nth, part] = spec.split(':') as [keyof typeof fs.promises, string, string | undefined];
  const target = Number(nth);
  const promises = fs.promises as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const original = promises[name]!.bind(fs.promises);
  let calls = 0;
  promises[name] = (...args: unknown[]): Promise<unknown> => {
    if (part === undefined || args.some((a) => typeof a === 'string' && a.includes(part))) calls++;
    if (calls === target) process.kill(process.pid, 'SIGKILL');
    return original(...args);
  };
}
