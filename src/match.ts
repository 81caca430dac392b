import { Minimatch, type MinimatchOptions } from 'minimatch';

const PATH_OPTIONS: MinimatchOptions = { dot: true, nonegate: true, nocomment: true };
const IDENTITY_OPTIONS: MinimatchOptions = { ...PATH_OPTIONS, nocase: true };

const cache = new Map<string, Minimatch>();

function compile(pattern: string, options: MinimatchOptions): Minimatch {
  const key = `${options.nocase ? 'i' : 's'}:${pattern}`;
  let compiled = cache.get(key);
  if (!compiled) {
    // "docs/" means everything below docs, as in .gitignore and CODEOWNERS.
    compiled = new Minimatch(pattern.endsWith('/') ? `${pattern}**` : pattern, options);
    cache.set(key, compiled);
  }
  return compiled;
}

/** The first of `patterns` that matches the repository path, if any. Paths are case-sensitive, as in git. */
export function firstPathMatch(patterns: readonly string[], path: string): string | undefined {
  return patterns.find((pattern) => compile(pattern, PATH_OPTIONS).match(path));
}

/** Logins and emails are case-insensitive on GitHub. */
export function identityMatches(pattern: string, value: string): boolean {
  return compile(pattern, IDENTITY_OPTIONS).match(value);
}
