import { httpStatus, type Client, type RepoCoordinates } from './client.js';

export async function listReviews(client: Client, { owner, repo }: RepoCoordinates, pullNumber: number) {
  return client.paginate(client.rest.pulls.listReviews, { owner, repo, pull_number: pullNumber, per_page: 100 });
}

export async function listIssueEvents(client: Client, { owner, repo }: RepoCoordinates, issueNumber: number) {
  return client.paginate(client.rest.issues.listEvents, { owner, repo, issue_number: issueNumber, per_page: 100 });
}

/** Open pull requests whose head is `sha`: how a workflow_run from a fork finds its PR. */
export async function pullRequestsForCommit(client: Client, { owner, repo }: RepoCoordinates, sha: string) {
  return client.paginate(client.rest.repos.listPullRequestsAssociatedWithCommit, { owner, repo, commit_sha: sha, per_page: 100 });
}

/** The account's permission on the repository (`admin`, `write`, `read`, `none`); `unknown` when GitHub would not say, which counts as no access. */
export async function repositoryPermission(client: Client, { owner, repo }: RepoCoordinates, username: string): Promise<string> {
  try {
    const { data } = await client.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username });
    return data.permission;
  } catch (error) {
    if (httpStatus(error) === 404) return 'none';
    if (httpStatus(error) !== undefined) return 'unknown';
    throw error;
  }
}
