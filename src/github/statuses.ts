import type { StatusState } from '../model.js';
import type { Client, RepoCoordinates } from './client.js';

export interface CommitStatus {
  sha: string;
  state: StatusState;
  context: string;
  description: string;
  targetUrl?: string;
}

export async function createCommitStatus(client: Client, { owner, repo }: RepoCoordinates, status: CommitStatus): Promise<void> {
  await client.rest.repos.createCommitStatus({
    owner,
    repo,
    sha: status.sha,
    state: status.state,
    context: status.context,
    description: status.description,
    ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
  });
}
