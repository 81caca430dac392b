// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** Imports a pure module never makes: the API, the runner, git, the readers of the edge. */
const EDGE = ['@actions/*', '@octokit/*', '**/github/*', '**/publish/*', '**/facts/github.js', '**/facts/git.js', '**/context.js', '**/inputs.js', 'node:child_process'];
const PURE = 'pure modules read no API, no runner and no git, so their tests need no mocks';
// The entry points and the pipeline sit at the root of src/: `./main.js`, `../main.js`, never `./gates/index.js`.
const ENTRY = '^(\\.\\.?/)+(main|cli|index|pipeline)\\.js$';

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'scripts/**/*.mjs', 'eslint.config.js', 'tmp/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // The flow runs one way (STYLE.md): entry -> pipeline/publish -> verdict/report -> gates -> facts -> github,
  // with pure modules that never reach the edge. Each layer lists what it may not import, and why.
  ...layers([
    [['src/**'], [], 'only the entry points (index, main, cli) use the pipeline'],
    [['src/gates/**', 'src/model.ts', 'src/plan.ts', 'src/verdict.ts', 'src/vendor.ts', 'src/reviews.ts', 'src/waiver.ts', 'src/match.ts', 'src/pattern.ts', 'src/codeowners.ts', 'src/lines.ts', 'src/identity.ts', 'src/trailers.ts'], EDGE, PURE],
    [['src/report/**'], [...EDGE, '**/gates/*', '**/verdict.js', '**/plan.js'], `${PURE}; renderers read the report model only`],
    [['src/policy/**'], [...EDGE, '**/secrets/*', '**/gates/*', '**/report/*', '**/coverage/*', '**/facts/*', '**/verdict.js', '**/vendor.js', '**/plan.js'], `${PURE}; the policy is read before anything it configures`],
    [['src/secrets/**', 'src/coverage/**', 'src/diff/**'], [...EDGE, '**/gates/*', '**/report/*', '**/verdict.js', '**/plan.js', '**/policy/*'], `${PURE}; scanners and parsers know nothing of gates or the policy`],
    [['src/github/**'], ['**/facts/*', '**/gates/*', '**/report/*', '**/publish/*', '**/policy/*', '**/coverage/*', '**/secrets/*', '**/verdict.js', '**/plan.js'], 'github/ is the bottom of the edge: one small function per API concern'],
    [['src/facts/**'], ['**/gates/*', '**/report/*', '**/publish/*', '**/verdict.js', '**/plan.js', '**/waiver.js'], 'facts never depend on the decisions made from them'],
  ]),
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      // Without a TypeScript parser for the imported files, no-cycle sees no imports in them and finds no cycle.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts'],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
);

/**
 * One lint block per layer. A later block replaces an earlier one's rule for the files both match, so
 * each carries the entry-point patterns too; the entry points themselves are left out.
 */
function layers(list) {
  return list.map(([files, patterns, why]) => ({
    files,
    ignores: ['src/index.ts', 'src/main.ts', 'src/cli.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: ENTRY, message: `Against the flow: ${why}.` },
            ...(patterns.length > 0 ? [{ group: patterns, message: `Against the flow: ${why}.` }] : []),
          ],
        },
      ],
    },
  }));
}
