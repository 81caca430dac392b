import type { CoverageInput } from './coverage/types.js';
import type { PullRequestFacts } from './facts/types.js';
import { GATES } from './gates/index.js';
import type { GateResult } from './gates/types.js';
import { mergeGates } from './policy/load.js';
import type { GateId, Level, Policy, PolicySource } from './policy/types.js';
import { detectVendor } from './vendor.js';

export type Mode = 'enforce' | 'report';
export type Outcome = 'pass' | 'fail' | 'warn' | 'skip' | 'off';

export interface GateReport extends GateResult {
  title: string;
  level: Level;
  /** The gate's status after its level: a failing gate at level `warn` is a `warn`. */
  outcome: Outcome;
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
  gates: GateReport[];
  failedGates: GateId[];
  /** Why the run stopped early: not a vendor PR, a merge group, or the error. */
  reason?: string;
}

export interface EvaluateOptions {
  mode: Mode;
  now: Date;
  /** Run the gates even when the author is not a vendor (the local command does: its author is unknown). */
  forceGates?: boolean;
  /** The coverage reports, or why there are none; read by the coverage gate. */
  coverage?: CoverageInput;
}

function outcome(status: GateResult['status'], level: Level): Outcome {
  if (level === 'off') return 'off';
  if (status === 'fail') return level === 'warn' ? 'warn' : 'fail';
  return status;
}

export function pullRequestSummary(facts: PullRequestFacts): Report['pullRequest'] {
  return {
    ...(facts.number !== undefined ? { number: facts.number } : {}),
    ...(facts.url !== undefined ? { url: facts.url } : {}),
    title: facts.title,
    author: facts.author.login,
    headSha: facts.headSha,
    baseSha: facts.baseSha,
    baseRef: facts.baseRef,
  };
}

/** Decides the whole run from facts and policy: pure, so both the action and the CLI share it. */
export function evaluate(facts: PullRequestFacts, policy: Policy, source: PolicySource, options: EvaluateOptions): Report {
  const vendor = detectVendor(policy, facts);
  const base = {
    mode: options.mode,
    isVendor: vendor.isVendor,
    vendorReasons: vendor.reasons,
    ...(vendor.profile ? { profile: vendor.profile.name } : {}),
    pullRequest: pullRequestSummary(facts),
    policy: source,
    policyChangedByPr: source.path !== '' && facts.files.some((f) => f.path === source.path || f.previousPath === source.path),
  };
  if (!vendor.isVendor && !options.forceGates) {
    return { ...base, result: 'skip', gates: [], failedGates: [], reason: 'not a vendor PR' };
  }
  const gates = mergeGates(policy.gates, vendor.profile?.gates);
  const context = {
    facts,
    gates,
    policyPath: source.path,
    now: options.now,
    ...(vendor.profile ? { profile: vendor.profile } : {}),
    ...(options.coverage ? { coverage: options.coverage } : {}),
  };
  const reports: GateReport[] = GATES.map(({ id, title, run }) => {
    const level = gates[id].level;
    if (level === 'off') {
      return { id, title, level, outcome: 'off', status: 'skip', summary: 'turned off in the policy', findings: [], notes: [] };
    }
    const gateResult = run(context);
    return { ...gateResult, title, level, outcome: outcome(gateResult.status, level) };
  });
  const failedGates = reports.filter((r) => r.outcome === 'fail').map((r) => r.id);
  return { ...base, result: failedGates.length > 0 ? 'fail' : 'pass', gates: reports, failedGates };
}

/** Whether the job and the commit status must fail: never in `report` mode. */
export function blocks(report: Report): boolean {
  return report.mode === 'enforce' && (report.result === 'fail' || report.result === 'error');
}

/** The report of a run that could not decide: a bad policy, a missing permission, an API failure. */
export function errorReport(pullRequest: Report['pullRequest'], policy: PolicySource, mode: Mode, message: string): Report {
  return {
    result: 'error',
    mode,
    isVendor: false,
    vendorReasons: [],
    pullRequest,
    policy,
    policyChangedByPr: false,
    gates: [],
    failedGates: [],
    reason: message,
  };
}
