// The shapes every stage passes on: the decision of a run and how it is published. Types only, so
// that any module may use them without depending on the code that produces them.
import type { WaiverRecord } from './facts/types.js';
import type { CoverageDetails } from './coverage/changed.js';
import type { GateId, Level, PolicySource } from './policy/types.js';
import type { Confidence } from './secret-rule-ids.js';

export interface Finding {
  /** What is wrong, in plain words. */
  message: string;
  /** The exact thing to do about it. */
  fix: string;
  /** Commands that carry out the fix, in order, to copy and run as they are (no user text but commit SHAs). */
  commands?: string[];
  file?: string;
  line?: number;
  /** 1-based column, for findings that point into a line (secrets). */
  column?: number;
  /** The full SHA of the commit the finding is about (sign-off, identity), which the comment links. */
  commit?: string;
  /** Id of the rule that found it (secrets), for SARIF and machine readers. */
  rule?: string;
  /** What may be shown of a found secret: at most its first 4 characters, then a mask. */
  preview?: string;
  /** How sure the secret rule is (secrets): below the policy's `min_confidence` a finding is an advisory. */
  confidence?: Confidence;
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
  /** Findings that do not fail the gate (secrets below `min_confidence`): in the notes, the JSON report and SARIF as notes. */
  advisories?: Finding[];
  /**
   * Raw secret values found by the gate, for the runner's log masking only: `evaluate` takes them
   * out before anything renders the result.
   */
  secretValues?: string[];
  /** Set by the coverage gate: the numbers behind its table. */
  coverage?: CoverageDetails;
}

export interface WaiverState {
  /**
   * `applied`: failures become warnings. `ignored`: the label is there, but nobody authorised applied it,
   * or nothing shows which commit they saw. `lapsed`: commits were pushed after it was applied.
   */
  status: 'none' | 'applied' | 'ignored' | 'lapsed';
  label: string;
  /** Who applied the label last. */
  by?: string;
  reason?: string;
  /** Kept in the sticky comment, so that later runs (a review, a re-run) know which commit the waiver covers. */
  record?: WaiverRecord;
}

export type Mode = 'enforce' | 'report';
export type Outcome = 'pass' | 'fail' | 'warn' | 'skip' | 'off';

export interface GateReport extends GateResult {
  title: string;
  level: Level;
  /** The gate's status after its level and the waiver: a failing gate at level `warn` is a `warn`. */
  outcome: Outcome;
  /** The gate failed, and an authorised waiver turned it into a warning. */
  waived?: boolean;
}

export interface Report {
  /** `error`: the run could not decide (bad policy, API failure). */
  result: 'pass' | 'fail' | 'skip' | 'error';
  mode: Mode;
  isVendor: boolean;
  vendorReasons: string[];
  profile?: string;
  pullRequest: { number?: number; url?: string; title: string; author: string; headSha: string; baseSha: string; baseRef: string };
  policy: PolicySource;
  /** The PR changes the policy file; its version was ignored. */
  policyChangedByPr: boolean;
  waiver: WaiverState;
  gates: GateReport[];
  failedGates: GateId[];
  /** Files changed and lines added plus deleted, for the history record. */
  size?: { files: number; lines: number };
  /** Why the run stopped early: not a vendor PR, a merge group, or the error. */
  reason?: string;
}

/** The first line of the sticky comment, by which vendor-gate finds its own comment again. */
export const COMMENT_MARKER = '<!-- vendor-gate -->';

export type StatusState = 'success' | 'failure' | 'error' | 'pending';
