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

export async function createIssueComment(client: Client, { owner, repo }: RepoCoordinates, issueNumber: number, body: string): Promise<number> {
  const { data } = await client.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
  return data.id;
}

export async function updateIssueComment(client: Client, { owner, repo }: RepoCoordinates, commentId: number, body: string): Promise<void> {
  await client.rest.issues.updateComment({ owner, repo, comment_id: commentId, body });
}

export async function deleteIssueComment(client: Client, { owner, repo }: RepoCoordinates, commentId: number): Promise<void> {
  await client.rest.issues.deleteComment({ owner, repo, comment_id: commentId });
}
