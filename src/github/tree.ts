import type { Client, RepoCoordinates } from './client.js';

/**
 * Every file of a commit, in one request (the recursive git tree): what "exists in the
 * repository" means when coverage report paths are mapped. GitHub cuts the listing at 100,000
 * entries or 7 MB and says so with `truncated`: the listing is then marked incomplete.
 */
export async function listRepositoryFiles(client: Client, { owner, repo }: RepoCoordinates, sha: string): Promise<{ paths: string[]; complete: boolean }> {
  const { data } = await client.rest.git.getTree({ owner, repo, tree_sha: sha, recursive: 'true' });
  const paths = data.tree.filter((entry) => entry.type === 'blob' && typeof entry.path === 'string').map((entry) => entry.path);
  return { paths, complete: !data.truncated };
}
