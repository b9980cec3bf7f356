// The daily goal as people say it ("2h", "1h 30m", "45m"): the one duration formatter, without a
// bare " 00m". The status bar and the dashboard both use it, so they say the same.
import { formatDuration } from './format';

export function goalText(seconds: number): string {
  return formatDuration(seconds).replace(/ 00m$/, '');
}
