import { UserError } from '../errors.js';
import type { Client } from './client.js';
import { httpStatus } from './client.js';

const PERMISSION_HINT =
  'The default GITHUB_TOKEN cannot read organisation teams. Pass a token with the organisation permission ' +
  '"Members: read" as the input github-token (a GitHub App installation token, or a fine-grained token), ' +
  'or list logins instead of teams in the policy.';

/**
 * Every member of a team (lowercased logins), read once. GitHub answers 404 both for a team that does
 * not exist and for one the token cannot see, so a 404 is an error, never an empty team.
 */
export async function listTeamMembers(client: Client, team: string): Promise<string[]> {
  const [org = '', teamSlug = ''] = team.split('/');
  try {
    const members = await client.paginate(client.rest.teams.listMembersInOrg, { org, team_slug: teamSlug, per_page: 100 });
    return members.map((m) => m.login.toLowerCase());
  } catch (error) {
    const status = httpStatus(error);
    if (status === 401 || status === 403 || status === 404) {
      throw new UserError(
        `Could not read the members of the team ${team} (HTTP ${status}): it does not exist, or the token cannot see it. ` +
          `Check the spelling as "org/team-slug". ${PERMISSION_HINT}`,
      );
    }
    throw error;
  }
}
