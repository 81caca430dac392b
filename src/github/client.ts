import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck/light.js';
import type { Logger } from '../logger.js';

/** Longest a single request may take, whatever the budget: GitHub itself gives up on a request after 10 s. */
export const MAX_REQUEST_MS = 60_000;

const RETRY_ADVICE = "Re-run the job; if it happens again, check https://www.githubstatus.com or raise the input api-timeout (below the job's timeout-minutes).";

/** A request did not finish in time, or the run's time for the API is spent. Never retried once the budget is gone. */
export class ApiTimeoutError extends Error {
  override readonly name = 'ApiTimeoutError';
}

/**
 * How long the run may wait on GitHub: each request, and all of them together with their retries and
 * rate-limit waits, so that an API that never answers ends in an `error` status instead of the job's
 * 6-hour limit.
 */
export class RequestBudget {
  readonly requestMs: number;
  private deadline: number;
  /** The first request that timed out: what the error status names. */
  timedOut: string | undefined;

  constructor(
    readonly totalMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.requestMs = Math.min(MAX_REQUEST_MS, Math.max(1, Math.floor(totalMs / 3)));
    this.deadline = clock() + totalMs;
  }

  remainingMs(): number {
    return this.deadline - this.clock();
  }

  /** One more request's time after the budget ran out, so that the error status itself still gets through. */
  grantLastRequest(): void {
    this.deadline = Math.max(this.deadline, this.clock() + this.requestMs);
  }

  /** The error when the budget is spent before `what` could start. */
  spent(what: string): ApiTimeoutError {
    const cause = this.timedOut ?? `${what} could not start`;
    return new ApiTimeoutError(
      `GitHub did not answer ${cause}, and the ${this.totalMs / 1000} s that vendor-gate may wait on the API (input api-timeout) are spent. ` +
        RETRY_ADVICE,
    );
  }

  /** A fetch that gives each request at most requestMs, and never more than the budget has left. */
  fetch(): typeof fetch {
    return async (input, init) => {
      const what = describeRequest(init?.method, input);
      const remaining = this.remainingMs();
      if (remaining <= 0) throw this.spent(what);
      const limit = Math.min(this.requestMs, remaining);
      const timeout = AbortSignal.timeout(limit);
      const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      try {
        return await fetch(input, { ...init, signal });
      } catch (error) {
        if (!timeout.aborted) throw error;
        this.timedOut ??= `${what} within ${limit / 1000} s`;
        // Not an AbortError: Octokit turns it into an HTTP 500 that plugin-retry retries while the budget lasts.
        throw new ApiTimeoutError(`GitHub did not answer ${what} within ${limit / 1000} s. ${RETRY_ADVICE}`);
      }
    };
  }
}

function describeRequest(method: string | undefined, input: string | URL | Request): string {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // Keep the text as it is: it is only named in a message.
  }
  return `${(method ?? 'GET').toUpperCase()} ${decodeURIComponent(path)}`;
}

interface HookOptions {
  method?: string;
  url?: string;
  baseUrl?: string;
  request?: { redirect?: string };
  headers?: Record<string, unknown>;
}

/**
 * Registered before plugin-retry, so its checks run inside every retry: once the budget is spent, the
 * next attempt fails at once and is not retried (its error carries no HTTP status); a success whose
 * body is not JSON is named instead of breaking the caller.
 */
function requestBudget(octokit: { hook: Octokit['hook'] }, options: Record<string, unknown>): { budget: RequestBudget } {
  const budget = options.budget;
  if (!(budget instanceof RequestBudget)) throw new TypeError('createClient passes the RequestBudget of the run');
  octokit.hook.wrap('request', async (request, requestOptions) => {
    const hook = requestOptions as HookOptions;
    const what = describeRequest(hook.method, (hook.url ?? '').replace(/\{[^}]*\}/g, '…'));
    if (budget.remainingMs() <= 0) throw Object.assign(budget.spent(what), { request: requestOptions });
    const response = await request(requestOptions);
    const accept = hook.headers?.accept;
    const json = typeof accept !== 'string' || accept.includes('json');
    if (json && response.status >= 200 && response.status < 300 && response.status !== 204 && (typeof response.data !== 'object' || response.data === null)) {
      const body = typeof response.data === 'string' ? response.data : '';
      throw new Error(
        `GitHub answered ${describeRequest(hook.method, response.url)} with HTTP ${response.status} but not with JSON (${body.length} characters${body === '' ? '' : `, starting ${JSON.stringify(body.slice(0, 30))}`}). ` +
          'GitHub or a proxy in between had a problem: re-run the job.',
      );
    }
    return response;
  });
  return { budget };
}

const VendorGateOctokit = Octokit.plugin(requestBudget, retry, throttling);
export type Client = InstanceType<typeof VendorGateOctokit>;

export interface ClientOptions {
  token: string;
  baseUrl: string;
  logger: Logger;
  userAgent?: string;
  budget: RequestBudget;
}

/** Between two writes (or GraphQL queries) of a run; octokit's default of 1 s is meant for clients that write in bulk. */
export const WRITE_SPACING_MS = 250;

/** One client per run: retries transient failures and waits out rate limits, within the budget, instead of failing. */
export function createClient({ token, baseUrl, logger, userAgent = 'vendor-gate', budget }: ClientOptions): Client {
  // A wait longer than the budget has left would only end in a timeout: give up now and say why.
  const canWait = (retryAfter: number): boolean => retryAfter * 1000 < budget.remainingMs();
  return new VendorGateOctokit({
    auth: token,
    baseUrl,
    userAgent,
    budget,
    request: { fetch: budget.fetch() },
    // octokit logs every failed request as an error, also the answers a run expects (404 on a CODEOWNERS probe):
    // those are debug lines; a failure that matters is thrown and reported by the run itself.
    log: { debug: (m: string) => { logger.debug(m); }, info: (m: string) => { logger.debug(m); }, warn: (m: string) => { logger.warning(m); }, error: (m: string) => { logger.debug(m); } },
    throttle: {
      // GitHub asks for a second between writes when a client makes many; a run makes two or three, so a
      // shorter spacing keeps them serial without idling a second before each. Secondary limits still retry.
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: WRITE_SPACING_MS }),
      onRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        logger.warning(`GitHub rate limit hit on ${options.method} ${options.url}; ${canWait(retryAfter) ? `retrying after ${retryAfter} s` : 'the wait is longer than the API budget has left'}.`);
        return retryCount < 2 && canWait(retryAfter);
      },
      onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        logger.warning(`GitHub secondary rate limit hit on ${options.method} ${options.url}; ${canWait(retryAfter) ? `retrying after ${retryAfter} s` : 'the wait is longer than the API budget has left'}.`);
        return retryCount < 1 && canWait(retryAfter);
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
