// Fails when the freshly built dist/ differs from the committed one, new files included.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';

// Issue 12: every runner downloads and parses the action bundle on each run; keep it within this.
const MAX_BUNDLE_BYTES = 1_200_000;
const bundle = statSync(new URL('../dist/index.js', import.meta.url)).size;
if (bundle > MAX_BUNDLE_BYTES) {
  console.error(`dist/index.js is ${(bundle / 1e6).toFixed(2)} MB, over the limit of ${MAX_BUNDLE_BYTES / 1e6} MB. Look at what grew: npx esbuild --bundle src/index.ts --platform=node --format=esm --metafile=meta.json --outfile=/dev/null --analyze`);
  process.exit(1);
}

const changes = execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', 'dist/'], { encoding: 'utf8' });
if (changes.trim() !== '') {
  console.error('dist/ is not what the sources build. Run `npm run build` and commit dist/:\n' + changes);
  execFileSync('git', ['--no-pager', 'diff', '--stat', '--', 'dist/'], { stdio: 'inherit' });
  process.exit(1);
}
console.log(`dist/ matches the sources; dist/index.js is ${(bundle / 1e6).toFixed(2)} MB (limit ${MAX_BUNDLE_BYTES / 1e6} MB).`);
