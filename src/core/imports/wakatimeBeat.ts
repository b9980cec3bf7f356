// One WakaTime / Wakapi heartbeat (from the JSON dump or a row of Wakapi's CSV) in Pulse's terms.
// Only file heartbeats of coding categories are time at the keyboard; the rest are counted as skipped.
import { CODING_CATEGORIES, type FieldReader } from './fields';
import { languageId } from './languages';
import type { SourceBeat } from './clusters';

/** Heartbeats left out, by reason ("category browsing", "type domain", "project other"). */
export class Skips {
  readonly byReason: Record<string, number> = {};

  add(reason: string, n = 1): void {
    this.byReason[reason] = (this.byReason[reason] ?? 0) + n;
  }

  total(): number {
    return Object.values(this.byReason).reduce((a, b) => a + b, 0);
  }
}

export function wakatimeBeat(raw: unknown, f: FieldReader, skips: Skips, csv: boolean): SourceBeat | undefined {
  const o = f.object(raw);
  const time = f.instant(Math.round(timeSeconds(o, f, csv) * 1000), 'time');
  const type = f.text(o, 'type') ?? 'file';
  const category = (f.text(o, 'category') ?? 'coding').toLowerCase();
  const entity = f.text(o, 'entity');
  const project = f.text(o, 'project');
  const branch = f.text(o, 'branch');
  const language = f.text(o, 'language');
  if (!csv && o.is_write !== undefined && o.is_write !== null && typeof o.is_write !== 'boolean') f.fail('"is_write" is not true or false');
  if (type !== 'file') return void skips.add(`type ${type}`);
  if (!CODING_CATEGORIES.has(category)) return void skips.add(`category ${category}`);
  return { time, project: project === '' ? null : project, entity: entity === '' ? null : entity, language: languageId(language), branch: branch === '' ? null : branch };
}

/** Epoch seconds (a float). Wakapi's CSV may write the time as an RFC 3339 string instead. */
function timeSeconds(o: Record<string, unknown>, f: FieldReader, csv: boolean): number {
  if (csv && typeof o.time === 'string' && !/^\s*[\d.]+\s*$/.test(o.time)) {
    const t = Date.parse(o.time);
    if (Number.isNaN(t)) f.fail(`"time" is neither epoch seconds nor an RFC 3339 time`);
    return t / 1000;
  }
  return f.number(o, 'time', csv);
}
