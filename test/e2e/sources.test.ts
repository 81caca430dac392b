// One scenario through both sources of facts: a pull request on the fake GitHub API, and the same
// commits in a local git repository checked by the built `vendor-gate check`. Wherever both sources
// can know a fact, the gates must decide alike; where local git cannot (approvals), the gate says so.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { gateViews, LocalRepo, serve, type GateView } from './local-repo.js';
import { scenario } from './scenario.js';
import { OWNER, REPO } from './run-action.js';

const POLICY = `version: 1
vendors: { users: ["acme-*"] }
gates:
  review: { approvals: 1 }
  access:
    allow: ["src/**", "package.json"]
    protect: [{ paths: [package.json], approvers: [sam] }]
  size: { max_lines: 40 }
  description: { min_length: 20 }
profiles:
  - { name: acme, match: { users: ["acme-*"] }, valid_until: 2099-12-31 }
`;
const TITLE = 'feat: invoice export';
const BODY = 'Adds the CSV export of invoices, as agreed.\n\nFixes #12';
// Built at run time, so that no scanner flags this file: an AWS key id of the documented shape.
const KEY = ['AKIA', 'Q3EGRTZ7', 'MXKWPL4N'].join('');

const repo = new LocalRepo();
afterAll(() => {
  repo.remove();
});

const { fake, run } = scenario(POLICY);

describe('the same pull request through GitHub and through local git', () => {
  it('decides every gate alike where both can know, and says what only GitHub knows', async () => {
    repo.write('.github/vendor-gate.yml', POLICY);
    repo.write('package.json', '{\n  "name": "shop",\n  "version": "1.0.0"\n}\n');
    repo.write('src/app.ts', 'export const app = 1;\n');
    const base = repo.commit('base');
    repo.git('checkout', '-q', '-b', 'work');
    repo.write('src/app.ts', `export const app = 1;\nexport const region = 'eu';\nconst awsKeyId = '${KEY}';\nexport { awsKeyId };\n`);
    repo.write('package.json', '{\n  "name": "shop",\n  "version": "1.1.0"\n}\n');
    repo.write('lib/extra.ts', Array.from({ length: 40 }, (_, i) => `export const x${i} = ${i};`).join('\n') + '\n');
    const head = repo.commit('feat: invoice export');
    repo.write('../body.md', BODY);

    const local = repo.check('--title', TITLE, '--body-file', '../body.md', '--format', 'json');
    expect(local.stderr).toBe('');
    expect(local.status).toBe(1);

    serve(fake(), repo, { number: 51, policy: POLICY, base, head, title: TITLE, body: BODY });
    fake().addReview(OWNER, REPO, 51, { login: 'alice', state: 'APPROVED', commit_id: head });
    fake().addReview(OWNER, REPO, 51, { login: 'sam', state: 'APPROVED', commit_id: head });
    const action = await run(51);
    expect(action.code).toBe(1);

    const onGitHub = gateViews(readFileSync(action.outputs.report ?? '', 'utf8'));
    const onDisk = gateViews(local.stdout);
    // Approvals exist only on GitHub: the review gate decides there and says why it skips locally.
    expect(onGitHub.find((g) => g.id === 'review')?.status).toBe('pass');
    expect(onDisk.find((g) => g.id === 'review')).toMatchObject({ status: 'skip', findings: [] });
    const known = (list: GateView[]) => list.filter((g) => g.id !== 'review');
    expect(known(onDisk)).toEqual(known(onGitHub));
    expect(onGitHub.map((g) => [g.id, g.status])).toEqual([
      ['access', 'fail'],
      ['secrets', 'fail'],
      ['size', 'fail'],
      ['description', 'pass'],
      ['commits', 'skip'],
      ['legal', 'skip'],
      ['tests', 'fail'],
      ['coverage', 'skip'],
      ['review', 'pass'],
      ['contract', 'pass'],
    ]);
    // The protected file: approved by sam on GitHub; locally noted, not failed.
    const report = JSON.parse(local.stdout) as { gates: Array<{ id: string; notes: string[] }> };
    expect(report.gates.find((g) => g.id === 'access')?.notes).toEqual([
      '1 protected file (package.json) will need an approval from a named approver; approvals are only known on GitHub, so it is checked on the pull request.',
    ]);
  });
});
