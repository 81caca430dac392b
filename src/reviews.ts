import { isKnown, WRITE_ASSOCIATIONS, type CommitFact, type PullRequestFacts, type ReviewFact } from './facts/types.js';
import { noreplyLogin } from './identity.js';
import { identityMatches } from './match.js';
import type { Policy } from './policy/types.js';
import { inTeam } from './vendor.js';

export type SetAsideReason = 'vendor' | 'author' | 'committer' | 'co-author' | 'not-internal' | 'no-write-access' | 'stale';

export interface ReviewState {
  /** Logins whose approval counts towards `approvals`: internal, independent of the work, on the current head commit. */
  approvedBy: string[];
  /** Every independent approval of the head commit, internal or not: named approvers and code owners need not be listed reviewers. */
  independentApprovers: string[];
  setAside: Array<{ login: string; reason: SetAsideReason; commitId: string }>;
  /** Internal reviewers whose latest review requests changes: they block until they approve or are dismissed. */
  changesRequestedBy: string[];
  /** Why approvals are not known (a local check): every approval-dependent rule then says so instead of failing. */
  unknown?: string;
}

export const SET_ASIDE_TEXT: Record<SetAsideReason, string> = {
  vendor: 'a vendor account cannot approve vendor work',
  author: 'the author of a pull request cannot approve it',
  committer: 'this person wrote or committed a commit of this pull request',
  'co-author': 'this person is a co-author (Co-authored-by) of a commit of this pull request',
  'not-internal': 'not one of the internal reviewers of the policy',
  'no-write-access':
    'this account has no write access to the repository (the policy names no reviewers, so only approvals from people with write access count, as on GitHub)',
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
      (association !== undefined && m.associations.some((a) => a === association)),
  );
}


/** Whether the policy names its reviewers; when it does not, write access decides who is internal. */
export function namesReviewers(policy: Policy): boolean {
  return policy.reviewers.users.length + policy.reviewers.teams.length > 0;
}

/** Write access by association, or else by the permission GitHub reports (a private org member shows as CONTRIBUTOR). */
function hasWriteAccess(facts: PullRequestFacts, login: string, association: string | undefined): boolean {
  if (association !== undefined && WRITE_ASSOCIATIONS.includes(association)) return true;
  const permission = facts.permissions[login.toLowerCase()];
  return permission === 'admin' || permission === 'write';
}

function internalOrWhyNot(policy: Policy, facts: PullRequestFacts, login: string, association: string | undefined): SetAsideReason | undefined {
  if (!namesReviewers(policy)) return hasWriteAccess(facts, login, association) ? undefined : 'no-write-access';
  const { users, teams } = policy.reviewers;
  return users.some((glob) => identityMatches(glob, login)) || teams.some((team) => inTeam(facts, team, login)) ? undefined : 'not-internal';
}

/** People named in `Co-authored-by:` trailers, as logins: through noreply emails, or the emails of commits GitHub linked to an account. */
export function coAuthorLogins(commits: readonly CommitFact[]): Set<string> {
  const emailLogins = new Map<string, string>();
  for (const c of commits) {
    for (const person of [c.author, c.committer]) if (person.login) emailLogins.set(person.email.toLowerCase(), person.login.toLowerCase());
  }
  const logins = new Set<string>();
  for (const c of commits) {
    for (const match of c.message.matchAll(/^[ \t]*co-authored-by:[^<\n]*<([^>\n]+)>/gim)) {
      const email = (match[1] ?? '').trim().toLowerCase();
      const login = noreplyLogin(email) ?? emailLogins.get(email);
      if (login) logins.add(login.toLowerCase());
    }
  }
  return logins;
}

const DECISIVE: ReadonlySet<ReviewFact['state']> = new Set(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED']);

/**
 * How the reviews of a PR count. Only each person's latest decisive review counts (comments never
 * replace an approval, as on GitHub); approvals by vendors, the author or anyone who wrote,
 * committed or co-authored a commit of the PR are set aside, and so are approvals of an older head commit.
 */
export function reviewState(policy: Policy, facts: PullRequestFacts): ReviewState {
  const latest = new Map<string, ReviewFact>();
  if (!isKnown(facts.reviews)) return { approvedBy: [], independentApprovers: [], setAside: [], changesRequestedBy: [], unknown: facts.reviews.unknown };
  for (const review of [...facts.reviews].sort((a, b) => a.submittedAt.localeCompare(b.submittedAt))) {
    if (DECISIVE.has(review.state)) latest.set(review.login.toLowerCase(), review);
  }
  const committers = new Set(
    facts.commits
      .flatMap((c) => [c.author.login, c.committer.login, noreplyLogin(c.author.email), noreplyLogin(c.committer.email)])
      .filter((l) => l !== undefined)
      .map((l) => l.toLowerCase()),
  );
  const coAuthors = coAuthorLogins(facts.commits);
  const state: ReviewState = { approvedBy: [], independentApprovers: [], setAside: [], changesRequestedBy: [] };
  for (const review of latest.values()) {
    const { login } = review;
    const involvement: SetAsideReason | undefined = isVendorAccount(policy, facts, login, review.association)
      ? 'vendor'
      : login.toLowerCase() === facts.author.login.toLowerCase()
        ? 'author'
        : committers.has(login.toLowerCase())
          ? 'committer'
          : coAuthors.has(login.toLowerCase())
            ? 'co-author'
            : undefined;
    const notInternal = involvement === undefined ? internalOrWhyNot(policy, facts, login, review.association) : undefined;
    const internal = involvement === undefined && notInternal === undefined;
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
    else state.setAside.push({ login, reason: notInternal ?? 'not-internal', commitId: review.commitId });
  }
  return state;
}

/** The first independent approver of the head commit who matches one of `refs` (logins, globs or org/team). */
export function approvedByOneOf(state: ReviewState, facts: PullRequestFacts, refs: readonly string[]): string | undefined {
  return state.independentApprovers.find((login) => refs.some((ref) => matchesRef(facts, ref, login)));
}
