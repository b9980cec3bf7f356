// Side-by-side timing: the two variants run alternately in one process, and the ratio of their
// medians is what we report, so machine noise hits both sides alike.

export interface Row {
  measure: string;
  value: string;
  goal: string;
  ok: boolean;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Runs a and b alternately `rounds` times; returns their median durations in ms. */
export async function sideBySide(rounds: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<{ a: number; b: number }> {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < rounds; i++) {
    for (const [f, into] of i % 2 ? ([[b, tb], [a, ta]] as const) : ([[a, ta], [b, tb]] as const)) {
      const t0 = process.hrtime.bigint();
      await f();
      into.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  return { a: median(ta), b: median(tb) };
}

export function printRows(title: string, rows: Row[]): void {
  process.stdout.write(`\n${title}\n`);
  const w = Math.max(...rows.map((r) => r.measure.length));
  for (const r of rows) process.stdout.write(`  ${r.ok ? 'ok  ' : 'MISS'}  ${r.measure.padEnd(w)}  ${r.value.padStart(14)}   goal ${r.goal}\n`);
}
