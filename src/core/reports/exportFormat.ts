// Export formats. CSV goes through csv-stringify / csv-parse (quoting, embedded newlines and commas
// are theirs to get right); nested fields are JSON in their cell so a CSV parses back losslessly.
import { stringify } from 'csv-stringify/sync';
import { parse } from 'csv-parse/sync';
import { validateSession, type Session } from '../session/schema';

export const CSV_COLUMNS = [
  'id',
  'status',
  'label',
  'startedAt',
  'endedAt',
  'activeSeconds',
  'heartbeats',
  'branch',
  'endReason',
  'lastActivity',
  'lastHeartbeat',
  'closedAt',
  'previousSessionId',
  'revision',
  'schemaVersion',
  'owner',
  'segments',
  'languages',
  'files',
  'openSegment',
  'spanKeys',
  'spans',
  'leaseSeconds',
  'project',
  'issue',
  'mergedFrom',
  'source',
  // Every other field (another tool's, or a later Pulse's) as one JSON object, so nothing is lost.
  'extra',
] as const;

const NESTED = new Set<string>(['owner', 'segments', 'languages', 'files', 'openSegment', 'spanKeys', 'spans', 'mergedFrom', 'source']);
/** Fields older files lack: an empty cell leaves them out rather than writing null. */
// (A null project or issue comes back absent: both say "not known".)
const OPTIONAL = new Set<string>(['openSegment', 'spanKeys', 'spans', 'leaseSeconds', 'project', 'issue', 'mergedFrom', 'source']);
const NUMERIC = new Set<string>(['activeSeconds', 'heartbeats', 'revision', 'schemaVersion', 'leaseSeconds']);
const COLUMN = new Set<string>(CSV_COLUMNS);

function extraOf(s: Session): string {
  const extra = Object.fromEntries(Object.entries(s).filter(([k]) => !COLUMN.has(k)));
  return Object.keys(extra).length === 0 ? '' : JSON.stringify(extra);
}

export type ExportFormat = 'csv' | 'json';

export function exportSessions(sessions: readonly Session[], format: ExportFormat): string {
  if (format === 'json') return `${JSON.stringify(sessions, null, 2)}\n`;
  const rows = sessions.map((s) =>
    CSV_COLUMNS.map((c) => {
      if (c === 'extra') return extraOf(s);
      const v = (s as Record<string, unknown>)[c];
      if (v === null || v === undefined) return '';
      return typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
    }),
  );
  return stringify([[...CSV_COLUMNS], ...rows]);
}

/** Parses an export back into sessions (validated). Throws with the row number on a bad row. */
export function parseExport(text: string, format: ExportFormat): Session[] {
  const bodies: unknown[] =
    format === 'json'
      ? (JSON.parse(text) as unknown[])
      : parse<Record<string, string>>(text, { columns: true, skip_empty_lines: true }).map((row) => {
          const o: Record<string, unknown> = {};
          for (const c of CSV_COLUMNS) {
            const cell = row[c] ?? '';
            if (c === 'extra') {
              if (cell !== '') Object.assign(o, { ...(JSON.parse(cell) as Record<string, unknown>), ...o });
              continue;
            }
            if (OPTIONAL.has(c) && cell === '') continue;
            o[c] = NESTED.has(c) ? JSON.parse(cell) : NUMERIC.has(c) ? Number(cell) : cell === '' ? null : cell;
          }
          return o;
        });
  return bodies.map((b, i) => {
    const v = validateSession(b);
    if (!v.ok) throw new Error(`row ${i + 1}: ${v.message}`);
    return v.session;
  });
}
