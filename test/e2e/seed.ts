import { readFileSync } from 'node:fs';
// The seed data of end-to-end runs, without vitest: the e2e scenarios and the whole-run benchmark share it.
import type { FileInput, PullRequestInput } from './fake-github.js';

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

/** A vendor PR by acme-bob with a good title, body and one commit; `input` overrides any field. */
export function vendorPullRequest(input: PullRequestInput): PullRequestInput {
  return {
    title: 'feat: invoice export',
    body: GOOD_BODY,
    user: { login: 'acme-bob' },
    author_association: 'CONTRIBUTOR',
    base: { sha: BASE, ref: 'main' },
    head: { sha: HEAD, ref: 'feature' },
    commits: [{ sha: HEAD, message: 'feat: invoice export', author: { name: 'Bob', email: 'bob@acme.example' }, committer: { name: 'Bob', email: 'bob@acme.example' } }],
    ...input,
  };
}

/** GitHub's patch for a file that gains exactly `lines` (new-file numbers), one hunk per line. */
export function adding(filename: string, lines: number[]): FileInput {
  const patch = lines.map((line) => `@@ -${line - 1},0 +${line},1 @@\n+line ${line}`).join('\n');
  return { filename, status: 'modified', additions: lines.length, deletions: 0, patch };
}

/** The coverage suites' vendor PR: a discount feature by acme-bob at HEAD, with the given files. */
export function discountPullRequest(number: number, files: FileInput[]): PullRequestInput {
  return {
    number,
    title: 'feat: discounts',
    body: 'Adds the VIP discount code, as agreed in the statement of work.\n\nFixes #12',
    user: { login: 'acme-bob' },
    base: { sha: BASE, ref: 'main' },
    head: { sha: HEAD, ref: 'feature' },
    commits: [{ sha: HEAD, message: 'feat: discounts', author: { name: 'Bob', email: 'bob@acme.example' }, committer: { name: 'Bob', email: 'bob@acme.example' } }],
    files,
  };
}

/** A new file as GitHub lists it: every line added, in one hunk. */
export function added(filename: string, lines: string[]): FileInput {
  return { filename, status: 'added', additions: lines.length, deletions: 0, patch: `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}` };
}

/** The coverage suites' policy: reviews are another gate's business, coverage needs 90% of added lines from 5 lines on. */
export const COVERAGE_POLICY = `version: 1
vendors:
  users: ["acme-*"]
gates:
  review: { level: off }
  coverage: { changed: 90, min_lines: 5 }
`;
// Made by vitest's v8 coverage on test/fixtures/coverage/samples/js: src/price.ts has lines 6 and 13 uncovered.
export const VITEST_LCOV = readFileSync(new URL('../fixtures/coverage/vitest/lcov.info', import.meta.url));
