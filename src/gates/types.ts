import type { CoverageInput } from '../coverage/types.js';
import type { PullRequestFacts } from '../facts/types.js';
import type { Finding, GateResult } from '../model.js';
import type { GateId, Gates, Profile } from '../policy/types.js';
import type { ReviewState } from '../reviews.js';

export type { Finding, GateResult, GateStatus } from '../model.js';

export interface GateContext {
  facts: PullRequestFacts;
  /** The gates after defaults and the vendor's profile were applied. */
  gates: Gates;
  profile?: Profile;
  /** Vendor profiles that commit emails match with nothing to decide between them. */
  profileConflict?: string[];
  /** How the reviews count, computed once for the review and access gates. */
  reviews: ReviewState;
  /** Path of the policy file, which a vendor may never change. */
  policyPath: string;
  now: Date;
  /** The coverage reports of the PR's test run, or why there are none; absent means none was given. */
  coverage?: CoverageInput;
}

export type Gate = (context: GateContext) => GateResult;

export function result(id: GateId, findings: Finding[], passSummary: string, failSummary: string, notes: string[] = []): GateResult {
  return {
    id,
    status: findings.length > 0 ? 'fail' : 'pass',
    summary: findings.length > 0 ? failSummary : passSummary,
    findings,
    notes,
  };
}

export function skipped(id: GateId, summary: string): GateResult {
  return { id, status: 'skip', summary, findings: [], notes: [] };
}

export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

/** A fact that GitHub may list only in part: the gate that needs all of it fails closed, and says what it could not check. */
export function unlistedCommits(facts: PullRequestFacts, unchecked: (others: number) => string): Finding[] {
  const { expected, listed } = facts.commitsListing;
  if (listed >= expected) return [];
  return [
    {
      message: `GitHub listed only ${listed} of the ${expected} commits, so ${unchecked(expected - listed)}.`,
      fix: 'Squash or split the pull request: GitHub lists at most 250 commits of a pull request.',
    },
  ];
}

export function unlistedFiles(facts: PullRequestFacts, unchecked: (others: number) => string): Finding[] {
  const { expected, listed } = facts.filesListing;
  if (listed >= expected) return [];
  return [
    {
      message: `GitHub listed only ${listed} of the ${expected} changed files, so ${unchecked(expected - listed)}.`,
      fix: 'Split the pull request into smaller ones: GitHub lists at most 3,000 files of a pull request.',
    },
  ];
}
