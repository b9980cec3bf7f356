// Errors the core raises on purpose carry a stable `code`, so callers (CLI exit codes, extension
// messages, tests) branch on the code and never on message text.

export type PulseErrorCode =
  | 'EBADID' // an id that does not match the id pattern; never used as a path
  | 'EINVALID' // a file that does not parse or does not validate; left untouched
  | 'ENEWER' // a file written by a newer Pulse; left untouched
  | 'EOUTSIDE' // a path that would leave the store (symlink, `..`)
  | 'ENOTFILE' // a directory, symlink or other non-regular file where a session should be
  | 'ETOOBIG' // larger than any session file Pulse would write
  | 'ECONFLICT' // the revision on disk changed under a held lock: someone else also held it
  | 'ECOMPROMISED' // the lock was lost while we held it; the write was aborted
  | 'ELOCKED' // the lock could not be taken within the bounded retries
  | 'ECANCELLED' // the user cancelled a long action (an import); nothing was written
  | 'ECUSTOM' // a .gitignore Pulse did not write; never overwritten
  | 'ENOTYOURS'; // in a store shared through git, another person's session: only its owner edits it

// The import and timesheet code ships in a second bundle (dist/imports.js) with its own copy of this
// class, so a plain `instanceof` would not know its errors: every copy brands its instances with the
// same registered symbol and `instanceof` checks the brand.
const PULSE_ERROR = Symbol.for('pulse-sessions.PulseError');

export class PulseError extends Error {
  readonly [PULSE_ERROR] = true;

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && PULSE_ERROR in value;
  }

  constructor(
    readonly code: PulseErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'PulseError';
  }
}

export function isPulseError(err: unknown, code?: PulseErrorCode): err is PulseError {
  return err instanceof PulseError && (code === undefined || err.code === code);
}

export function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
