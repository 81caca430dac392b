import type { FactNeeds, IdentityFacts } from './facts/types.js';
import { mergeGates } from './policy/load.js';
import type { Gates, Policy } from './policy/types.js';
import { namesReviewers } from './reviews.js';
import { detectVendor, policyTeams, type VendorDecision } from './vendor.js';

/**
 * Decided once per run, from the policy and the identity facts: who the author is, which gates apply,
 * and what those gates need read. Everything downstream reads the plan instead of working it out again.
 */
export interface Plan {
  policy: Policy;
  vendor: VendorDecision;
  /** The gates after the defaults and the vendor's profile were applied. */
  gates: Gates;
  /** What the gates need beyond the identity facts; nothing for a PR that is not a vendor's. */
  needs: FactNeeds;
  /** Whether coverage reports are read (or downloaded): only when the effective coverage gate runs. */
  coverage: boolean;
}

export function makePlan(policy: Policy, identity: IdentityFacts): Plan {
  const vendor = detectVendor(policy, identity);
  const gates = mergeGates(policy.gates, vendor.profile?.gates);
  const reviewRuns = gates.review.level !== 'off';
  return {
    policy,
    vendor,
    gates,
    needs: {
      teams: vendor.isVendor ? policyTeams(policy) : [],
      codeowners: vendor.isVendor && reviewRuns && gates.review.codeowners,
      permissions: vendor.isVendor && !namesReviewers(policy),
    },
    coverage: vendor.isVendor && gates.coverage.level !== 'off',
  };
}
