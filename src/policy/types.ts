import type { Gates, IdentityMatcher, Level, ProtectRule, Reviewers, Waiver } from './schema.js';

// Derived from the zod schema, so that what validates a policy and what the code reads cannot drift apart.
export type { Gates, IdentityMatcher, Level, ProtectRule, Reviewers, Waiver };

export type GateId = keyof Gates;

export interface Profile {
  name: string;
  match: IdentityMatcher;
  valid_until?: string;
  gates: GateOverrides;
}

export type GateOverrides = { [K in GateId]?: Partial<Gates[K]> };

/** A validated policy with every default filled in. */
export interface Policy {
  version: 1;
  vendors: IdentityMatcher;
  reviewers: Reviewers;
  waiver: Waiver;
  gates: Gates;
  profiles: Profile[];
}

/** Where the policy came from, quoted in every report. */
export interface PolicySource {
  /** Path in the repository, or the local file given to the CLI; empty for built-in defaults. */
  path: string;
  /** Commit the policy was read from (the base SHA), when read from git or GitHub. */
  sha?: string;
  builtIn: boolean;
  /** The central policies it rests on (extends, org-config), nearest first: floors it may only tighten. */
  floors?: string[];
  /** The organisation's policy alone (org-config): the repository has no policy file. */
  central?: boolean;
}
