import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, parsePolicy } from '../../src/policy/load.js';
import { makePlan } from '../../src/plan.js';
import { detectVendor, emailsDecide, EVERYONE_REASON, identityTeams, policyTeams } from '../../src/vendor.js';
import type { Mode } from '../../src/model.js';
import { blocks, evaluate } from '../../src/verdict.js';
import { commit, facts, file } from './helpers.js';

const policy = parsePolicy(
  `version: 1
vendors:
  users: ["acme-*"]
  teams: ["my-org/Vendor-Beta"]
  emails: ["*@acme.example"]
  associations: [FIRST_TIME_CONTRIBUTOR]
gates:
  review: { approvals: 0 }
  access: { allow: ["src/**"] }
  description: { level: warn }
profiles:
  - name: gamma
    match: { users: ["gamma-dev"] }
    valid_until: 2026-01-31
    gates: { size: { max_lines: 5 } }
`,
  'p.yml',
);
const source = { path: 'p.yml', builtIn: false, sha: 'b'.repeat(40) };
const now = new Date('2026-11-28T00:00:00Z');
const internal = { author: { login: 'alice', association: 'MEMBER' }, commits: [commit('alice@corp.example')] };

describe('vendor detection', () => {
  it.each([
    ['login glob, any case', { author: { login: 'ACME-Bob' } }, 'author ACME-Bob matches the login pattern "acme-*"'],
    ['team membership', { author: { login: 'zed' }, teamMembers: { 'my-org/vendor-beta': ['zed'] } }, 'author zed is a member of the team my-org/Vendor-Beta'],
    ['commit email', { commits: [commit('alice@corp.example'), commit('Bob@ACME.example')] }, 'commit email bob@acme.example matches "*@acme.example"'],
    ['author association', { author: { login: 'newbie', association: 'FIRST_TIME_CONTRIBUTOR' } }, 'author association is FIRST_TIME_CONTRIBUTOR'],
    ['profile only', { author: { login: 'gamma-dev' } }, 'author gamma-dev matches the login pattern "gamma-dev" (profile gamma)'],
  ])('%s', (_, overrides, reason) => {
    const decision = detectVendor(policy, facts({ ...internal, ...overrides }));
    expect(decision.isVendor).toBe(true);
    expect(decision.reasons).toContain(reason);
  });

  it('does not flag an internal author with internal commits', () => {
    expect(detectVendor(policy, facts(internal))).toEqual({ isVendor: false, reasons: [] });
  });

  it('checks every PR when the policy names no vendors (the built-in defaults)', () => {
    expect(detectVendor(DEFAULT_POLICY, facts(internal))).toEqual({ isVendor: true, reasons: [EVERYONE_REASON] });
    const onlyProfiles = parsePolicy('version: 1\nprofiles: [{ name: a, match: { users: [acme-*] } }]\n', 'p.yml');
    expect(detectVendor(onlyProfiles, facts(internal)).isVendor).toBe(false);
  });

  it('reads the members of every team the policy names, once each, and CODEOWNERS only when asked', () => {
    expect(policyTeams(policy)).toEqual(['my-org/vendor-beta']);
    const more = parsePolicy(
      'version: 1\nvendors: { teams: [o/V] }\nreviewers: { teams: [o/core, o/v] }\ngates: { access: { protect: [{ paths: [x], approvers: [o/sec, bob] }] } }\nwaiver: { by: [o/leads] }\nprofiles: [{ name: p, match: { teams: [o/p] }, gates: { review: { codeowners: true } } }]\n',
      'p.yml',
    );
    expect(policyTeams(more)).toEqual(['o/v', 'o/p', 'o/core', 'o/sec', 'o/leads']);
    // Identity first: only the teams that say who is a vendor are read before the PR is known to be a vendor's.
    expect(identityTeams(more)).toEqual(['o/v', 'o/p']);
    const member = (team: string) => facts({ author: { login: 'pat' }, teamMembers: { [team]: ['pat'] } });
    expect(makePlan(more, member('o/p')).needs).toEqual({ teams: ['o/v', 'o/p', 'o/core', 'o/sec', 'o/leads'], codeowners: true, permissions: false });
    expect(makePlan(more, member('o/v')).needs.codeowners).toBe(false);
    expect(makePlan(more, member('o/other')).needs).toEqual({ teams: [], codeowners: false, permissions: false });
  });
});

describe('verdict', () => {
  const run = (overrides: Parameters<typeof facts>[0], mode: Mode = 'enforce') => evaluate(facts(overrides), policy, source, { mode, now });

  it('skips non-vendor PRs without running gates', () => {
    const report = run(internal);
    expect(report).toMatchObject({ result: 'skip', isVendor: false, gates: [], failedGates: [], reason: 'not a vendor PR' });
    expect(blocks(report)).toBe(false);
  });

  it('fails on an error-level gate and only warns on a warn-level one', () => {
    const report = run({ files: [file('lib/x.ts')], body: 'short' });
    expect(report.gates.map((g) => [g.id, g.outcome])).toEqual([
      ['access', 'fail'],
      ['secrets', 'pass'],
      ['size', 'pass'],
      ['description', 'warn'],
      ['commits', 'off'],
      ['legal', 'off'],
      ['tests', 'pass'],
      ['coverage', 'off'],
      ['review', 'pass'],
      ['contract', 'skip'],
    ]);
    expect(report.failedGates).toEqual(['access']);
    expect(report.result).toBe('fail');
    expect(blocks(report)).toBe(true);
  });

  it('passes with warnings when only warn-level gates fail', () => {
    const report = run({ body: 'short' });
    expect(report.result).toBe('pass');
    expect(report.failedGates).toEqual([]);
  });

  it('reports but never blocks in report mode', () => {
    const report = run({ files: [file('lib/x.ts')] }, 'report');
    expect(report.result).toBe('fail');
    expect(blocks(report)).toBe(false);
  });

  it('applies the first matching profile: its limits and its contract window', () => {
    const report = run({ author: { login: 'gamma-dev' }, files: [file('src/a.ts', { additions: 6 })] });
    expect(report.profile).toBe('gamma');
    expect(report.failedGates).toEqual(['size', 'contract']);
  });

  it('chooses the profile by account before commit emails, which never pick a laxer profile', () => {
    const precedence = parsePolicy(
      `version: 1
vendors: { users: ["acme-*", "solo-*"] }
profiles:
  - { name: globex, match: { emails: ["*@globex.example"] }, gates: { size: { max_lines: 5000 } } }
  - { name: acme, match: { users: ["acme-*"], emails: ["*@acme.example"] }, valid_until: 2025-06-30 }
`,
      'p.yml',
    );
    const decide = (login: string, ...emails: string[]) => detectVendor(precedence, facts({ author: { login }, commits: emails.map((e) => commit(e)) }));
    expect(decide('acme-bob', 'bob@globex.example')).toMatchObject({ isVendor: true, profile: { name: 'acme' } });
    expect(decide('solo-sam', 'sam@globex.example').profile).toBeUndefined();
    expect(decide('solo-sam', 'sam@globex.example').reasons.at(-1)).toContain('commit emails match the profile globex, which is not applied');
    expect(decide('gina', 'gina@globex.example')).toMatchObject({ isVendor: true, profile: { name: 'globex' } });
    const both = decide('gina', 'gina@globex.example', 'bob@acme.example');
    expect(both).toMatchObject({ isVendor: true, profileConflict: ['globex', 'acme'] });
    expect(both.profile).toBeUndefined();
    expect(decide('alice', 'alice@corp.example')).toMatchObject({ isVendor: false, reasons: [] });
  });

  it('turns a gate off', () => {
    const off = parsePolicy('version: 1\nvendors: { users: ["*"] }\ngates: { access: { level: off, allow: [nothing] } }\n', 'p.yml');
    const report = evaluate(facts(), off, source, { mode: 'enforce', now });
    expect(report.gates.find((g) => g.id === 'access')).toMatchObject({ outcome: 'off', findings: [] });
  });

  it('notices a PR that edits the policy file', () => {
    expect(run({ files: [file('p.yml')] }).policyChangedByPr).toBe(true);
    expect(run({ files: [file('q.yml', { status: 'renamed', previousPath: 'p.yml' })] }).policyChangedByPr).toBe(true);
    expect(run({}).policyChangedByPr).toBe(false);
  });
});

describe('what the run needs to read', () => {
  it('reads coverage only for a vendor PR whose effective gates run coverage', () => {
    const withCoverage = parsePolicy('version: 1\nvendors: { users: ["acme-*"] }\nprofiles: [{ name: beta, match: { users: [beta-*] }, gates: { coverage: { changed: 50 } } }]\n', 'p.yml');
    expect(makePlan(withCoverage, facts({ author: { login: 'acme-bob' } })).coverage).toBe(false);
    expect(makePlan(withCoverage, facts({ author: { login: 'beta-bob' } })).coverage).toBe(true);
    expect(makePlan(withCoverage, facts({ author: { login: 'alice' }, commits: [commit('alice@corp.example')] })).coverage).toBe(false);
  });

  it('reads commits before deciding only when commit emails can decide', () => {
    expect(emailsDecide(parsePolicy('version: 1\nvendors: { users: ["acme-*"] }\n', 'p.yml'))).toBe(false);
    expect(emailsDecide(parsePolicy('version: 1\nprofiles: [{ name: a, match: { emails: ["*@a.example"] } }]\n', 'p.yml'))).toBe(true);
  });
});
