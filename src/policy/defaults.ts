import type { Gates, IdentityMatcher, Waiver } from './types.js';

export const DEFAULT_GATES: Gates = {
  review: { level: 'error', approvals: 1, codeowners: false },
  access: { level: 'error', allow: [], deny: ['.github/**', '**/CODEOWNERS'], protect: [] },
  secrets: { level: 'error', allow_paths: [], allow_patterns: [], disable_rules: [] },
  size: { level: 'error', max_files: 50, max_lines: 1000, ignore: ['**/package-lock.json', '**/yarn.lock', '**/pnpm-lock.yaml'] },
  description: { level: 'error', linked_issue: true, min_length: 30, required_sections: [] },
  // Off until the policy names it: without a report to read, the gate could only fail.
  coverage: {
    level: 'off',
    total: 0,
    changed: 80,
    min_lines: 5,
    path_prefix: '',
    ignore: ['**/*.test.*', '**/*.spec.*', '**/__tests__/**', 'test/**', 'tests/**', '**/*_test.go', '**/test_*.py', '**/*_test.py', '**/src/test/**'],
  },
  contract: { level: 'error', warn_days: 14 },
};

export const EMPTY_MATCHER: IdentityMatcher = { users: [], teams: [], emails: [], associations: [] };

/** Paths a vendor may never change whatever `deny` says: the files that control the gate itself. */
export const ALWAYS_DENIED = ['**/CODEOWNERS', '.github/workflows/**'] as const;

export const DEFAULT_WAIVER: Waiver = { label: 'vendor-gate: waive', by: [], secrets: false };
