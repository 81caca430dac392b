import { UserError } from '../errors.js';
import type { Client } from './client.js';
import { httpStatus } from './client.js';

export type TeamMembership = (team: string, login: string) => Promise<boolean>;

const PERMISSION_HINT =
  'The default GITHUB_TOKEN cannot read organisation teams. Pass a token with the organisation permission ' +
  '"Members: read" as the input github-token (a GitHub App installation token, or a fine-grained token), ' +
  'or list logins under "users" instead of teams in the policy.';

function split(team: string): { org: string; team_slug: string } {
  const [org = '', teamSlug = ''] = team.split('/');
  return { org, team_slug: teamSlug };
}

/** Team membership lookups, each team and login asked at most once per run. */
export function teamMembership(client: Client): TeamMembership {
  const answers = new Map<string, Promise<boolean>>();
  const visible = new Map<string, Promise<void>>();
  const once = <T>(cache: Map<string, Promise<T>>, key: string, ask: () => Promise<T>): Promise<T> => {
    let answer = cache.get(key);
    if (!answer) {
      answer = ask();
      cache.set(key, answer);
    }
    return answer;
  };
  return (team, login) =>
    once(answers, `${team.toLowerCase()}:${login.toLowerCase()}`, async () => {
      try {
        const { data } = await client.rest.teams.getMembershipForUserInOrg({ ...split(team), username: login });
        return data.state === 'active';
      } catch (error) {
        const status = httpStatus(error);
        if (status === 401 || status === 403) {
          throw new UserError(`Could not read whether ${login} is a member of the team ${team} (HTTP ${status}). ${PERMISSION_HINT}`);
        }
        if (status !== 404) throw error;
        // GitHub also answers 404 when the token cannot see the team: "not a member" only counts for a team we can see.
        await once(visible, team.toLowerCase(), () => ensureVisible(client, team));
        return false;
      }
    });
}

async function ensureVisible(client: Client, team: string): Promise<void> {
  try {
    await client.rest.teams.listMembersInOrg({ ...split(team), per_page: 1 });
  } catch (error) {
    const status = httpStatus(error);
    if (status === 401 || status === 403 || status === 404) {
      throw new UserError(
        `The team ${team} named in the policy does not exist, or the token cannot see it (HTTP ${status}), so vendor-gate cannot tell who is in it. ` +
          `Check the spelling as "org/team-slug". ${PERMISSION_HINT}`,
      );
    }
    throw error;
  }
}
