import { UserError } from '../errors.js';
import { refLabel, resolveChain, type CentralReader, type PolicyLayer, type PolicyRef } from './extends.js';
import { DEFAULT_POLICY, parsePolicyFile, withDefaults } from './load.js';
import type { Policy, PolicySource } from './types.js';

export interface ResolvedPolicy {
  policy: Policy;
  source: PolicySource;
  /** The files the policy was merged from, the repository's first; empty for the built-in defaults. */
  layers: PolicyLayer[];
}

/** How central policies are read: the `extends` of a file, and the organisation's floor (org-config inputs). */
export interface CentralOptions {
  read: CentralReader;
  floor?: PolicyRef;
  /** The repository's own policy file, so that a central file that extends it back is a cycle. */
  self?: PolicyRef;
}

/**
 * The policy named by `path` as the reader finds it at the base commit; `path` empty means the
 * built-in defaults. A missing file is an error, never a silent fallback to defaults, unless the
 * organisation's floor is given: then that floor alone applies.
 */
export async function resolvePolicy(
  path: string,
  read: (path: string) => Promise<string | undefined>,
  where: { description: string; sha?: string },
  central?: CentralOptions,
): Promise<ResolvedPolicy> {
  const text = path === '' ? undefined : await read(path);
  const floor = central?.floor;
  if (text === undefined && central && floor) {
    // No file of its own: the organisation's policy (and whatever it extends) is the whole policy.
    const label = refLabel(floor);
    const top = parsePolicyFile(await central.read(floor), label);
    const chain = await resolveChain(top, { read: central.read, self: floor });
    return { policy: chain.policy, source: { path: label, builtIn: false, central: true, ...floorsOf(chain.layers) }, layers: chain.layers };
  }
  if (path === '') return { policy: DEFAULT_POLICY, source: { path: '', builtIn: true }, layers: [] };
  if (text === undefined) {
    throw new UserError(
      `The policy file ${path} does not exist on ${where.description}. Add it there (the policy is always read from the base branch), ` +
        `or set the input config to '' to use the built-in defaults.`,
    );
  }
  const source: PolicySource = { path, builtIn: false, ...(where.sha ? { sha: where.sha } : {}) };
  const top = parsePolicyFile(text, path);
  if (top.raw.extends === undefined && !floor) return { policy: withDefaults(top.raw), source, layers: [{ label: path, parsed: top }] };
  if (!central) throw new UserError(`${path} extends ${top.raw.extends ?? ''}, and no way to read a central policy was given.`);
  const chain = await resolveChain(top, central);
  return { policy: chain.policy, source: { ...source, ...floorsOf(chain.layers) }, layers: chain.layers };
}

function floorsOf(layers: readonly PolicyLayer[]): Pick<PolicySource, 'floors'> {
  return layers.length > 1 ? { floors: layers.slice(1).map((l) => l.label) } : {};
}
