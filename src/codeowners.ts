import { Minimatch } from 'minimatch';

export interface CodeownersRule {
  line: number;
  pattern: string;
  /** `@user`, `@org/team` or an email, as written. Empty: the paths have no owner. */
  owners: string[];
  matchers: Minimatch[];
}

export interface CodeownersProblem {
  line: number;
  message: string;
}

export interface Codeowners {
  path: string;
  rules: CodeownersRule[];
  problems: CodeownersProblem[];
}

/** GitHub reads the first of these that exists, on the base branch. */
export const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];

const OWNER = /^(@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)?|[^@\s]+@[^@\s]+\.[^@\s]+)$/;

/** gitignore-style pattern → minimatch globs, following GitHub's CODEOWNERS rules. */
function globsFor(pattern: string): string[] {
  const anchored = pattern.startsWith('/') || pattern.slice(0, -1).includes('/');
  let body = pattern.replace(/^\//, '');
  const directoryOnly = body.endsWith('/');
  body = body.replace(/\/$/, '');
  const base = anchored || body.startsWith('**/') ? body : `**/${body}`;
  if (directoryOnly) return [`${base}/**`];
  // A plain name matches a file or everything below a directory; a wildcard last segment ("docs/*") only one level.
  return body.split('/').pop()?.includes('*') ? [base] : [base, `${base}/**`];
}

function problemOf(pattern: string): string | undefined {
  if (pattern.startsWith('!')) return 'negation ("!") is not supported in CODEOWNERS';
  if (/\[.*\]/.test(pattern)) return 'character ranges ("[ ]") are not supported in CODEOWNERS';
  if (pattern.startsWith('\\#')) return 'escaping "#" is not supported in CODEOWNERS';
  return undefined;
}

/** Parses CODEOWNERS as GitHub does: invalid lines are reported by number and skipped, never fatal. */
export function parseCodeowners(text: string, path: string): Codeowners {
  const rules: CodeownersRule[] = [];
  const problems: CodeownersProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(/(^|\s)#.*$/, '').trim();
    if (content === '') return;
    const [pattern = '', ...owners] = content.split(/\s+/);
    const problem = problemOf(pattern) ?? owners.map((o) => (OWNER.test(o) ? undefined : `"${o}" is not an owner: use @user, @org/team or an email`)).find(Boolean);
    if (problem) {
      problems.push({ line, message: problem });
      return;
    }
    const matchers = globsFor(pattern).map((g) => new Minimatch(g, { dot: true, nonegate: true, nocomment: true }));
    rules.push({ line, pattern, owners, matchers });
  });
  return { path, rules, problems };
}

/** The rule that decides a path: the last one that matches. */
export function ownerRule(codeowners: Codeowners, path: string): CodeownersRule | undefined {
  for (let i = codeowners.rules.length - 1; i >= 0; i--) {
    const rule = codeowners.rules[i];
    if (rule?.matchers.some((m) => m.match(path))) return rule;
  }
  return undefined;
}
