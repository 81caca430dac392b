import { UserError } from '../errors.js';
import { DEFAULT_POLICY, parsePolicy } from './load.js';
import type { Policy, PolicySource } from './types.js';

export interface ResolvedPolicy {
  policy: Policy;
  source: PolicySource;
}

/**
 * The policy named by `path` as the reader finds it at the base commit; `path` empty means the
 * built-in defaults. A missing file is an error, never a silent fallback to defaults.
 */
export async function resolvePolicy(
  path: string,
  read: (path: string) => Promise<string | undefined>,
  where: { description: string; sha?: string },
): Promise<ResolvedPolicy> {
  if (path === '') return { policy: DEFAULT_POLICY, source: { path: '', builtIn: true } };
  const text = await read(path);
  if (text === undefined) {
    throw new UserError(
      `The policy file ${path} does not exist on ${where.description}. Add it there (the policy is always read from the base branch), ` +
        `or set the input config to '' to use the built-in defaults.`,
    );
  }
  return { policy: parsePolicy(text, path), source: { path, builtIn: false, ...(where.sha ? { sha: where.sha } : {}) } };
}
