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

/** Sorts what the parser emits into heartbeats, and learns the format on the way. */
class JsonBeats {
  format: JsonFormat | undefined;
  readonly ready: SourceBeat[] = [];
  failure: Error | undefined;
  private readonly bucketTypes = new Map<string, string>();
  /** Events of a bucket whose type has not been read yet (exports put it first, but JSON has no order). */
  private readonly waiting = new Map<string, { raw: unknown; where: string }[]>();

  constructor(
    private readonly o: JsonReadOptions,
    private readonly found: (f: JsonFormat) => void,
  ) {}

  onValue(value: unknown, key: string | number | undefined, keys: readonly (string | number | undefined)[]): void {
    try {
      if (keys[1] === 'days') {
        this.settle('wakatime');
        if (keys.length !== 4 || typeof keys[2] !== 'number') return;
        const beat = wakatimeBeat(value, new FieldReader(`days[${keys[2]}].heartbeats[${String(key)}]`, this.o.now), this.o.skips, false);
        if (beat) this.ready.push(beat);
      } else if (keys[1] === 'buckets' && typeof keys[2] === 'string') {
        this.settle('activitywatch');
        this.bucketValue(keys[2], value, key);
      } else if (keys.length === 1 && key === 'range') this.settle('wakatime');
    } catch (err) {
      this.failure ??= err instanceof Error ? err : new Error(messageOf(err));
    }
  }

  /** At the end: events of buckets that never said their type are skipped, and a file of neither format is foreign. */
  finish(): void {
    for (const events of this.waiting.values()) this.o.skips.add('bucket type (none)', events.length);
    if (this.format === undefined) throw foreign();
  }

  private bucketValue(bucket: string, value: unknown, key: string | number | undefined): void {
    if (key === 'type') {
      this.bucketTypes.set(bucket, typeof value === 'string' ? value : '(none)');
      for (const w of this.waiting.get(bucket) ?? []) this.event(bucket, w.raw, w.where);
      this.waiting.delete(bucket);
      return;
    }
    const where = `buckets["${bucket}"].events[${String(key)}]`;
    if (this.bucketTypes.has(bucket)) this.event(bucket, value, where);
    else this.waiting.set(bucket, [...(this.waiting.get(bucket) ?? []), { raw: value, where }]);
  }

  private event(bucket: string, raw: unknown, where: string): void {
    const type = this.bucketTypes.get(bucket);
    if (type !== EDITOR_BUCKET) return void this.o.skips.add(`bucket type ${type ?? '(none)'}`);
    this.ready.push(activityWatchBeat(raw, where, this.o.now));
  }

  private settle(f: JsonFormat): void {
    if (this.format === f) return;
    if (this.format !== undefined) throw new PulseError('EINVALID', 'holds both a WakaTime dump and an ActivityWatch export; nothing was imported');
    if (this.o.expect && this.o.expect !== f) {
      throw new PulseError('EINVALID', `is ${f === 'wakatime' ? 'a WakaTime or Wakapi dump' : 'an ActivityWatch export'}, not --format ${this.o.expect}; nothing was imported`);
    }
    this.format = f;
    this.found(f);
  }
}

/** Yields the file's heartbeats in file order, and reports which format it turned out to be. */
export async function* readJsonBeats(chunks: AsyncIterable<Buffer>, o: JsonReadOptions, found: (f: JsonFormat) => void): AsyncGenerator<SourceBeat> {
  const parser = new JSONParser({
    paths: ['$.range', '$.days.*.heartbeats.*', '$.buckets.*.type', '$.buckets.*.events.*'],
    keepStack: false,
  });
  const beats = new JsonBeats(o, found);
  parser.onValue = ({ value, key, stack }): void => beats.onValue(value, key, stack.map((s: StackKey) => s.key));
  const it = chunks[Symbol.asyncIterator]();
  try {
    // The chunk is only ever a temporary here, never a local: this generator waits at each yield
    // while its heartbeats are staged, and a waiting generator keeps its locals.
    while (parsed(parser, beats, await it.next())) yield* beats.ready.splice(0);
  } finally {
    await it.return?.();
  }
  if (!parser.isEnded) {
    throw new PulseError('EINVALID', 'ends in the middle of its JSON: the file is truncated or still being written; nothing was imported');
  }
  if (beats.failure) throw beats.failure;
  beats.finish();
  yield* beats.ready.splice(0);
}

/** Feeds one chunk to the parser; false at the end of the file. */
function parsed(parser: JSONParser, beats: JsonBeats, r: IteratorResult<Buffer>): boolean {
  if (r.done) return false;
  try {
    parser.write(r.value);
  } catch (err) {
    throw beats.failure ?? new PulseError('EINVALID', `is not valid JSON (${messageOf(err)}); nothing was imported`);
  }
  if (beats.failure) throw beats.failure;
  return true;
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
