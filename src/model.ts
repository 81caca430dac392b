// The shapes every stage passes on: the decision of a run and how it is published. Types only, so
// that any module may use them without depending on the code that produces them.
import type { WaiverRecord } from './facts/types.js';
import type { GateResult } from './gates/types.js';
import type { GateId, Level, PolicySource } from './policy/types.js';

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
  /** Why the run stopped early: not a vendor PR, a merge group, or the error. */
  reason?: string;
}

/** The first line of the sticky comment, by which vendor-gate finds its own comment again. */
export const COMMENT_MARKER = '<!-- vendor-gate -->';

export type StatusState = 'success' | 'failure' | 'error' | 'pending';
