// Wakapi's heartbeat CSV export, streamed row by row through csv-parse.
import { parse } from 'csv-parse';
import { PulseError, messageOf } from '../errors';
import { FieldReader } from './fields';
import { wakatimeBeat, type Skips } from './wakatimeBeat';
import type { SourceBeat } from './clusters';

/** The columns Pulse reads; Wakapi writes these and more (user_id, lines, cursorpos…). */
export const WAKAPI_CSV_NEEDS = ['branch', 'category', 'entity', 'language', 'project', 'time', 'type'] as const;

/** True when a first line looks like Wakapi's CSV header. */
export function looksLikeWakapiHeader(firstLine: string): boolean {
  const cols = new Set(firstLine.replace(/^\uFEFF/, '').split(',').map((c) => c.trim().replace(/^"|"$/g, '')));
  return WAKAPI_CSV_NEEDS.every((c) => cols.has(c));
}

export async function* readCsvBeats(chunks: AsyncIterable<Buffer>, now: number, skips: Skips): AsyncGenerator<SourceBeat> {
  const parser = parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: false });
  const feeding = (async (): Promise<void> => {
    try {
      for await (const chunk of chunks) if (!parser.write(chunk)) await new Promise((r) => parser.once('drain', r));
      parser.end();
    } catch (err) {
      parser.destroy(err instanceof Error ? err : new Error(messageOf(err)));
    }
  })();
  let row = 1;
  try {
    for await (const record of parser as AsyncIterable<unknown>) {
      row++;
      const beat = wakatimeBeat(record, new FieldReader(`row ${row}`, now), skips, true);
      if (beat) yield beat;
    }
  } catch (err) {
    if (err instanceof PulseError) throw err;
    throw new PulseError('EINVALID', `is not a well-formed CSV near row ${row + 1} (${messageOf(err)}); nothing was imported`);
  } finally {
    parser.destroy();
    await feeding;
  }
}
