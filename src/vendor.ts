import type { PullRequestFacts } from './facts/types.js';
import { identityMatches } from './match.js';
import { mergeGates } from './policy/load.js';
import type { IdentityMatcher, Policy, Profile } from './policy/types.js';

export interface VendorDecision {
  isVendor: boolean;
  /** Why the PR is a vendor PR, in words for the report: `login "acme-bob" matches "acme-*"`. */
  reasons: string[];
  /** The first profile whose matchers match, if any. */
  profile?: Profile;
}

const isTeam = (ref: string): boolean => ref.includes('/');

/** Whether any gate configuration, base or profile, asks for CODEOWNERS. */
export function needsCodeowners(policy: Policy): boolean {
  return policy.gates.review.codeowners || policy.profiles.some((p) => p.gates.review?.codeowners === true);
}

/** Whether the coverage gate runs for this PR: a vendor's, with the gate on in its effective gates. */
export function needsCoverage(policy: Policy, facts: PullRequestFacts): boolean {
  const vendor = detectVendor(policy, facts);
  return vendor.isVendor && mergeGates(policy.gates, vendor.profile?.gates).coverage.level !== 'off';
}

/** Every team the policy names anywhere, so that the facts layer reads each one's members once. */
export function policyTeams(policy: Policy): string[] {
  const protect = [policy.gates.access.protect, ...policy.profiles.map((p) => p.gates.access?.protect ?? [])].flat();
  const teams = [
    ...policy.vendors.teams,
    ...policy.profiles.flatMap((p) => p.match.teams),
    ...policy.reviewers.teams,
    ...protect.flatMap((rule) => rule.approvers.filter(isTeam)),
    ...policy.waiver.by.filter(isTeam),
  ];
  return [...new Set(teams.map((t) => t.toLowerCase()))];
}

export function inTeam(facts: Pick<PullRequestFacts, 'teamMembers'>, team: string, login: string): boolean {
  return facts.teamMembers[team.toLowerCase()]?.includes(login.toLowerCase()) ?? false;
}

export function commitEmails(facts: PullRequestFacts): string[] {
  const emails = facts.commits.flatMap((c) => [c.author.email, c.committer.email]).filter((e) => e !== '');
  return [...new Set(emails.map((e) => e.toLowerCase()))];
}

export function matchReasons(matcher: IdentityMatcher, facts: PullRequestFacts): string[] {
  const reasons: string[] = [];
  const login = facts.author.login;
  const users = matcher.users.find((glob) => identityMatches(glob, login));
  if (users) reasons.push(`author ${login} matches the login pattern "${users}"`);
  const team = matcher.teams.find((t) => inTeam(facts, t, login));
  if (team) reasons.push(`author ${login} is a member of the team ${team}`);
  for (const email of commitEmails(facts)) {
    const glob = matcher.emails.find((g) => identityMatches(g, email));
    if (glob) {
      reasons.push(`commit email ${email} matches "${glob}"`);
      break;
    }
  }
  const association = facts.author.association;
  if (association && matcher.associations.includes(association)) {
    reasons.push(`author association is ${association}`);
  }
  return reasons;
}

function namesAnyone(matcher: IdentityMatcher): boolean {
  return matcher.users.length + matcher.teams.length + matcher.emails.length + matcher.associations.length > 0;
}

export const EVERYONE_REASON = 'the policy names no vendors, so every pull request is checked';

/**
 * A PR is a vendor PR when its author matches `vendors` or any profile. A policy that names no one
 * (such as the built-in defaults) checks every PR: a gate that silently checks nothing helps no one.
 */
export function detectVendor(policy: Policy, facts: PullRequestFacts): VendorDecision {
  if (!namesAnyone(policy.vendors) && !policy.profiles.some((p) => namesAnyone(p.match))) {
    return { isVendor: true, reasons: [EVERYONE_REASON] };
  }
  const reasons = matchReasons(policy.vendors, facts);
  const { expected, listed } = facts.commitsListing;
  const emailsMatter = [policy.vendors, ...policy.profiles.map((p) => p.match)].some((m) => m.emails.length > 0);
  if (reasons.length === 0 && emailsMatter && listed < expected) {
    // Emails of commits GitHub did not list are unknown: treat the PR as a vendor's rather than wave it through.
    reasons.push(`GitHub listed only ${listed} of the ${expected} commits, so the emails of the others could not be checked`);
  }
  let profile: Profile | undefined;
  for (const candidate of policy.profiles) {
    const profileReasons = matchReasons(candidate.match, facts);
    if (profileReasons.length > 0) {
      profile = candidate;
      if (reasons.length === 0) reasons.push(...profileReasons.map((r) => `${r} (profile ${candidate.name})`));
      break;
    }
  }
  return { isVendor: reasons.length > 0, reasons, ...(profile ? { profile } : {}) };
}
