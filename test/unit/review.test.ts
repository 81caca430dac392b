import { describe, expect, it } from 'vitest';
import { parseCodeowners } from '../../src/codeowners.js';
import type { ReviewFact } from '../../src/facts/types.js';
import { accessGate } from '../../src/gates/access.js';
import { reviewGate } from '../../src/gates/review.js';
import { parsePolicy } from '../../src/policy/load.js';
import { coAuthorLogins, reviewState } from '../../src/reviews.js';
import { evaluate } from '../../src/verdict.js';
import { parseWaiverRecord, waiverRecordLine, waiverState } from '../../src/waiver.js';
import { commit, context, facts, file } from './helpers.js';

const HEAD = 'a'.repeat(40);
const OLD = 'e'.repeat(40);
const policy = parsePolicy(
  `version: 1
vendors: { users: ["acme-*"], teams: [my-org/vendors] }
reviewers: { users: [alice, bob, carol, dave, acme-lead], teams: [my-org/core] }
gates:
  review: { approvals: 2, codeowners: true }
  access: { protect: [{ paths: [package.json], approvers: [my-org/security] }] }
waiver: { by: [my-org/leads, "boss"] }
`,
  'p.yml',
);
const teams = { 'my-org/core': ['erin'], 'my-org/vendors': ['vic'], 'my-org/security': ['sam'], 'my-org/leads': ['lena'] };
let clock = 0;
const review = (login: string, state: ReviewFact['state'], commitId = HEAD): ReviewFact => ({
  login,
  state,
  commitId,
  submittedAt: `2026-11-27T10:00:${String(clock++).padStart(2, '0')}Z`,
});
const pr = (reviews: ReviewFact[], extra: Parameters<typeof facts>[0] = {}) =>
  facts({ reviews, teamMembers: teams, commits: [commit('bob@acme.example', 'feat: x', { author: { name: 'B', email: 'bob@acme.example', login: 'acme-bob' }, committer: { name: 'D', email: 'dave@corp.example', login: 'dave' } })], ...extra });

describe('approval counting', () => {
  it.each([
    ['two internal approvals', [review('alice', 'APPROVED'), review('erin', 'APPROVED')], ['alice', 'erin'], [], []],
    ['an approval later dismissed', [review('alice', 'APPROVED'), review('alice', 'DISMISSED')], [], [], []],
    ['a comment-only review after an approval', [review('alice', 'APPROVED'), review('alice', 'COMMENTED')], ['alice'], [], []],
    ['a comment-only review alone', [review('carol', 'COMMENTED')], [], [], []],
    ['an approval after changes were requested', [review('carol', 'CHANGES_REQUESTED'), review('carol', 'APPROVED')], ['carol'], [], []],
    ['changes requested after an approval', [review('carol', 'APPROVED'), review('carol', 'CHANGES_REQUESTED')], [], [], ['carol']],
    ['changes requested on an older commit still block', [review('carol', 'CHANGES_REQUESTED', OLD)], [], [], ['carol']],
    ['an approval on an older commit', [review('alice', 'APPROVED', OLD)], [], [['alice', 'stale']], []],
    ['a reviewer who also committed to the PR', [review('dave', 'APPROVED')], [], [['dave', 'committer']], []],
    ['the PR author', [review('acme-bob', 'APPROVED')], [], [['acme-bob', 'vendor']], []],
    ['a reviewer in both the vendor and the internal lists: vendor wins', [review('acme-lead', 'APPROVED')], [], [['acme-lead', 'vendor']], []],
    ['a member of a vendor team', [review('vic', 'APPROVED')], [], [['vic', 'vendor']], []],
    ['someone outside the internal reviewers', [review('zoe', 'APPROVED')], [], [['zoe', 'not-internal']], []],
    ['a vendor requesting changes does not block', [review('acme-carl', 'CHANGES_REQUESTED')], [], [], []],
  ] as const)('%s', (_, reviews, approved, setAside, blocking) => {
    const state = reviewState(policy, pr([...reviews]));
    expect(state.approvedBy).toEqual(approved);
    expect(state.setAside.map((s) => [s.login, s.reason])).toEqual(setAside);
    expect(state.changesRequestedBy).toEqual(blocking);
  });

  it('counts the author as the author when the author is not a vendor', () => {
    const state = reviewState(policy, pr([review('alice', 'APPROVED')], { author: { login: 'alice' } }));
    expect(state.setAside.map((s) => s.reason)).toEqual(['author']);
  });
});

describe('who counts when the policy names no reviewers', () => {
  const open = parsePolicy('version: 1\nvendors: { users: ["acme-*"] }\n', 'p.yml');
  const approval = (login: string, association: string): ReviewFact => ({ ...review(login, 'APPROVED'), association });
  it.each([
    ['an owner', approval('olga', 'OWNER'), {}, []],
    ['an organisation member', approval('mia', 'MEMBER'), {}, []],
    ['a collaborator', approval('cole', 'COLLABORATOR'), {}, []],
    ['a stranger on a public repository', approval('zed', 'NONE'), {}, ['no-write-access']],
    ['a past contributor without write access', approval('pat', 'CONTRIBUTOR'), { pat: 'read' }, ['no-write-access']],
    ['a private member whose permission says write', approval('pia', 'CONTRIBUTOR'), { pia: 'write' }, []],
    ['an account whose permission GitHub would not tell', approval('una', 'NONE'), { una: 'unknown' }, ['no-write-access']],
  ] as const)('%s', (_, approvalReview, permissions, setAside) => {
    const state = reviewState(open, facts({ reviews: [approvalReview], permissions }));
    expect(state.setAside.map((s) => s.reason)).toEqual(setAside);
    expect(state.approvedBy).toEqual(setAside.length === 0 ? [approvalReview.login] : []);
  });
});

describe('co-authors', () => {
  const carl = { name: 'Carl', email: 'carl@corp.example', login: 'carl' };
  it.each([
    ['a noreply email names the login', 'Co-authored-by: Dina <99+dina@users.noreply.github.com>', 'dina', [] as const],
    ['an email GitHub linked to an account on another commit', 'Co-authored-by: Carl <CARL@corp.example>', 'carl', [commit('carl@corp.example', 'x', { author: carl })]],
    ['the trailer in lower case, indented', 'fix\n\n  co-authored-by: Dina <dina@users.noreply.github.com>', 'dina', []],
  ] as const)('%s', (_, message, login, more) => {
    expect([...coAuthorLogins([commit('bob@acme.example', message), ...more])]).toEqual([login]);
    const state = reviewState(policy, facts({ reviews: [review(login, 'APPROVED')], teamMembers: teams, commits: [commit('bob@acme.example', message), ...more] }));
    expect(state.setAside.map((s) => s.reason)).toEqual([more.length > 0 ? 'committer' : 'co-author']);
  });

  it('ignores a trailer whose email maps to no account, and text that only mentions a co-author', () => {
    expect([...coAuthorLogins([commit('b@acme.example', 'Co-authored-by: X <x@nowhere.example>\nsee co-authored-by: <99+dina@users.noreply.github.com> below')])]).toEqual([]);
  });
});

describe('review gate', () => {
  const gate = (reviews: ReviewFact[], codeowners = '', files = [file('src/app.ts')]) => {
    const prFacts = pr(reviews, { files, ...(codeowners ? { codeowners: parseCodeowners(codeowners, '.github/CODEOWNERS') } : {}) });
    return reviewGate(context(prFacts, { review: { approvals: 2, codeowners: codeowners !== '' } }, { reviews: reviewState(policy, prFacts) }));
  };

  it('passes with two internal approvals and lists them', () => {
    const result = gate([review('alice', 'APPROVED'), review('erin', 'APPROVED'), review('zoe', 'APPROVED')]);
    expect(result.status).toBe('pass');
    expect(result.notes).toEqual([
      'Approved by alice, erin.',
      'The approval of zoe does not count: not one of the internal reviewers of the policy.',
    ]);
  });

  it('fails on stale approvals and on requested changes, saying why', () => {
    const result = gate([review('alice', 'APPROVED', OLD), review('erin', 'CHANGES_REQUESTED')]);
    expect(result.findings.map((f) => f.message)).toEqual([
      'This pull request has 0 approvals from internal reviewers on the latest commit; it needs 2.',
      'erin requested changes.',
    ]);
    expect(result.notes).toEqual(['The approval of alice does not count: it was made on the older commit eeeeeee, and only approvals of the latest commit count.']);
  });

  it('needs an approving owner for every owned file, by user or by team', () => {
    const owners = '* @alice\nsrc/ @my-org/core\ndocs/ @nobody docs@corp.example\n';
    const files = [file('src/app.ts'), file('README.md'), file('docs/a.md'), file('docs/b.md')];
    const result = gate([review('erin', 'APPROVED'), review('bob', 'APPROVED')], owners, files);
    expect(result.findings).toEqual([
      {
        file: 'README.md',
        message: '1 changed file owned by @alice (.github/CODEOWNERS line 1) has no approval from an owner: README.md.',
        fix: 'Ask one of @alice to review and approve the latest commit.',
      },
      {
        file: 'docs/a.md',
        message:
          '2 changed files owned by @nobody, docs@corp.example (.github/CODEOWNERS line 3) have no approval from an owner: docs/a.md, docs/b.md. Owners given by email (docs@corp.example) cannot be matched to an approval.',
        fix: 'Ask one of @nobody, docs@corp.example to review and approve the latest commit.',
      },
    ]);
  });

  it('checks the old name of a renamed file against CODEOWNERS too', () => {
    const result = gate([review('erin', 'APPROVED'), review('bob', 'APPROVED')], 'secret/ @alice\n', [file('src/x.ts', { status: 'renamed', previousPath: 'secret/x.ts' })]);
    expect(result.findings[0]?.message).toContain('owned by @alice');
  });

  it('skips when approvals are unknown (a local check), and says why', () => {
    const local = facts({ reviews: { unknown: 'approvals are only known on GitHub' } });
    expect(reviewGate(context(local, {}, { reviews: reviewState(policy, local) }))).toMatchObject({ status: 'skip', summary: 'approvals are only known on GitHub' });
  });
});

describe('protected paths', () => {
  const access = (reviews: ReviewFact[]) => {
    const prFacts = pr(reviews, { files: [file('package.json')] });
    return accessGate(context(prFacts, { access: { protect: policy.gates.access.protect } }, { reviews: reviewState(policy, prFacts) }));
  };
  it('note, but do not fail, a protected file when approvals are unknown (a local check)', () => {
    const local = facts({ files: [file('package.json'), file('lib/x.ts')], reviews: { unknown: 'approvals are only known on GitHub' } });
    const result = accessGate(context(local, { access: { protect: policy.gates.access.protect } }, { reviews: reviewState(policy, local) }));
    expect(result.status).toBe('pass');
    expect(result.notes).toEqual(['1 protected file (package.json) will need an approval from a named approver; approvals are only known on GitHub, so it is checked on the pull request.']);
  });

  it('pass once an approver of the rule approves the latest commit', () => {
    expect(access([]).findings[0]?.message).toBe('This file is protected: it needs an approval from my-org/security.');
    expect(access([review('sam', 'APPROVED', OLD)]).status).toBe('fail');
    expect(access([review('sam', 'APPROVED')]).status).toBe('pass');
  });
});

describe('waiver', () => {
  const seen = (by: string, sha = HEAD) => ({ waiverRecord: { sha, by } });
  const withLabel = (actor: string, extra: Parameters<typeof facts>[0] = seen(actor)) =>
    pr([], {
      labels: ['Vendor-Gate: Waive'],
      labelEvents: [
        { action: 'labeled', label: 'vendor-gate: waive', actor: 'lena', createdAt: '2026-11-27T09:00:00Z' },
        { action: 'unlabeled', label: 'vendor-gate: waive', actor: 'lena', createdAt: '2026-11-27T09:10:00Z' },
        { action: 'labeled', label: 'vendor-gate: waive', actor, createdAt: '2026-11-27T09:20:00Z' },
      ],
      ...extra,
    });

  it.each([
    ['lena', { status: 'applied', by: 'lena', record: { sha: HEAD, by: 'lena' } }],
    ['Boss', { status: 'applied', by: 'Boss', record: { sha: HEAD, by: 'Boss' } }],
    ['acme-bob', { status: 'ignored', by: 'acme-bob', reason: 'acme-bob is a vendor or the author of this pull request, who may not waive it' }],
    ['vic', { status: 'ignored', by: 'vic', reason: 'vic is a vendor or the author of this pull request, who may not waive it' }],
    ['alice', { status: 'ignored', by: 'alice', reason: 'alice is not one of my-org/leads, boss' }],
  ])('the label applied last by %s', (actor, state) => {
    expect(waiverState(policy, withLabel(actor))).toEqual({ label: 'vendor-gate: waive', ...state });
  });

  it('does nothing without the label, even with old events', () => {
    expect(waiverState(policy, withLabel('lena', { labels: [], ...seen('lena') })).status).toBe('none');
  });

  it('covers only the head commit the person saw when they applied it', () => {
    expect(waiverState(policy, withLabel('lena', seen('lena', OLD)))).toEqual({
      status: 'lapsed',
      label: 'vendor-gate: waive',
      by: 'lena',
      record: { sha: OLD, by: 'lena' },
      reason: 'lena applied it when the latest commit was eeeeeee, and new commits were pushed after that',
    });
    // A record of an earlier application by someone else says nothing about this one.
    expect(waiverState(policy, withLabel('lena', seen('boss'))).status).toBe('ignored');
    expect(waiverState(policy, withLabel('lena', {})).reason).toBe(
      'vendor-gate did not run when lena applied it, so it cannot tell which commit lena reviewed (the workflow must run on the "labeled" event)',
    );
  });

  it('reads back only a well-formed record line', () => {
    const line = waiverRecordLine({ sha: HEAD, by: 'lena' }) ?? '';
    expect(parseWaiverRecord(`<!-- vendor-gate -->\nbody\n${line}\n`)).toEqual({ sha: HEAD, by: 'lena' });
    expect(waiverRecordLine({ sha: HEAD, by: 'x --> <img src=x>' })).toBeUndefined();
    expect(waiverRecordLine({ sha: 'abc', by: 'lena' })).toBeUndefined();
    expect(parseWaiverRecord(`text <!-- vendor-gate:waiver sha=${HEAD} by=lena -->`)).toBeUndefined();
    expect(parseWaiverRecord(`<!-- vendor-gate:waiver sha=${HEAD} by=github-actions[bot] -->`)).toEqual({ sha: HEAD, by: 'github-actions[bot]' });
  });

  it('turns failures into warnings marked as waived, and the status says by whom', () => {
    const report = evaluate(withLabel('lena', { files: [file('package.json')], ...seen('lena') }), policy, { path: 'p.yml', builtIn: false }, { mode: 'enforce', now: new Date() });
    expect(report.result).toBe('pass');
    expect(report.gates.filter((g) => g.waived).map((g) => g.id)).toEqual(['access', 'review']);
  });
});

describe('fail closed on commits GitHub does not list', () => {
  it('fails the review gate and treats the author as a vendor when emails could not all be checked', () => {
    const many = pr([review('alice', 'APPROVED'), review('erin', 'APPROVED')], { commitsListing: { expected: 300, listed: 250 } });
    const result = reviewGate(context(many, { review: { approvals: 2 } }, { reviews: reviewState(policy, many) }));
    expect(result.findings.map((f) => f.message)).toEqual([
      'GitHub listed only 250 of the 300 commits, so approvals by people who made the other commits cannot be ruled out.',
    ]);
    const emailPolicy = parsePolicy('version: 1\nvendors: { emails: ["*@acme.example"] }\n', 'p.yml');
    const internal = facts({ author: { login: 'alice' }, commits: [commit('alice@corp.example')], commitsListing: { expected: 300, listed: 1 } });
    expect(evaluate(internal, emailPolicy, { path: 'p.yml', builtIn: false }, { mode: 'enforce', now: new Date() }).vendorReasons).toEqual([
      'GitHub listed only 1 of the 300 commits, so the emails of the others could not be checked',
    ]);
  });

  it('recognises a committer by a GitHub noreply email', () => {
    const byEmail = pr([review('erin', 'APPROVED')], { commits: [commit('12345+erin@users.noreply.github.com')] });
    expect(reviewState(policy, byEmail).setAside.map((s) => [s.login, s.reason])).toEqual([['erin', 'committer']]);
  });
});
