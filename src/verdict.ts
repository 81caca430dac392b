import type { CoverageInput } from './coverage/types.js';
import type { PullRequestFacts } from './facts/types.js';
import { GATES } from './gates/index.js';
import type { GateResult } from './gates/types.js';
import type { Level, Policy, PolicySource } from './policy/types.js';
import { reviewState } from './reviews.js';
import { pathSecretValues } from './secrets/hostile.js';
import { scanText } from './secrets/scanner.js';
import { scrubText } from './secrets/redact.js';
import { makePlan, type Plan } from './plan.js';
import { waivable, waiverState } from './waiver.js';
import type { GateReport, Mode, Outcome, Report } from './model.js';

export interface EvaluateOptions {
  mode: Mode;
  now: Date;
  /** Run the gates even when the author is not a vendor (the local command does: its author is unknown). */
  forceGates?: boolean;
  /** The coverage reports, or why there are none; read by the coverage gate. */
  coverage?: CoverageInput;
  /** Secrets in the title, when the caller already scanned it (to mask them before anything else). */
  titleSecrets?: readonly string[];
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

/** Every string in a JSON-like value, with each secret replaced by its redacted preview. */
function scrub<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === 'string') return scrubText(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => scrub(v, secrets)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, secrets)])) as T;
  }
  return value;
}

export interface Evaluation {
  report: Report;
  /** Raw secret values, only for `core.setSecret`: they never enter the report. */
  secrets: string[];
}

/** Decides the whole run from facts and policy: pure, so both the action and the CLI share it. */
export function evaluate(facts: PullRequestFacts, policy: Policy, source: PolicySource, options: EvaluateOptions): Report {
  return evaluatePlan(facts, makePlan(policy, facts), source, options).report;
}

/** The report of a PR whose author is not a vendor: decided from the identity facts alone, before anything else is read. */
export function notVendorReport(pullRequest: Report['pullRequest'], plan: Plan, source: PolicySource, mode: Mode): Report {
  return {
    result: 'skip',
    mode,
    isVendor: false,
    vendorReasons: plan.vendor.reasons,
    pullRequest,
    policy: source,
    policyChangedByPr: false,
    waiver: { status: 'none', label: plan.policy.waiver.label },
    gates: [],
    failedGates: [],
    reason: 'not a vendor PR',
  };
}

/**
 * Runs the gates of the plan, plus the raw secret values found. They leave the pure core only through
 * this return value, never through the report, so no renderer can ever print one; the report is also scrubbed.
 */
export function evaluatePlan(facts: PullRequestFacts, plan: Plan, source: PolicySource, options: EvaluateOptions): Evaluation {
  const { policy, vendor, gates } = plan;
  // The title is in every report, even one that runs no gate; file names are in the findings of every gate, whatever the secrets gate's level.
  const titleSecrets = options.titleSecrets ?? scanText(facts.title).map((m) => m.value);
  const secrets = new Set([...titleSecrets, ...pathSecretValues(facts.files.flatMap((f) => [f.path, f.previousPath]))]);
  const finish = (report: Report): Evaluation => ({ report: scrub(report, [...secrets]), secrets: [...secrets] });
  const base = {
    mode: options.mode,
    isVendor: vendor.isVendor,
    vendorReasons: vendor.reasons,
    ...(vendor.profile ? { profile: vendor.profile.name } : {}),
    pullRequest: pullRequestSummary(facts),
    policy: source,
    policyChangedByPr: source.path !== '' && facts.files.some((f) => f.path === source.path || f.previousPath === source.path),
    waiver: waiverState(policy, facts),
  };
  if (!vendor.isVendor && !options.forceGates) {
    return finish({ ...base, result: 'skip', gates: [], failedGates: [], reason: 'not a vendor PR' });
  }
  const context = {
    facts,
    gates,
    reviews: reviewState(policy, facts),
    policyPath: source.path,
    now: options.now,
    ...(vendor.profile ? { profile: vendor.profile } : {}),
    ...(vendor.profileConflict ? { profileConflict: vendor.profileConflict } : {}),
    ...(options.coverage ? { coverage: options.coverage } : {}),
  };
  const reports: GateReport[] = GATES.map(({ id, title, run }) => {
    const level = gates[id].level;
    if (level === 'off') {
      return { id, title, level, outcome: 'off', status: 'skip', summary: 'turned off in the policy', findings: [], notes: [] };
    }
    const { secretValues, ...gateResult } = run(context);
    for (const value of secretValues ?? []) secrets.add(value);
    const gateOutcome = outcome(gateResult.status, level);
    if (gateOutcome === 'fail' && base.waiver.status === 'applied' && waivable(policy, id)) {
      return { ...gateResult, title, level, outcome: 'warn', waived: true };
    }
    return { ...gateResult, title, level, outcome: gateOutcome };
  });
  const failedGates = reports.filter((r) => r.outcome === 'fail').map((r) => r.id);
  const size = { files: facts.filesListing.expected, lines: facts.files.reduce((n, f) => n + f.additions + f.deletions, 0) };
  return finish({ ...base, result: failedGates.length > 0 ? 'fail' : 'pass', gates: reports, failedGates, size });
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
    waiver: { status: 'none', label: '' },
    gates: [],
    failedGates: [],
    reason: message,
  };
}
