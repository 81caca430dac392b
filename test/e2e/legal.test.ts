// Issue 10 end to end: sign-offs, licence headers, commit identity and tests with the code, each
// scenario built as a real git repository and checked twice: by the built `vendor-gate check` on the
// repository, and by the built action against the fake GitHub serving the same commits as a pull request.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { gateViews, LocalRepo, serve, type GateView, type Served } from './local-repo.js';
import { scenario } from './scenario.js';
import { OWNER, REPO } from './run-action.js';

/** How the comment names a commit: its short SHA, linked to the commit on GitHub. */
const commitLink = (sha: string): string => `[${sha.slice(0, 12)}](https://github.com/${OWNER}/${REPO}/commit/${sha})`;

const BOB = { name: 'Bob Builder', email: 'bob@acme.example' };
const SPDX = 'SPDX-License-Identifier: MIT';
const signedOff = (subject: string, who = BOB) => `${subject}\n\nSigned-off-by: ${who.name} <${who.email}>`;

const policy = (gates: string, profile = '') => `version: 1
vendors: { users: ["acme-*"] }
gates:
  review: { level: off }
  description: { level: off }
${gates}${profile === '' ? '' : `profiles:\n  - name: acme\n    match: { users: ["acme-*"] }\n    gates:\n${profile}`}`;

const { fake, run, statuses, comments } = scenario();
const repos: LocalRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.remove();
});

/** A repository whose main branch holds the policy and a small project with tests; the work branch is checked out. */
function project(gatesPolicy: string, person = BOB): { repo: LocalRepo; base: string } {
  const repo = new LocalRepo(person);
  repos.push(repo);
  repo.write('.github/vendor-gate.yml', gatesPolicy);
  repo.write('src/cart.ts', 'export const total = (items: number[]) => items.reduce((a, b) => a + b, 0);\n');
  repo.write('test/cart.test.ts', "import { total } from '../src/cart';\n");
  const base = repo.commit('chore: base');
  repo.git('checkout', '-q', '-b', 'work');
  return { repo, base };
}

interface BothRuns {
  /** `vendor-gate check` in the repository: its exit code, its text output and its gates (from --format json). */
  local: { status: number | null; text: string; gates: GateView[]; notes: (id: string) => string[] };
  action: { code: number | null; gates: GateView[]; comment: string };
}

async function throughBoth(repo: LocalRepo, pr: Served): Promise<BothRuns> {
  const json = repo.check('--format', 'json');
  const text = repo.check();
  expect(json.stderr).toBe('');
  expect(text.status).toBe(json.status);
  const report = JSON.parse(json.stdout) as { gates: Array<{ id: string; notes: string[] }> };
  serve(fake(), repo, pr);
  const action = await run(pr.number);
  return {
    local: { status: json.status, text: text.stdout, gates: gateViews(json.stdout), notes: (id) => report.gates.find((g) => g.id === id)?.notes ?? [] },
    action: { code: action.code, gates: gateViews(readFileSync(action.outputs.report ?? '', 'utf8')), comment: comments(pr.number)[0]?.body ?? '' },
  };
}

const gate = (gates: GateView[], id: string): GateView | undefined => gates.find((g) => g.id === id);

describe('DCO sign-off', () => {
  it('fails an unsigned commit and shows the remedy, which works; merge commits need none', async () => {
    const p = policy('  legal: { dco: true }\n');
    const { repo, base } = project(p);
    repo.write('src/cart.ts', 'export const total = (items: number[]) => items.reduce((a, b) => a + b, 0);\nexport const vat = 0.2;\n');
    repo.write('test/cart.test.ts', "import { total, vat } from '../src/cart';\n");
    repo.commit(signedOff('feat: VAT rate'));
    repo.write('src/round.ts', 'export const round = Math.round;\n');
    const unsigned = repo.commit('fix: rounding');
    repo.git('checkout', '-q', '-b', 'side', base);
    repo.write('test/round.test.ts', "import { round } from '../src/round';\n");
    repo.commit(signedOff('test: rounding'));
    repo.git('checkout', '-q', 'work');
    repo.git('merge', '-q', '--no-ff', '-m', 'Merge branch side into work', 'side');
    const head = repo.head();

    const { local, action } = await throughBoth(repo, { number: 1, policy: p, base, head });
    expect(action.code).toBe(1);
    expect(statuses().at(-1)).toMatchObject({ state: 'failure', description: 'Failed: legal' });
    const finding =
      `Commit ${commitLink(unsigned)} "fix: rounding" is not signed off: its message has no Signed-off-by line for its author "Bob Builder &lt;bob@&#8203;acme.example&gt;".` +
      "<br>**How to fix:** Sign off every commit and push the branch again, with these commands in your clone of it. git signs off with your user.name and user.email (git config), so set them to the author's name and email first." +
      `\n\n   \`\`\`sh\n   git fetch origin\n   git rebase --signoff ${base.slice(0, 12)}\n   git push --force-with-lease\n   \`\`\``;
    expect(action.comment).toContain('| Sign-off and licence headers | ❌ Failed | 1 commit not signed off |');
    expect(action.comment).toContain(`1. ${finding}`);
    expect(action.comment).toContain('- 1 merge commit (it holds no work of its own) not checked for a sign-off.');
    expect(action.comment).toContain('- A sign-off (git commit -s) certifies the Developer Certificate of Origin (developercertificate.org)');

    expect(local.status).toBe(1);
    expect(local.gates).toEqual(action.gates);
    expect(local.text).toContain(`Commit ${unsigned.slice(0, 12)} "fix: rounding" is not signed off: its message has no Signed-off-by line for its author "Bob Builder <bob@acme.example>".`);
    expect(local.text).toContain('fix: Sign off every commit and push the branch again, with these commands in your clone of it.');
    expect(local.text).toContain(`$ git rebase --signoff ${base.slice(0, 12)}`);

    // The remedy, as the comment gives it (its rebase line; fetch and push need a remote), signs every commit off.
    const rebase = /^ {3}git rebase (.*)$/m.exec(action.comment)?.[1]?.split(' ') ?? [];
    expect(rebase).toEqual(['--signoff', base.slice(0, 12)]);
    repo.git('rebase', '-q', ...rebase);
    const fixed = repo.check();
    expect(fixed.stdout).toMatch(/PASS {2}Sign-off and licence headers +3 commits signed off/);
    expect(fixed.status).toBe(0);
  });

  it('passes a pull request signed off with GitHub noreply addresses, with and without the account id', async () => {
    const p = policy('  legal: { dco: true }\n');
    const bob = { name: 'Bob Builder', email: '4242+bob-b@users.noreply.github.com' };
    const { repo, base } = project(p, bob);
    repo.write('src/cart.ts', 'export const total = 0;\n');
    repo.write('test/cart.test.ts', "import { total } from '../src/cart';\ntotal;\n");
    repo.commit('feat: empty cart\n\nSigned-off-by: bob  builder <bob-b@users.noreply.github.com>');
    repo.write('src/cart.ts', 'export const total = 1;\n');
    repo.git('commit', '-q', '-a', '-s', '-m', 'fix: one');
    const head = repo.head();

    const { local, action } = await throughBoth(repo, { number: 2, policy: p, base, head });
    expect(action.code).toBe(0);
    expect(action.comment).toContain('| Sign-off and licence headers | ✅ Passed | 2 commits signed off |');
    expect(statuses().at(-1)).toMatchObject({ state: 'success', description: 'All 5 checks passed' });
    expect(local.status).toBe(0);
    expect(local.gates).toEqual(action.gates);
  });
});

describe('licence headers', () => {
  it('fails a new file without the header, not a modified or renamed one; reads a file GitHub shows no diff of at the head commit', async () => {
    const p = policy(`  legal: { dco: false, license_header: { paths: ["src/**"], text: "${SPDX}" } }\n`);
    const { repo } = project(p);
    repo.git('checkout', '-q', 'main');
    repo.write('lib/moved.ts', 'export const moved = 1;\n'.repeat(5));
    const base = repo.commit('chore: a file to move');
    repo.git('checkout', '-q', 'work');
    repo.git('merge', '-q', '--ff-only', 'main');
    repo.git('mv', 'lib/moved.ts', 'src/moved.ts');
    repo.write('src/cart.ts', 'export const total = 0;\n');
    repo.write('src/new.ts', 'export const fresh = true;\n');
    repo.write('src/cli.ts', `#!/usr/bin/env node\n${Array.from({ length: 9 }, () => '//').join('\n')}\n// ${SPDX}\nconsole.log(1);\n`);
    repo.write('src/win.ts', `\uFEFF/*\r\n * ${SPDX}\r\n */\r\nexport const crlf = 1;\r\n`);
    repo.write('src/big.ts', `// ${SPDX}\n${'export const n = 1;\n'.repeat(50)}`);
    repo.write('src/big-bare.ts', 'export const m = 1;\n'.repeat(50));
    repo.write('src/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    repo.write('docs/guide.md', '# Guide\n');
    repo.write('test/new.test.ts', "import { fresh } from '../src/new';\n");
    const head = repo.commit('feat: new files');

    const { local, action } = await throughBoth(repo, { number: 3, policy: p, base, head, omitPatch: ['src/big.ts', 'src/big-bare.ts'] });
    expect(action.code).toBe(1);
    const read = fake().requests.filter((r) => r.path.startsWith(`/repos/${OWNER}/${REPO}/contents/src/`) && r.query.ref === head).map((r) => r.path.split('/').at(-1));
    expect(read.sort()).toEqual(['big-bare.ts', 'big.ts', 'logo.png']);
    expect(action.comment).toContain('| Sign-off and licence headers | ❌ Failed | 2 new files without the licence header |');
    const blob = (path: string) => `[<code>${path}</code>](https://github.com/${OWNER}/${REPO}/blob/${head}/${path})`;
    expect(action.comment).toContain(
      [
        `1. The same problem in 2 files: This new file has no licence header: expected "${SPDX}" within its first 10 lines.`,
        `   - ${blob('src/big-bare.ts')}`,
        `   - ${blob('src/new.ts')}`,
        `   **How to fix** (both): Add "${SPDX}" at the top of the file, in a comment (after the #! line, if there is one).`,
      ].join('\n'),
    );
    expect(gate(action.gates, 'legal')?.findings.map((f) => f.file)).toEqual(['src/big-bare.ts', 'src/new.ts']);
    expect(repo.pullRequest(base, head).files.find((f) => f.filename === 'src/moved.ts')).toMatchObject({ status: 'renamed', previous_filename: 'lib/moved.ts' });
    expect(local.status).toBe(1);
    expect(local.gates).toEqual(action.gates);
    expect(local.text).toContain(`src/new.ts: This new file has no licence header: expected "${SPDX}" within its first 10 lines.`);
  });
});

describe('commit identity', () => {
  it('fails a commit email outside the vendor profile and, where required, a commit GitHub did not verify', async () => {
    const p = policy('', '      commits: { emails: ["*@acme.example"], require_verified: true }\n');
    const { repo, base } = project(p);
    const eve = { name: 'Eve', email: 'eve@gmail.com' };
    repo.write('src/cart.ts', 'export const total = 2;\n');
    repo.write('test/cart.test.ts', "import { total } from '../src/cart';\ntotal;\n");
    const good = repo.commit('feat: two');
    repo.write('src/cart.ts', 'export const total = 3;\n');
    const outside = repo.commit('feat: three', eve);
    repo.write('src/cart.ts', 'export const total = 4;\n');
    const unsigned = repo.commit('feat: four');
    repo.write('README.md', '# Shop\n');
    const web = repo.commit('Create README.md', BOB, { name: 'GitHub', email: 'noreply@github.com' });

    const { local, action } = await throughBoth(repo, { number: 4, policy: p, base, head: web, verified: [good, outside, web] });
    expect(action.code).toBe(1);
    expect(statuses().at(-1)).toMatchObject({ state: 'failure', description: 'Failed: commits' });
    expect(action.comment).toContain('| Commit identity | ❌ Failed | 1 commit with an email outside \\*@&#8203;acme.example; 1 commit not verified |');
    expect(action.comment).toContain(
      `1. Commit ${commitLink(outside)} "feat: three" was written and committed as "Eve &lt;eve@&#8203;gmail.com&gt;": the policy allows only emails that match \\*@&#8203;acme.example.<br>**How to fix:** Make the commits again with an email that matches \\*@&#8203;acme.example, with these commands in your clone of the branch (put your work email in the first one). For commits made on github.com, choose that email in your GitHub email settings.` +
        `\n\n   \`\`\`sh\n   git config user.email "<your work email>"\n   git fetch origin\n   git rebase --exec "git commit --amend --no-edit --reset-author" ${base.slice(0, 12)}\n   git push --force-with-lease\n   \`\`\``,
    );
    expect(action.comment).toContain(
      `2. Commit ${commitLink(unsigned)} "feat: four" is not verified by GitHub (GitHub does not show it as "Verified"): the policy requires commits signed with a key that GitHub can check.<br>**How to fix:** Sign your commits with a key that your GitHub account lists`,
    );

    // Locally the emails are checked the same way; verification is left to GitHub, and the check says so.
    expect(local.status).toBe(1);
    const onGitHub = gate(action.gates, 'commits');
    expect(gate(local.gates, 'commits')).toEqual({ ...onGitHub, findings: onGitHub?.findings.slice(0, 1) });
    expect(local.notes('commits')).toEqual([
      '4 commits must be verified by GitHub (gates.commits.require_verified); only GitHub verifies signatures, so it is checked on the pull request.',
      "GitHub's own committer address (noreply@github.com) counts only on commits GitHub signed (1 here); only GitHub verifies signatures, so it is checked on the pull request.",
    ]);
    const others = (gates: GateView[]) => gates.filter((g) => g.id !== 'commits');
    expect(others(local.gates)).toEqual(others(action.gates));

    // The remedy, as the comment gives it, makes every commit again with the vendor's own email.
    repo.git('rebase', '-q', '--exec', 'git commit -q --amend --no-edit --reset-author', base.slice(0, 12));
    const fixed = repo.check();
    expect(fixed.stdout).toMatch(/PASS {2}Commit identity +4 commits: emails match \*@acme\.example/);
    expect(fixed.status).toBe(0);
  });
});

describe('tests with the code', () => {
  it('warns when source changes without tests (a monorepo package), and passes once tests change too', async () => {
    const p = policy('');
    const { repo, base } = project(p);
    repo.write('packages/shop/src/price.ts', 'export const price = 1;\n');
    const untested = repo.commit('feat: price');

    const without = await throughBoth(repo, { number: 5, policy: p, base, head: untested });
    expect(without.action.code).toBe(0);
    expect(statuses().at(-1)).toMatchObject({ state: 'success', description: 'Passed with warnings: tests' });
    expect(without.action.comment).toContain('| Tests with the code | ⚠️ Warning | 1 source file changed without tests |');
    expect(without.action.comment).toContain(
      '### ⚠️ Tests with the code\n_This check is set to warn: it does not block merging._\n\n1. This pull request adds code to 1 source file ("packages/shop/src/price.ts") but adds no tests.<br>**How to fix:** Add or update the tests of this change in the same pull request. Test files are the files that match \\*\\*/test/\\*\\*,',
    );
    expect(without.local.status).toBe(0);
    expect(without.local.text).toMatch(/WARN {2}Tests with the code +1 source file changed without tests/);
    expect(without.local.gates).toEqual(without.action.gates);

    repo.write('packages/shop/test/price.test.ts', "import { price } from '../src/price';\n");
    const tested = repo.commit('test: price');
    const withTests = await throughBoth(repo, { number: 6, policy: p, base, head: tested });
    expect(withTests.action.comment).toContain('| Tests with the code | ✅ Passed | 1 source file and 1 test file changed |');
    expect(withTests.local.text).toMatch(/PASS {2}Tests with the code +1 source file and 1 test file changed/);
    expect(withTests.local.gates).toEqual(withTests.action.gates);
  });
});
