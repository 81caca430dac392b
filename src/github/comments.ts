import { COMMENT_MARKER } from '../model.js';
import type { Client, RepoCoordinates } from './client.js';

export interface IssueComment {
  id: number;
  body: string;
  author: string;
}

export async function listIssueComments(client: Client, { owner, repo }: RepoCoordinates, issueNumber: number): Promise<IssueComment[]> {
  const comments = await client.paginate(client.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 });
  return comments.map((c) => ({ id: c.id, body: c.body ?? '', author: c.user?.login ?? '' }));
}

/** Creates a comment; GitHub's answer names its author, which is the token's own login. */
export async function createIssueComment(client: Client, { owner, repo }: RepoCoordinates, issueNumber: number, body: string): Promise<IssueComment> {
  const { data } = await client.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
  return { id: data.id, body: data.body ?? '', author: data.user?.login ?? '' };
}

export async function updateIssueComment(client: Client, { owner, repo }: RepoCoordinates, commentId: number, body: string): Promise<void> {
  await client.rest.issues.updateComment({ owner, repo, comment_id: commentId, body });
}

export async function deleteIssueComment(client: Client, { owner, repo }: RepoCoordinates, commentId: number): Promise<void> {
  await client.rest.issues.deleteComment({ owner, repo, comment_id: commentId });
}

/** GraphQL names the GITHUB_TOKEN's identity "github-actions"; REST shows the same account as "github-actions[bot]". */
function sameLogin(a: string, b: string): boolean {
  const normal = (login: string) => login.toLowerCase().replace(/\[bot\]$/, '');
  return normal(a) === normal(b);
}

export function ours(comments: readonly IssueComment[], self: string): IssueComment[] {
  return comments.filter((c) => sameLogin(c.author, self)).sort((a, b) => a.id - b.id);
}

export async function markedComments(client: Client, coordinates: RepoCoordinates, issueNumber: number): Promise<IssueComment[]> {
  return (await listIssueComments(client, coordinates, issueNumber)).filter((c) => c.body.startsWith(COMMENT_MARKER));
}

/** The body of the run's own sticky comment, if there is one: only the token's own comment is trusted. */
export async function ownCommentBody(client: Client, coordinates: RepoCoordinates, issueNumber: number, whoAmI: () => Promise<string>): Promise<string | undefined> {
  const marked = await markedComments(client, coordinates, issueNumber);
  if (marked.length === 0) return undefined;
  return ours(marked, await whoAmI())[0]?.body;
}
