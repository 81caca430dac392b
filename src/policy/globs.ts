import { firstPathMatch, identityMatches } from '../match.js';

/** Characters that make a glob match more than its own text (extglobs need parentheses). */
const MAGIC = /[*?[\]{}()!+|]/;

/**
 * Whether every string that `inner` matches is also matched by `outer`, proven by a few safe rules;
 * `false` means "not proven", so a caller that needs containment refuses it. General glob containment
 * is hard to decide, and a wrong "yes" would let a repository widen a central scope of work.
 */
export function globCovers(outer: string, inner: string, identity = false): boolean {
  const fold = (s: string) => (identity ? s.toLowerCase() : s);
  const o = fold(outer);
  const i = fold(inner);
  if (o === i) return true;
  if (o === '**') return true;
  // A literal matches one string only: minimatch itself decides.
  if (!MAGIC.test(i)) return identity ? identityMatches(outer, inner) : firstPathMatch([outer], inner) !== undefined;
  if (!identity) {
    // "dir/**" covers any glob that starts with the literal folder "dir/": its matches all lie below it.
    const folder = /^(.+)\/\*\*$/.exec(o)?.[1];
    return folder !== undefined && !MAGIC.test(folder) && i.startsWith(`${folder}/`);
  }
  // "*@corp.example" covers any email glob of that literal domain whose local part cannot reach past the "@".
  if (o === '*') return !i.includes('/');
  const domain = /^\*(@[^*?[\]{}()!+|/@]+)$/.exec(o)?.[1];
  if (domain === undefined || !i.endsWith(domain)) return false;
  const local = i.slice(0, -domain.length);
  return !local.includes('/') && !local.includes('@');
}

/** The entries of `inner` that no entry of `outer` is proven to cover. */
export function uncovered(outer: readonly string[], inner: readonly string[], identity = false): string[] {
  return inner.filter((glob) => !outer.some((o) => globCovers(o, glob, identity)));
}
