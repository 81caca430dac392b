// npm run bench: every benchmark, one after the other, each in its own process.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

for (const bench of ['cold-start.ts', 'coverage.ts']) {
  console.log(`# ${bench}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, bench)], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
