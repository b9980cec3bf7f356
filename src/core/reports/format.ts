// Human formatting shared by the CLI and the status bar.

/** 3900 -> "1h 05m"; 125 -> "2m"; 42 -> "42s"; 86400 -> "24h 00m". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.floor(seconds))}s`;
  const total = Math.floor(seconds / 60);
  const h = Math.floor(total / 60);
  const m = total % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m`;
}
