import { UserError } from '../errors.js';
import { applyFloor } from './floor.js';
import { parsePolicyFile, PolicyError, withDefaults, type ParsedPolicyFile, type PolicyProblem } from './load.js';
import { POLICY_REF, type RawPolicy } from './schema.js';
import type { Policy } from './types.js';

/** A policy file in another repository; `ref` empty means its default branch (the org-config inputs only). */
export interface PolicyRef {
  owner: string;
  repo: string;
  path: string;
  ref: string;
}

/** How many central policies one chain of `extends` may read: deep chains are hard to review and cost requests. */
export const MAX_EXTENDS_DEPTH = 3;

/** Reads a central policy's text; throws a UserError naming the file and the fix when it cannot. */
export type CentralReader = (ref: PolicyRef) => Promise<string>;

export function parsePolicyRef(text: string): PolicyRef | undefined {
  const m = POLICY_REF.exec(text);
  if (!m) return undefined;
  const [, owner = '', repo = '', path = '', ref = ''] = m;
  return { owner, repo, path, ref };
}

export function refLabel(r: PolicyRef): string {
  return `${r.owner}/${r.repo}:${r.path}${r.ref === '' ? '' : `@${r.ref}`}`;
}

/** The same file whatever the ref: a policy that extends another version of itself is a cycle too. */
function identityOf(r: PolicyRef): string {
  return `${r.owner}/${r.repo}`.toLowerCase() + `:${r.path}`;
}

export interface PolicyLayer {
  /** The file name shown in errors and in validate's sources: a path, or owner/repo:path@ref. */
  label: string;
  parsed: ParsedPolicyFile;
}

export interface ResolvedChain {
  policy: Policy;
  raw: RawPolicy;
  /** The repository's file first, then each central policy it rests on. */
  layers: PolicyLayer[];
}

export interface ChainOptions {
  read: CentralReader;
  /** The organisation's policy (the org-config inputs): the last floor, under whatever the file extends. */
  floor?: PolicyRef;
  /** The repository's own file as a reference, so that a central policy extending it is seen as a cycle. */
  self?: PolicyRef;
}

/**
 * Follows `extends` from the repository's file (and then the organisation floor) and folds the chain
 * from the most central file down, each file checked against the merged floor below it. Cycles and
 * chains deeper than MAX_EXTENDS_DEPTH are errors, never cut short: a skipped floor would loosen the policy.
 */
export async function resolveChain(top: ParsedPolicyFile, options: ChainOptions): Promise<ResolvedChain> {
  const layers: PolicyLayer[] = [{ label: top.file, parsed: top }];
  const seen = new Map<string, string>(options.self ? [[identityOf(options.self), top.file]] : []);
  let floorUsed = options.floor !== undefined && seen.has(identityOf(options.floor));
  for (;;) {
    const current = layers[layers.length - 1] as PolicyLayer;
    const written = current.parsed.raw.extends;
    let next: PolicyRef | undefined = written === undefined ? undefined : parsePolicyRef(written);
    if (next === undefined && options.floor && !floorUsed) next = options.floor;
    if (next === undefined) break;
    if (options.floor && identityOf(next) === identityOf(options.floor)) {
      // Another ref of the organisation's file could be an older, looser floor: only the ref the workflow names counts.
      if (next.ref !== options.floor.ref) {
        throw new UserError(
          `${(layers[layers.length - 1] as PolicyLayer).label} extends ${refLabel(next)}, but the organisation's policy (input org-config-repo) is ${refLabel(options.floor)}. ` +
            'Extend it at the same ref, or remove the extends: the organisation policy applies under this file anyway.',
        );
      }
      floorUsed = true;
    }
    const label = refLabel(next);
    const chain = [...layers.map((l) => l.label), label].join(' -> ');
    if (seen.has(identityOf(next)) || layers.some((l) => l.label === label)) {
      throw new UserError(`The policy extends itself in a cycle: ${chain}. Remove the extends that points back to a file already in the chain.`);
    }
    if (layers.length > MAX_EXTENDS_DEPTH) {
      throw new UserError(
        `The policy rests on more than ${MAX_EXTENDS_DEPTH} central policies: ${chain}. vendor-gate reads at most ${MAX_EXTENDS_DEPTH}; flatten the chain so that it is shorter.`,
      );
    }
    seen.set(identityOf(next), label);
    layers.push({ label, parsed: parsePolicyFile(await options.read(next), label) });
  }
  let merged = (layers[layers.length - 1] as PolicyLayer).parsed.raw;
  for (let i = layers.length - 2; i >= 0; i--) {
    const layer = layers[i] as PolicyLayer;
    const { raw, problems } = applyFloor(merged, layer.parsed.raw);
    if (problems.length > 0) {
      const positioned: PolicyProblem[] = problems.map((p) => {
        const setter = floorSetter(layers.slice(i + 1), p.centralPath);
        const central = setter.parsed.at(p.centralPath);
        return {
          ...layer.parsed.at(p.path),
          key: p.key,
          message: `${p.message}, set by ${setter.label}:${central.line}:${central.column}. A repository may only tighten the central policy; loosening needs ${p.key} under overridable there.`,
        };
      });
      positioned.sort((a, b) => a.line - b.line || a.column - b.column);
      throw new PolicyError(layer.label, positioned);
    }
    merged = raw;
  }
  return { policy: withDefaults(merged), raw: merged, layers };
}

function valueAt(raw: unknown, path: readonly (string | number)[]): unknown {
  let node = raw;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[String(segment)];
  }
  return node;
}

/** The nearest central file that writes the floor's value; the most central one when none does (a default). */
function floorSetter(floors: readonly PolicyLayer[], path: readonly (string | number)[]): PolicyLayer {
  return floors.find((l) => valueAt(l.parsed.raw, path) !== undefined) ?? (floors[floors.length - 1] as PolicyLayer);
}
