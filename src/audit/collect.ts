// Reads what the audit needs from GitHub: each repository's policy on its default branch, its vendor
// pull requests updated in the window, and the history record of vendor-gate's own comment on each.
import { HeadMovedError } from '../errors.js';
import { readIdentity } from '../facts/github.js';
import type { Client, RepoCoordinates } from '../github/client.js';
import { ownCommentBody } from '../github/comments.js';
import { readFileAt } from '../github/contents.js';
import { getPullRequest } from '../github/pulls.js';
import { defaultBranch, listPullRequestsUpdatedSince } from '../github/repos.js';
import { listReviews } from '../github/reviews.js';
import { listTeamMembers } from '../github/teams.js';
import type { Logger } from '../logger.js';
import { makePlan } from '../plan.js';
import { resolvePolicy } from '../policy/resolve.js';
import { digestOf, parseHistory } from '../report/history.js';
import { emailsDecide, identityTeams } from '../vendor.js';
import { AUDIT_FORMAT_VERSION, normalise, type AuditPart, type AuditPullRequest } from './part.js';
import { NO_PROFILE } from './scorecard.js';

export interface AuditDeps {
  client: Client;
  /** The token's own login: only its comments are trusted to hold a record. */
  whoAmI: () => Promise<string>;
  config: string;
  logger: Logger;
  /** A line of progress (shown on a terminal only). */
  progress: (line: string) => void;
}

export interface Window {
  from: string;
  to: string;
}

/** `skipWithoutPolicy`: a repository of an organisation that has no policy file has no vendor gate to audit. */
export async function auditRepository(deps: AuditDeps, coordinates: RepoCoordinates, window: Window, skipWithoutPolicy = false): Promise<AuditPart> {
  const { client, logger } = deps;
  const name = `${coordinates.owner}/${coordinates.repo}`;
  const branch = await defaultBranch(client, coordinates);
  const text = deps.config === '' ? undefined : await readFileAt(client, coordinates, deps.config, branch);
  if (text === undefined && deps.config !== '' && skipWithoutPolicy) {
    deps.progress(`${name}: no ${deps.config} on ${branch}, skipped`);
    return { formatVersion: AUDIT_FORMAT_VERSION, window, repositories: [], pullRequests: [], contracts: [] };
  }
  const { policy } = await resolvePolicy(deps.config, () => Promise.resolve(text), { description: `the default branch ${branch} of ${name}` });
  const listed = (await listPullRequestsUpdatedSince(client, coordinates, window.from)).filter((pr) => pr.updated_at <= window.to);
  deps.progress(`${name}: ${listed.length} pull request${listed.length === 1 ? '' : 's'} updated in the period`);
  // The vendor teams are listed once per repository, not once per pull request as a single evaluation does.
  const teamMembers = Object.fromEntries(await Promise.all(identityTeams(policy).map(async (team) => [team, await listTeamMembers(client, team)] as const)));
  const pullRequests: AuditPullRequest[] = [];
  let read = 0;
  for (const item of listed) {
    read += 1;
    if (read % 10 === 0) deps.progress(`${name}: ${read} of ${listed.length} pull requests read`);
    const pr = await getPullRequest(client, coordinates, item.number);
    let plan;
    try {
      plan = makePlan(policy, { ...(await readIdentity(client, coordinates, pr, { teams: [], commits: emailsDecide(policy) })), teamMembers });
    } catch (error) {
      // A push while the audit reads the PR: its next evaluation's record is what counts, so it is skipped, and said so.
      if (!(error instanceof HeadMovedError)) throw error;
      logger.warning(`${name}#${pr.number} moved while it was read; it is left out of this audit.`);
      continue;
    }
    if (!plan.vendor.isVendor) continue;
    const [body, reviews] = await Promise.all([ownCommentBody(client, coordinates, pr.number, deps.whoAmI), listReviews(client, coordinates, pr.number)]);
    const parsed = body === undefined ? { kind: 'none' as const } : parseHistory(body);
    if (parsed.kind === 'invalid') logger.debug(`${name}#${pr.number}: the history record was ignored: ${parsed.reason}.`);
    const history = parsed.kind === 'record' ? digestOf(parsed.record) : undefined;
    pullRequests.push({
      repo: name,
      number: pr.number,
      author: pr.user.login,
      profile: plan.vendor.profile?.name ?? history?.profile ?? NO_PROFILE,
      state: pr.merged_at ? 'merged' : pr.state === 'closed' ? 'closed' : 'open',
      createdAt: new Date(pr.created_at).toISOString(),
      ...(pr.merged_at ? { mergedAt: new Date(pr.merged_at).toISOString() } : {}),
      ...(pr.closed_at ? { closedAt: new Date(pr.closed_at).toISOString() } : {}),
      size: { files: pr.changed_files, lines: pr.additions + pr.deletions },
      // A round is a review that sent the work back: each one is another turn for the vendor.
      reviewRounds: reviews.filter((r) => r.state === 'CHANGES_REQUESTED').length,
      ...(history ? { history } : {}),
    });
  }
  deps.progress(`${name}: ${pullRequests.length} vendor pull request${pullRequests.length === 1 ? '' : 's'}`);
  return normalise({
    formatVersion: AUDIT_FORMAT_VERSION,
    window,
    repositories: [name],
    pullRequests,
    contracts: policy.profiles.flatMap((p) => (p.valid_until ? [{ repo: name, profile: p.name, validUntil: p.valid_until }] : [])),
  });
}
