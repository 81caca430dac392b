import * as z from 'zod';
import { compileGlob, globCostProblem } from '../match.js';
import { patternProblem } from '../pattern.js';
import { CONFIDENCES, SECRET_RULE_IDS } from '../secret-rule-ids.js';
import { DEFAULT_GATES as D, DEFAULT_LICENSE_LINES, DEFAULT_WAIVER } from './defaults.js';

const RULE_IDS: readonly string[] = SECRET_RULE_IDS;

/** Glob problems that minimatch accepts silently but that can never match a repository path. */
export function globProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') return 'an empty pattern matches nothing';
  if (pattern.startsWith('/')) return 'paths are relative to the repository root: remove the leading "/"';
  if (pattern.startsWith('./')) return 'paths are relative to the repository root: remove the leading "./"';
  if (pattern.includes('\\')) return 'use "/" to separate folders; "\\" is not a path separator here';
  if (pattern.startsWith('!')) return 'negated patterns ("!…") are not supported: list the paths to deny under "deny" instead';
  if (pattern.startsWith('#')) return 'a pattern cannot start with "#"';
  return compilableGlobProblem(pattern, false);
}

/** What the run could not afford or compile: the same limits and the same compiler as matching. */
function compilableGlobProblem(pattern: string, identity: boolean): string | undefined {
  const cost = globCostProblem(pattern);
  if (cost) return cost;
  try {
    compileGlob(pattern, identity);
    return undefined;
  } catch (error) {
    return `minimatch cannot compile it (${error instanceof Error ? error.message : String(error)})`;
  }
}

const glob = z
  .string()
  .superRefine((value, ctx) => {
    const problem = globProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `bad glob ${JSON.stringify(value)}: ${problem}` });
  })
  .meta({ description: 'A minimatch glob.' });

const LOGIN_GLOB = /^[A-Za-z0-9*?[\]!{},-]+$/;
const loginGlob = z
  .string()
  .regex(LOGIN_GLOB, 'a GitHub login or a login glob such as "acme-*"')
  .superRefine((value, ctx) => {
    const problem = LOGIN_GLOB.test(value) ? compilableGlobProblem(value, true) : undefined;
    if (problem) ctx.addIssue({ code: 'custom', message: `bad glob ${JSON.stringify(value)}: ${problem}` });
  });

const teamSlug = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a team as "org/team-slug"');

export const AUTHOR_ASSOCIATIONS = [
  'COLLABORATOR',
  'CONTRIBUTOR',
  'FIRST_TIMER',
  'FIRST_TIME_CONTRIBUTOR',
  'MANNEQUIN',
  'MEMBER',
  'NONE',
  'OWNER',
] as const;

const isoDate = z.string().superRefine((value, ctx) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    ctx.addIssue({ code: 'custom', message: `expected a date as YYYY-MM-DD, such as 2027-06-30, found ${JSON.stringify(value)}` });
  }
});

/** A regular expression applied to untrusted text: it runs on RE2, in linear time, so it must be RE2 syntax. */
const regex = z
  .string()
  .superRefine((value, ctx) => {
    const problem = patternProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `not a regular expression that RE2 accepts: ${problem}` });
  })
  .meta({ description: 'A regular expression in RE2 syntax (no lookaround, no backreferences), matched in linear time.' });

const ruleId = z.string().superRefine((value, ctx) => {
  if (!RULE_IDS.includes(value)) ctx.addIssue({ code: 'custom', message: `unknown secret rule ${JSON.stringify(value)}; expected one of: ${RULE_IDS.join(', ')}` });
});

const count = z.int().min(0);
const percent = z.number().min(0).max(100);

export const identityMatcherSchema = z.strictObject({
  users: z.array(loginGlob).optional().meta({ description: 'Login globs, case-insensitive.', default: [] }),
  teams: z.array(teamSlug).optional().meta({ description: 'Teams as org/team-slug; the author must be a member.', default: [] }),
  emails: z
    .array(glob)
    .optional()
    .meta({ description: 'Email globs, case-insensitive, matched against every commit author and committer.', default: [] }),
  associations: z
    .array(z.enum(AUTHOR_ASSOCIATIONS))
    .optional()
    .meta({ description: "The PR's author_association values that make it a vendor PR.", default: [] }),
});

const LEVELS = ['error', 'warn', 'off'] as const;
const levelWith = (fallback: (typeof LEVELS)[number], more = '') =>
  z
    .enum(LEVELS)
    .optional()
    .meta({ description: `error fails the check, warn reports without failing, off skips the gate.${more}`, default: fallback });
const level = levelWith('error');
/** The level of a gate that needs the policy to say what to check: off until named. */
const offUntilNamed = (gate: string) => levelWith('off', ` Naming the gate turns it on (error); without a ${gate} section it is off.`);

const approverRef = z.union([teamSlug, loginGlob], { error: 'a team as "org/team-slug" or a login glob' });

export const gatesSchema = z.strictObject({
  review: z
    .strictObject({
      level,
      approvals: count.optional().meta({ description: 'Approvals needed from internal reviewers, on the current head commit.', default: D.review.approvals }),
      codeowners: z
        .boolean()
        .optional()
        .meta({ description: 'Every changed file with owners in CODEOWNERS (base branch) needs an approval from one of them.', default: D.review.codeowners }),
    })
    .optional(),
  access: z
    .strictObject({
      level,
      allow: z
        .array(glob)
        .optional()
        .meta({ description: 'Scope of work: a vendor may change only these paths. Empty allows every path.', default: [] }),
      deny: z
        .array(glob)
        .optional()
        .meta({ description: 'Paths a vendor may never change, even when allowed.', default: D.access.deny }),
      protect: z
        .array(
          z.strictObject({
            paths: z.array(glob).min(1),
            approvers: z.array(approverRef).min(1),
          }),
        )
        .optional()
        .meta({ description: 'Paths a vendor may change only with an approval from one of the approvers.', default: [] }),
    })
    .optional(),
  secrets: z
    .strictObject({
      level,
      allow_paths: z
        .array(glob)
        .optional()
        .meta({ description: 'Files not scanned for secrets, such as test fixtures. Only the base policy counts: the PR cannot add to it.', default: [] }),
      allow_patterns: z
        .array(regex)
        .optional()
        .meta({
          description: 'Regular expressions in RE2 syntax: a found value that one of them matches is not reported.',
          default: [],
        }),
      disable_rules: z
        .array(ruleId)
        .optional()
        .meta({ description: 'Ids of secret rules to turn off, such as generic-secret.', default: [] }),
      min_confidence: z
        .enum(CONFIDENCES)
        .optional()
        .meta({
          description:
            'Least confidence of a rule for its finding to fail the gate: high (a fixed prefix or checksum), medium (a documented shape next to the provider name), low (a secret-like name and value). Findings below it are listed as possible secrets without failing.',
          default: D.secrets.min_confidence,
        }),
    })
    .optional(),
  size: z
    .strictObject({
      level,
      max_files: count.optional().meta({ description: 'Most files a PR may change.', default: D.size.max_files }),
      max_lines: count.optional().meta({ description: 'Most lines a PR may add plus delete.', default: D.size.max_lines }),
      ignore: z
        .array(glob)
        .optional()
        .meta({
          description: 'Files that do not count towards the size (generated files, lock files).',
          default: D.size.ignore,
        }),
    })
    .optional(),
  description: z
    .strictObject({
      level,
      linked_issue: z
        .boolean()
        .optional()
        .meta({ description: 'The body must link an issue: "Fixes #12", "#12", or an issue URL.', default: D.description.linked_issue }),
      min_length: count.optional().meta({ description: 'Fewest characters in the body, not counting white space and HTML comments.', default: D.description.min_length }),
      title_pattern: regex.optional().meta({ description: 'A regular expression in RE2 syntax (no lookaround, no backreferences) that the title must match somewhere; anchor it with ^ and $.' }),
      required_sections: z
        .array(z.string().min(1))
        .optional()
        .meta({ description: 'Markdown headings the body must contain, with some text under each.', default: [] }),
    })
    .optional(),
  coverage: z
    .strictObject({
      level: offUntilNamed('coverage'),
      total: percent.optional().meta({ description: 'Least line coverage of the whole report, in percent; 0 does not check it.', default: D.coverage.total }),
      changed: percent.optional().meta({ description: "Least coverage of the PR's added executable lines, in percent.", default: D.coverage.changed }),
      min_lines: count.optional().meta({ description: 'Below this many added executable lines the changed-line threshold is not applied (and the comment says so).', default: D.coverage.min_lines }),
      path_prefix: z
        .string()
        .optional()
        .meta({ description: 'When set, report paths starting with it map exactly to the repository path after it, instead of by the longest common suffix.', default: '' }),
      ignore: z
        .array(glob)
        .optional()
        .meta({ description: 'Changed files that need no coverage (tests, generated code).', default: D.coverage.ignore }),
    })
    .optional(),
  contract: z
    .strictObject({
      level,
      warn_days: count.optional().meta({ description: 'Warn this many days before a contract window ends.', default: D.contract.warn_days }),
    })
    .optional(),
  legal: z
    .strictObject({
      level: offUntilNamed('legal'),
      dco: z
        .union([
          z.boolean(),
          z.strictObject({
            remediation_commits: z
              .boolean()
              .optional()
              .meta({
                description:
                  'Also accept a later commit by the same author with a line "I, Name <email>, hereby add my Signed-off-by to this commit: <sha>" for each earlier commit, as the DCO app does.',
                default: false,
              }),
          }),
        ], { error: 'true, false or { remediation_commits: true }' })
        .optional()
        .meta({
          description:
            "Every commit that is not a merge needs a Signed-off-by trailer with its author's name and email (Developer Certificate of Origin). true, false, or { remediation_commits: true }, which also means true.",
          default: D.legal.dco,
        }),
      license_header: z
        .strictObject({
          paths: z.array(glob).min(1).meta({ description: 'Files that need the header when the pull request adds them.' }),
          text: z.string().min(1).meta({ description: 'The text the header must contain, such as "SPDX-License-Identifier: MIT".' }),
          lines: z
            .int()
            .min(1)
            .default(DEFAULT_LICENSE_LINES)
            .meta({ description: 'The text must stand within this many lines from the top; a first line "#!" is not counted.' }),
        })
        .optional()
        .meta({ description: 'Every file the pull request adds that matches paths must contain text near its top. Modified and renamed files are not checked.' }),
    })
    .optional(),
  commits: z
    .strictObject({
      level: offUntilNamed('commits'),
      emails: z
        .array(glob)
        .optional()
        .meta({ description: 'Email globs, case-insensitive: the author and the committer of every commit must match one. Empty: any email.', default: [] }),
      require_verified: z
        .boolean()
        .optional()
        .meta({ description: "Every commit must be verified by GitHub (commit.verification.verified: a signature GitHub checked).", default: D.commits.require_verified }),
    })
    .optional(),
  tests: z
    .strictObject({
      level: levelWith('warn'),
      source: z
        .array(glob)
        .optional()
        .meta({ description: 'Source files: a pull request that adds lines to one of them must also add lines to a test file.', default: D.tests.source }),
      tests: z
        .array(glob)
        .optional()
        .meta({ description: 'Test files. A file that matches both lists is a test file.', default: D.tests.tests }),
    })
    .optional(),
});


export const profileSchema = z.strictObject({
  name: z.string().min(1),
  match: identityMatcherSchema,
  valid_until: isoDate.optional().meta({ description: "Last day (UTC) of the vendor's contract; later PRs fail the contract gate." }),
  gates: gatesSchema.optional(),
});

export const reviewersSchema = z.strictObject({
  users: z.array(loginGlob).optional().meta({ description: 'Login globs of internal reviewers.', default: [] }),
  teams: z.array(teamSlug).optional().meta({ description: 'Teams of internal reviewers, as org/team-slug.', default: [] }),
});

export const waiverSchema = z.strictObject({
  label: z.string().min(1).optional().meta({ description: 'The label that turns failures into warnings.', default: DEFAULT_WAIVER.label }),
  by: z
    .array(approverRef)
    .optional()
    .meta({ description: 'Who may waive: logins or org/team-slug. The label counts only when one of them applied it last.', default: [] }),
  secrets: z
    .boolean()
    .optional()
    .meta({ description: 'Whether the waiver also covers secret findings. A leaked key must be rotated, so the default is false.', default: false }),
});

/** `owner/repo:path@ref`: a policy file in another repository, at a pinned ref (a tag, branch or commit). */
export const POLICY_REF = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+):([^@\s:]+)@([^\s@:]+)$/;

const policyRef = z.string().superRefine((value, ctx) => {
  const path = POLICY_REF.exec(value)?.[3];
  if (path === undefined || path.startsWith('/') || path.split('/').includes('..')) {
    ctx.addIssue({ code: 'custom', message: `expected a central policy as owner/repo:path@ref, such as "acme/policies:vendor-gate.yml@v3", found ${JSON.stringify(value)}` });
  }
});

const overridableKey = z
  .string()
  .regex(/^(vendors|reviewers|gates|waiver|profiles)(\.[A-Za-z0-9_-]+)*$/, 'a dotted key such as "gates.size.max_lines" or "profiles.acme.valid_until"');

export const policySchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1).meta({ description: 'Policy format version. Always 1.' }),
    extends: policyRef.optional().meta({
      description:
        'A central policy, as owner/repo:path@ref, read through the GitHub API at that ref. It is a floor: this file may only tighten its values, unless it lists a key under overridable.',
    }),
    overridable: z
      .array(overridableKey)
      .optional()
      .meta({
        description:
          'For a central policy: dotted keys (such as gates.size.max_lines, or gates.size for the whole gate) that a repository extending it may loosen. A key of gates also covers that gate in every profile.',
        default: [],
      }),
    vendors: identityMatcherSchema.optional().meta({ description: 'A PR is a vendor PR when its author matches any of these.' }),
    reviewers: reviewersSchema
      .optional()
      .meta({ description: 'Internal reviewers: only their approvals count. Empty: anyone who is not a vendor, the author or a committer of the PR.' }),
    gates: gatesSchema.optional(),
    waiver: waiverSchema.optional().meta({ description: 'A label that turns failures into warnings, honoured only when an authorised person applied it.' }),
    profiles: z.array(profileSchema).optional().meta({ description: 'Per-vendor overrides; the first profile that matches applies.' }),
  })
  .meta({ title: 'vendor-gate policy', description: 'The policy file of vendor-gate, read from the base branch.' });

export type RawPolicy = z.output<typeof policySchema>;
export type RawGates = z.output<typeof gatesSchema>;
export type IdentityMatcherInput = z.output<typeof identityMatcherSchema>;
export type Level = NonNullable<z.output<typeof level>>;

/** Settings of the schema that have no default: they stay optional once the defaults are applied. */
type NoDefault = 'title_pattern' | 'license_header';
type Flat<T> = { [K in keyof T]: T[K] } & {};
/** What a part of the policy holds once every default is filled in. */
type Resolved<T> = Flat<
  { [K in keyof T as K extends NoDefault ? never : K]-?: Exclude<T[K], undefined> } & {
    [K in keyof T as K extends NoDefault ? K : never]?: Exclude<T[K], undefined>;
  }
>;

export type Gates = { [K in keyof RawGates]-?: Resolved<NonNullable<RawGates[K]>> };
export type IdentityMatcher = Resolved<IdentityMatcherInput>;
export type Reviewers = Resolved<z.output<typeof reviewersSchema>>;
export type Waiver = Resolved<z.output<typeof waiverSchema>>;
export type ProtectRule = Gates['access']['protect'][number];
