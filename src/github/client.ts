import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { Logger } from '../logger.js';

const VendorGateOctokit = Octokit.plugin(retry, throttling);
export type Client = InstanceType<typeof VendorGateOctokit>;

export interface ClientOptions {
  token: string;
  baseUrl: string;
  logger: Logger;
  userAgent?: string;
}

/** One client per run: retries transient failures and waits out rate limits instead of failing. */
export function createClient({ token, baseUrl, logger, userAgent = 'vendor-gate' }: ClientOptions): Client {
  return new VendorGateOctokit({
    auth: token,
    baseUrl,
    userAgent,
    log: { debug: (m: string) => { logger.debug(m); }, info: (m: string) => { logger.debug(m); }, warn: (m: string) => { logger.warning(m); }, error: (m: string) => { logger.warning(m); } },
    throttle: {
      onRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        logger.warning(`GitHub rate limit hit on ${options.method} ${options.url}; retrying after ${retryAfter} s.`);
        return retryCount < 2;
      },
      onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        logger.warning(`GitHub secondary rate limit hit on ${options.method} ${options.url}; retrying after ${retryAfter} s.`);
        return retryCount < 1;
      },
    },
  });
}

/** The HTTP status of a failed request, if the error came from GitHub. */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number') return error.status;
  return undefined;
}

export interface RepoCoordinates {
  owner: string;
  repo: string;
}
