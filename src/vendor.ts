import type { IdentityFacts } from './facts/types.js';
import { identityMatches } from './match.js';
import type { IdentityMatcher, Policy, Profile } from './policy/types.js';

export interface VendorDecision {
  isVendor: boolean;
  /** Why the PR is a vendor PR, in words for the report: `login "acme-bob" matches "acme-*"`. */
  reasons: string[];
  /** The profile that applies: the first matched by the author's account, else the only one matched by commit emails. */
  profile?: Profile;
  /** Profiles that commit emails match when no account match decides between them: the contract is undecided. */
  profileConflict?: string[];
}

const isTeam = (ref: string): boolean => ref.includes('/');

/** The teams that decide whether the author is a vendor, and which profile applies: read before anything else. */
export function identityTeams(policy: Policy): string[] {
  return [...new Set([...policy.vendors.teams, ...policy.profiles.flatMap((p) => p.match.teams)].map((t) => t.toLowerCase()))];
}

/** Whether commit emails can make a PR a vendor's or choose its profile, so that the commits must be read to decide. */
export function emailsDecide(policy: Policy): boolean {
  return [policy.vendors, ...policy.profiles.map((p) => p.match)].some((m) => m.emails.length > 0);
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

export function inTeam(facts: Pick<IdentityFacts, 'teamMembers'>, team: string, login: string): boolean {
  return facts.teamMembers[team.toLowerCase()]?.includes(login.toLowerCase()) ?? false;
}

export function commitEmails(facts: Pick<IdentityFacts, 'commits'>): string[] {
  const emails = facts.commits.flatMap((c) => [c.author.email, c.committer.email]).filter((e) => e !== '');
  return [...new Set(emails.map((e) => e.toLowerCase()))];
}

/** Matches by what GitHub vouches for and the vendor cannot forge: login, team membership, association. */
export function accountReasons(matcher: IdentityMatcher, facts: IdentityFacts): string[] {
  const reasons: string[] = [];
  const login = facts.author.login;
  const users = matcher.users.find((glob) => identityMatches(glob, login));
  if (users) reasons.push(`author ${login} matches the login pattern "${users}"`);
  const team = matcher.teams.find((t) => inTeam(facts, t, login));
  if (team) reasons.push(`author ${login} is a member of the team ${team}`);
  const association = facts.author.association;
  if (association && matcher.associations.some((a) => a === association)) {
    reasons.push(`author association is ${association}`);
  }
  return reasons;
}

/** Matches by commit emails, which whoever makes the commit writes: a hint, never proof. */
export function emailReasons(matcher: IdentityMatcher, facts: IdentityFacts): string[] {
  for (const email of commitEmails(facts)) {
    const glob = matcher.emails.find((g) => identityMatches(g, email));
    if (glob) return [`commit email ${email} matches "${glob}"`];
  }
  return [];
}

export function matchReasons(matcher: IdentityMatcher, facts: IdentityFacts): string[] {
  return [...accountReasons(matcher, facts), ...emailReasons(matcher, facts)];
}

function namesAnyone(matcher: IdentityMatcher): boolean {
  return matcher.users.length + matcher.teams.length + matcher.emails.length + matcher.associations.length > 0;
}

export const EVERYONE_REASON = 'the policy names no vendors, so every pull request is checked';

/**
 * A PR is a vendor PR when its author matches `vendors` or any profile. A policy that names no one
 * (such as the built-in defaults) checks every PR: a gate that silently checks nothing helps no one.
 *
 * The profile is chosen by the author's account (login, team, association) first. Commit emails,
 * which the vendor writes, choose a profile only when nothing about the account identifies a vendor;
 * emails of two vendors then leave the contract undecided rather than letting the vendor pick.
 */
export function detectVendor(policy: Policy, facts: IdentityFacts): VendorDecision {
  if (!namesAnyone(policy.vendors) && !policy.profiles.some((p) => namesAnyone(p.match))) {
    return { isVendor: true, reasons: [EVERYONE_REASON] };
  }
  const byAccount = accountReasons(policy.vendors, facts);
  const reasons = [...byAccount, ...emailReasons(policy.vendors, facts)];
  const { expected, listed } = facts.commitsListing;
  if (reasons.length === 0 && emailsDecide(policy) && listed < expected) {
    // Emails of commits GitHub did not list are unknown: treat the PR as a vendor's rather than wave it through.
    reasons.push(`GitHub listed only ${listed} of the ${expected} commits, so the emails of the others could not be checked`);
  }
  const profileByAccount = policy.profiles.find((p) => accountReasons(p.match, facts).length > 0);
  const byEmail = policy.profiles.filter((p) => emailReasons(p.match, facts).length > 0);
  const describe = (candidate: Profile, found: string[]) => found.map((r) => `${r} (profile ${candidate.name})`);
  if (profileByAccount) {
    if (reasons.length === 0) reasons.push(...describe(profileByAccount, accountReasons(profileByAccount.match, facts)));
    return { isVendor: true, reasons, profile: profileByAccount };
  }
  const [onlyEmailProfile, ...otherEmailProfiles] = byEmail;
  if (onlyEmailProfile === undefined) return { isVendor: reasons.length > 0, reasons };
  if (byAccount.length > 0) {
    // The account is a vendor's without a profile: an email must not move it to another (maybe laxer) profile.
    reasons.push(`commit emails match the profile ${byEmail.map((p) => p.name).join(', ')}, which is not applied: a profile is chosen by login, team or association first, and this author's account selects none`);
    return { isVendor: true, reasons };
  }
  if (otherEmailProfiles.length > 0) {
    reasons.push(...byEmail.flatMap((p) => describe(p, emailReasons(p.match, facts))));
    return { isVendor: true, reasons, profileConflict: byEmail.map((p) => p.name) };
  }
  if (reasons.length === 0) reasons.push(...describe(onlyEmailProfile, emailReasons(onlyEmailProfile.match, facts)));
  return { isVendor: true, reasons, profile: onlyEmailProfile };
}
