// A leaf: the schema documents these defaults, and load.ts checks them against the types the schema
// infers (mergeGates takes Gates), so they are typed by inference rather than by an import of the schema.
export const DEFAULT_GATES = {
  review: { level: 'error' as const, approvals: 1, codeowners: false },
  access: { level: 'error' as const, allow: [], deny: ['.github/**', '**/CODEOWNERS'], protect: [] },
  secrets: { level: 'error' as const, allow_paths: [], allow_patterns: [], disable_rules: [], min_confidence: 'medium' as const },
  size: { level: 'error' as const, max_files: 50, max_lines: 1000, ignore: ['**/package-lock.json', '**/yarn.lock', '**/pnpm-lock.yaml'] },
  description: { level: 'error' as const, linked_issue: true, min_length: 30, required_sections: [] },
  // Off until the policy names it: without a report to read, the gate could only fail.
  coverage: {
    level: 'off' as const,
    total: 0,
    changed: 80,
    min_lines: 5,
    path_prefix: '',
    ignore: ['**/*.test.*', '**/*.spec.*', '**/__tests__/**', 'test/**', 'tests/**', '**/*_test.go', '**/test_*.py', '**/*_test.py', '**/src/test/**'],
  },
  contract: { level: 'error' as const, warn_days: 14 },
  // Off until the policy names them: whether sign-offs and licence headers are needed, and whose emails, is the project's to say.
  legal: { level: 'off' as const, dco: true },
  commits: { level: 'off' as const, emails: [], require_verified: false },
  // On, as a warning: code without tests is worth a word on every pull request, and blocking it is the project's choice.
  tests: {
    level: 'warn' as const,
    source: ['**/src/**'],
    tests: ['**/test/**', '**/tests/**', '**/__tests__/**', '**/*.test.*', '**/*.spec.*', '**/*_test.go', '**/test_*.py', '**/*_test.py', '**/src/test/**'],
  },
};

/** How many lines from the top a licence header may start in (gates.legal.license_header.lines). */
export const DEFAULT_LICENSE_LINES = 10;

export const EMPTY_MATCHER = { users: [], teams: [], emails: [], associations: [] };

/** Paths a vendor may never change whatever `deny` says: the files that control the gate itself. */
export const ALWAYS_DENIED = ['**/CODEOWNERS', '.github/workflows/**'] as const;

export const DEFAULT_WAIVER = { label: 'vendor-gate: waive', by: [], secrets: false };
