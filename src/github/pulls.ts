import { UserError } from '../errors.js';
import { httpStatus, type Client, type RepoCoordinates } from './client.js';

export type PullRequestData = Awaited<ReturnType<Client['rest']['pulls']['get']>>['data'];
export type PullRequestFileData = Awaited<ReturnType<Client['rest']['pulls']['listFiles']>>['data'][number];
export type PullRequestCommitData = Awaited<ReturnType<Client['rest']['pulls']['listCommits']>>['data'][number];

export async function getPullRequest(client: Client, { owner, repo }: RepoCoordinates, pullNumber: number): Promise<PullRequestData> {
  try {
    const { data } = await client.rest.pulls.get({ owner, repo, pull_number: pullNumber });
    return data;
  } catch (error) {
    if (httpStatus(error) !== 404) throw error;
    throw new UserError(
      `The pull request #${pullNumber} was not found in ${owner}/${repo} (HTTP 404). Check the event or the input pull-request; ` +
        'on a private repository the token also needs "permissions: pull-requests: read".',
    );
  }
}

/** Every file GitHub will list (it stops at 3,000); the caller compares with `changed_files`. */
export async function listPullRequestFiles(client: Client, { owner, repo }: RepoCoordinates, pullNumber: number): Promise<PullRequestFileData[]> {
  return client.paginate(client.rest.pulls.listFiles, { owner, repo, pull_number: pullNumber, per_page: 100 });
}

/** Every commit GitHub will list (it stops at 250); the caller compares with `commits`. */
export async function listPullRequestCommits(client: Client, { owner, repo }: RepoCoordinates, pullNumber: number): Promise<PullRequestCommitData[]> {
  return client.paginate(client.rest.pulls.listCommits, { owner, repo, pull_number: pullNumber, per_page: 100 });
}
