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
