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
  body: string,
  whoAmI: () => Promise<string>,
  options: { create: boolean },
): Promise<CommentAction> {
  const marked = await markedComments(client, coordinates, issueNumber);
  // The token's login costs up to two requests: ask only when there is something to compare it with.
  if (marked.length === 0 && !options.create) return 'none';
  const self = await whoAmI();
  const existing = ours(marked, self);
  const [keep, ...extra] = existing;
  if (keep) {
    for (const duplicate of extra) await deleteIssueComment(client, coordinates, duplicate.id);
    if (keep.body === body) return 'unchanged';
    await updateIssueComment(client, coordinates, keep.id, body);
    return 'updated';
  }
  if (!options.create) return 'none';
  const created = await createIssueComment(client, coordinates, issueNumber, body);
  const after = ours(await markedComments(client, coordinates, issueNumber), self);
  const oldest = after[0];
  if (oldest && oldest.id !== created) {
    await deleteIssueComment(client, coordinates, created);
    await updateIssueComment(client, coordinates, oldest.id, body);
    return 'updated';
  }
  return 'created';
}
