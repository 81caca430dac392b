import type { Client, RepoCoordinates } from './client.js';
import { httpStatus } from './client.js';

/** A file's text at a commit (`ref` undefined: the default branch), or undefined when the file does not exist there. */
export async function readFileAt(client: Client, { owner, repo }: RepoCoordinates, path: string, ref: string | undefined): Promise<string | undefined> {
  const at = ref ?? 'the default branch';
  try {
    const { data } = await client.rest.repos.getContent({ owner, repo, path, ...(ref === undefined ? {} : { ref }) });
    if (Array.isArray(data) || data.type !== 'file') throw new Error(`${path} at ${at} is a ${Array.isArray(data) ? 'directory' : data.type}, not a file`);
    if (data.encoding !== 'base64') throw new Error(`${path} at ${at} is too large to read through the contents API`);
    return Buffer.from(data.content, 'base64').toString('utf8');
  } catch (error) {
    if (httpStatus(error) === 404) return undefined;
    throw error;
  }
}

/** `binary` only informs: a binary file's bytes are still scanned, since a NUL byte is the PR's to place. */
export type BlobRead = { kind: 'text'; text: string; binary: boolean } | { kind: 'unreadable'; reason: string };

/** Largest file read whole when GitHub omits its patch; the contents API itself returns at most 1 MB as base64. */
export const MAX_BLOB_BYTES = 1024 * 1024;

/** A changed file's full text at the head commit, for the secret scan of a file whose patch GitHub omitted. */
export async function readBlobAt(client: Client, { owner, repo }: RepoCoordinates, path: string, ref: string, maxBytes = MAX_BLOB_BYTES): Promise<BlobRead> {
  try {
    const { data } = await client.rest.repos.getContent({ owner, repo, path, ref });
    if (Array.isArray(data) || data.type !== 'file') return { kind: 'unreadable', reason: `at ${ref.slice(0, 12)} it is not a file` };
    if (data.size > maxBytes || data.encoding !== 'base64') {
      return { kind: 'unreadable', reason: `it is ${(data.size / 1024 / 1024).toFixed(1)} MB, over the ${(maxBytes / 1024 / 1024).toFixed(0)} MB limit for files whose diff GitHub does not show` };
    }
    const bytes = Buffer.from(data.content, 'base64');
    // The test git itself uses: a NUL byte in the first 8,000 bytes means binary.
    return { kind: 'text', text: bytes.toString('utf8'), binary: bytes.subarray(0, 8000).includes(0) };
  } catch (error) {
    const status = httpStatus(error);
    if (status === undefined) throw error;
    return { kind: 'unreadable', reason: `reading it at ${ref.slice(0, 12)} failed (HTTP ${status})` };
  }
}
