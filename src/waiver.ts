import type { PullRequestFacts } from './facts/types.js';
import type { Policy } from './policy/types.js';
import { isVendorAccount, matchesRef } from './reviews.js';

export interface WaiverState {
  /** `applied`: failures become warnings. `ignored`: the label is there, but nobody authorised applied it. */
  status: 'none' | 'applied' | 'ignored';
  label: string;
  /** Who applied the label last. */
  by?: string;
  reason?: string;
}

/**
 * The waiver label counts only when its latest `labeled` event came from someone in `waiver.by`
 * who is not a vendor: whoever can add labels must not be able to waive the gate.
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
  return { status: 'applied', label, by };
}

/** Secret findings stay failures unless the policy says otherwise: a waived leak is still a live key. */
export function waivable(policy: Policy, gate: string): boolean {
  return gate !== 'secrets' || policy.waiver.secrets;
}
