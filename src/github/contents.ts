import type { Client, RepoCoordinates } from './client.js';
import { httpStatus } from './client.js';

/** A file's text at a commit, or undefined when the file does not exist there. */
export async function readFileAt(client: Client, { owner, repo }: RepoCoordinates, path: string, ref: string): Promise<string | undefined> {
  try {
    const { data } = await client.rest.repos.getContent({ owner, repo, path, ref });
    if (Array.isArray(data) || data.type !== 'file') throw new Error(`${path} at ${ref} is a ${Array.isArray(data) ? 'directory' : data.type}, not a file`);
    if (data.encoding !== 'base64') throw new Error(`${path} at ${ref} is too large to read through the contents API`);
    return Buffer.from(data.content, 'base64').toString('utf8');
  } catch (error) {
    if (httpStatus(error) === 404) return undefined;
    throw error;
  }
}
