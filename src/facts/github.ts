import type { Client, RepoCoordinates } from '../github/client.js';
import { readBlobAt } from '../github/contents.js';
import { listPullRequestCommits, listPullRequestFiles, type PullRequestData } from '../github/pulls.js';
import type { TeamMembership } from '../github/teams.js';
import type { ChangedFile, CommitFact, FileStatus, PullRequestFacts } from './types.js';

const FILE_STATUSES: readonly FileStatus[] = ['added', 'modified', 'removed', 'renamed', 'copied', 'changed', 'unchanged'];

function fileStatus(status: string): FileStatus {
  return (FILE_STATUSES as readonly string[]).includes(status) ? (status as FileStatus) : 'changed';
}

/**
 * GitHub omits the patch of a binary file and of a large diff. A file that adds content without a
 * patch is read whole at the head commit, so that the secret scan still sees it (or says it cannot).
 */
async function withContent(client: Client, coordinates: RepoCoordinates, headSha: string, file: ChangedFile): Promise<ChangedFile> {
  if (file.patch !== undefined || file.status === 'removed') return file;
  // A pure rename or copy adds nothing new.
  if ((file.status === 'renamed' || file.status === 'copied') && file.additions === 0) return file;
  const blob = await readBlobAt(client, coordinates, file.path, headSha);
  switch (blob.kind) {
    case 'text':
      return { ...file, content: blob.text };
    case 'binary':
      return { ...file, binary: true };
    case 'unreadable':
      return { ...file, unreadable: blob.reason };
  }
}

/** Reads the PR's files, commits and the author's teams (only those the policy names), all paginated to the end. */
export async function collectFacts(
  client: Client,
  coordinates: RepoCoordinates,
  pr: PullRequestData,
  teams: readonly string[],
  isMember: TeamMembership,
): Promise<PullRequestFacts> {
  const login = pr.user.login;
  const [files, commits, memberships] = await Promise.all([
    listPullRequestFiles(client, coordinates, pr.number),
    listPullRequestCommits(client, coordinates, pr.number),
    Promise.all(teams.map(async (team) => ((await isMember(team, login)) ? team : undefined))),
  ]);
  const listed: ChangedFile[] = files.map((f) => ({
    path: f.filename,
    ...(f.previous_filename ? { previousPath: f.previous_filename } : {}),
    status: fileStatus(f.status),
    additions: f.additions,
    deletions: f.deletions,
    ...(f.patch !== undefined ? { patch: f.patch } : {}),
  }));
  const changed = await Promise.all(listed.map((f) => withContent(client, coordinates, pr.head.sha, f)));
  const commitFacts: CommitFact[] = commits.map((c) => ({
    sha: c.sha,
    message: c.commit.message,
    author: { name: c.commit.author?.name ?? '', email: c.commit.author?.email ?? '', ...(c.author?.login ? { login: c.author.login } : {}) },
    committer: {
      name: c.commit.committer?.name ?? '',
      email: c.commit.committer?.email ?? '',
      ...(c.committer?.login ? { login: c.committer.login } : {}),
    },
  }));
  return {
    number: pr.number,
    url: pr.html_url,
    title: pr.title,
    body: pr.body ?? '',
    hasDescription: true,
    author: { login, association: pr.author_association },
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
    authorTeams: memberships.filter((t): t is string => t !== undefined),
  };
}
