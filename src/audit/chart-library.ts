import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Chart.js's UMD build, which the HTML scorecard inlines. scripts/build.mjs replaces this module with
 * the file's text, so the built CLI needs no node_modules; from source it is read where npm put it.
 */
export function chartLibrary(): string {
  const main = createRequire(import.meta.url).resolve('chart.js');
  return readFileSync(join(dirname(main), 'chart.umd.min.js'), 'utf8');
}
