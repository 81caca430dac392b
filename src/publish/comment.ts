import type { Client, RepoCoordinates } from '../github/client.js';
import { createIssueComment, deleteIssueComment, listIssueComments, updateIssueComment, type IssueComment } from '../github/comments.js';
import { MARKER } from '../report/markdown.js';

/** GraphQL names the GITHUB_TOKEN's identity "github-actions"; REST shows the same account as "github-actions[bot]". */
function sameLogin(a: string, b: string): boolean {
  const normal = (login: string) => login.toLowerCase().replace(/\[bot\]$/, '');
  return normal(a) === normal(b);
}

function ours(comments: readonly IssueComment[], self: string): IssueComment[] {
  return comments.filter((c) => c.body.startsWith(MARKER) && sameLogin(c.author, self)).sort((a, b) => a.id - b.id);
}

export type CommentAction = 'created' | 'updated' | 'unchanged' | 'none';

/**
 * Keeps exactly one vendor-gate comment: found by the marker and by the token's own login (a copy of
 * the marker by anyone else is never touched), updated in place. Two concurrent runs may both create
 * one; the later run then keeps the oldest and deletes its own extra.
 */
export async function upsertComment(
  client: Client,
  coordinates: RepoCoordinates,
  issueNumber: number,
  body: string,
  self: string,
  options: { create: boolean },
): Promise<CommentAction> {
  const existing = ours(await listIssueComments(client, coordinates, issueNumber), self);
  const [keep, ...extra] = existing;
  if (keep) {
    for (const duplicate of extra) await deleteIssueComment(client, coordinates, duplicate.id);
    if (keep.body === body) return 'unchanged';
    await updateIssueComment(client, coordinates, keep.id, body);
    return 'updated';
  }
  if (!options.create) return 'none';
  const created = await createIssueComment(client, coordinates, issueNumber, body);
  const after = ours(await listIssueComments(client, coordinates, issueNumber), self);
  const oldest = after[0];
  if (oldest && oldest.id !== created) {
    await deleteIssueComment(client, coordinates, created);
    await updateIssueComment(client, coordinates, oldest.id, body);
    return 'updated';
  }
  return 'created';
}
