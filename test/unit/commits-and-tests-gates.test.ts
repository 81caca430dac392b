import { describe, expect, it } from 'vitest';
import { VERIFICATION_UNKNOWN } from '../../src/facts/git.js';
import { commitsGate } from '../../src/gates/commits.js';
import { testsGate } from '../../src/gates/tests.js';
import { parsePolicy } from '../../src/policy/load.js';
import { commit, context, facts, file } from './helpers.js';

const WEB_FLOW = { name: 'GitHub', email: 'noreply@github.com' };

describe('commits gate', () => {
  const run = (commits: ReturnType<typeof commit>[], settings: { emails?: string[]; require_verified?: boolean } = { emails: ['*@acme.example'] }) =>
    commitsGate(context(facts({ commits }), { commits: { level: 'error', ...settings } }));

  it('passes when every author and committer email matches, in any case', () => {
    expect(run([commit('bob@acme.example'), commit('Ann@ACME.Example')])).toMatchObject({ status: 'pass', summary: '2 commits: emails match *@acme.example' });
  });

  it('names the commit and the identity outside the allowed emails, as author, committer or both', () => {
    const bob = { name: 'Bob', email: 'bob@acme.example' };
    const gate = run([
      commit('eve@gmail.com', 'feat: x', { sha: 'e'.repeat(40), author: { name: 'Eve', email: 'eve@gmail.com' }, committer: { name: 'Eve', email: 'eve@gmail.com' } }),
      commit('bob@acme.example', 'fix: y', { sha: 'f'.repeat(40), author: bob, committer: { name: 'Ci <bot>', email: 'ci@build.example' } }),
      commit('x', 'fix: z', { sha: 'a'.repeat(40), author: { name: 'Mal', email: 'mal@evil.example' }, committer: { name: 'Root', email: 'root@evil.example' } }),
    ]);
    expect(gate.status).toBe('fail');
    expect(gate.summary).toBe('3 commits with an email outside *@acme.example');
    expect(gate.findings.map((f) => f.message)).toEqual([
      'Commit eeeeeeeeeeee "feat: x" was written and committed as "Eve <eve@gmail.com>": the policy allows only emails that match *@acme.example.',
      'Commit ffffffffffff "fix: y" was committed as "Ci <bot> <ci@build.example>": the policy allows only emails that match *@acme.example.',
      'Commit aaaaaaaaaaaa "fix: z" was written as "Mal <mal@evil.example>" and committed as "Root <root@evil.example>": the policy allows only emails that match *@acme.example.',
    ]);
    expect(gate.findings[0]?.fix).toBe(
      'Make the commits again with an email that matches *@acme.example, with these commands in your clone of the branch (put your work email in the first one). ' +
        'For commits made on github.com, choose that email in your GitHub email settings.',
    );
    expect(gate.findings[0]?.commands).toEqual([
      'git config user.email "<your work email>"',
      'git fetch origin',
      'git rebase --exec "git commit --amend --no-edit --reset-author" bbbbbbbbbbbb',
      'git push --force-with-lease',
    ]);
  });

  it("accepts GitHub's own committer address only on a commit GitHub verified", () => {
    const web = (verified: boolean) => commit('bob@acme.example', 'Update README.md', { committer: WEB_FLOW, verified });
    expect(run([web(true)]).status).toBe('pass');
    expect(run([web(false)]).findings.map((f) => f.message)).toEqual([
      'Commit cccccccccccc "Update README.md" was committed as "GitHub <noreply@github.com>": the policy allows only emails that match *@acme.example.',
    ]);
    const local = run([commit('bob@acme.example', 'Update README.md', { committer: WEB_FLOW, verified: VERIFICATION_UNKNOWN })]);
    expect(local.status).toBe('pass');
    expect(local.notes).toEqual([
      "GitHub's own committer address (noreply@github.com) counts only on commits GitHub signed (1 here); only GitHub verifies signatures, so it is checked on the pull request.",
    ]);
  });

  it('requires commits verified by GitHub when the policy says so, and notes it where only GitHub knows', () => {
    const gate = run([commit('bob@acme.example', 'feat: x', { verified: true }), commit('bob@acme.example', 'fix: y', { sha: 'd'.repeat(40) })], { require_verified: true });
    expect(gate.summary).toBe('1 commit not verified');
    expect(gate.findings.map((f) => f.message)).toEqual([
      'Commit dddddddddddd "fix: y" is not verified by GitHub (GitHub does not show it as "Verified"): the policy requires commits signed with a key that GitHub can check.',
    ]);
    expect(gate.findings[0]?.commands).toEqual(['git config commit.gpgsign true', 'git fetch origin', 'git rebase --force-rebase --gpg-sign bbbbbbbbbbbb', 'git push --force-with-lease']);
    const local = run([commit('bob@acme.example', 'feat: x', { verified: VERIFICATION_UNKNOWN })], { require_verified: true });
    expect(local).toMatchObject({ status: 'pass', summary: '1 commit: verification is checked on the pull request' });
    expect(local.notes).toEqual(['1 commit must be verified by GitHub (gates.commits.require_verified); only GitHub verifies signatures, so it is checked on the pull request.']);
  });

  it('skips with nothing to check, and fails closed past the listing cap', () => {
    expect(run([commit('eve@gmail.com')], {}).status).toBe('skip');
    const capped = commitsGate(context(facts({ commitsListing: { expected: 260, listed: 250 } }), { commits: { emails: ['*@acme.example'] } }));
    expect(capped).toMatchObject({ status: 'fail', summary: 'not every commit could be checked' });
    expect(capped.findings[0]?.message).toBe('GitHub listed only 250 of the 260 commits, so the identities of the other 10 could not be checked.');
  });

  it('is off by default and on when a profile names it', () => {
    const policy = parsePolicy('version: 1\nprofiles:\n  - { name: acme, match: { users: [acme-*] }, gates: { commits: { emails: ["*@acme.example"] } } }\n', 'p.yml');
    expect(policy.gates.commits).toEqual({ level: 'off', emails: [], require_verified: false });
  });
});

describe('tests gate', () => {
  const run = (paths: Array<string | ReturnType<typeof file>>) =>
    testsGate(context(facts({ files: paths.map((p) => (typeof p === 'string' ? file(p) : p)) })));

  it('is on as a warning by default', () => {
    expect(parsePolicy('version: 1\n', 'p.yml').gates.tests.level).toBe('warn');
  });

  it.each([
    [['src/app.ts', 'test/app.test.ts'], 'pass'],
    [['src/app.ts', 'src/app.spec.ts'], 'pass'],
    [['packages/shop/src/cart.ts', 'packages/shop/test/cart.ts'], 'pass'],
    [['packages/shop/src/cart.ts', 'packages/shop/src/__tests__/cart.ts'], 'pass'],
    [['services/api/src/main/java/Api.java', 'services/api/src/test/java/ApiTest.java'], 'pass'],
    [['pkg/src/server.go', 'pkg/src/server_test.go'], 'pass'],
    [['app/src/shop.py', 'app/tests/test_shop.py'], 'pass'],
    [['packages/shop/src/cart.ts'], 'fail'],
    [['apps/web/src/page.tsx', 'docs/testing.md'], 'fail'],
    [['README.md', 'scripts/build.sh'], 'pass'],
  ])('on a monorepo layout: %j → %s', (paths, status) => {
    expect(run(paths).status).toBe(status);
  });

  it('counts a file that matches both lists as a test, and neither removals nor unchanged moves as changes', () => {
    expect(run(['src/test/helpers.ts']).summary).toBe('no source file changed');
    expect(run([file('src/old.ts', { status: 'removed', additions: 0, deletions: 40 }), file('src/a.ts', { additions: 0, deletions: 3 })]).status).toBe('pass');
    expect(run([file('src/moved.ts', { status: 'renamed', previousPath: 'lib/moved.ts', additions: 0 })]).status).toBe('pass');
    // A removed test is no test of the change.
    expect(run(['src/a.ts', file('test/a.test.ts', { status: 'removed', additions: 0, deletions: 9 })]).status).toBe('fail');
  });

  it('names the source files without tests and the test globs', () => {
    const gate = run(['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts', 'src/e.ts']);
    expect(gate.summary).toBe('5 source files changed without tests');
    expect(gate.findings.map((f) => f.message)).toEqual(['This pull request adds code to 5 source files ("src/a.ts", "src/b.ts", "src/c.ts" and 2 more) but adds no tests.']);
    expect(gate.findings[0]?.fix).toBe(
      'Add or update the tests of this change in the same pull request. Test files are the files that match **/test/**, **/tests/**, **/__tests__/**, **/*.test.*, **/*.spec.*, **/*_test.go, **/test_*.py, **/*_test.py, **/src/test/**.',
    );
    expect(run(['src/a.ts', 'test/a.test.ts']).summary).toBe('1 source file and 1 test file changed');
  });
});
