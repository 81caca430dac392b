import type { CoverageInput } from '../coverage/types.js';
import type { PullRequestFacts } from '../facts/types.js';
import type { CoverageDetails } from './coverage.js';
import type { GateId, Gates, Profile } from '../policy/types.js';
import type { ReviewState } from '../reviews.js';

export interface Finding {
  /** What is wrong, in plain words. */
  message: string;
  /** The exact thing to do about it. */
  fix: string;
  file?: string;
  line?: number;
  /** 1-based column, for findings that point into a line (secrets). */
  column?: number;
  /** Id of the rule that found it (secrets), for SARIF and machine readers. */
  rule?: string;
  /** What may be shown of a found secret: at most its first 4 characters, then a mask. */
  preview?: string;
}

export type GateStatus = 'pass' | 'fail' | 'skip';

export interface GateResult {
  id: GateId;
  status: GateStatus;
  /** One line for the table of gates. */
  summary: string;
  findings: Finding[];
  /** Extra facts worth showing that are not problems, such as "the contract ends in 9 days". */
  notes: string[];
  /**
   * Raw secret values found by the gate, for the runner's log masking only: `evaluate` takes them
   * out before anything renders the result.
   */
  secretValues?: string[];
  /** Set by the coverage gate: the numbers behind its table. */
  coverage?: CoverageDetails;
}

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
