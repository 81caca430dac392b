import { UserError } from '../errors.js';
import { httpStatus, type Client, type RepoCoordinates } from './client.js';

export type PullRequestListItem = Awaited<ReturnType<Client['rest']['pulls']['list']>>['data'][number];

export async function defaultBranch(client: Client, { owner, repo }: RepoCoordinates): Promise<string> {
  try {
    const { data } = await client.rest.repos.get({ owner, repo });
    return data.default_branch;
  } catch (error) {
    if (httpStatus(error) !== 404) throw error;
    throw new UserError(`The repository ${owner}/${repo} was not found (HTTP 404), or the token cannot read it.`);
  }
}

/** The organisation's repositories that are neither archived nor disabled: an audit reads only live ones. */
export async function listOrgRepositories(client: Client, org: string): Promise<RepoCoordinates[]> {
  try {
    const repos = await client.paginate(client.rest.repos.listForOrg, { org, type: 'all', per_page: 100 });
    return repos.filter((r) => r.archived !== true && r.disabled !== true).map((r) => ({ owner: r.owner.login, repo: r.name }));
  } catch (error) {
    if (httpStatus(error) !== 404) throw error;
    throw new UserError(`The organisation ${org} was not found (HTTP 404), or the token cannot list its repositories.`);
  }
}

/**
 * Pull requests (open and closed) updated at or after `since`, newest update first. GitHub sorts the
 * list by update time, so reading stops at the first page that reaches past `since`.
 */
export async function listPullRequestsUpdatedSince(client: Client, { owner, repo }: RepoCoordinates, since: string): Promise<PullRequestListItem[]> {
  const found: PullRequestListItem[] = [];
  const pages = client.paginate.iterator(client.rest.pulls.list, { owner, repo, state: 'all', sort: 'updated', direction: 'desc', per_page: 100 });
  for await (const { data } of pages) {
    for (const pr of data) {
      if (pr.updated_at < since) return found;
      found.push(pr);
    }
  }
  return found;
}
