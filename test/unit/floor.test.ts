import { describe, expect, it } from 'vitest';
import { applyFloor } from '../../src/policy/floor.js';
import { globCovers } from '../../src/policy/globs.js';
import { parsePolicyFile, withDefaults } from '../../src/policy/load.js';

const CENTRAL = `version: 1
vendors: { users: ["acme-*"] }
reviewers: { teams: ["org/core", "org/leads"] }
gates:
  review: { approvals: 2, codeowners: true }
  access:
    allow: ["src/**", "docs/**", "README.md"]
    deny: [".github/**", "**/CODEOWNERS"]
    protect: [{ paths: ["package.json"], approvers: ["org/security"] }]
  secrets: { allow_paths: ["test/fixtures/**"], min_confidence: medium }
  size: { level: warn, max_files: 40, max_lines: 800 }
  description: { min_length: 30, title_pattern: "^feat", required_sections: [Summary] }
  coverage: { total: 70, changed: 80, min_lines: 5 }
  legal: { dco: true, license_header: { paths: ["src/**"], text: "SPDX", lines: 5 } }
  commits: { emails: ["*@acme.example"], require_verified: true }
  tests: { level: error, source: ["src/**"], tests: ["test/**"] }
waiver: { by: ["org/leads"], secrets: false }
profiles:
  - name: acme
    match: { users: ["acme-*"] }
    valid_until: 2027-06-30
    gates: { size: { max_lines: 400 } }
`;

/** The problems of a repository file `gates`/top-level YAML laid on the central floor, as "key: message". */
function check(local: string, central = CENTRAL): string[] {
  const floor = parsePolicyFile(central, 'central.yml').raw;
  const mine = parsePolicyFile(`version: 1\n${local}`, 'repo.yml').raw;
  return applyFloor(floor, mine).problems.map((p) => `${p.key}: ${p.message}`);
}

describe('the organisation floor: every tightening is allowed', () => {
  it.each([
    ['more approvals', 'gates: { review: { approvals: 3 } }'],
    ['codeowners kept', 'gates: { review: { codeowners: true } }'],
    ['a stricter level', 'gates: { size: { level: error } }'],
    ['a narrower allow list: a subfolder', 'gates: { access: { allow: ["src/api/**", "docs/*.md"] } }'],
    ['a narrower allow list: a literal path the floor matches', 'gates: { access: { allow: ["README.md", "src/index.ts"] } }'],
    ['the same allow list', 'gates: { access: { allow: ["src/**", "docs/**", "README.md"] } }'],
    ['more deny paths', 'gates: { access: { deny: [".github/**", "**/CODEOWNERS", "infra/**"] } }'],
    ['more protect rules', 'gates: { access: { protect: [{ paths: ["package.json"], approvers: ["org/security"] }, { paths: ["Dockerfile"], approvers: ["org/ops"] }] } }'],
    ['fewer secret exemptions', 'gates: { secrets: { allow_paths: [], min_confidence: low } }'],
    ['lower size limits', 'gates: { size: { max_files: 10, max_lines: 100 } }'],
    ['a longer description and more sections', 'gates: { description: { min_length: 50, required_sections: [Summary, Testing] } }'],
    ['higher coverage, fewer skipped changes', 'gates: { coverage: { total: 90, changed: 95, min_lines: 1 } }'],
    ['dco kept, stricter header', 'gates: { legal: { dco: true, license_header: { paths: ["src/**", "lib/**"], text: "SPDX", lines: 3 } } }'],
    ['a narrower email list', 'gates: { commits: { emails: ["dev-*@acme.example", "bob@acme.example"], require_verified: true } }'],
    ['more source, fewer test globs', 'gates: { tests: { source: ["src/**", "lib/**"], tests: [] } }'],
    ['more vendors', 'vendors: { users: ["acme-*", "globex-*"], teams: ["org/vendors"] }'],
    ['fewer reviewers', 'reviewers: { teams: ["org/core"] }'],
    ['fewer waivers', 'waiver: { by: [], secrets: false, label: "waive" }'],
    ['an earlier contract end and a tighter profile', 'profiles: [{ name: acme, match: { users: ["acme-*"] }, valid_until: 2027-01-31, gates: { size: { max_lines: 300 } } }]'],
    ['a new profile at least as strict as the top-level gates', 'profiles: [{ name: globex, match: { users: ["globex-*"] }, gates: { review: { approvals: 4 } } }]'],
    ['fewer overridable keys', 'overridable: []'],
    ['an earlier contract warning', 'gates: { contract: { warn_days: 30 } }'],
    ['another waiver label', 'waiver: { label: "acme: waive" }'],
    ['more vendor emails and associations', 'vendors: { users: ["acme-*"], emails: ["*@acme.example"], associations: [FIRST_TIME_CONTRIBUTOR] }'],
    ['the same title pattern', 'gates: { description: { title_pattern: "^feat" } }'],
  ])('%s', (_, local) => {
    expect(check(local)).toEqual([]);
  });
});

describe('the organisation floor: every loosening is refused', () => {
  it.each([
    ['fewer approvals', 'gates: { review: { approvals: 1 } }', 'gates.review.approvals: 1 is lower than the floor\'s 2'],
    ['codeowners off', 'gates: { review: { codeowners: false } }', 'gates.review.codeowners: the floor sets it to true; it cannot be false'],
    ['a weaker level', 'gates: { review: { level: warn } }', 'gates.review.level: level "warn" is weaker than the floor\'s "error" (off < warn < error)'],
    ['a gate turned off', 'gates: { size: { level: off } }', 'gates.size.level: level "off" is weaker than the floor\'s "warn" (off < warn < error)'],
    ['a wider allow glob', 'gates: { access: { allow: ["src/**", "lib/**"] } }', 'gates.access.allow: "lib/**" is not proven'],
    ['an allow glob that only looks narrower', 'gates: { access: { allow: ["**/src/**"] } }', 'gates.access.allow: "**/src/**" is not proven'],
    ['an empty allow list', 'gates: { access: { allow: [] } }', 'gates.access.allow: an empty list allows everything'],
    ['a dropped deny path', 'gates: { access: { deny: [".github/**"] } }', 'gates.access.deny: drops "**/CODEOWNERS" of the floor'],
    ['a dropped protect rule', 'gates: { access: { protect: [] } }', 'gates.access.protect: drops the floor\'s protect rule'],
    ['a protect rule with other approvers', 'gates: { access: { protect: [{ paths: ["package.json"], approvers: ["alice"] }] } }', 'gates.access.protect: drops'],
    ['an added secret allow path', 'gates: { secrets: { allow_paths: ["test/fixtures/**", "keys/**"] } }', 'gates.secrets.allow_paths: adds "keys/**"'],
    ['an added allow pattern', 'gates: { secrets: { allow_patterns: ["^AKIA"] } }', 'gates.secrets.allow_patterns: adds "^AKIA"'],
    ['a disabled secret rule', 'gates: { secrets: { disable_rules: [generic-secret] } }', 'gates.secrets.disable_rules: adds "generic-secret"'],
    ['a weaker min_confidence', 'gates: { secrets: { min_confidence: high } }', 'gates.secrets.min_confidence: "high" fails fewer findings'],
    ['a higher size limit', 'gates: { size: { max_lines: 900 } }', 'gates.size.max_lines: 900 is higher than the floor\'s 800'],
    ['more ignored files for size', 'gates: { size: { ignore: ["dist/**"] } }', 'gates.size.ignore: adds "dist/**"'],
    ['no linked issue', 'gates: { description: { linked_issue: false } }', 'gates.description.linked_issue: the floor sets it to true'],
    ['a shorter description', 'gates: { description: { min_length: 10 } }', 'gates.description.min_length: 10 is lower'],
    ['another title pattern', 'gates: { description: { title_pattern: "." } }', 'gates.description.title_pattern: the floor sets "^feat"'],
    ['a dropped section', 'gates: { description: { required_sections: [] } }', 'gates.description.required_sections: drops "Summary"'],
    ['lower coverage', 'gates: { coverage: { changed: 50 } }', 'gates.coverage.changed: 50 is lower than the floor\'s 80'],
    ['more skipped changes', 'gates: { coverage: { min_lines: 50 } }', 'gates.coverage.min_lines: 50 is higher'],
    ['no dco', 'gates: { legal: { dco: false } }', 'gates.legal.dco: false asks for fewer sign-offs than the floor\'s true'],
    ['dco with remediation commits', 'gates: { legal: { dco: { remediation_commits: true } } }', 'gates.legal.dco: {"remediation_commits":true} asks for fewer sign-offs'],
    ['a header with fewer paths', 'gates: { legal: { license_header: { paths: ["lib/**"], text: "SPDX" } } }', 'gates.legal.license_header: drops "src/**"'],
    ['a wider email glob', 'gates: { commits: { emails: ["*@gmail.com"] } }', 'gates.commits.emails: "*@gmail.com" is not proven'],
    ['unverified commits', 'gates: { commits: { require_verified: false } }', 'gates.commits.require_verified: the floor sets it to true'],
    ['fewer source globs', 'gates: { tests: { source: [] } }', 'gates.tests.source: drops "src/**"'],
    ['more test globs', 'gates: { tests: { tests: ["**/*"] } }', 'gates.tests.tests: adds "**/*"'],
    ['fewer vendors', 'vendors: { users: ["acme-bob"] }', 'vendors.users: drops "acme-*"'],
    ['more reviewers', 'reviewers: { teams: ["org/core", "org/vendor-acme"] }', 'reviewers.teams: adds "org/vendor-acme"'],
    ['anyone with write access as reviewer', 'reviewers: { users: [], teams: [] }', 'reviewers.users: no reviewers means anyone with write access'],
    ['more people who may waive', 'waiver: { by: ["org/leads", "bob"] }', 'waiver.by: adds "bob"'],
    ['waivers that cover secrets', 'waiver: { secrets: true }', 'waiver.secrets: the floor sets it to false; it cannot be true'],
    ['a later contract end', 'profiles: [{ name: acme, match: { users: ["acme-*"] }, valid_until: 2028-01-01 }]', 'profiles.acme.valid_until: 2028-01-01 is later than the floor\'s contract end 2027-06-30'],
    ['a looser central profile', 'profiles: [{ name: acme, match: { users: ["acme-*"] }, gates: { size: { max_lines: 500 } } }]', 'profiles.acme.gates.size.max_lines: 500 is higher than the floor\'s 400'],
    ['a central profile for other people', 'profiles: [{ name: acme, match: { users: ["acme-bob"] } }]', 'profiles.acme.match: the central profile "acme" matches ["acme-*"] by users'],
    ['a new profile looser than the top-level gates', 'profiles: [{ name: globex, match: { users: ["globex-*"] }, gates: { review: { approvals: 0 } } }]', 'profiles.globex.gates.review.approvals: 0 is lower than the floor\'s 2'],
    ['more overridable keys', 'overridable: [gates.size]', 'overridable: adds "gates.size"'],
    ['a later contract warning', 'gates: { contract: { warn_days: 1 } }', "gates.contract.warn_days: 1 is lower than the floor's 14"],
    ['a header elsewhere in the file', 'gates: { legal: { license_header: { paths: ["src/**"], text: "SPDX", lines: 50 } } }', "gates.legal.license_header: 50 is higher than the floor's 5"],
    ['another header text', 'gates: { legal: { license_header: { paths: ["src/**"], text: "Copyright", lines: 5 } } }', 'gates.legal.license_header: the floor sets "SPDX"'],
  ])('%s', (_, local, expected) => {
    const found = check(local);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(expected);
  });

  it('reports every loosening of one file, not only the first', () => {
    expect(check('gates: { review: { approvals: 0 }, size: { max_files: 99 } }').map((p) => p.split(':')[0])).toEqual(['gates.review.approvals', 'gates.size.max_files']);
  });
});

describe('a central policy that names no reviewers', () => {
  it('lets the repository name its own, since anyone with write access is the widest choice', () => {
    expect(check('reviewers: { users: ["alice"] }', 'version: 1\n')).toEqual([]);
  });
});

describe('overridable', () => {
  const central = `${CENTRAL}overridable: [gates.size, gates.review.approvals, profiles.acme.valid_until]\n`;

  it.each([
    ['a listed key', 'gates: { review: { approvals: 1 } }'],
    ['a key under a listed gate', 'gates: { size: { max_lines: 5000, level: off } }'],
    ['a listed gate in a profile', 'profiles: [{ name: acme, match: { users: ["acme-*"] }, gates: { size: { max_lines: 5000 } } }]'],
    ['a listed profile key', 'profiles: [{ name: acme, match: { users: ["acme-*"] }, valid_until: 2030-01-01 }]'],
  ])('honours %s', (_, local) => {
    expect(check(local, central)).toEqual([]);
  });

  it('does not stretch to a sibling key', () => {
    expect(check('gates: { review: { codeowners: false } }', central)).toEqual(['gates.review.codeowners: the floor sets it to true; it cannot be false']);
  });

  it('lets the repository narrow the list it passes on, and not widen it', () => {
    expect(check('overridable: [gates.size]', central)).toEqual([]);
    expect(check('overridable: [gates.access]', central)).toEqual(['overridable: adds "gates.access", which the floor does not have']);
  });
});

describe('the merged policy', () => {
  it('takes the repository value over the central one, key by key, and keeps the rest of the floor', () => {
    const floor = parsePolicyFile(CENTRAL, 'central.yml').raw;
    const mine = parsePolicyFile('version: 1\ngates: { size: { max_lines: 100 } }\nprofiles: [{ name: globex, match: { users: ["globex-*"] } }]\n', 'repo.yml').raw;
    const policy = withDefaults(applyFloor(floor, mine).raw);
    expect(policy.gates.size).toMatchObject({ level: 'warn', max_files: 40, max_lines: 100 });
    expect(policy.gates.review.approvals).toBe(2);
    // Central profiles first: a vendor they match keeps the central profile.
    expect(policy.profiles.map((p) => p.name)).toEqual(['acme', 'globex']);
  });

  it('turns a gate the central policy leaves off on when the repository names it', () => {
    const policy = withDefaults(applyFloor(parsePolicyFile('version: 1\n', 'c.yml').raw, parsePolicyFile('version: 1\ngates: { coverage: { total: 50 } }\n', 'r.yml').raw).raw);
    expect(policy.gates.coverage.level).toBe('error');
  });
});

describe('glob containment (a "yes" must be sound; a "no" only refuses)', () => {
  it.each([
    ['src/**', 'src/**', false, true],
    ['**', 'anything/**/*.ts', false, true],
    ['src/**', 'src/a/*.ts', false, true],
    ['src/**', 'src/{a,b}/**', false, true],
    ['src/**', 'srcx/**', false, false],
    ['src/**', '**/src/**', false, false],
    ['src/*.ts', 'src/a.ts', false, true],
    ['src/*.ts', 'src/a/b.ts', false, false],
    ['src/*.ts', 'src/?.ts', false, false],
    ['s*/**', 's*/x', false, false],
    ['*@acme.example', 'bob@acme.example', true, true],
    ['*@acme.example', 'Dev-*@ACME.example', true, true],
    ['*@acme.example', '*@acme.example.evil', true, false],
    ['*@acme.example', '*@*acme.example', true, false],
    ['*@acme.example', '{x@evil.com,y}@acme.example', true, false],
    ['*', 'x*@y', true, true],
  ])('%s covers %s (identity %s): %s', (outer, inner, identity, expected) => {
    expect(globCovers(outer, inner, identity)).toBe(expected);
  });
});
