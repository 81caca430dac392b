import type { PullRequestFacts, ReviewFact } from './facts/types.js';
import { identityMatches } from './match.js';
import type { Policy } from './policy/types.js';
import { inTeam } from './vendor.js';

export type SetAsideReason = 'vendor' | 'author' | 'committer' | 'not-internal' | 'stale';

export interface ReviewState {
  /** Logins whose approval counts towards `approvals`: internal, independent of the work, on the current head commit. */
  approvedBy: string[];
  /** Every independent approval of the head commit, internal or not: named approvers and code owners need not be listed reviewers. */
  independentApprovers: string[];
  setAside: Array<{ login: string; reason: SetAsideReason; commitId: string }>;
  /** Internal reviewers whose latest review requests changes: they block until they approve or are dismissed. */
  changesRequestedBy: string[];
}

export const SET_ASIDE_TEXT: Record<SetAsideReason, string> = {
  vendor: 'a vendor account cannot approve vendor work',
  author: 'the author of a pull request cannot approve it',
  committer: 'this person wrote or committed a commit of this pull request',
  'not-internal': 'not one of the internal reviewers of the policy',
  stale: 'it was made on an older commit, and only approvals of the latest commit count',
};

/** Whether `login` matches a login glob or is a member of an `org/team` reference. */
export function matchesRef(facts: Pick<PullRequestFacts, 'teamMembers'>, ref: string, login: string): boolean {
  return ref.includes('/') ? inTeam(facts, ref, login) : identityMatches(ref.replace(/^@/, ''), login);
}

/** A vendor account by login, team or association; emails are only known for commits. */
export function isVendorAccount(policy: Policy, facts: PullRequestFacts, login: string, association?: string): boolean {
  return [policy.vendors, ...policy.profiles.map((p) => p.match)].some(
    (m) =>
      m.users.some((glob) => identityMatches(glob, login)) ||
      m.teams.some((team) => inTeam(facts, team, login)) ||
      (association !== undefined && m.associations.includes(association)),
  );
}

function isInternal(policy: Policy, facts: PullRequestFacts, login: string): boolean {
  const { users, teams } = policy.reviewers;
  if (users.length === 0 && teams.length === 0) return true;
  return users.some((glob) => identityMatches(glob, login)) || teams.some((team) => inTeam(facts, team, login));
}

/** GitHub's private commit emails name the account: `123+login@users.noreply.github.com`. */
export function noreplyLogin(email: string): string | undefined {
  return /^(?:\d+\+)?([^@+]+)@users\.noreply\.github\.com$/i.exec(email)?.[1];
}

const DECISIVE: ReadonlySet<ReviewFact['state']> = new Set(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED']);

/**
 * How the reviews of a PR count. Only each person's latest decisive review counts (comments never
 * replace an approval, as on GitHub); approvals by vendors, the author or anyone who wrote or
 * committed a commit of the PR are set aside, and so are approvals of an older head commit.
 */
export function reviewState(policy: Policy, facts: PullRequestFacts): ReviewState {
  const latest = new Map<string, ReviewFact>();
  for (const review of [...facts.reviews].sort((a, b) => a.submittedAt.localeCompare(b.submittedAt))) {
    if (DECISIVE.has(review.state)) latest.set(review.login.toLowerCase(), review);
  }
  const committers = new Set(
    facts.commits
      .flatMap((c) => [c.author.login, c.committer.login, noreplyLogin(c.author.email), noreplyLogin(c.committer.email)])
      .filter((l) => l !== undefined)
      .map((l) => l.toLowerCase()),
  );
  const state: ReviewState = { approvedBy: [], independentApprovers: [], setAside: [], changesRequestedBy: [] };
  for (const review of latest.values()) {
    const { login } = review;
    const involvement: SetAsideReason | undefined = isVendorAccount(policy, facts, login, review.association)
      ? 'vendor'
      : login.toLowerCase() === facts.author.login.toLowerCase()
        ? 'author'
        : committers.has(login.toLowerCase())
          ? 'committer'
          : undefined;
    const internal = involvement === undefined && isInternal(policy, facts, login);
    if (review.state === 'CHANGES_REQUESTED') {
      if (internal) state.changesRequestedBy.push(login);
      continue;
    }
    if (review.state !== 'APPROVED') continue;
    const reason = involvement ?? (review.commitId === facts.headSha ? undefined : 'stale');
    if (reason !== undefined) {
      state.setAside.push({ login, reason, commitId: review.commitId });
      continue;
    }
    state.independentApprovers.push(login);
    if (internal) state.approvedBy.push(login);
    else state.setAside.push({ login, reason: 'not-internal', commitId: review.commitId });
  }
  return state;
}

/** The first independent approver of the head commit who matches one of `refs` (logins, globs or org/team). */
export function approvedByOneOf(state: ReviewState, facts: PullRequestFacts, refs: readonly string[]): string | undefined {
  return state.independentApprovers.find((login) => refs.some((ref) => matchesRef(facts, ref, login)));
}
