// Every kind of PR comment, rendered from a realistic run and kept as a Markdown file next to this test
// (test/unit/__snapshots__/comments/): a change to any of them shows in review as a diff of the Markdown a
// maintainer and a vendor will read.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/coverage/parse.js';
import { parsePolicy } from '../../src/policy/load.js';
import { COMMENT_LIMIT, renderMarkdown } from '../../src/report/markdown.js';
import { errorReport, evaluate } from '../../src/verdict.js';
import { commit, facts, file } from './helpers.js';
import { githubToken } from './secret-samples.js';

const POLICY = `version: 1
vendors: { users: ["acme-*"] }
gates:
  access: { allow: ["src/**", "test/**"] }
  size: { max_files: 300, max_lines: 5000 }
waiver: { by: [lena] }
profiles:
  - { name: acme, match: { users: ["acme-*"] }, valid_until: 2027-03-31 }
`;
const policy = parsePolicy(POLICY, '.github/vendor-gate.yml');
const source = { path: '.github/vendor-gate.yml', builtIn: false, sha: '9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345' };
const now = new Date('2026-12-01T09:00:00Z');
const runUrl = 'https://github.com/octo/app/actions/runs/123';
const snapshot = (name: string) => `./__snapshots__/comments/${name}.md`;

/** The 200-finding PR of issue 11: a vendor who also reformatted 200 files outside the scope of work. */
const outOfScope = Array.from({ length: 200 }, (_, i) => file(`docs/guide/page-${String(i).padStart(3, '0')}.md`));

describe('the comment of each kind of run', () => {
  it('passes', async () => {
    const report = evaluate(facts({ files: [file('src/export.ts', { additions: 40 })] }), policy, source, { mode: 'enforce', now });
    await expect(renderMarkdown(report, { runUrl })).toMatchFileSnapshot(snapshot('pass'));
  });

  it('fails with 200 findings of one kind, grouped under one fix (with the size finding, two fixes in all)', async () => {
    // With its test, so that the one fix besides the scope's is the size's.
    const report = evaluate(facts({ files: [file('src/export.ts'), file('test/export.test.ts'), ...outOfScope] }), policy, source, { mode: 'enforce', now });
    const text = renderMarkdown(report, { runUrl });
    // A row and a footer name for each of the ten gates.
    expect(text.length).toBeLessThan(31_000);
    expect(text.match(/How to fix/g)).toHaveLength(2);
    await expect(text).toMatchFileSnapshot(snapshot('fail-many'));
  });

  it('is waived by an authorised person for the commit they saw', async () => {
    const pr = facts({
      files: [file('src/export.ts'), file('scripts/release.sh')],
      labels: ['vendor-gate: waive'],
      labelEvents: [{ action: 'labeled', label: 'vendor-gate: waive', actor: 'lena', createdAt: '2026-12-01T08:00:00Z' }],
      waiverRecord: { sha: 'a'.repeat(40), by: 'lena' },
    });
    const text = renderMarkdown(evaluate(pr, policy, source, { mode: 'enforce', now }), { runUrl });
    expect(text).toContain('## ⚠️ vendor-gate: waived by lena');
    await expect(text).toMatchFileSnapshot(snapshot('waived'));
  });

  it('could not decide (a broken policy)', async () => {
    const error = 'The policy file .github/vendor-gate.yml is not valid (2 problems):\n  .github/vendor-gate.yml:3:22: gates.size.max_files: expected a number, found "lots"\n  .github/vendor-gate.yml:5:3: unknown key "colour"';
    const report = errorReport(evaluate(facts(), policy, source, { mode: 'enforce', now }).pullRequest, source, 'enforce', error);
    const text = renderMarkdown(report, { runUrl, error });
    expect(text).not.toContain('vendor PR');
    await expect(text).toMatchFileSnapshot(snapshot('error'));
  });

  it('measures coverage of the changed lines', async () => {
    const withCoverage = parsePolicy(POLICY.replace('  size:', '  coverage: { changed: 80 }\n  size:'), '.github/vendor-gate.yml');
    const lcov = readFileSync(new URL('../fixtures/coverage/vitest/lcov.info', import.meta.url), 'utf8');
    const pr = facts({ files: [file('src/price.ts', { patch: '@@ -1,0 +1,13 @@\n' + Array.from({ length: 13 }, (_, i) => `+line ${i + 1}`).join('\n'), additions: 13 }), file('src/new.ts', { status: 'added', additions: 4 })] });
    const coverage = { kind: 'reports' as const, reports: [parseReport('coverage/lcov.info', lcov)], repository: { paths: ['src/price.ts', 'src/format.ts', 'src/new.ts'], complete: true } };
    const report = evaluate(pr, withCoverage, source, { mode: 'enforce', now, coverage });
    await expect(renderMarkdown(report, { runUrl })).toMatchFileSnapshot(snapshot('coverage'));
  });

  it('finds secrets, with a possible secret below the minimum confidence', async () => {
    const token = githubToken();
    const generic = ['Xq7', 'Lm2Vr9', 'Tz4Kp8Wn'].join('');
    const patch = `@@ -0,0 +1,4 @@\n+export const api = 'https://api.example.com';\n+const token = "${token}";\n+const copy = "${token}";\n+db_password = "${generic}"`;
    const pr = facts({ files: [file('src/config.ts', { status: 'added', patch, additions: 4 })], commits: [commit('dev@acme.example', `chore: config\n\nused ${token}`)] });
    const text = renderMarkdown(evaluate(pr, policy, source, { mode: 'enforce', now }), { runUrl });
    expect(text).not.toContain(token);
    await expect(text).toMatchFileSnapshot(snapshot('secrets'));
  });

  it("asks for sign-offs, licence headers, the vendor's own emails and tests", async () => {
    const legal = parsePolicy(
      POLICY.replace('  size:', '  legal: { license_header: { paths: ["src/**"], text: "SPDX-License-Identifier: MIT" } }\n  size:').replace(
        'valid_until: 2027-03-31 }',
        'valid_until: 2027-03-31, gates: { commits: { emails: ["*@acme.example"] } } }',
      ),
      '.github/vendor-gate.yml',
    );
    const dev = { name: 'Dev Eloper', email: 'dev@acme.example' };
    const home = { name: 'Dev Eloper', email: 'dev.eloper@gmail.com' };
    const pr = facts({
      files: [file('src/export.ts', { status: 'added', additions: 3 }), file('src/report.ts', { additions: 5 })],
      commits: [
        commit(dev.email, 'feat: export the report as CSV', { sha: '1a2b3c4d5e6f'.padEnd(40, '0'), author: dev, committer: dev }),
        commit(home.email, 'fix: quote fields with commas\n\nSigned-off-by: Dev Eloper <dev.eloper@gmail.com>', { sha: '2b3c4d5e6f7a'.padEnd(40, '0'), author: home, committer: home }),
        commit(dev.email, 'fix: header row\n\nSigned-off-by: Dev Eloper <dev@acme.example>\n\nThanks!', { sha: '3c4d5e6f7a8b'.padEnd(40, '0'), author: dev, committer: dev }),
      ],
    });
    const text = renderMarkdown(evaluate(pr, legal, source, { mode: 'enforce', now }), { runUrl });
    expect(text).toContain('### ❌ Sign-off and licence headers\n1. 2 problems with the same fix:');
    await expect(text).toMatchFileSnapshot(snapshot('legal'));
  });

  it('is cut to the comment limit by listing fewer places, never mid-table', async () => {
    const files = Array.from({ length: 3000 }, (_, i) => file(`lib/${'deep/'.repeat(8)}file-${i}.ts`));
    const text = renderMarkdown(evaluate(facts({ files }), policy, source, { mode: 'enforce', now }), { runUrl });
    expect(text.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    await expect(text).toMatchFileSnapshot(snapshot('truncated'));
  });
});
