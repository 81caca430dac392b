import type { PullRequestFacts, WaiverRecord } from './facts/types.js';
import type { WaiverState } from './model.js';
import type { Policy } from './policy/types.js';
import { isVendorAccount, matchesRef } from './reviews.js';

const LOGIN = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\\[bot\\])?';
const RECORD_PATTERN = new RegExp(`^<!-- vendor-gate:waiver sha=([0-9a-f]{40}) by=(${LOGIN}) -->$`, 'm');

/** The hidden line of the sticky comment that carries the record; user text in the comment is escaped, so it can never forge one. */
export function waiverRecordLine(record: WaiverRecord): string | undefined {
  const line = `<!-- vendor-gate:waiver sha=${record.sha} by=${record.by} -->`;
  return RECORD_PATTERN.test(line) ? line : undefined;
}

export function parseWaiverRecord(commentBody: string): WaiverRecord | undefined {
  const match = RECORD_PATTERN.exec(commentBody);
  return match?.[1] && match[2] ? { sha: match[1], by: match[2] } : undefined;
}

/**
 * The waiver label counts only when its latest `labeled` event came from someone in `waiver.by`
 * who is not a vendor (whoever can add labels must not be able to waive the gate), and only for
 * the head commit they saw then: GitHub's own event payload says which, never a commit date.
 */
export function waiverState(policy: Policy, facts: PullRequestFacts): WaiverState {
  const label = policy.waiver.label;
  const same = (name: string) => name.toLowerCase() === label.toLowerCase();
  if (!facts.labels.some(same)) return { status: 'none', label };
  const applied = facts.labelEvents.filter((e) => e.action === 'labeled' && same(e.label)).at(-1);
  if (!applied) return { status: 'ignored', label, reason: 'GitHub does not say who applied the label' };
  const by = applied.actor;
  if (isVendorAccount(policy, facts, by) || by.toLowerCase() === facts.author.login.toLowerCase()) {
    return { status: 'ignored', label, by, reason: `${by} is a vendor or the author of this pull request, who may not waive it` };
  }
  if (!policy.waiver.by.some((ref) => matchesRef(facts, ref, by))) {
    return {
      status: 'ignored',
      label,
      by,
      reason: policy.waiver.by.length === 0 ? 'the policy names nobody who may waive (waiver.by)' : `${by} is not one of ${policy.waiver.by.join(', ')}`,
    };
  }
  const record = facts.waiverRecord;
  if (record?.by.toLowerCase() !== by.toLowerCase()) {
    return {
      status: 'ignored',
      label,
      by,
      reason: `vendor-gate did not run when ${by} applied it, so it cannot tell which commit ${by} reviewed (the workflow must run on the "labeled" event)`,
    };
  }
  if (record.sha !== facts.headSha) {
    return {
      status: 'lapsed',
      label,
      by,
      record,
      reason: `${by} applied it when the latest commit was ${record.sha.slice(0, 7)}, and new commits were pushed after that`,
    };
  }
  return { status: 'applied', label, by, record };
}

/** Secret findings stay failures unless the policy says otherwise: a waived leak is still a live key. */
export function waivable(policy: Policy, gate: string): boolean {
  return gate !== 'secrets' || policy.waiver.secrets;
}
