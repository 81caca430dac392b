import type { Level } from './schema.js';

export type { Level };

export interface IdentityMatcher {
  users: string[];
  teams: string[];
  emails: string[];
  associations: string[];
}

export interface ProtectRule {
  paths: string[];
  approvers: string[];
}

export interface Gates {
  review: { level: Level; approvals: number; codeowners: boolean };
  access: { level: Level; allow: string[]; deny: string[]; protect: ProtectRule[] };
  secrets: { level: Level; allow_paths: string[]; allow_patterns: string[]; disable_rules: string[] };
  size: { level: Level; max_files: number; max_lines: number; ignore: string[] };
  description: {
    level: Level;
    linked_issue: boolean;
    min_length: number;
    title_pattern?: string;
    required_sections: string[];
  };
  coverage: { level: Level; total: number; changed: number; min_lines: number; path_prefix: string; ignore: string[] };
  contract: { level: Level; warn_days: number };
}

export type GateId = keyof Gates;

export interface Profile {
  name: string;
  match: IdentityMatcher;
  valid_until?: string;
  gates: GateOverrides;
}

export type GateOverrides = { [K in GateId]?: Partial<Gates[K]> };

export interface Reviewers {
  users: string[];
  teams: string[];
}

export interface Waiver {
  label: string;
  /** Logins (globs) and org/team slugs. */
  by: string[];
  secrets: boolean;
}

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
}
