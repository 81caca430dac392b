import type { Client, RepoCoordinates } from './client.js';

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
