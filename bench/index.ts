// Runs every benchmark, one after the other, each in its own process so that one's memory does not
// count in the next one's peak RSS.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const BENCHES = ['run.ts', 'secrets.ts', 'coverage.ts'];

for (const bench of BENCHES) {
  console.log(`\n== bench/${bench}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, bench), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`bench/${bench} failed (exit ${String(run.status ?? run.signal)})`);
    process.exit(1);
  }
}
