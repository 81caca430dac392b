import type { Codeowners } from '../codeowners.js';

/** Everything the gates may know about a pull request, from GitHub or from local git. */

export type FileStatus = 'added' | 'modified' | 'removed' | 'renamed' | 'copied' | 'changed' | 'unchanged';

export interface ChangedFile {
  path: string;
  /** Set for renames and copies: the path before the change. */
  previousPath?: string;
  status: FileStatus;
  additions: number;
  deletions: number;
  /** The file's unified diff hunks; absent when GitHub omits them (binary or very large files). */
  patch?: string;
  /** Set when the file's own bytes have a NUL in their first 8,000 (git's test); it is still scanned for secrets. */
  binary?: boolean;
  /** The whole file at the head commit (decoded as UTF-8), read because GitHub omitted the patch (a binary file, a large diff). */
  content?: string;
  /** Why the file's change could not be read (too large, unreadable): the secret scan and the licence-header check fail closed. */
  unreadable?: string;
}

export interface Person {
  name: string;
  email: string;
  /** GitHub login, when GitHub could link the email to an account. */
  login?: string;
}

export interface CommitFact {
  sha: string;
  message: string;
  author: Person;
  committer: Person;
  /** How many parents the commit has: a merge commit has two or more. */
  parents: number;
  /** GitHub's `commit.verification.verified`: a signature GitHub checked (its own, for commits made on github.com). Unknown locally. */
  verified: boolean | Unknown;
}

export interface ListCompleteness {
  /** How many items GitHub says there are. */
  expected: number;
  /** How many were actually listed (GitHub stops at 3,000 files and 250 commits). */
  listed: number;
}

/** A fact this source cannot know (local git knows no reviews), with the reason: each gate decides what that means. */
export interface Unknown {
  unknown: string;
}

export function isKnown<T>(value: T | Unknown): value is T {
  return !(typeof value === 'object' && value !== null && 'unknown' in value);
}

export interface PullRequestFacts {
  /** Absent for a local `vendor-gate check`. */
  number?: number;
  url?: string;
  title: string;
  body: string;
  /** False locally when no title/body was given: the description gate then skips. */
  hasDescription: boolean;
  author: { login: string; association?: string };
  baseRef: string;
  baseSha: string;
  headSha: string;
  draft: boolean;
  labels: string[];
  /** Lines added and deleted over the whole PR, including files beyond the listing limit. */
  additions: number;
  deletions: number;
  files: ChangedFile[];
  filesListing: ListCompleteness;
  commits: CommitFact[];
  commitsListing: ListCompleteness;
  /** Members (lowercased logins) of every team the policy names, and of CODEOWNERS teams owning changed files; keys are lowercased `org/team`. */
  teamMembers: Record<string, string[]>;
  /** CODEOWNERS teams whose members could not be read, with the reason. */
  teamErrors: Record<string, string>;
  /** Unknown locally: approvals exist only on GitHub. */
  reviews: ReviewFact[] | Unknown;
  /** Repository permission (`admin`, `write`, `read`, `none`, `unknown`) of reviewers whose association does not show write access; keys are lowercased logins. Read only when the policy names no reviewers. */
  permissions: Record<string, string>;
  /** `labeled` and `unlabeled` events of the PR, oldest first. */
  labelEvents: LabelEvent[];
  /** Which head commit the person who applied the waiver label saw: from this run's `labeled` event, or recorded in the sticky comment by an earlier run. */
  waiverRecord?: WaiverRecord;
  /** CODEOWNERS of the base branch, when the review gate asks for it and one exists. */
  codeowners?: Codeowners;
}

/** What decides whether the author is a vendor, and which profile applies: read first, so that a non-vendor PR costs a few requests. */
export type IdentityFacts = Pick<PullRequestFacts, 'author' | 'commits' | 'commitsListing' | 'teamMembers'>;

/** What the gates of a vendor PR need read beyond the identity facts. */
export interface FactNeeds {
  /** Teams the policy names: a team that cannot be read stops the run (fail closed). */
  teams: readonly string[];
  /** Whether the effective review gate asks for CODEOWNERS. */
  codeowners: boolean;
  /** Whether reviewers' write access decides who is internal (the policy names no reviewers). */
  permissions: boolean;
}

/** Associations that GitHub gives only to people the repository trusts with its code. */
export const WRITE_ASSOCIATIONS: readonly string[] = ['OWNER', 'MEMBER', 'COLLABORATOR'];

export interface ReviewFact {
  login: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  /** The head commit the review was made on. */
  commitId: string;
  submittedAt: string;
  association?: string;
}

/** The head commit that a person saw when they applied the waiver label. */
export interface WaiverRecord {
  sha: string;
  by: string;
}

export interface LabelEvent {
  action: 'labeled' | 'unlabeled';
  label: string;
  actor: string;
  createdAt: string;
}
