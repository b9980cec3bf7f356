// Test-only preload (`node --require out/test/helpers/clockShift.js`): one machine plays several
// hosts with their own clocks. No package needed, and it works wherever Node does.
//   PULSE_TEST_CLOCK_OFFSET_MS  added to Date.now() and `new Date()` (a clock running ahead or behind)
//   PULSE_TEST_NOW_MS           a fixed Date.now() (a command "run" at a chosen instant)
//   PULSE_TEST_HOSTNAME         what os.hostname() answers
// File system times (mtimes) are the file system's own and are not shifted: that is the point.
// require, not import: the module object itself is patched, so every later caller sees it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const os = require('node:os') as { hostname: () => string };

const RealDate = Date;
const offset = Number(process.env.PULSE_TEST_CLOCK_OFFSET_MS ?? '0') || 0;
const fixed = process.env.PULSE_TEST_NOW_MS;
const now = fixed !== undefined && fixed !== '' ? (): number => Number(fixed) : (): number => RealDate.now() + offset;

if (offset !== 0 || fixed) {
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(now());
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return now();
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}

const host = process.env.PULSE_TEST_HOSTNAME;
if (host) os.hostname = () => host;
