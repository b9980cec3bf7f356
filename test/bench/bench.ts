// `npm run bench`: every figure is a ratio of two things measured side by side in this one run.
import { runStoreBench } from './storeBench';
import { runReportBench } from './reportBench';
import { runTrackerBench } from './trackerBench';
import { runImportBench } from './importBench';
import { printRows } from './measure';
import { runSizeBench } from './sizeBench';
import * as path from 'node:path';

async function main(): Promise<void> {
  process.stdout.write(`Pulse benchmark · node ${process.version} · ${new Date().toISOString()}\n`);
  const store = await runStoreBench();
  printRows('Store', store);
  const reports = await runReportBench();
  printRows('Reports', reports);
  const tracker = await runTrackerBench();
  printRows('Tracker', tracker);
  const imports = await runImportBench();
  printRows('Import', imports);
  const sizes = await runSizeBench(path.join(__dirname, '..', '..', '..'));
  printRows('Package', sizes);
  const all = [...store, ...reports, ...tracker, ...imports, ...sizes];
  const missed = all.filter((r) => !r.ok);
  process.stdout.write(`\n${missed.length === 0 ? 'All goals met.' : `${missed.length} goal(s) missed.`}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
