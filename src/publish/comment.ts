import type { Client, RepoCoordinates } from '../github/client.js';
import { createIssueComment, deleteIssueComment, markedComments, ours, updateIssueComment } from '../github/comments.js';

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
  body: string | ((previous: string | undefined) => string),
  whoAmI: () => Promise<string>,
  options: { create: boolean },
): Promise<CommentAction> {
  // The body may build on the previous one (the history record), read only from the token's own comment.
  const bodyAfter = (previous: string | undefined): string => (typeof body === 'string' ? body : body(previous));
  const marked = await markedComments(client, coordinates, issueNumber);
  if (marked.length === 0) {
    if (!options.create) return 'none';
    const first = bodyAfter(undefined);
    // No identity lookup for a first comment: GitHub's answer names its author, the token's own login.
    const created = await createIssueComment(client, coordinates, issueNumber, first);
    return keepOldest(client, coordinates, issueNumber, first, created.id, created.author === '' ? await whoAmI() : created.author);
  }
  const existing = ours(marked, await whoAmI());
  const [keep, ...extra] = existing;
  if (keep) {
    for (const duplicate of extra) await deleteIssueComment(client, coordinates, duplicate.id);
    const next = bodyAfter(keep.body);
    if (keep.body === next) return 'unchanged';
    await updateIssueComment(client, coordinates, keep.id, next);
    return 'updated';
  }
  if (!options.create) return 'none';
  const first = bodyAfter(undefined);
  const created = await createIssueComment(client, coordinates, issueNumber, first);
  return keepOldest(client, coordinates, issueNumber, first, created.id, created.author);
}

/** Two concurrent runs may both create a comment: the later one keeps the oldest and deletes its own. */
async function keepOldest(client: Client, coordinates: RepoCoordinates, issueNumber: number, body: string, created: number, self: string): Promise<CommentAction> {
  const oldest = ours(await markedComments(client, coordinates, issueNumber), self)[0];
  if (oldest && oldest.id !== created) {
    await deleteIssueComment(client, coordinates, created);
    await updateIssueComment(client, coordinates, oldest.id, body);
    return 'updated';
  }
  return 'created';
}
