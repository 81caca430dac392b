import { errorMessage, UserError } from '../errors.js';
import type { Client } from './client.js';
import { httpStatus } from './client.js';
import { readFileAt } from './contents.js';

/** A policy file in another repository; `ref` empty reads its default branch. */
export interface CentralFile {
  owner: string;
  repo: string;
  path: string;
  ref: string;
}

const WHY: Record<number, string> = {
  401: 'the token is not valid',
  403: 'the token may not read it',
  404: 'it does not exist, or the token cannot see the repository',
};

/**
 * The central policy's text, read through the API at its ref; never from the pull request. Any failure
 * is an error that names the file: running without the organisation's floor would loosen the gate.
 */
export async function readCentralPolicy(client: Client, file: CentralFile): Promise<string> {
  const label = `${file.owner}/${file.repo}:${file.path}${file.ref === '' ? '' : `@${file.ref}`}`;
  let text: string | undefined;
  let cause: string;
  try {
    text = await readFileAt(client, file, file.path, file.ref === '' ? undefined : file.ref);
    cause = WHY[404] ?? '';
  } catch (error) {
    const status = httpStatus(error);
    cause = status === undefined ? errorMessage(error) : `HTTP ${status}: ${WHY[status] ?? errorMessage(error)}`;
  }
  if (text !== undefined) return text;
  throw new UserError(
    `Could not read the central policy ${label} (repository ${file.owner}/${file.repo}, path ${file.path}, ref ${file.ref || 'its default branch'}): ${cause}. ` +
      "vendor-gate fails closed without the organisation's floor. " +
      `Set the input config-token to a token with contents: read on ${file.owner}/${file.repo} (see "Organisation policy" in the README); locally, set GITHUB_TOKEN or GH_TOKEN.`,
  );
}
