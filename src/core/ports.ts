// The few things the core receives from its host instead of reaching for globals, so tests can
// drive time and capture logs deterministically. Shapes match VS Code's where one exists, so the
// extension can pass its LogOutputChannel straight in.

export interface Disposable {
  dispose(): void;
}

export interface Clock {
  /** Wall-clock milliseconds since the epoch. */
  now(): number;
}

export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

export const systemClock: Clock = { now: () => Date.now() };

export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
