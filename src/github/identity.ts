import type { Client } from './client.js';
import { httpStatus } from './client.js';

/**
 * The login the token acts as. Personal tokens answer GET /user; installation tokens (GITHUB_TOKEN,
 * GitHub Apps, `ghs_…`) always get 403 there, so they are asked through GraphQL's `viewer` at once.
 */
export async function tokenLogin(client: Client, token: string): Promise<string> {
  if (!token.startsWith('ghs_')) {
    try {
      const { data } = await client.rest.users.getAuthenticated();
      return data.login;
    } catch (error) {
      if (httpStatus(error) !== 403) throw error;
    }
  }
  const { viewer } = await client.graphql<{ viewer: { login: string } }>('query { viewer { login } }');
  return viewer.login;
}
