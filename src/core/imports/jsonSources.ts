// The two JSON formats, streamed: a WakaTime / Wakapi data dump and an ActivityWatch export. A
// year of heartbeats is 100 MB, so the file is never held whole: @streamparser/json hands over one
// heartbeat (or event) at a time and forgets it once emitted (keepStack: false).
import { JSONParser } from '@streamparser/json';
import { PulseError, messageOf } from '../errors';
import { FieldReader } from './fields';
import { wakatimeBeat, type Skips } from './wakatimeBeat';
import { languageId } from './languages';
import type { SourceBeat } from './clusters';

export type JsonFormat = 'wakatime' | 'activitywatch';

export interface JsonReadOptions {
  now: number;
  skips: Skips;
  /** The format the user asked for; the content must agree. */
  expect?: JsonFormat | undefined;
}

const EDITOR_BUCKET = 'app.editor.activity';

interface StackKey {
  key?: string | number | undefined;
}

/** Yields the file's heartbeats in file order, and reports which format it turned out to be. */
export async function* readJsonBeats(chunks: AsyncIterable<Buffer>, o: JsonReadOptions, found: (f: JsonFormat) => void): AsyncGenerator<SourceBeat> {
  const parser = new JSONParser({
    paths: ['$.range', '$.days.*.heartbeats.*', '$.buckets.*.type', '$.buckets.*.events.*'],
    keepStack: false,
  });
  let format: JsonFormat | undefined;
  const ready: SourceBeat[] = [];
  let failure: Error | undefined;
  const bucketTypes = new Map<string, string>();
  // Events of a bucket whose type has not been read yet (exports put it first, but JSON has no order).
  const waiting = new Map<string, { raw: unknown; where: string }[]>();
  const settle = (f: JsonFormat): void => {
    if (format === f) return;
    if (format !== undefined) throw new PulseError('EINVALID', 'holds both a WakaTime dump and an ActivityWatch export; nothing was imported');
    if (o.expect && o.expect !== f) throw new PulseError('EINVALID', `is ${f === 'wakatime' ? 'a WakaTime or Wakapi dump' : 'an ActivityWatch export'}, not --format ${o.expect}; nothing was imported`);
    format = f;
    found(f);
  };
  const awEvent = (bucket: string, raw: unknown, where: string): void => {
    const type = bucketTypes.get(bucket);
    if (type !== EDITOR_BUCKET) {
      o.skips.add(`bucket type ${type ?? '(none)'}`);
      return;
    }
    ready.push(activityWatchBeat(raw, where, o.now));
  };
  parser.onValue = ({ value, key, stack }): void => {
    try {
      const keys = stack.map((s: StackKey) => s.key);
      if (keys[1] === 'days') {
        settle('wakatime');
        if (keys.length !== 4 || typeof keys[2] !== 'number') return;
        const beat = wakatimeBeat(value, new FieldReader(`days[${keys[2]}].heartbeats[${String(key)}]`, o.now), o.skips, false);
        if (beat) ready.push(beat);
      } else if (keys[1] === 'buckets' && typeof keys[2] === 'string') {
        settle('activitywatch');
        const bucket = keys[2];
        if (key === 'type') {
          bucketTypes.set(bucket, typeof value === 'string' ? value : '(none)');
          for (const w of waiting.get(bucket) ?? []) awEvent(bucket, w.raw, w.where);
          waiting.delete(bucket);
        } else if (bucketTypes.has(bucket)) awEvent(bucket, value, `buckets["${bucket}"].events[${String(key)}]`);
        else waiting.set(bucket, [...(waiting.get(bucket) ?? []), { raw: value, where: `buckets["${bucket}"].events[${String(key)}]` }]);
      } else if (keys.length === 1 && key === 'range') settle('wakatime');
    } catch (err) {
      failure ??= err instanceof Error ? err : new Error(messageOf(err));
    }
  };
  for await (const chunk of chunks) {
    try {
      parser.write(chunk);
    } catch (err) {
      throw failure ?? new PulseError('EINVALID', `is not valid JSON (${messageOf(err)}); nothing was imported`);
    }
    if (failure) throw failure;
    yield* ready.splice(0);
  }
  if (!parser.isEnded) {
    throw new PulseError('EINVALID', 'ends in the middle of its JSON: the file is truncated or still being written; nothing was imported');
  }
  if (failure) throw failure;
  for (const events of waiting.values()) o.skips.add('bucket type (none)', events.length);
  if (format === undefined) throw foreign();
  yield* ready.splice(0);
}

function activityWatchBeat(raw: unknown, where: string, now: number): SourceBeat {
  const f = new FieldReader(where, now);
  const e = f.object(raw);
  const start = Date.parse(f.requiredText(e, 'timestamp'));
  if (Number.isNaN(start)) f.fail(`"timestamp" is not an ISO 8601 time`);
  const time = f.instant(start, 'timestamp');
  const end = f.instant(time + f.number(e, 'duration') * 1000, 'timestamp + duration');
  const data = f.object(e.data ?? {});
  const projectPath = f.text(data, 'project');
  const normalized = projectPath?.replace(/\\/g, '/').replace(/\/+$/, '') ?? null;
  // The VS Code watcher records the project as its folder's path; its name is the last component.
  const project = normalized ? (normalized.split('/').pop() ?? normalized) : null;
  return {
    time,
    end,
    project: project === '' || project === 'unknown' ? null : project,
    entity: f.text(data, 'file'),
    language: languageId(f.text(data, 'language')),
    branch: f.text(data, 'branch'),
    root: normalized && normalized.includes('/') ? normalized : null,
  };
}

export function foreign(): PulseError {
  return new PulseError('EINVALID', 'is not a WakaTime or Wakapi data dump, a Wakapi heartbeat CSV or an ActivityWatch export; nothing was imported');
}
