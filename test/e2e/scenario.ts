// One fake GitHub per test, a vendor-gate policy on the base commit, and short helpers to seed
// pull requests and run the built action against it.
import { afterEach, beforeEach, expect } from 'vitest';
import { FakeGitHub, type FileInput, type PullRequestInput } from './fake-github.js';
import { OWNER, REPO, pullRequestPayload, runAction, type ActionRun, type RunOptions } from './run-action.js';
import { BASE, HEAD, POLICY, POLICY_PATH, vendorPullRequest } from './seed.js';

export { added, adding, BASE, changed, COVERAGE_POLICY, discountPullRequest, HEAD, POLICY, POLICY_PATH, vendorPullRequest, VITEST_LCOV } from './seed.js';

export interface Scenario {
  fake: () => FakeGitHub;
  apiUrl: () => string;
  /** A vendor PR by acme-bob, approved on its head commit by alice unless `approved: false`. */
  pr: (number: number, input: Partial<PullRequestInput> & { files: FileInput[]; approved?: boolean }) => void;
  run: (number: number, options?: Partial<RunOptions>) => Promise<ActionRun>;
  statuses: () => ReturnType<FakeGitHub['statuses']>;
  comments: (number: number) => ReturnType<FakeGitHub['comments']>;
}

export function scenario(policy = POLICY): Scenario {
  let fake: FakeGitHub | undefined;
  let apiUrl = '';
  const current = (): FakeGitHub => {
    if (!fake) throw new Error('the fake GitHub runs only inside a test');
    return fake;
  };
  beforeEach(async () => {
    fake = new FakeGitHub();
    apiUrl = await fake.start();
    fake.addAppToken('ghs_installation');
    fake.setFile(OWNER, REPO, BASE, POLICY_PATH, policy);
  });
  afterEach(async () => {
    await current().stop();
    expect(current().problems).toEqual([]);
  });
  return {
    fake: current,
    apiUrl: () => apiUrl,
    pr: (number, input) => {
      const { approved = true, ...rest } = input;
      if (approved) current().addReview(OWNER, REPO, number, { login: 'alice', state: 'APPROVED', commit_id: rest.head?.sha ?? HEAD });
      current().addPullRequest(OWNER, REPO, vendorPullRequest({ number, ...rest }));
    },
    run: (number, options = {}) => runAction({ apiUrl, event: 'pull_request_target', payload: pullRequestPayload(number), ...options }),
    statuses: () => current().statuses(OWNER, REPO),
    comments: (number) => current().comments(OWNER, REPO, number),
  };
}

/** How the comment shows a file of the head commit: its name, linked to the file (and line) at that commit. */
export const linked = (shown: string, path: string, line?: number): string =>
  `[${shown}](https://github.com/${OWNER}/${REPO}/blob/${HEAD}/${path}${line === undefined ? '' : `#L${line}`})`;
