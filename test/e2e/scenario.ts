// One fake GitHub per test, a vendor-gate policy on the base commit, and short helpers to seed
// pull requests and run the built action against it.
import { afterEach, beforeEach, expect } from 'vitest';
import { FakeGitHub, type FileInput, type PullRequestInput } from './fake-github.js';
import { OWNER, REPO, pullRequestPayload, runAction, type ActionRun, type RunOptions } from './run-action.js';

export const BASE = 'b'.repeat(40);
export const HEAD = 'a'.repeat(40);
export const POLICY_PATH = '.github/vendor-gate.yml';
export const POLICY = `version: 1
vendors:
  users: ["acme-*"]
  emails: ["*@acme.example"]
gates:
  access:
    allow: ["src/**", "docs/**"]
  description: { min_length: 20 }
`;
const GOOD_BODY = 'Adds the CSV export of invoices, as agreed.\n\nFixes #12';

/** A changed text file as GitHub lists it: with a patch of its added and deleted lines. */
export function changed(filename: string, extra: Partial<FileInput> = {}): FileInput {
  const additions = extra.additions ?? 3;
  const deletions = extra.deletions ?? 1;
  const lines = [...Array.from({ length: deletions }, (_, i) => `-old ${i + 1}`), ...Array.from({ length: additions }, (_, i) => `+new ${i + 1}`)];
  const patch = additions + deletions > 0 ? `@@ -1,${deletions} +1,${additions} @@\n${lines.join('\n')}` : undefined;
  return { filename, status: 'modified', additions, deletions, ...(patch === undefined ? {} : { patch }), ...extra };
}

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
      current().addPullRequest(OWNER, REPO, {
        number,
        title: 'feat: invoice export',
        body: GOOD_BODY,
        user: { login: 'acme-bob' },
        author_association: 'CONTRIBUTOR',
        base: { sha: BASE, ref: 'main' },
        head: { sha: HEAD, ref: 'feature' },
        commits: [{ sha: HEAD, message: 'feat: invoice export', author: { name: 'Bob', email: 'bob@acme.example' }, committer: { name: 'Bob', email: 'bob@acme.example' } }],
        ...rest,
      });
    },
    run: (number, options = {}) => runAction({ apiUrl, event: 'pull_request_target', payload: pullRequestPayload(number), ...options }),
    statuses: () => current().statuses(OWNER, REPO),
    comments: (number) => current().comments(OWNER, REPO, number),
  };
}
