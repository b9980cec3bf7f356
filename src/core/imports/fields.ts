// Checking one heartbeat of another tool's file: every field has the documented type, and every time
// is a real instant that is not in the future. The message says where in the file the problem is.
import { PulseError } from '../errors';
import { iso } from '../time';

/** The categories WakaTime counts as coding work; the rest (browsing, meetings…) are skipped. */
export const CODING_CATEGORIES: ReadonlySet<string> = new Set(['coding', 'debugging', 'writing tests', 'writing docs', 'code reviewing']);

/** Clock skew allowed before a time counts as "in the future". */
const FUTURE_SLACK_MS = 5 * 60_000;

export class FieldReader {
  constructor(
    private readonly where: string,
    private readonly now: number,
  ) {}

  fail(message: string): never {
    throw new PulseError('EINVALID', `${this.where}: ${message}; nothing was imported`);
  }

  object(v: unknown): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(`expected an object, got ${kind(v)}`);
    return v as Record<string, unknown>;
  }

  /** A string field that may be missing or null. */
  text(o: Record<string, unknown>, key: string): string | null {
    const v = o[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') this.fail(`"${key}" is ${kind(v)}, expected a string`);
    return v;
  }

  requiredText(o: Record<string, unknown>, key: string): string {
    const v = this.text(o, key);
    if (v === null) this.fail(`"${key}" is missing`);
    return v;
  }

  /** A non-negative number field (a CSV cell may hold it as text). */
  number(o: Record<string, unknown>, key: string, fromText = false): number {
    const raw = o[key];
    const v = fromText && typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) this.fail(`"${key}" is ${kind(raw)}, expected a non-negative number`);
    return v;
  }

  /** An instant in epoch ms, checked against the future. */
  instant(msValue: number, key: string): number {
    if (!Number.isFinite(msValue) || msValue <= 0) this.fail(`"${key}" is not a time`);
    if (msValue > this.now + FUTURE_SLACK_MS) this.fail(`"${key}" is ${iso(msValue)}, in the future`);
    return msValue;
  }
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return v.length > 40 ? 'a string' : `the string ${JSON.stringify(v)}`;
  if (typeof v === 'undefined') return 'missing';
  return `a ${typeof v}`;
}
