import { CODEOWNERS_PATHS, ownerRule, parseCodeowners, type Codeowners } from '../codeowners.js';
import { errorMessage, HeadMovedError } from '../errors.js';
import type { Client, RepoCoordinates } from '../github/client.js';
import { readBlobAt, readFileAt } from '../github/contents.js';
import {
  listPullRequestCommits,
  listPullRequestFiles,
  type PullRequestCommitData,
  type PullRequestData,
  type PullRequestFileData,
} from '../github/pulls.js';
import { listIssueEvents, listReviews, pullRequestsForCommit, repositoryPermission } from '../github/reviews.js';
import { listTeamMembers } from '../github/teams.js';
import { WRITE_ASSOCIATIONS, type ChangedFile, type CommitFact, type FactNeeds, type FileStatus, type IdentityFacts, type LabelEvent, type PullRequestFacts, type ReviewFact } from './types.js';

const FILE_STATUSES: readonly FileStatus[] = ['added', 'modified', 'removed', 'renamed', 'copied', 'changed', 'unchanged'];
const REVIEW_STATES: readonly ReviewFact['state'][] = ['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING'];

function fileStatus(status: string): FileStatus {
  return (FILE_STATUSES as readonly string[]).includes(status) ? (status as FileStatus) : 'changed';
}


async function readCodeowners(client: Client, coordinates: RepoCoordinates, baseSha: string): Promise<Codeowners | undefined> {
  for (const path of CODEOWNERS_PATHS) {
    const text = await readFileAt(client, coordinates, path, baseSha);
    if (text !== undefined) return parseCodeowners(text, path);
  }
  return undefined;
}

function owningTeams(codeowners: Codeowners | undefined, files: readonly ChangedFile[]): string[] {
  if (!codeowners) return [];
  const paths = files.flatMap((f) => (f.previousPath === undefined ? [f.path] : [f.path, f.previousPath]));
  return paths.flatMap((p) => ownerRule(codeowners, p)?.owners ?? []).filter((o) => o.startsWith('@') && o.includes('/')).map((o) => o.slice(1).toLowerCase());
}

/**
 * GitHub omits the patch of a binary file and of a large diff. A file that adds content without a
 * patch is read whole at the head commit, so that the secret scan and the licence-header check still
 * see it (or say they cannot).
 */
async function withContent(client: Client, coordinates: RepoCoordinates, headSha: string, file: ChangedFile): Promise<ChangedFile> {
  if (file.patch !== undefined || file.status === 'removed') return file;
  // A pure rename or copy adds nothing new.
  if ((file.status === 'renamed' || file.status === 'copied') && file.additions === 0) return file;
  const blob = await readBlobAt(client, coordinates, file.path, headSha);
  switch (blob.kind) {
    case 'text':
      return { ...file, content: blob.text, ...(blob.binary ? { binary: true } : {}) };
    case 'unreadable':
      return { ...file, unreadable: blob.reason };
  }
}

/** The commit a listed file belongs to, from GitHub's own `contents_url` (`…?ref=<sha>`). */
function fileRef(file: PullRequestFileData): string | undefined {
  try {
    return new URL(file.contents_url).searchParams.get('ref') ?? undefined;
  } catch {
    return undefined;
  }
}

/** Lists read by PR number follow the branch: if one of them already shows a newer head, the facts mix two commits. */
function assertOneHead(headSha: string, files: readonly PullRequestFileData[], commits: readonly PullRequestCommitData[], commitCount: number): void {
  // GitHub orders a PR's commits by date, which the author sets, so the head need not be the last one listed.
  if (commits.length === commitCount && commits.length > 0 && !commits.some((c) => c.sha === headSha)) {
    throw new HeadMovedError(headSha, commits.at(-1)?.sha ?? '');
  }
  const other = files.map(fileRef).find((ref) => ref !== undefined && /^[0-9a-f]{40}$/i.test(ref) && ref !== headSha);
  if (other !== undefined) throw new HeadMovedError(headSha, other);
}

function commitFact(c: PullRequestCommitData): CommitFact {
  return {
    sha: c.sha,
    message: c.commit.message,
    author: { name: c.commit.author?.name ?? '', email: c.commit.author?.email ?? '', ...(c.author?.login ? { login: c.author.login } : {}) },
    committer: {
      name: c.commit.committer?.name ?? '',
      email: c.commit.committer?.email ?? '',
      ...(c.committer?.login ? { login: c.committer.login } : {}),
    },
    parents: c.parents.length,
    // No verification object is no verified signature: the commits gate fails closed on it.
    verified: c.commit.verification?.verified === true,
  };
}

/** The identity facts, with the raw commit list kept for the head check of the second read. */
export interface Identity extends IdentityFacts {
  listedCommits?: PullRequestCommitData[];
}

/**
 * What decides whether the author is a vendor: the PR itself, the members of the teams that identify
 * vendors, and the commits only when commit emails can decide. A non-vendor PR is settled by this alone.
 */
export async function readIdentity(client: Client, coordinates: RepoCoordinates, pr: PullRequestData, needs: { teams: readonly string[]; commits: boolean }): Promise<Identity> {
  const [commits, members] = await Promise.all([
    needs.commits ? listPullRequestCommits(client, coordinates, pr.number) : Promise.resolve(undefined),
    Promise.all(needs.teams.map(async (team) => [team, await listTeamMembers(client, team)] as const)),
  ]);
  if (commits) assertOneHead(pr.head.sha, [], commits, pr.commits);
  const commitFacts = (commits ?? []).map(commitFact);
  return {
    author: { login: pr.user.login, association: pr.author_association },
    commits: commitFacts,
    // Unread commits are not "listed": past GitHub's cap, unseen emails make the PR a vendor's, which needs them listed.
    commitsListing: { expected: commits ? pr.commits : 0, listed: commitFacts.length },
    teamMembers: Object.fromEntries(members),
    ...(commits ? { listedCommits: commits } : {}),
  };
}

/** Everything else the gates of a vendor PR need, each list paginated to the end, read in parallel. */
export async function readPullRequest(client: Client, coordinates: RepoCoordinates, pr: PullRequestData, identity: Identity, needs: FactNeeds): Promise<PullRequestFacts> {
  const [files, commits, reviews, events, codeowners] = await Promise.all([
    listPullRequestFiles(client, coordinates, pr.number),
    identity.listedCommits ? Promise.resolve(identity.listedCommits) : listPullRequestCommits(client, coordinates, pr.number),
    listReviews(client, coordinates, pr.number),
    listIssueEvents(client, coordinates, pr.number),
    needs.codeowners ? readCodeowners(client, coordinates, pr.base.sha) : Promise.resolve(undefined),
  ]);
  assertOneHead(pr.head.sha, files, commits, pr.commits);
  const changed: ChangedFile[] = files.map((f) => ({
    path: f.filename,
    ...(f.previous_filename ? { previousPath: f.previous_filename } : {}),
    status: fileStatus(f.status),
    additions: f.additions,
    deletions: f.deletions,
    ...(f.patch !== undefined ? { patch: f.patch } : {}),
  }));
  const commitFacts = commits.map(commitFact);
  const teamMembers: Record<string, string[]> = { ...identity.teamMembers };
  const teamErrors: Record<string, string> = {};
  const policyTeams = new Set(needs.teams.filter((t) => teamMembers[t] === undefined));
  const ownerTeams = owningTeams(codeowners, changed).filter((t) => !policyTeams.has(t) && teamMembers[t] === undefined);
  const reviewFacts: ReviewFact[] = reviews.flatMap((r) =>
    r.user && (REVIEW_STATES as readonly string[]).includes(r.state)
      ? [{ login: r.user.login, state: r.state as ReviewFact['state'], commitId: r.commit_id ?? '', submittedAt: r.submitted_at ?? '', association: r.author_association }]
      : [],
  );
  // Only reviews that can approve or block need a write-access check, and only when the association does not show it.
  const unsure = needs.permissions
    ? [...new Set(reviewFacts.filter((r) => (r.state === 'APPROVED' || r.state === 'CHANGES_REQUESTED') && !WRITE_ASSOCIATIONS.includes(r.association ?? '')).map((r) => r.login.toLowerCase()))]
    : [];
  const [permissions] = await Promise.all([
    Promise.all(unsure.map(async (login) => [login, await repositoryPermission(client, coordinates, login)] as const)),
    ...[...policyTeams].map(async (team) => {
      teamMembers[team] = await listTeamMembers(client, team);
    }),
    // A CODEOWNERS team that cannot be read only makes its files unapprovable, as on GitHub.
    ...[...new Set(ownerTeams)].map(async (team) => {
      try {
        teamMembers[team] = await listTeamMembers(client, team);
      } catch (error) {
        teamErrors[team] = errorMessage(error);
      }
    }),
  ]);
  const labelEvents: LabelEvent[] = events.flatMap((e) =>
    (e.event === 'labeled' || e.event === 'unlabeled') && 'label' in e && 'actor' in e
      ? [{ action: e.event, label: e.label.name, actor: e.actor.login, createdAt: e.created_at }]
      : [],
  );
  return {
    number: pr.number,
    url: pr.html_url,
    title: pr.title,
    body: pr.body ?? '',
    hasDescription: true,
    author: identity.author,
    baseRef: pr.base.ref,
    baseSha: pr.base.sha,
    headSha: pr.head.sha,
    draft: pr.draft ?? false,
    labels: pr.labels.map((l) => l.name),
    additions: pr.additions,
    deletions: pr.deletions,
    files: changed,
    filesListing: { expected: pr.changed_files, listed: changed.length },
    commits: commitFacts,
    commitsListing: { expected: pr.commits, listed: commitFacts.length },
    teamMembers,
    teamErrors,
    reviews: reviewFacts,
    permissions: Object.fromEntries(permissions),
    labelEvents,
    ...(codeowners ? { codeowners } : {}),
  };
}

/** The open pull request whose head is `sha`: how a workflow_run from a fork, which names none, finds its PR. */
export async function openPullRequestOfCommit(client: Client, coordinates: RepoCoordinates, sha: string): Promise<number | undefined> {
  const pulls = await pullRequestsForCommit(client, coordinates, sha);
  return pulls.find((p) => p.state === 'open' && p.head.sha === sha)?.number;
}

/** Other open pull requests with the same head commit, which share its commit status. */
export async function pullRequestsSharingHead(client: Client, coordinates: RepoCoordinates, sha: string, number: number): Promise<Array<{ number: number; baseRef: string }>> {
  const pulls = await pullRequestsForCommit(client, coordinates, sha);
  return pulls.filter((p) => p.state === 'open' && p.head.sha === sha && p.number !== number).map((p) => ({ number: p.number, baseRef: p.base.ref }));
}

/** Reads the files whose patch GitHub omitted, for the secret scan and the licence headers of a vendor PR. */
export async function withOmittedContents(client: Client, coordinates: RepoCoordinates, facts: PullRequestFacts): Promise<PullRequestFacts> {
  return { ...facts, files: await Promise.all(facts.files.map((f) => withContent(client, coordinates, facts.headSha, f))) };
}
