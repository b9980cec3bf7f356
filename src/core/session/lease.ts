// The session's lease: how long its owner may go without a heartbeat. The owner declares it in the
// file (`leaseSeconds`) and beats at least three times within it, even when idle; a cleaner honours
// it with a margin, whatever its own stale time is.
import { toSeconds } from './segments';
import type { Session } from './schema';

/** A cleaner waits this many leases: room for a late beat from a busy or sleepy owner. */
export const LEASE_MARGIN = 1.25;

/** How often an idle owner beats to keep its lease. */
export function keepAliveMs(leaseMs: number): number {
  return leaseMs / 3;
}

export function withLease(s: Session, leaseMs: number): Session {
  return { ...s, leaseSeconds: toSeconds(leaseMs) };
}

/**
 * How long after its last heartbeat a cleaner with `staleAfterMs` may close `s`: the larger of its
 * own stale time and the session's lease with the margin. Files without a lease keep the old rule.
 */
export function closableAfterMs(s: Pick<Session, 'leaseSeconds'>, staleAfterMs: number): number {
  return s.leaseSeconds === undefined ? staleAfterMs : Math.max(staleAfterMs, s.leaseSeconds * 1000 * LEASE_MARGIN);
}
