import { UserError } from '../errors.js';
import type { Client } from './client.js';
import { httpStatus } from './client.js';

export type TeamMembership = (team: string, login: string) => Promise<boolean>;

/** Team membership lookups, each asked at most once per run. */
export function teamMembership(client: Client): TeamMembership {
  const cache = new Map<string, Promise<boolean>>();
  return (team, login) => {
    const key = `${team.toLowerCase()}:${login.toLowerCase()}`;
    let answer = cache.get(key);
    if (!answer) {
      answer = lookup(client, team, login);
      cache.set(key, answer);
    }
    return answer;
  };
}

async function lookup(client: Client, team: string, login: string): Promise<boolean> {
  const [org = '', teamSlug = ''] = team.split('/');
  try {
    const { data } = await client.rest.teams.getMembershipForUserInOrg({ org, team_slug: teamSlug, username: login });
    return data.state === 'active';
  } catch (error) {
    const status = httpStatus(error);
    if (status === 404) return false;
    if (status === 403 || status === 401) {
      throw new UserError(
        `Could not read whether ${login} is a member of the team ${team} (HTTP ${status}). ` +
          'The default GITHUB_TOKEN cannot read organisation teams. Pass a token with the organisation permission ' +
          '"Members: read" as the input github-token (a GitHub App installation token, or a fine-grained token), ' +
          'or list logins under "users" instead of teams in the policy.',
      );
    }
    throw error;
  }
}
