// One measurement of bench/coverage.ts in a fresh process, so that its peak memory is its own:
// prints one JSON line {seconds, peakBytes, files}.
import { readFileSync } from 'node:fs';
import lcovParse from 'lcov-parse';
import { parseFile } from '../src/coverage/load.js';

const [parser = '', file = ''] = process.argv.slice(2);
const baseline = process.memoryUsage().rss;

function lcovParseOnce(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // lcov-parse takes the whole text, as its users call it.
    lcovParse(readFileSync(path, 'utf8'), (error, data) => {
      if (error) reject(new Error(error));
      else resolve(data?.length ?? 0);
    });
  });
}

const start = performance.now();
const files = parser === 'lcov-parse' ? await lcovParseOnce(file) : parseFile(file, file).files.length;
const seconds = (performance.now() - start) / 1000;
// maxRSS is in kilobytes: the highest resident memory the process ever had.
const peakBytes = process.resourceUsage().maxRSS * 1024 - baseline;
console.log(JSON.stringify({ seconds, peakBytes, files }));
