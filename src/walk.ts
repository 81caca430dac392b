import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignoreModule, { type Ignore } from 'ignore';

// A CommonJS module whose types declare a default export: under NodeNext its function is `.default`.
const ignore = ignoreModule.default;

interface Rules {
  /** The folder the .gitignore sits in: its patterns are relative to it. */
  base: string;
  rules: Ignore;
}

function gitignoreIn(dir: string): Rules | undefined {
  try {
    return { base: dir, rules: ignore().add(readFileSync(join(dir, '.gitignore'), 'utf8')) };
  } catch {
    return undefined;
  }
}

const posix = (path: string): string => path.split(sep).join('/');

/**
 * Every file below `root`, in a stable order, leaving out what the .gitignore files on the way
 * exclude (each relative to its own folder, as git reads them) and the .git folder. Symbolic links
 * are not followed, so a link cannot lead the walk out of the tree or round in a circle.
 */
export function walkFiles(root: string): string[] {
  const files: string[] = [];
  const visit = (dir: string, inherited: readonly Rules[]): void => {
    const own = gitignoreIn(dir);
    const rules = own ? [...inherited, own] : inherited;
    for (const name of readdirSync(dir).sort()) {
      if (name === '.git') continue;
      const path = join(dir, name);
      const stat = lstatSync(path);
      const isDir = stat.isDirectory();
      if (rules.some((r) => r.rules.ignores(posix(relative(r.base, path)) + (isDir ? '/' : '')))) continue;
      if (isDir) visit(path, rules);
      else if (stat.isFile()) files.push(path);
    }
  };
  visit(root, []);
  return files;
}
