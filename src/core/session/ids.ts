// Session ids sort by start time: a compact UTC timestamp, then random characters so that two
// windows starting in the same millisecond never collide. Example: 20261128T061451123Z-k3j9x2ab.
import { randomBytes } from 'node:crypto';
import { iso } from '../time';

const STAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z-/;

export function newSessionId(startedAt: number): string {
  const stamp = iso(startedAt).replace(/[-:.]/g, '');
  const rand = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
  return `${stamp}-${rand}`;
}

/** The start month (YYYY-MM, UTC) encoded in a Pulse id, or undefined for ids other tools made. */
export function monthOfId(id: string): string | undefined {
  const m = STAMP.exec(id);
  return m ? `${m[1]}-${m[2]}` : undefined;
}

export function monthOf(isoTime: string): string {
  return isoTime.slice(0, 7);
}

/** The start time (epoch ms) encoded in a Pulse id, or undefined for ids other tools made. */
export function startOfId(id: string): number | undefined {
  const m = STAMP.exec(id);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!) : undefined;
}
