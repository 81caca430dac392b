// Fails when the freshly built dist/ differs from the committed one, new files included.
import { execFileSync } from 'node:child_process';

const changes = execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', 'dist/'], { encoding: 'utf8' });
if (changes.trim() !== '') {
  console.error('dist/ is not what the sources build. Run `npm run build` and commit dist/:\n' + changes);
  execFileSync('git', ['--no-pager', 'diff', '--stat', '--', 'dist/'], { stdio: 'inherit' });
  process.exit(1);
}
console.log('dist/ matches the sources.');
