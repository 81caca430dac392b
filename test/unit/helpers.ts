import type { ChangedFile, CommitFact, PullRequestFacts } from '../../src/facts/types.js';
import type { GateContext } from '../../src/gates/types.js';
import { DEFAULT_POLICY, mergeGates } from '../../src/policy/load.js';
import type { GateOverrides, Profile } from '../../src/policy/types.js';
import type { ReviewState } from '../../src/reviews.js';

/** A changed file with a patch of `additions` plain added lines, as GitHub lists a text file. */
export function file(path: string, extra: Partial<ChangedFile> = {}): ChangedFile {
  const additions = extra.additions ?? 1;
  const patch = `@@ -1,0 +1,${additions} @@\n${Array.from({ length: additions }, (_, i) => `+line ${i + 1}`).join('\n')}`;
  return { path, status: 'modified', additions, deletions: 0, patch, ...extra };
}

export function commit(email: string, message = 'fix: a change', extra: Partial<CommitFact> = {}): CommitFact {
  return {
    sha: 'c'.repeat(40),
    message,
    author: { name: 'Dev', email },
    committer: { name: 'Dev', email },
    parents: 1,
    verified: false,
    ...extra,
  };
}

/** A realistic vendor PR; each test overrides what it is about. */
export function facts(overrides: Partial<PullRequestFacts> = {}): PullRequestFacts {
  const files = overrides.files ?? [file('src/app.ts', { additions: 10, deletions: 2 })];
  const commits = overrides.commits ?? [commit('bob@acme.example')];
  return {
    number: 7,
    url: 'https://github.com/octo/app/pull/7',
    title: 'feat: add export button',
    body: '## Summary\nAdds an export button to the report page.\n\nFixes #12',
    hasDescription: true,
    author: { login: 'acme-bob', association: 'CONTRIBUTOR' },
    baseRef: 'main',
    baseSha: 'b'.repeat(40),
    headSha: 'a'.repeat(40),
    draft: false,
    labels: [],
    additions: files.reduce((sum, f) => sum + f.additions, 0),
    deletions: files.reduce((sum, f) => sum + f.deletions, 0),
    filesListing: { expected: files.length, listed: files.length },
    commitsListing: { expected: commits.length, listed: commits.length },
    teamMembers: {},
    teamErrors: {},
    reviews: [],
    permissions: {},
    labelEvents: [],
    ...overrides,
    files,
    commits,
  };
}

export function context(
  pr: PullRequestFacts,
  gates: GateOverrides = {},
  extra: { profile?: Profile; now?: Date; policyPath?: string; reviews?: ReviewState } = {},
): GateContext {
  return {
    facts: pr,
    gates: mergeGates(DEFAULT_POLICY.gates, gates),
    reviews: extra.reviews ?? { approvedBy: [], independentApprovers: [], setAside: [], changesRequestedBy: [] },
    policyPath: extra.policyPath ?? '.github/vendor-gate.yml',
    now: extra.now ?? new Date('2026-11-28T12:00:00Z'),
    ...(extra.profile ? { profile: extra.profile } : {}),
  };
}
